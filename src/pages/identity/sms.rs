//! The SMS code panel: send the code, type it (or take it from the keypad), and the
//! code's time running out.

use crate::api::{payment_call, VerifyMethod};
use crate::components::form::{ErrorSummary, FieldProblem, TextField};
use crate::components::keypad::Keypad;
use crate::components::time_limit::use_clock;
use crate::domain::time_limit::minutes_seconds;
use crate::i18n::{tr, Lang};
use crate::platform::now_ms;
use crate::state::use_app;
use leptos::prelude::*;
use std::time::Duration;
use super::methods::*;

#[component]
pub(super) fn SmsPanel(session_id: String, masked_mobile: String, failed: FailedMethods) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    let code = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let resend_at = RwSignal::new(None::<u64>);
    let expires_at = RwSignal::new(None::<u64>);
    let now = use_clock(Duration::from_millis(500));
    // The WebOTP request of the code last sent, abandoned when the panel goes.
    let otp_request = StoredValue::new_local(None::<web_sys::AbortController>);
    on_cleanup(move || web_otp::abandon(otp_request));
    let api = app.api.clone();
    let sid = session_id.clone();
    let send = Action::new_local(move |_: &()| {
        let sid = sid.clone();
        let request = payment_call(&api, move |pay| pay.send_sms_code(&sid));
        async move {
            let sent = request.await;
            match &sent {
                Ok(sent) => {
                    let t = now_ms();
                    resend_at.set(Some(t + u64::from(sent.resend_after_seconds) * 1000));
                    expires_at.set(Some(t + u64::from(sent.expires_in_seconds) * 1000));
                    web_otp::abandon(otp_request);
                    otp_request.try_set_value(web_otp::offer_code(code));
                }
                Err(error) => failed.mark_if_failed(VerifyMethod::Sms, error),
            }
            sent
        }
    });
    let api = app.api.clone();
    let check = verify_action(failed, VerifyMethod::Sms, move |code: &String| {
        let (session_id, code) = (session_id.clone(), code.clone());
        payment_call(&api, move |pay| pay.check_sms_code(&session_id, &code))
    });
    let wait_seconds = move || resend_at.get().map(|t| t.saturating_sub(now.get()).div_ceil(1000)).filter(|s| *s > 0);
    let expiry_text = move || {
        let left = expires_at.get()?.saturating_sub(now.get()) / 1000;
        Some(if left == 0 {
            lang.get().pick("验证码已过期，请重新获取", "The code has expired: ask for a new one").to_string()
        } else {
            match lang.get() {
                Lang::Zh => format!("验证码 {} 内有效", minutes_seconds(left, true)),
                Lang::En => format!("The code is valid for {}", minutes_seconds(left, false)),
            }
        })
    };
    let expiring_soon = move || expires_at.get().is_some_and(|t| (1..=60_000).contains(&t.saturating_sub(now.get())));
    let submit = submit_six_digits("sms-code", ("短信验证码", "SMS code"), code, problems, check);
    let demo = app.api.describe() == "demo";
    // Care mode's simpler code entry (简化验证码): the large keypad, which says how many digits are in.
    let care = crate::care::use_care().map(|c| c.on);
    let keypad = move || care.is_some_and(|on| on.get()).then(|| view! { <Keypad value=code controls="sms-code" /> });
    view! {
        <section class="panel" aria-labelledby="sms-title"
            data-state=move || if send.value().with(|v| matches!(v, Some(Ok(_)))) { "sms-sent" } else { "sms" }>
            <h2 id="sms-title">{tr("短信验证码", "SMS code")}</h2>
            <p>{move || match lang.get() {
                Lang::Zh => format!("验证码将发送到 {masked_mobile}"),
                Lang::En => format!("We will text a code to {masked_mobile}"),
            }}</p>
            <button type="button" class="button button-secondary" data-testid="send-sms"
                disabled=move || send.pending().get() || wait_seconds().is_some()
                on:click=move |_| { send.dispatch(()); }>
                {move || match (wait_seconds(), send.value().with(|v| v.is_some()), lang.get()) {
                    (Some(s), _, Lang::Zh) => format!("重新获取（{s} 秒）"),
                    (Some(s), _, Lang::En) => format!("Send again ({s} s)"),
                    (None, true, l) => l.pick("重新获取验证码", "Send a new code").to_string(),
                    (None, false, l) => l.pick("获取验证码", "Send code").to_string(),
                }}
            </button>
            <p class="hint" role="status">{move || send.value().get().and_then(|r| r.ok()).map(|_| lang.get().pick("验证码已发送，请输入短信验证码，共 6 位。", "Code sent. Enter the 6-digit code from the text message.").to_string())}</p>
            <p class="hint" data-testid="sms-expiry">{expiry_text}</p>
            // Announced (once, as it appears) a minute before the code expires, with the way to
            // get more time.
            <p role="status" data-testid="sms-expiring" class=move || if expiring_soon() { "notice" } else { "visually-hidden" }
                data-state=move || expiring_soon().then_some("sms-expiring")>
                {move || expiring_soon().then(|| lang.get().pick(
                    "验证码将在 1 分钟内过期。如需更多时间，请点击“重新获取验证码”。",
                    "The code expires within a minute. For more time, press “Send a new code”.").to_string())}
            </p>
            {move || panel_problem(send.value().get())}
            <ErrorSummary problems />
            <form on:submit=submit novalidate>
                <TextField id="sms-code" label=("验证码", "Code") value=code problems
                    inputmode="numeric" autocomplete="one-time-code" maxlength=6 />
                {keypad}
                {demo.then(|| view! { <p class="demo-hint">{tr("演示环境：验证码为 123456", "Demo: the code is 123456")}</p> })}
                <VerifySubmit check />
            </form>
        </section>
    }
}

/// The WebOTP API (Chrome on Android): once a code is sent, the browser offers the code of an
/// SMS whose last line is `@<this host> #<code>` (the contract's sendSmsCode says the backend's
/// SMS ends so), and with the person's consent it is filled in. Where the API is missing nothing
/// happens; the field's `autocomplete="one-time-code"` still lets the keyboard offer it.
mod web_otp {
    use js_sys::{Array, Object, Promise, Reflect};
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};

    fn get(target: &JsValue, name: &str) -> JsValue {
        Reflect::get(target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    }

    /// Stops waiting for the SMS of an earlier request.
    pub fn abandon(request: StoredValue<Option<web_sys::AbortController>, LocalStorage>) {
        if let Some(abort) = request.try_update_value(Option::take).flatten() {
            abort.abort();
        }
    }

    /// Asks the browser for the code of the SMS on its way; the request's abort handle.
    pub fn offer_code(code: RwSignal<String>) -> Option<web_sys::AbortController> {
        let window: JsValue = window().into();
        if get(&window, "OTPCredential").is_undefined() {
            return None;
        }
        let credentials = get(&get(&window, "navigator"), "credentials");
        let get_credential = get(&credentials, "get").dyn_into::<js_sys::Function>().ok()?;
        let abort = web_sys::AbortController::new().ok()?;
        let options = Object::new();
        let otp = Object::new();
        let _ = Reflect::set(&otp, &"transport".into(), &Array::of1(&"sms".into()));
        let _ = Reflect::set(&options, &"otp".into(), &otp);
        let _ = Reflect::set(&options, &"signal".into(), &abort.signal());
        let promise = get_credential.call1(&credentials, &options).ok()?.dyn_into::<Promise>().ok()?;
        leptos::task::spawn_local(async move {
            if let Ok(credential) = wasm_bindgen_futures::JsFuture::from(promise).await {
                if let Some(received) = get(&credential, "code").as_string().filter(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit())) {
                    code.try_set(received);
                }
            }
        });
        Some(abort)
    }
}
