//! Voice guidance (语音播报) and captions (字幕) in care mode, read from the screen itself so the
//! voice never says what the screen does not:
//! - on arrival, the screen's h1 and what to do there (`.lead` and `[data-say]` text);
//! - then, as they appear or change, every alert and status (validation errors, problems from
//!   the backend, "code sent", "waiting for the payment") and every `[data-say]` text (amounts);
//! - the choice in focus, where a list of choices is the step (region, tier, method);
//! - queued one after another, cut off by a new screen and stopped when the person acts;
//! - with ID and phone numbers (masked or not) left out by `speakable`.
//!
//! While it speaks, the same words show in a caption bar at the bottom of the window, for people
//! who cannot hear it. The bar is a log whose live announcements are off: a screen reader has
//! already read these words where the screen shows them, and must not read them twice.
//!
//! All of it is fetched the first time voice guidance is switched on: the first screen's
//! download carries only the care and voice switches.

use crate::care::flip;
use crate::platform::{storage_get, Store};
use leptos::prelude::*;

const CAPTIONS_KEY: &str = "insurance-pay.captions";

/// What the voice may say of `text`: whitespace runs become one space, and every run of digits
/// and mask characters that could be an ID or a phone number (7 or more digits, or any mask
/// `*`) is left out. Amounts, dates, code lengths and minutes are short runs and stay.
pub fn speakable(text: &str) -> String {
    let is_number_part = |c: char| c.is_ascii_digit() || matches!(c, '*' | '＊' | '•' | 'X' | 'x');
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let digits = run.chars().filter(char::is_ascii_digit).count();
        let masked = run.chars().any(|c| matches!(c, '*' | '＊' | '•'));
        // (A run without digits is a letter x of a word, not an ID's check character.)
        if digits < 7 && !masked {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if is_number_part(c) {
            run.push(c);
            continue;
        }
        flush(&mut run, &mut out);
        if c.is_whitespace() {
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out.trim().to_string()
}

/// Voice guidance, while care mode and the voice are on: its code (a split point whose view is
/// the caption bar and whose mounting starts the narrator), fetched the first time.
pub fn guidance() -> &'static crate::on_demand::SplitPoint<crate::screens::MakeView> {
    crate::split_point!(voice: crate::screens::MakeView = || view! { <Guidance /> }.into_any())
}

/// The caption bar, and the narrator for as long as it is shown.
#[component]
fn Guidance() -> impl IntoView {
    let care = crate::care::use_care().expect("provided at the root");
    let lang = crate::i18n::use_lang();
    // The caption bar is on unless switched off (remembered), and shows the words being said.
    let captions = RwSignal::new(storage_get(Store::Local, CAPTIONS_KEY).is_none_or(|v| v == "1"));
    let caption = RwSignal::new(String::new());
    // After mounting: the narrator watches the screen's <main>.
    Effect::new(move |_| narrator::start(caption, care.speech));
    on_cleanup(narrator::stop);
    let hidden = move || !captions.get() || caption.with(String::is_empty);
    // While the bar shows, what comes into view (a choice in focus, a field) stops above the
    // room the bar may take, so the bar never hides it (WCAG 2.4.11, focus not obscured).
    Effect::new(move |_| keep_clear_of_bar(!hidden()));
    on_cleanup(|| keep_clear_of_bar(false));
    view! {
        // The captions' own switch, with the captions (its code is here, not in the first
        // screen's download, where the care and voice switches are).
        <p class="caption-switch">
            <button type="button" class="header-switch" data-testid="caption-switch" aria-pressed=move || captions.get().to_string()
                on:click=move |_| flip(captions, CAPTIONS_KEY)>
                {move || lang.get().pick("字幕", "Captions")}
            </button>
        </p>
        <div class="caption-bar" role="log" aria-live="off" aria-label=move || lang.get().pick("字幕", "Captions")
            data-testid="caption" hidden=hidden>
            <p>{move || caption.get()}</p>
        </div>
    }
}

/// Sets (or clears) the page's bottom scroll padding to the caption bar's largest height (its
/// `max-height` in main.css).
fn keep_clear_of_bar(bar_shown: bool) {
    let Some(root) = document().document_element() else { return };
    let style = js_sys::Reflect::get(&root, &"style".into()).unwrap_or(wasm_bindgen::JsValue::UNDEFINED);
    let _ = js_sys::Reflect::set(&style, &"scrollPaddingBottom".into(), &(if bar_shown { "40vh" } else { "" }).into());
}

#[cfg(not(target_arch = "wasm32"))]
mod narrator {
    pub fn start(_caption: leptos::prelude::RwSignal<String>, _speech: bool) {}
    pub fn stop() {}
}

#[cfg(target_arch = "wasm32")]
mod narrator {
    use super::speakable;
    use js_sys::{Array, Function, Object, Reflect};
    use leptos::prelude::*;
    use std::cell::RefCell;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};

    /// What the voice reads: the title, what to do, and whatever the screen announces.
    const SPOKEN: &str = "h1, .lead, [data-say], [role=alert], [role=status]:not([data-state=loading])";
    /// What the narrator listens to: the person acting (a press or a key) stops the voice, and
    /// what their action changes is then read; a choice coming into focus is said.
    const LISTENS: [&str; 5] = ["pointerdown", "keydown", "pointerup", "pointercancel", "focusin"];

    // The DOM is reached by name (Reflect), not through web-sys's bindings: each binding adds
    // its glue to the first screen's JS and wasm, and this code is not needed there.
    fn get(target: &JsValue, name: &str) -> JsValue {
        Reflect::get(target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    }

    fn call(target: &JsValue, name: &str, args: &[&JsValue]) -> JsValue {
        // (Array.of: the bindings the first screen already has.)
        let args = match args {
            [] => Array::new(),
            [a] => Array::of1(a),
            [a, b] => Array::of2(a, b),
            [a, b, c, ..] => Array::of3(a, b, c),
        };
        get(target, name).dyn_into::<Function>().ok().and_then(|f| f.apply(target, &args).ok()).unwrap_or(JsValue::UNDEFINED)
    }

    fn main_element() -> Option<JsValue> {
        document().get_element_by_id("main").map(JsValue::from)
    }

    struct Narrator {
        observer: JsValue,
        /// Kept alive for as long as the observer and the listeners use them.
        _on_change: Closure<dyn FnMut()>,
        /// (Of the type a screen's event handlers have: its glue is in the first download already.)
        on_event: Closure<dyn FnMut(web_sys::Event)>,
        /// A finger or button is down: a choice it focused is said once it is lifted, since the
        /// caption bar changing size under it would move the page before the tap ends.
        pressing: bool,
        pending_choice: Option<String>,
        caption: RwSignal<String>,
        /// False: captions only, without a sound (the gallery).
        speech: bool,
        /// The screen's h1 and address last read: another one means another screen.
        title: JsValue,
        path: String,
        /// Each region read on this screen, with the words read, so only changes are read again.
        said: Vec<(JsValue, String)>,
        scheduled: bool,
    }

    thread_local! {
        static NARRATOR: RefCell<Option<Narrator>> = const { RefCell::new(None) };
    }

    /// Starts reading the screen (and what it shows from now on) aloud, or (`speech`
    /// false) into the captions only.
    pub fn start(caption: RwSignal<String>, speech: bool) {
        if NARRATOR.with(|n| n.borrow().is_some()) {
            return;
        }
        let window: JsValue = window().into();
        let document: JsValue = document().into();
        let on_change = Closure::<dyn FnMut()>::new(schedule);
        let Some(make) = get(&window, "MutationObserver").dyn_into::<Function>().ok() else { return };
        let Ok(observer) = Reflect::construct(&make, &Array::of1(on_change.as_ref())) else { return };
        let options = Object::new();
        for name in ["childList", "subtree", "characterData"] {
            let _ = Reflect::set(&options, &JsValue::from_str(name), &JsValue::TRUE);
        }
        if let Some(main) = main_element() {
            call(&observer, "observe", &[&main, &options]);
        }
        let on_event = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| on_event(event.into()));
        for event in LISTENS {
            call(&document, "addEventListener", &[&JsValue::from_str(event), on_event.as_ref(), &JsValue::TRUE]);
        }
        NARRATOR.with(|n| {
            *n.borrow_mut() = Some(Narrator { observer, _on_change: on_change, on_event, pressing: false, pending_choice: None, caption, speech, title: JsValue::NULL, path: String::new(), said: Vec::new(), scheduled: false });
        });
        schedule();
    }

    /// Stops the voice and stops watching the screen.
    pub fn stop() {
        if let Some(narrator) = NARRATOR.with(|n| n.borrow_mut().take()) {
            call(&narrator.observer, "disconnect", &[]);
            let document: JsValue = document().into();
            for event in LISTENS {
                call(&document, "removeEventListener", &[&JsValue::from_str(event), narrator.on_event.as_ref(), &JsValue::TRUE]);
            }
            narrator.caption.set(String::new());
        }
        synth_call("cancel");
    }

    /// Reads once the screen has settled: the changes of one render arrive as several mutations.
    fn schedule() {
        let first = NARRATOR.with(|n| n.borrow_mut().as_mut().is_some_and(|n| !std::mem::replace(&mut n.scheduled, true)));
        if first {
            set_timeout(read_changes, std::time::Duration::from_millis(60));
        }
    }

    fn read_changes() {
        let Some(main) = main_element() else { return };
        let lang = page_lang();
        let mut queue: Vec<String> = Vec::new();
        let mut new_screen = false;
        NARRATOR.with(|n| {
            let mut guard = n.borrow_mut();
            let Some(narrator) = guard.as_mut() else { return };
            narrator.scheduled = false;
            // Another screen: another address, or another h1 (a step within one address). (A
            // screen's h1 can be kept when the next screen's view has the same shape.)
            let title = call(&main, "querySelector", &[&JsValue::from_str("h1")]);
            let path = window().location().pathname().unwrap_or_default();
            if !title.is_null() && (title != narrator.title || path != narrator.path) {
                new_screen = true;
                narrator.title = title;
                narrator.path = path;
                narrator.said.clear();
            }
            narrator.said.retain(|(el, _)| get(el, "isConnected").is_truthy());
            let regions = call(&main, "querySelectorAll", &[&JsValue::from_str(SPOKEN)]);
            for el in js_sys::try_iter(&regions).ok().flatten().into_iter().flatten().flatten() {
                // Not rendered (display: none) is not on screen: no boxes (a length of 0).
                if !get(&call(&el, "getClientRects", &[]), "length").is_truthy() {
                    continue;
                }
                let text = speakable(&get(&el, "innerText").as_string().unwrap_or_default());
                let before = narrator.said.iter().position(|(e, _)| *e == el);
                if before.is_some_and(|i| narrator.said[i].1 == text) {
                    continue;
                }
                match before {
                    Some(i) => narrator.said[i].1 = text.clone(),
                    None => narrator.said.push((el, text.clone())),
                }
                // An error summary repeats its fields' errors, a region its inner status: once.
                if text.is_empty() || queue.iter().any(|said| said.contains(&text)) {
                    continue;
                }
                queue.retain(|said| !text.contains(said.as_str()));
                queue.push(text);
            }
        });
        if new_screen {
            synth_call("cancel");
        }
        let Some((caption, speech)) = NARRATOR.with(|n| n.borrow().as_ref().map(|n| (n.caption, n.speech))) else { return };
        for text in queue {
            if speech {
                speak(&text, &lang, caption);
            } else {
                caption.set(text);
            }
        }
    }

    fn on_event(event: JsValue) {
        match get(&event, "type").as_string().as_deref() {
            Some("pointerdown") => {
                synth_call("cancel");
                NARRATOR.with(|n| n.borrow_mut().as_mut().map(|n| n.pressing = true));
            }
            Some("keydown") => synth_call("cancel"),
            Some("focusin") => read_choice(&get(&event, "target")),
            _ => {
                // Lifted: after this tap's click, the choice it focused.
                let pending = NARRATOR.with(|n| n.borrow_mut().as_mut().and_then(|n| {
                    n.pressing = false;
                    n.pending_choice.take()
                }));
                if let Some(text) = pending {
                    set_timeout(move || say_choice(text), std::time::Duration::ZERO);
                }
            }
        }
    }

    /// Where a list of choices is the step (the region, the tier, the method), the choice in
    /// focus: its label, as the screen shows it.
    fn read_choice(target: &JsValue) {
        if get(target, "type").as_string().as_deref() != Some("radio") {
            return;
        }
        let label = get(&get(target, "labels"), "0");
        let text = speakable(&get(&label, "innerText").as_string().unwrap_or_default());
        if text.is_empty() {
            return;
        }
        let held = NARRATOR.with(|n| n.borrow_mut().as_mut().filter(|n| n.pressing).map(|n| n.pending_choice = Some(text.clone())));
        if held.is_none() {
            say_choice(text);
        }
    }

    fn say_choice(text: String) {
        let Some((caption, speech)) = NARRATOR.with(|n| n.borrow().as_ref().map(|n| (n.caption, n.speech))) else { return };
        synth_call("cancel");
        if speech {
            speak(&text, &page_lang(), caption);
        } else {
            caption.set(text);
        }
    }

    /// The language the page is in (the voice speaks it).
    fn page_lang() -> String {
        document().document_element().and_then(|e| e.get_attribute("lang")).unwrap_or_else(|| "zh-CN".into())
    }

    fn synth() -> Option<JsValue> {
        Some(get(&window().into(), "speechSynthesis")).filter(|s| !s.is_undefined() && !s.is_null())
    }

    fn synth_call(name: &str) {
        if let Some(synth) = synth() {
            call(&synth, name, &[]);
        }
    }

    /// Queues `text`; the caption shows it when the voice starts it (or fails to: the words are
    /// still what the screen says). Without speech in the browser, the caption alone shows it.
    fn speak(text: &str, lang: &str, caption: RwSignal<String>) {
        let make = get(&window().into(), "SpeechSynthesisUtterance").dyn_into::<Function>().ok();
        let (Some(synth), Some(make)) = (synth(), make) else {
            caption.set(text.to_string());
            return;
        };
        let Ok(utterance) = Reflect::construct(&make, &Array::of1(&JsValue::from_str(text))) else { return };
        let _ = Reflect::set(&utterance, &JsValue::from_str("lang"), &JsValue::from_str(lang));
        let shown = text.to_string();
        let show = Closure::<dyn Fn()>::new(move || caption.set(shown.clone())).into_js_value();
        for event in ["onstart", "onerror"] {
            let _ = Reflect::set(&utterance, &JsValue::from_str(event), &show);
        }
        call(&synth, "speak", &[&utterance]);
    }
}

#[cfg(test)]
mod tests {
    use super::speakable;
    use proptest::prelude::*;

    #[test]
    fn keeps_what_is_not_a_number_of_a_person() {
        assert_eq!(speakable("应缴金额\t¥200.00"), "应缴金额 ¥200.00");
        assert_eq!(speakable("请输入短信验证码，共 6 位"), "请输入短信验证码，共 6 位");
        assert_eq!(speakable("  第 1 步，共 5 步\n身份验证 "), "第 1 步，共 5 步 身份验证");
        assert_eq!(speakable("¥1,280.00 · 2027-01-01 至 2027-12-31"), "¥1,280.00 · 2027-01-01 至 2027-12-31");
        assert_eq!(speakable("Xiamen box"), "Xiamen box");
    }

    #[test]
    fn leaves_out_id_and_phone_numbers_masked_or_not() {
        assert_eq!(speakable("验证码将发送到 138****8000"), "验证码将发送到");
        assert_eq!(speakable("身份证 110101199003072115 张伟"), "身份证 张伟");
        assert_eq!(speakable("1101**********211X"), "");
        assert_eq!(speakable("手机 13800138000。"), "手机 。");
    }

    fn digits(text: &str) -> usize {
        text.chars().filter(char::is_ascii_digit).count()
    }

    proptest! {
        /// Whatever surrounds them, an 18-character ID or an 11-digit phone, with any characters
        /// masked, never reaches the voice, and nothing masked does.
        #[test]
        fn ids_and_phones_are_never_spoken(
            before in "[a-z一-龥，。 ¥.]{0,12}",
            after in "[a-z一-龥，。 ¥.]{0,12}",
            number in prop_oneof!["[1-9][0-9]{16}[0-9X]", "1[3-9][0-9]{9}"],
            mask in proptest::collection::vec(any::<bool>(), 18),
        ) {
            let shown: String = number.chars().zip(mask).map(|(c, m)| if m { '*' } else { c }).collect();
            let said = speakable(&format!("{before}{shown}{after}"));
            prop_assert!(!said.contains('*'));
            prop_assert!(digits(&said) == 0, "{said}");
        }

        /// Short numbers (amounts, counts) are kept exactly.
        #[test]
        fn short_numbers_are_kept(yuan in 0u32..100_000, cents in 0u32..100) {
            let text = format!("应缴金额 ¥{yuan}.{cents:02}");
            prop_assert_eq!(speakable(&text), text);
        }
    }
}
