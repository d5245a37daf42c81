//! 社保/医保缴费: choose a region and product, prove who you are, pick a tier, pay, keep a
//! receipt. `App` is here (not in main.rs) so browser tests can mount it.

pub mod api;
pub mod components;
pub mod domain;
pub mod i18n;
pub mod pages;
pub mod platform;
pub mod router;
pub mod state;

use api::demo::{DemoBackend, DemoTiming};
use api::ApiClient;
use components::layout::Shell;
use i18n::Language;
use leptos::prelude::*;
use pages::*;
use router::provide_location;
use state::AppState;
use std::sync::Arc;

/// The backend the app talks to when nothing else is configured: the embedded demo.
pub fn default_backend() -> Arc<dyn ApiClient> {
    let origin = window().location().origin().unwrap_or_default();
    Arc::new(DemoBackend::new(DemoTiming::BROWSER, format!("{origin}/check")))
}

#[component]
pub fn App(#[prop(optional)] api: Option<Arc<dyn ApiClient>>) -> impl IntoView {
    let state = AppState::new(api.unwrap_or_else(default_backend));
    provide_context(Language(state.lang));
    provide_context(state);
    let location = provide_location();
    // Each path is one screen; whether it may show is the flow state machine's decision.
    let screen = move || match location.path.get().as_str() {
        "/" | "/index.html" => view! { <entry::EntryScreen /> }.into_any(),
        "/identity" => view! { <identity::IdentityScreen /> }.into_any(),
        "/face-check" => view! { <face_check::FaceCheckScreen /> }.into_any(),
        "/tier" => view! { <tier::TierScreen /> }.into_any(),
        "/payment" => view! { <payment::PaymentMethodScreen /> }.into_any(),
        "/review" => view! { <review::ReviewScreen /> }.into_any(),
        "/processing" => view! { <processing::ProcessingScreen /> }.into_any(),
        "/result" => view! { <outcome::OutcomeScreen /> }.into_any(),
        "/receipt" => view! { <receipt::ReceiptScreen /> }.into_any(),
        "/check" => view! { <check::CheckReceiptScreen /> }.into_any(),
        _ => view! { <not_found::NotFoundScreen /> }.into_any(),
    };
    view! { <Shell>{screen}</Shell> }
}
