//! 社保/医保缴费: choose a region and product, prove who you are, pick a tier, pay, keep a
//! receipt. `App` is here (not in main.rs) so browser tests can mount it.
#![deny(clippy::float_arithmetic, clippy::float_cmp)]

pub mod api;
pub mod care;
pub mod components;
pub mod domain;
pub mod i18n;
pub mod pages;
pub mod platform;
pub mod preview;
pub mod router;
pub mod state;

use api::demo::{DemoBackend, DemoTiming};
use api::http::HttpBackend;
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
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let response: web_sys::Response = JsFuture::from(window().fetch_with_str("/config.json")).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    // A server that answers every path with index.html gives HTML here: that is "no config".
    let json = JsFuture::from(response.json().ok()?).await.ok()?;
    serde_wasm_bindgen::from_value(json).ok()
}

/// Chooses the backend: `?api=URL` (kept for the tab; `?api=demo` clears it) where allowed,
/// then `api_base_url` from config.json, then the embedded demo.
pub async fn configured_backend() -> Arc<dyn ApiClient> {
    use platform::{storage_get, storage_set, Store};
    let config = load_runtime_config().await;
    let override_allowed = config.as_ref().is_none_or(|c| c.allow_api_override);
    let timeout = config.as_ref().and_then(|c| c.request_timeout_seconds).filter(|s| *s > 0);
    let http = |url: String| -> Arc<dyn ApiClient> {
        match timeout {
            Some(seconds) => Arc::new(HttpBackend::new(url).with_timeout(std::time::Duration::from_secs(seconds.into()))),
            None => Arc::new(HttpBackend::new(url)),
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
            return http(url);
        }
    }
    match config.and_then(|c| c.api_base_url).filter(|url| !url.trim().is_empty()) {
        Some(url) => http(url),
        None => default_backend(),
    }
}

#[component]
pub fn App(#[prop(optional)] api: Option<Arc<dyn ApiClient>>) -> impl IntoView {
    // A gallery entry runs on its own in-memory state (see preview).
    if let Some(id) = window().location().pathname().ok().and_then(|p| p.strip_prefix("/preview/").map(str::to_string)) {
        return view! { <preview::PreviewApp id /> }.into_any();
    }
    let state = AppState::new(api.unwrap_or_else(default_backend));
    provide_context(Language(state.lang));
    provide_context(state);
    provide_context(care::Care::new(&window().location().search().unwrap_or_default()));
    let location = provide_location();
    let screen = Signal::derive(move || Some(screen_name(&location.path.get())));
    view! { <Shell screen>{move || screen_at(&location.path.get())}</Shell> }.into_any()
}

/// The screen at `path`. Each path is one screen; whether it may show is the flow state
/// machine's decision.
pub fn screen_at(path: &str) -> AnyView {
    match screen_name(path) {
        "entry" => view! { <entry::EntryScreen /> }.into_any(),
        "identity" => view! { <identity::IdentityScreen /> }.into_any(),
        "face-check" => view! { <face_check::FaceCheckScreen /> }.into_any(),
        "tier" => view! { <tier::TierScreen /> }.into_any(),
        "payment" => view! { <payment::PaymentMethodScreen /> }.into_any(),
        "review" => view! { <review::ReviewScreen /> }.into_any(),
        "processing" => view! { <processing::ProcessingScreen /> }.into_any(),
        "result" => view! { <outcome::OutcomeScreen /> }.into_any(),
        "receipt" => view! { <receipt::ReceiptScreen /> }.into_any(),
        "check" => view! { <check::CheckReceiptScreen /> }.into_any(),
        "gallery" => view! { <preview::gallery::GalleryScreen /> }.into_any(),
        _ => view! { <not_found::NotFoundScreen /> }.into_any(),
    }
}

/// The name of the screen at `path` (`data-screen` on <main>): the gallery and the tests group
/// screen states by it.
pub fn screen_name(path: &str) -> &'static str {
    match path {
        "/" | "/index.html" => "entry",
        "/identity" => "identity",
        "/face-check" => "face-check",
        "/tier" => "tier",
        "/payment" => "payment",
        "/review" => "review",
        "/processing" => "processing",
        "/result" => "result",
        "/receipt" => "receipt",
        "/check" => "check",
        "/preview" => "gallery",
        _ => "not-found",
    }
}
