//! 社保/医保缴费: choose a region and product, prove who you are, pick a tier, pay, keep a
//! receipt. `App` is here (not in main.rs) so browser tests can mount it.
#![deny(clippy::float_arithmetic, clippy::float_cmp)]

#[macro_use]
pub mod on_demand;
pub mod screens;
pub mod api;
pub mod boot;
pub mod care;
pub mod components;
pub mod domain;
pub mod i18n;
pub mod pages;
pub mod platform;
pub mod preview;
pub mod router;
pub mod state;
pub mod voice;

use api::demo::{DemoFront, DemoTiming};
use api::deferred::Deferred;
use api::http::HttpBackend;
use api::ApiClient;
use components::layout::Shell;
use i18n::Language;
use leptos::prelude::*;
use router::provide_location;
use on_demand::ChunkError;
use state::AppContext;
use std::sync::Arc;

on_demand! {
    chunk demo;
    /// The backend the app talks to when nothing else is configured: the embedded demo, in a
    /// download of its own that a deployment naming a backend never fetches.
    pub fn demo_backend() -> Arc<dyn ApiClient> {
        let origin = window().location().origin().unwrap_or_default();
        Arc::new(Deferred::new(DemoFront::new(DemoTiming::BROWSER, format!("{origin}/check")))) as Arc<dyn ApiClient>
    }
}

/// `config.json` beside index.html: how an operator points one static build at a backend.
#[derive(serde::Deserialize, Default)]
struct RuntimeConfig {
    #[serde(default)]
    api_base_url: Option<String>,
    /// Whether `?api=` may override the backend (for testing). Without a config.json it may;
    /// with one, only if this is true, so a crafted link cannot redirect a real deployment.
    #[serde(default)]
    allow_api_override: bool,
    /// How long one request may take before it is given up (15 s when absent).
    #[serde(default)]
    request_timeout_seconds: Option<u32>,
}

const API_OVERRIDE_KEY: &str = "insurance-pay.api";

async fn load_runtime_config() -> Option<RuntimeConfig> {
    serde_wasm_bindgen::from_value(boot::runtime_config().await?).ok()
}

/// Chooses the backend: `?api=URL` (kept for the tab; `?api=demo` clears it) where allowed,
/// then `api_base_url` from config.json, then the embedded demo.
pub async fn configured_backend() -> Result<Arc<dyn ApiClient>, ChunkError> {
    use platform::{storage_get, storage_set, Store};
    let config = load_runtime_config().await;
    let override_allowed = config.as_ref().is_none_or(|c| c.allow_api_override);
    let timeout = config.as_ref().and_then(|c| c.request_timeout_seconds).filter(|s| *s > 0);
    let http = |url: String| -> Arc<dyn ApiClient> {
        match timeout {
            Some(seconds) => Arc::new(Deferred::new(HttpBackend::new(url).with_timeout(std::time::Duration::from_secs(seconds.into())))),
            None => Arc::new(Deferred::new(HttpBackend::new(url))),
        }
    };
    if override_allowed {
        // The router does not exist yet: read the query string directly.
        let requested = router::param_in(&window().location().search().unwrap_or_default(), "api");
        match requested.as_deref() {
            Some("demo") | Some("") => storage_set(Store::Session, API_OVERRIDE_KEY, None),
            Some(url) => storage_set(Store::Session, API_OVERRIDE_KEY, Some(url)),
            None => {}
        }
        if let Some(url) = storage_get(Store::Session, API_OVERRIDE_KEY) {
            return Ok(http(url));
        }
    }
    match config.and_then(|c| c.api_base_url).filter(|url| !url.trim().is_empty()) {
        Some(url) => Ok(http(url)),
        None => demo_backend().await,
    }
}

/// `/preview/<entry>`: one gallery entry as a whole page (a download of its own; the code it
/// shares with the gallery screen is fetched once).
fn preview_page() -> &'static on_demand::SplitPoint<screens::MakeView> {
    split_point!(gallery_page: screens::MakeView = || view! { <preview::PreviewApp /> }.into_any())
}

#[component]
pub fn App(api: Arc<dyn ApiClient>) -> impl IntoView {
    // A gallery entry runs on its own in-memory state (see preview).
    if window().location().pathname().is_ok_and(|p| p.starts_with("/preview/")) {
        provide_context(Language(RwSignal::new(state::remembered_lang())));
        return view! { <screens::OnDemand name="preview" point=preview_page() /> }.into_any();
    }
    let state = AppContext::new(api);
    provide_context(Language(state.lang));
    provide_context(state);
    provide_context(care::Care::new(&window().location().search().unwrap_or_default()));
    let location = provide_location();
    let screen = Signal::derive(move || Some(screens::screen_for(&location.path.get()).name));
    view! { <Shell screen>{move || screens::screen_at(&location.path.get())}</Shell> }.into_any()
}

/// What shows when the app cannot start: code it needs (the demo backend, or the decoder of what
/// this browser kept from before) did not arrive. What was kept stays kept.
/// Trying again reloads the page.
#[component]
pub fn BootProblem() -> impl IntoView {
    provide_context(Language(RwSignal::new(state::remembered_lang())));
    view! {
        <main id="main" class="screen" data-screen="boot">
            <on_demand::ChunkProblem retry=Callback::new(|_| { let _ = window().location().reload(); }) />
        </main>
    }
}
