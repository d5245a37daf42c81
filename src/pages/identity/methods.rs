//! The ways to verify on offer, and what a passed or failed way does: the chooser, the
//! methods that failed, and the submit shared by the panels.

use crate::api::{ApiError, ApiFuture, Purpose, VerificationSession, Verified, VerifyMethod};
use crate::components::cells::RadioCell;
use crate::components::form::FieldProblem;
use crate::components::problem::ApiProblem;
use crate::domain::time_limit::TokenTime;
use crate::domain::flow::Step;
use crate::domain::identity::validate_six_digits;
use crate::i18n::{api_error, pick, six_digit_error, tr, verify_method_name, Lang};
use crate::platform::now_ms;
use crate::state::{navigator, pending_payments, use_app};
use crate::domain::verify_steps::Progress;
use leptos::prelude::*;
use crate::router::navigate_to;
use super::{ecard::EcardPanel, face::FacePanel, sms::SmsPanel};
use crate::on_demand::when_arrived;

on_demand! {
    chunk screen_identity_ecard;
    /// The e-card's password panel (with its keypad), in a download of its own: most people
    /// verify by SMS or the face, and the ways to verify stay within their budget.
    fn ecard_panel() -> fn((String, FailedMethods)) -> AnyView {
        |(session_id, failed)| view! { <EcardPanel session_id failed /> }.into_any()
    }
}

#[component]
pub(super) fn MethodChooser(
    session: VerificationSession,
    failed: FailedMethods,
    method: RwSignal<Option<VerifyMethod>>,
    face_returned: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    let who = app.draft.with_untracked(|d| d.payer_line(&session.masked_mobile));
    let change = move |_| {
        app.flow.update(|f| f.change_details());
        failed.clear();
    };
    let (methods, passed_before, in_order) = (session.methods.clone(), session.passed.clone(), session.in_order);
    let failure_note = move || {
        let (last, why) = failed.0.with(|f| f.last().cloned())?;
        let failed = failed.methods();
        let progress = Progress { offered: &methods, passed: &passed_before, failed: &failed, in_order };
        let left: Vec<String> = progress.left().into_iter().map(|m| pick(lang.get(), &verify_method_name(m))).collect();
        let name = pick(lang.get(), &verify_method_name(last));
        // Why it did not work (locked, not matched, provider down), then what is left.
        let why = view! { <p data-testid="method-failed-why">{pick(lang.get(), &api_error(&why))}</p> };
        Some(if left.is_empty() {
            // Nothing left to try (where the methods go in order, none stands in for a step).
            let (state, zh, en) = match in_order {
                true => ("step-failed", "本地区需要依次完成全部验证步骤，无法改用其他方式。", "Here every step must be completed in turn: no other way can stand in. "),
                false => ("all-methods-failed", "所有验证方式都未通过。", "None of the ways to verify worked. "),
            };
            view! { <div class="problem" role="alert" data-testid="all-methods-failed" data-state=state>{why}<p>{match lang.get() {
                Lang::Zh => format!("{zh}请携带身份证到社保经办机构办理，或拨打 12333 咨询。"),
                Lang::En => format!("{en}Take your ID card to a social security office, or call 12333."),
            }}</p></div> }
        } else {
            view! { <div class="problem" role="alert" data-testid="method-failed" data-state="method-failed">{why}<p>{match lang.get() {
                Lang::Zh => format!("{name}未能完成验证。您可以改用：{}", left.join("、")),
                Lang::En => format!("{name} did not work. You can use instead: {}", left.join(", ")),
            }}</p></div> }
        })
    };
    let session_id = session.session_id.clone();
    let masked_mobile = session.masked_mobile.clone();
    let offered = session.methods.clone();
    let passed = session.passed.clone();
    // Where the methods go in order (Guangdong: the face, then an SMS code): which step this is.
    let progress = Progress { offered: &session.methods, passed: &session.passed, failed: &[], in_order: session.in_order };
    let next_step = progress.next();
    let in_turn = {
        progress.step().zip(next_step).map(|((number, total), step)| {
            let name = verify_method_name(step);
            view! {
                <p class="notice" role="status" data-testid="verify-steps" data-state=format!("verify-step-{number}")>{move || match lang.get() {
                    Lang::Zh => format!("本地区需要依次完成 {total} 步验证。第 {number} 步：{}", name.0),
                    Lang::En => format!("Here you verify in {total} steps, in turn. Step {number}: {}", name.1),
                }}</p>
            }
        })
    };
    // Reading a record asks for more than one method: say how many, and which have passed.
    let steps_note = (session.required > 1 && !session.in_order).then(|| {
        let (required, passed) = (session.required, session.passed.clone());
        let still = required.saturating_sub(passed.len() as u32);
        let state = if passed.is_empty() { "methods-required" } else { "method-passed" };
        view! {
            <p class="notice" role="status" data-testid="methods-required" data-state=state>{move || {
                let l = lang.get();
                let names: Vec<String> = passed.iter().map(|m| pick(l, &verify_method_name(*m))).collect();
                match (l, names.is_empty()) {
                    (Lang::Zh, true) => format!("为保护您的个人信息，查询参保记录需要完成 {required} 种验证。"),
                    (Lang::En, true) => format!("To protect your details, reading your record takes {required} ways of verifying."),
                    (Lang::Zh, false) => format!("已通过：{}。还需完成 {still} 种验证。", names.join("、")),
                    (Lang::En, false) => format!("Passed: {}. {still} more to go.", names.join(", ")),
                }
            }}</p>
        }
    });
    // The e-card's panel, where it is offered, arrives while the person chooses.
    if offered.contains(&VerifyMethod::Ecard) {
        leptos::task::spawn_local(async {
            let _ = ecard_panel().await;
        });
    }
    view! {
        <p class="who">{move || match app.flow.with(|f| f.purpose) {
            Purpose::Pay => tr("缴费人：", "Payer: ")(),
            Purpose::Record => tr("本人：", "You: ")(),
        }}<span data-testid="payer">{who}</span>" "
            <button type="button" class="link-button" on:click=change>{tr("修改信息", "Change details")}</button></p>
        {in_turn}
        {steps_note}
        {failure_note}
        <fieldset class="cells" id="method" data-state="methods">
            <legend>{tr("选择验证方式", "Choose how to verify")}</legend>
            {offered.iter().enumerate().map(|(i, &m)| {
                let name = verify_method_name(m);
                let is_failed = move || failed.has(m);
                let done = passed.contains(&m);
                // In order, a later step waits for the ones before it.
                let later = in_order && !done && next_step != Some(m);
                view! {
                    <RadioCell name="verify-method" id=format!("method-{}", m.as_str())
                        checked=Signal::derive(move || method.get() == Some(m)) disabled=Signal::derive(move || done || later || is_failed())
                        on_select=move |_| method.set(Some(m))>
                        <span class="cell-title">{move || pick(lang.get(), &name)}</span>
                        {done.then(|| view! { <span class="cell-note">{tr("已通过", "Passed")}</span> })}
                        {later.then(|| view! { <span class="cell-note">{move || match lang.get() {
                            Lang::Zh => format!("第 {} 步", i + 1),
                            Lang::En => format!("Step {}", i + 1),
                        }}</span> })}
                        <Show when=is_failed><span class="cell-note">{if in_order { tr("未能完成", "Did not work") } else { tr("未能完成，请换一种方式", "Did not work: use another") }}</span></Show>
                    </RadioCell>
                }
            }).collect_view()}
        </fieldset>
        {move || {
            let session_id = session_id.clone();
            match method.get() {
                Some(VerifyMethod::Sms) => view! { <SmsPanel session_id masked_mobile=masked_mobile.clone() failed /> }.into_any(),
                Some(VerifyMethod::Ecard) => when_arrived(ecard_panel, move |panel| panel((session_id.clone(), failed))).into_any(),
                Some(VerifyMethod::Face) => view! { <FacePanel session_id failed face_returned /> }.into_any(),
                None => ().into_any(),
            }
        }}
    }
}

/// Methods that did not work, each with the backend's reason, in the order they failed.
#[derive(Clone, Copy, Default)]
pub(super) struct FailedMethods(RwSignal<Vec<(VerifyMethod, ApiError)>>);

impl FailedMethods {
    pub(super) fn methods(&self) -> Vec<VerifyMethod> {
        self.0.with(|f| f.iter().map(|(m, _)| *m).collect())
    }

    fn has(&self, method: VerifyMethod) -> bool {
        self.0.with(|f| f.iter().any(|(m, _)| *m == method))
    }

    fn clear(&self) {
        self.0.set(Vec::new());
    }

    /// A method that is locked, did not confirm the person, or whose provider is down is
    /// marked, so the other methods are offered instead.
    pub(super) fn mark_if_failed(&self, method: VerifyMethod, error: &ApiError) {
        if marks_method_failed(error) && !self.0.with_untracked(|f| f.iter().any(|(m, _)| *m == method)) {
            self.0.update(|f| f.push((method, error.clone())));
        }
    }
}

/// Errors that end a method: the method-failed note explains them (with the reason), so the
/// method's own panel does not show them as well.
pub(super) fn marks_method_failed(error: &ApiError) -> bool {
    matches!(error, ApiError::TooManyAttempts | ApiError::VerificationFailed | ApiError::MethodUnavailable)
}

/// A failed request of a method's panel, unless it ended the method (see above).
pub(super) fn panel_problem<T: Clone + Send + Sync + 'static>(result: Option<Result<T, ApiError>>) -> Option<impl IntoView> {
    let error = result?.err().filter(|e| !marks_method_failed(e))?;
    Some(view! { <ApiProblem error /> })
}

/// What every method does with the backend's answer: a token moves on (to the tier screen, or
/// to the record); a method that passed while the purpose needs another is marked passed, and a
/// locked or failed one is marked so the others are offered.
pub(super) fn use_verified_handler(failed: FailedMethods, method: Option<VerifyMethod>) -> impl Fn(&Result<Verified, ApiError>) + Clone + 'static {
    let app = use_app();
    let navigate = navigator();
    move |result: &Result<Verified, ApiError>| match result {
        Ok(Verified { token: Some(token), expires_in_seconds, .. }) => {
            // When it runs out, by this browser's clock: the screens say so before it does.
            let time = TokenTime::from_now(now_ms(), *expires_in_seconds, true);
            match app.flow.with_untracked(|f| f.purpose) {
                Purpose::Record => {
                    let back = app.flow.try_update(|f| {
                        let back = f.record_verified(token.clone());
                        f.token_granted(time);
                        back
                    });
                    navigate_to(&back.unwrap_or_else(|| RECORD_PATH.into()), false);
                }
                Purpose::Pay => {
                    let pending = pending_payments();
                    let next = app.flow.try_update(|f| {
                        let next = f.verified(token.clone(), &pending);
                        f.token_granted(time);
                        next
                    });
                    navigate(next.unwrap_or(Step::Tier), false);
                }
            }
        }
        Ok(Verified { token: None, passed, .. }) => app.flow.update(|f| f.method_passed(passed.clone())),
        Err(error) => {
            if let Some(method) = method {
                failed.mark_if_failed(method, error);
            }
        }
    }
}

pub(super) const RECORD_PATH: &str = "/record";

/// An action that asks the backend to verify with `method` and handles the answer.
pub(super) fn verify_action<I: 'static>(
    failed: FailedMethods,
    method: VerifyMethod,
    request: impl Fn(&I) -> ApiFuture<Verified> + 'static,
) -> Action<I, Result<Verified, ApiError>> {
    let on_result = use_verified_handler(failed, Some(method));
    Action::new_local(move |input: &I| {
        let request = request(input);
        let on_result = on_result.clone();
        async move {
            let result = request.await;
            on_result(&result);
            result
        }
    })
}

/// Submitting a six-digit code or password: check it here, say what is wrong beside the field,
/// or send it (never twice at once).
pub(super) fn submit_six_digits(
    field: &'static str,
    what: (&'static str, &'static str),
    value: RwSignal<String>,
    problems: RwSignal<Vec<FieldProblem>>,
    check: Action<String, Result<Verified, ApiError>>,
) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
    move |ev| {
        ev.prevent_default();
        if check.pending().get_untracked() {
            return;
        }
        match validate_six_digits(&value.get_untracked()) {
            Err(e) => problems.set(vec![FieldProblem { field, message: six_digit_error(e, &(what.0.into(), what.1.into())) }]),
            Ok(valid) => {
                problems.set(vec![]);
                check.dispatch(valid);
            }
        }
    }
}

/// The end of a code or password form: what the backend said if it refused, and the submit
/// button, disabled while the check is pending.
#[component]
pub(super) fn VerifySubmit(check: Action<String, Result<Verified, ApiError>>) -> impl IntoView {
    view! {
        {move || panel_problem(check.value().get())}
        <div class="actions">
            <button type="submit" class="button button-primary" disabled=move || check.pending().get()>
                {move || if check.pending().get() { tr("正在验证…", "Checking…")() } else { tr("验证并继续", "Verify and continue")() }}
            </button>
        </div>
    }
}
