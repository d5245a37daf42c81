//! 社保/医保缴费: choose a region and product, prove who you are, pick a tier, pay, keep a
//! receipt. `App` is here (not in main.rs) so browser tests can mount it.

pub mod api;
pub mod components;
pub mod domain;
pub mod i18n;
pub mod pages;
pub mod platform;
pub mod state;

use api::demo::{DemoBackend, DemoTiming};
use api::ApiClient;
use components::layout::Shell;
use i18n::Language;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use pages::*;
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
    view! {
        <Router>
            <Shell>
                <Routes fallback=not_found::NotFoundScreen>
                    <Route path=path!("/") view=entry::EntryScreen />
                    <Route path=path!("/identity") view=identity::IdentityScreen />
                    <Route path=path!("/face-check") view=face_check::FaceCheckScreen />
                    <Route path=path!("/tier") view=tier::TierScreen />
                    <Route path=path!("/payment") view=payment::PaymentMethodScreen />
                    <Route path=path!("/review") view=review::ReviewScreen />
                    <Route path=path!("/processing") view=processing::ProcessingScreen />
                    <Route path=path!("/result") view=outcome::OutcomeScreen />
                    <Route path=path!("/receipt") view=receipt::ReceiptScreen />
                    <Route path=path!("/check") view=check::CheckReceiptScreen />
                </Routes>
            </Shell>
        </Router>
    }
}
