//! "Need more time" (需要更多时间, WCAG 2.2.1): on the screens that act with a token, two minutes
//! before it runs out the person is told (a live region, and the voice in care mode) and one
//! press asks the backend for more time. Its code comes with the screens that act with a token:
//! the payer's first screen carries none of it.

use crate::api::{payment_call, ApiError, TokenRefreshed};
use crate::components::problem::ApiProblem;
use crate::domain::time_limit::{minutes_seconds, TimeLeft, TokenTime, TokenUse, WARN_BEFORE_SECONDS};
use crate::i18n::{tr, Lang};
use crate::platform::now_ms;
use crate::router::Location;
use crate::state::use_app;
use leptos::prelude::*;
use std::time::Duration;

/// A second counter that ticks while the component that asked for it is shown.
pub fn use_clock(every: Duration) -> ReadSignal<u64> {
    let (now, set_now) = signal(now_ms());
    if let Ok(handle) = set_interval_with_handle(move || set_now.set(now_ms()), every) {
        on_cleanup(move || handle.clear());
    }
    now
}

/// The path of the screen shown, where it is not the address bar's: the gallery shows an entry's
/// screen at `/preview/{id}`.
#[derive(Clone, Copy)]
pub struct ShownPath(pub Signal<String>);

/// Where every screen but the first shows the time limit: on the screens that act with a token
/// whose end is known. (It is code of the screens' downloads, not one of its own: the first
/// screen that acts with a token fetches it, and another split point would cost the payer's
/// first screen the bytes of its loader, measured: 129,220 → 129,467 B brotli.)
#[component]
pub fn TimeLimitSlot() -> impl IntoView {
    let path = match use_context::<ShownPath>() {
        Some(shown) => shown.0.get_untracked(),
        None => use_context::<Location>().map(|l| l.path.get_untracked()).unwrap_or_default(),
    };
    let kind = crate::screens::screen_for(&path).acts.filter(|kind| use_app().flow.with_untracked(|f| f.timed_token(*kind).is_some()));
    kind.map(|kind| view! { <TimeLimit kind /> })
}

/// What the time limit says: nothing yet, the last minutes (with more time on offer, or not any
/// more), or run out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Warning {
    Plenty,
    Ending { can_extend: bool },
    Out,
}

/// The words for each warning, once (the countdown beside them changes, they do not, so a screen
/// reader is told once and the voice says it once).
fn warning_text(warning: Warning, lang: Lang) -> String {
    let minutes = WARN_BEFORE_SECONDS / 60;
    match (warning, lang) {
        (Warning::Plenty, _) => String::new(),
        (Warning::Ending { can_extend: true }, Lang::Zh) => format!("为保护您的信息，身份验证将在 {minutes} 分钟内失效。如需更多时间，请点击“需要更多时间”。"),
        (Warning::Ending { can_extend: true }, Lang::En) => format!("To protect your details, your verification runs out within {minutes} minutes. If you need more time, press “I need more time”."),
        (Warning::Ending { can_extend: false }, Lang::Zh) => format!("身份验证将在 {minutes} 分钟内失效，已不能再延长。到时请重新验证身份，您已填写的内容都会保留。"),
        (Warning::Ending { can_extend: false }, Lang::En) => format!("Your verification runs out within {minutes} minutes and cannot be extended again. Then verify again: everything you entered is kept."),
        (Warning::Out, Lang::Zh) => "身份验证已失效。请重新验证身份后继续，您已填写的内容都会保留。".into(),
        (Warning::Out, Lang::En) => "Your verification has run out. Verify again to go on: everything you entered is kept.".into(),
    }
}

/// "已延长…": what the backend gave, in its own figures.
fn extended_text(refreshed: &TokenRefreshed, lang: Lang) -> String {
    let minutes = u64::from(refreshed.expires_in_seconds) / 60;
    match (lang, refreshed.can_extend) {
        (Lang::Zh, true) => format!("已延长，身份验证在 {minutes} 分钟内有效。"),
        (Lang::Zh, false) => format!("已延长，身份验证在 {minutes} 分钟内有效。这是最后一次延长。"),
        (Lang::En, true) => format!("Done: your verification is good for {minutes} more minutes."),
        (Lang::En, false) => format!("Done: your verification is good for {minutes} more minutes. It cannot be extended again."),
    }
}

#[component]
fn TimeLimit(kind: TokenUse) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    let flow = app.flow;
    let now = use_clock(Duration::from_secs(1));
    let time = Memo::new(move |_| flow.with(|f| f.timed_token(kind).map(|(_, time)| time)));
    let left = move || time.get().map_or(TimeLeft::Plenty, |t| t.left(now.get()));
    let warning = Memo::new(move |_| match (left(), time.get()) {
        (TimeLeft::Running { .. }, Some(t)) => Warning::Ending { can_extend: t.can_extend },
        (TimeLeft::Out, _) => Warning::Out,
        _ => Warning::Plenty,
    });
    let api = app.api.clone();
    let extend = Action::new_local(move |_: &()| {
        let token = flow.with_untracked(|f| f.timed_token(kind).map(|(token, _)| token.to_string())).unwrap_or_default();
        let request = {
            let token = token.clone();
            payment_call(&api, move |pay| pay.refresh_token(&token))
        };
        async move {
            let answer = request.await;
            if let Ok(refreshed) = &answer {
                let time = TokenTime::from_now(now_ms(), refreshed.expires_in_seconds, refreshed.can_extend);
                flow.try_update(|f| f.token_extended(kind, &token, time));
            }
            answer
        }
    });
    // A failed request for more time, or the end: a session expired, with the way to verify
    // again that the screen's own calls would offer.
    let problem = move |error: ApiError| match (kind, &error) {
        (TokenUse::Read, ApiError::SessionExpired) => view! { <crate::pages::record::RecordProblem error retry=Callback::new(move |_| { extend.dispatch(()); }) /> }.into_any(),
        _ => view! { <ApiProblem error retry=Callback::new(move |_| { extend.dispatch(()); }) /> }.into_any(),
    };
    let countdown = move || match (left(), lang.get()) {
        (TimeLeft::Running { seconds }, Lang::Zh) => format!("剩余 {}", minutes_seconds(seconds, true)),
        (TimeLeft::Running { seconds }, Lang::En) => format!("{} left", minutes_seconds(seconds, false)),
        _ => String::new(),
    };
    view! {
        {move || match warning.get() {
            Warning::Plenty => extend.value().get().and_then(Result::ok).map(|refreshed| view! {
                <p class="notice notice-success" role="status" data-state="time-limit-extended" data-testid="time-limit">
                    {move || extended_text(&refreshed, lang.get())}
                </p>
            }.into_any()),
            Warning::Out => Some(view! {
                <section class="notice time-limit" data-state="time-limit-out" data-testid="time-limit">
                    <p role="alert">{move || warning_text(Warning::Out, lang.get())}</p>
                    {problem(ApiError::SessionExpired)}
                </section>
            }.into_any()),
            ending @ Warning::Ending { can_extend } => Some(view! {
                <section class="notice time-limit" data-testid="time-limit"
                    data-state=move || match (can_extend, extend.pending().get()) {
                        (true, true) => "time-limit-extending",
                        (true, false) => "time-limit-ending",
                        (false, _) => "time-limit-last",
                    }>
                    <p role="alert">{move || warning_text(ending, lang.get())}</p>
                    <p class="time-left" data-testid="time-left">{countdown}</p>
                    {can_extend.then(|| view! {
                        <button type="button" class="button button-secondary" data-testid="more-time"
                            disabled=move || extend.pending().get() on:click=move |_| { extend.dispatch(()); }>
                            {move || if extend.pending().get() { tr("正在延长…", "Extending…")() } else { tr("需要更多时间", "I need more time")() }}
                        </button>
                    })}
                    {move || extend.value().get().and_then(Result::err).map(problem)}
                </section>
            }.into_any()),
        }}
    }
}
