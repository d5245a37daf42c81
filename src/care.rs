//! Care mode (关怀模式) for older people: larger text and targets, stronger contrast (the
//! `care` class on <html>, styled in tokens.css), and optional voice guidance (语音播报, see
//! voice.rs) with captions (字幕) of what it says. All three switches are remembered across
//! visits; `?care=1` / `?care=0` sets care mode from a link; and inside WeChat the user's own
//! care setting switches it on when they have not chosen here.

use crate::platform::{storage_get, storage_set, Store};
use leptos::prelude::*;

const CARE_KEY: &str = "insurance-pay.care";
const VOICE_KEY: &str = "insurance-pay.voice";

/// The switches, provided at the root. (The captions' switch and words are the voice's own, in
/// voice.rs: the first screen carries none of them.)
#[derive(Clone, Copy)]
pub struct Care {
    pub on: RwSignal<bool>,
    pub voice: RwSignal<bool>,
    /// Whether the voice really speaks: the gallery shows captions without a sound.
    pub speech: bool,
}

impl Care {
    /// From `?care=` (which is then remembered), else what was remembered, else off.
    pub fn new(query: &str) -> Care {
        let from_link = crate::router::param_in(query, "care").and_then(|v| match v.as_str() {
            "1" | "true" => Some(true),
            "0" | "false" => Some(false),
            _ => None,
        });
        if let Some(on) = from_link {
            remember(CARE_KEY, on);
        }
        let stored = |key| storage_get(Store::Local, key).map(|v| v == "1");
        let chosen = from_link.or(stored(CARE_KEY));
        let care = Care::with(chosen.unwrap_or(false), stored(VOICE_KEY).unwrap_or(false), true);
        if chosen.is_none() {
            ask_wechat(care.on);
        }
        care
    }

    /// Set as given, remembering nothing (the gallery's entries).
    pub fn with(on: bool, voice: bool, speech: bool) -> Care {
        Care { on: RwSignal::new(on), voice: RwSignal::new(voice), speech }
    }

    pub fn toggle(&self) {
        flip(self.on, CARE_KEY);
    }

    pub fn toggle_voice(&self) {
        flip(self.voice, VOICE_KEY);
    }
}

pub fn use_care() -> Option<Care> {
    use_context::<Care>()
}

/// Switches `switch` and remembers the choice under `key`.
pub fn flip(switch: RwSignal<bool>, key: &str) {
    let on = !switch.get_untracked();
    switch.set(on);
    remember(key, on);
}

fn remember(key: &str, on: bool) {
    storage_set(Store::Local, key, Some(if on { "1" } else { "0" }));
}

/// WeChat's webview reports the user's care setting through `WeixinJSBridge.invoke(
/// 'getUserConfig')` (`isCareMode`); the bridge may arrive after the page, announced by the
/// `WeixinJSBridgeReady` event. Elsewhere nothing happens.
fn ask_wechat(care: RwSignal<bool>) {
    #[cfg(target_arch = "wasm32")]
    {
        use js_sys::{Array, Function, Object, Reflect};
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::{JsCast, JsValue};
        let ask = move || {
            let window: JsValue = window().into();
            let Ok(bridge) = Reflect::get(&window, &JsValue::from_str("WeixinJSBridge")) else { return };
            let Some(invoke) = Reflect::get(&bridge, &JsValue::from_str("invoke")).ok().and_then(|f| f.dyn_into::<Function>().ok()) else { return };
            let answer = Closure::once_into_js(move |result: JsValue| {
                let on = Reflect::get(&result, &JsValue::from_str("isCareMode")).ok().is_some_and(|v| v.is_truthy());
                if on {
                    care.set(true);
                }
            });
            let args = Array::of3(&JsValue::from_str("getUserConfig"), &Object::new(), &answer);
            let _ = invoke.apply(&bridge, &args);
        };
        let has_bridge = Reflect::get(&window().into(), &JsValue::from_str("WeixinJSBridge")).is_ok_and(|b| !b.is_undefined());
        if has_bridge {
            ask();
        } else {
            let listener = Closure::once_into_js(ask);
            let _ = document().add_event_listener_with_callback("WeixinJSBridgeReady", listener.unchecked_ref());
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = care;
}
