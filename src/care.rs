//! Care mode (关怀模式) for older people: larger text and targets, stronger contrast (the
//! `care` class on <html>, styled in tokens.css), and optional voice guidance (语音播报) that
//! reads each screen's title, the amount to pay and the outcome. Both are remembered across
//! visits; `?care=1` / `?care=0` sets care mode from a link; and inside WeChat the user's own
//! care setting switches it on when they have not chosen here.

use crate::i18n::Lang;
use crate::platform::{storage_get, storage_set, Store};
use leptos::prelude::*;

const CARE_KEY: &str = "insurance-pay.care";
const VOICE_KEY: &str = "insurance-pay.voice";

/// The two switches, provided at the root.
#[derive(Clone, Copy)]
pub struct Care {
    pub on: RwSignal<bool>,
    pub voice: RwSignal<bool>,
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
        let care = Care { on: RwSignal::new(chosen.unwrap_or(false)), voice: RwSignal::new(stored(VOICE_KEY).unwrap_or(false)) };
        if chosen.is_none() {
            ask_wechat(care.on);
        }
        care
    }

    pub fn toggle(&self) {
        let on = !self.on.get_untracked();
        self.on.set(on);
        remember(CARE_KEY, on);
    }

    pub fn toggle_voice(&self) {
        let on = !self.voice.get_untracked();
        self.voice.set(on);
        remember(VOICE_KEY, on);
        if !on {
            speak("", Lang::Zh, true);
        }
    }

    /// Reads a new screen's title aloud when voice guidance is on, cutting off the last screen.
    pub fn announce_screen(&self, title: &str, lang: Lang) {
        if self.voice.get_untracked() {
            speak(title, lang, true);
        }
    }

    /// Reads `text` aloud after whatever is being read (the amount to pay, an outcome).
    pub fn say(&self, text: &str, lang: Lang) {
        if self.voice.get_untracked() {
            speak(text, lang, false);
        }
    }
}

pub fn use_care() -> Option<Care> {
    use_context::<Care>()
}

fn remember(key: &str, on: bool) {
    storage_set(Store::Local, key, Some(if on { "1" } else { "0" }));
}

/// Speaks `text` in `lang`, after what is being said or (`interrupt`) instead of it; empty text
/// just stops. Silent where the browser has no speechSynthesis.
fn speak(text: &str, lang: Lang, interrupt: bool) {
    #[cfg(target_arch = "wasm32")]
    {
        use js_sys::{Array, Function, Reflect};
        use wasm_bindgen::{JsCast, JsValue};
        let window: JsValue = window().into();
        let get = |target: &JsValue, name: &str| Reflect::get(target, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null());
        let Some(synth) = get(&window, "speechSynthesis") else { return };
        let call = |name: &str, args: &Array| {
            if let Some(method) = get(&synth, name).and_then(|m| m.dyn_into::<Function>().ok()) {
                let _ = method.apply(&synth, args);
            }
        };
        if interrupt {
            call("cancel", &Array::new());
        }
        let Some(make) = get(&window, "SpeechSynthesisUtterance").and_then(|c| c.dyn_into::<Function>().ok()) else { return };
        if text.is_empty() {
            return;
        }
        if let Ok(utterance) = Reflect::construct(&make, &Array::of1(&JsValue::from_str(text))) {
            let _ = Reflect::set(&utterance, &JsValue::from_str("lang"), &JsValue::from_str(lang.html_lang()));
            call("speak", &Array::of1(&utterance));
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (text, lang, interrupt);
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
