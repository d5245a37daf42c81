//! What index.html's boot script started while the wasm downloaded: the configuration, and
//! (with a backend named) the first screen's data. Without the script (tests mounting the app
//! directly) the app fetches these itself.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn boot_value(name: &str) -> Option<JsValue> {
    let value = js_sys::Reflect::get(&leptos::prelude::window(), &JsValue::from_str(name)).ok()?;
    (!value.is_undefined() && !value.is_null()).then_some(value)
}

/// `config.json` as JSON (None when there is none, or it is not JSON).
pub async fn runtime_config() -> Option<JsValue> {
    let config = match boot_value("__boot").and_then(|v| v.dyn_into::<js_sys::Promise>().ok()) {
        Some(started) => JsFuture::from(started).await.ok()?,
        None => {
            let response: web_sys::Response = JsFuture::from(leptos::prelude::window().fetch_with_str("/config.json")).await.ok()?.dyn_into().ok()?;
            if !response.ok() {
                return None;
            }
            // A server that answers every path with index.html gives HTML here: "no config".
            JsFuture::from(response.json().ok()?).await.ok()?
        }
    };
    (!config.is_null() && !config.is_undefined()).then_some(config)
}

/// The boot script's request for `url`, if it made one: handed out once, so a retry asks again.
pub fn take_prefetched(url: &str) -> Option<js_sys::Promise> {
    let started = boot_value("__regions")?;
    let same = js_sys::Reflect::get(&started, &JsValue::from_str("url")).ok()?.as_string()? == url;
    let response = js_sys::Reflect::get(&started, &JsValue::from_str("response")).ok()?;
    let _ = js_sys::Reflect::delete_property(&leptos::prelude::window(), &JsValue::from_str("__regions"));
    if same { response.dyn_into().ok() } else { None }
}
