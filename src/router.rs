//! A deliberately small router: the flow's state machine (domain::flow) decides which screen
//! may show, so all this needs is the current path and query as signals, history navigation,
//! and same-origin link clicks handled in place. It replaces leptos_router, which cost about a
//! third of the app's wasm (see `make bench`).

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The current URL's path (`/tier`) and query (`serial=…`, without `?`).
#[derive(Clone, Copy)]
pub struct Location {
    pub path: RwSignal<String>,
    pub query: RwSignal<String>,
}

thread_local! {
    /// The app's location, reachable from event listeners and timers, which run outside any
    /// reactive owner and so cannot use context.
    static LOCATION: std::cell::Cell<Option<Location>> = const { std::cell::Cell::new(None) };
}

fn current_url() -> (String, String) {
    let location = window().location();
    let path = location.pathname().unwrap_or_else(|_| "/".into());
    let query = location.search().unwrap_or_default().trim_start_matches('?').to_string();
    (path, query)
}

/// Reads the URL, follows the back and forward buttons, and turns clicks on same-app links
/// into in-page navigation. Call once, at the root.
pub fn provide_location() -> Location {
    let (path, query) = current_url();
    let location = Location { path: RwSignal::new(path), query: RwSignal::new(query) };
    provide_context(location);
    LOCATION.with(|cell| cell.set(Some(location)));
    let popstate = window_event_listener(ev::popstate, move |_| {
        let (path, query) = current_url();
        location.query.set(query);
        location.path.set(path);
    });
    let clicks = window_event_listener(ev::click, |event: ev::MouseEvent| {
        if event.default_prevented() || event.button() != 0 || event.meta_key() || event.ctrl_key() || event.shift_key() || event.alt_key() {
            return;
        }
        let Some(anchor) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
        else {
            return;
        };
        let href = anchor.get_attribute("href").unwrap_or_default();
        let in_app = href.starts_with('/') && !href.starts_with("//");
        if in_app && !anchor.has_attribute("download") && !anchor.has_attribute("target") {
            event.prevent_default();
            navigate_to(&href, false);
        }
    });
    on_cleanup(move || {
        popstate.remove();
        clicks.remove();
    });
    location
}

pub fn use_location() -> Location {
    LOCATION.with(|cell| cell.get()).expect("provide_location was called at the root")
}

/// Goes to an in-app URL (`/path?query`). `replace` leaves the current entry out of the
/// back-button history.
pub fn navigate_to(url: &str, replace: bool) {
    let history = window().history().expect("history API");
    let result = if replace {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
    } else {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
    };
    if result.is_err() {
        // Some webviews refuse history changes: a full load still reaches the right screen.
        let _ = window().location().assign(url);
        return;
    }
    if let Some(location) = LOCATION.with(|cell| cell.get()) {
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        location.query.set(query.to_string());
        location.path.set(path.to_string());
    }
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

/// One query parameter of the current URL, decoded.
pub fn query_param(name: &str) -> Option<String> {
    param_in(&use_location().query.get_untracked(), name)
}

/// One parameter of a query string (with or without its leading `?`), decoded.
pub fn param_in(query: &str, name: &str) -> Option<String> {
    query.trim_start_matches('?').split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then(|| js_sys::decode_uri_component(value).ok().and_then(|v| v.as_string()).unwrap_or_default())
    })
}
