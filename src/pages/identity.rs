//! Step 2: who is paying. Name, ID number and mobile; then whichever methods the backend offers
//! (SMS code, e-card password, face). A method that fails leaves the others on offer.

use crate::api::{payment_call, ApiError, ApiFuture, Purpose, StartVerification, VerificationSession, Verified, VerifyMethod};
use crate::components::cells::RadioCell;
use crate::components::form::{ErrorSummary, FieldProblem, TextField};
use crate::components::keypad::Keypad;
use crate::components::layout::{RedirectNotice, ScreenTitle};
use crate::components::problem::ApiProblem;
use crate::components::time_limit::use_clock;
use crate::domain::time_limit::{minutes_seconds, TokenTime};
use crate::domain::flow::Step;
use crate::domain::identity::{validate_id_number, validate_mobile, validate_name, validate_six_digits};
use crate::i18n::{api_error, id_number_error, mobile_error, name_error, pick, product_fallback_name, six_digit_error, tr, verify_method_name, Lang};
use crate::platform::now_ms;
use crate::state::{guarded, navigator, pending_payments, use_app, IdentityDraft};
use crate::screens::when_arrived;
use leptos::prelude::*;
use crate::router::{navigate_to, query_param};
use std::time::Duration;

#[component]
pub fn IdentityScreen() -> impl IntoView {
    let app = use_app();
    let purpose = app.flow.with_untracked(|f| f.purpose);
    match purpose {
        // Verifying to read the record needs the city chosen on the record screen.
        Purpose::Record if app.flow.with_untracked(|f| f.record.is_none()) => {
            request_animation_frame(|| navigate_to(RECORD_PATH, true));
            return ().into_any();
        }
        Purpose::Record => {}
        Purpose::Pay if guarded(Step::Identity, |f| f.order()).is_none() => return ().into_any(),
        Purpose::Pay => {}
    }
    let lang = app.lang;
    // The ways to verify arrive while the person types their details.
    leptos::task::spawn_local(async {
        let _ = method_chooser().await;
    });
    let session = Memo::new(move |_| app.flow.with(|f| f.session().cloned()));
    let failed = FailedMethods::default();
    // Back from the face hand-off (`?face=done|cancelled`): resume on the face panel, once.
    let face_returned = RwSignal::new(query_param("face"));
    let method = RwSignal::new(face_returned.get_untracked().map(|_| VerifyMethod::Face));

    // Whenever the methods on offer change, pick the first that has not failed.
    // (Reads `method` untracked and writes only on change, so the effect cannot re-trigger itself.)
    Effect::new(move |_| {
        let (offered, passed) = session.get().map(|s| (s.methods, s.passed)).unwrap_or_default();
        let failed: Vec<VerifyMethod> = failed.methods().into_iter().chain(passed).collect();
        let current = method.get_untracked();
        if current.is_none_or(|m| failed.contains(&m) || !offered.contains(&m)) {
            let next = offered.into_iter().find(|m| !failed.contains(m));
            if next != current {
                method.set(next);
            }
        }
    });

    let order_line = move || {
        app.flow.with(|f| {
            let l = lang.get();
            if let (Purpose::Record, Some(record)) = (f.purpose, &f.record) {
                let place = record.place.as_ref().map(|p| p.get(l)).unwrap_or_default();
                // The family reads with the same verification as the record.
                let family = record.return_to.as_deref().is_some_and(|to| to.starts_with("/family"));
                let job = if family { l.pick("亲情账户", "My family") } else { l.pick("查询我的社保", "Reading my record") };
                return format!("{place} · {job}");
            }
            let place = f.place.as_ref().map(|p| p.get(l)).unwrap_or_default();
            let product = f.product.map(|p| pick(l, &product_fallback_name(p))).unwrap_or_default();
            let year = f.year.map(|y| if l == Lang::Zh { format!("{y} 年度") } else { y.to_string() }).unwrap_or_default();
            format!("{place} · {product} · {year}")
        })
    };

    view! {
        <RedirectNotice />
        {match purpose {
            Purpose::Pay => view! { <ScreenTitle zh="身份验证" en="Verify who you are" step=Step::Identity /> <p class="lead">{tr(IDENTITY_INSTRUCTION.0, IDENTITY_INSTRUCTION.1)}</p> }.into_any(),
            Purpose::Record => view! { <ScreenTitle zh="身份验证" en="Verify who you are" /> <p class="lead">{tr(IDENTITY_INSTRUCTION.0, IDENTITY_INSTRUCTION.1)}</p> }.into_any(),
        }}
        <p class="order-line"><span data-testid="order-line">{order_line}</span>" "
            <a href=if purpose == Purpose::Record { RECORD_PATH } else { "/" }>{tr("修改", "Change")}</a></p>
        {move || match session.get() {
            None => view! { <PersonForm /> }.into_any(),
            Some(s) => when_arrived(method_chooser, move |chooser| chooser((s.clone(), failed, method, face_returned))).into_any(),
        }}
    }
    .into_any()
}

const IDENTITY_INSTRUCTION: (&str, &str) = ("请填写姓名、身份证号码和手机号码，然后选择一种验证方式。", "Enter your name, ID number and mobile number, then choose how to verify.");

/// Name, ID number and mobile, checked here first and then by the backend.
#[component]
fn PersonForm() -> impl IntoView {
    let app = use_app();
    let draft = app.draft.get_untracked();
    let name = RwSignal::new(draft.name);
    let id_number = RwSignal::new(draft.id_number);
    let mobile = RwSignal::new(draft.mobile);
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    // Keep what was typed across screens (in memory only).
    Effect::new(move |_| {
        app.draft.set(IdentityDraft { name: name.get(), id_number: id_number.get(), mobile: mobile.get() });
    });
    let api = app.api.clone();
    let start = Action::new_local(move |request: &StartVerification| {
        let request = request.clone();
        payment_call(&api, move |pay| pay.start_verification(request))
    });
    let on_verified = use_verified_handler(FailedMethods::default(), None);
    Effect::new(move |_| match start.value().get() {
        // Methods passed to read the record cover paying too: verified at once.
        Some(Ok(crate::api::VerificationSession { verified: Some(verified), .. })) => on_verified(&Ok(verified)),
        Some(Ok(session)) => app.flow.update(|f| f.set_session(Some(session))),
        _ => {}
    });
    // Paying a gap just seen in the record: the record's verification is built on, and the
    // details are not typed again. (If it is refused, the form is there as usual.)
    if let Some((prior, member)) = app.flow.with_untracked(|f| f.prior_token_for_paying()) {
        if let Some(order) = app.flow.with_untracked(|f| f.order()) {
            start.dispatch(StartVerification { prior_token: Some(prior), member, ..StartVerification::to_pay(order, String::new(), String::new(), String::new()) });
        }
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if start.pending().get_untracked() {
            return;
        }
        let mut found = Vec::new();
        let checked_name = validate_name(&name.get_untracked()).map_err(|e| found.push(FieldProblem { field: "name", message: name_error(e) }));
        let checked_id = validate_id_number(&id_number.get_untracked()).map_err(|e| found.push(FieldProblem { field: "id-number", message: id_number_error(e) }));
        let checked_mobile = validate_mobile(&mobile.get_untracked()).map_err(|e| found.push(FieldProblem { field: "mobile", message: mobile_error(e) }));
        problems.set(found);
        let (Ok(name), Ok(id_number), Ok(mobile)) = (checked_name, checked_id, checked_mobile) else {
            return;
        };
        let request = app.flow.with_untracked(|f| match f.purpose {
            Purpose::Pay => f.order().map(|order| StartVerification::to_pay(order, name, id_number, mobile)),
            Purpose::Record => f.record.as_ref().map(|r| StartVerification::to_read_record(r.city.clone(), name, id_number, mobile)),
        });
        if let Some(request) = request {
            start.dispatch(request);
        }
    };
    let error = move || match start.value().get() {
        Some(Err(ApiError::InvalidRequest { field })) => {
            let (id, message) = match field.as_deref() {
                Some("name") => ("name", ("请检查姓名".to_string(), "Check the name".to_string())),
                Some("mobile") => ("mobile", ("请检查手机号".to_string(), "Check the mobile number".to_string())),
                _ => ("id-number", ("请检查身份证号".to_string(), "Check the ID number".to_string())),
            };
            problems.set(vec![FieldProblem { field: id, message }]);
            None
        }
        Some(Err(error)) => Some(view! { <ApiProblem error /> }),
        _ => None,
    };
    view! {
        <ErrorSummary problems />
        {error}
        <form on:submit=submit novalidate data-state="details">
            <TextField id="name" label=("姓名", "Full name") hint=("与身份证上的姓名一致", "As on your ID card")
                value=name problems autocomplete="name" />
            <TextField id="id-number" label=("身份证号", "Resident ID number")
                hint=("18 位，最后一位可能是 X", "18 characters; the last may be X")
                value=id_number problems inputmode="text" maxlength=22 />
            <TextField id="mobile" label=("手机号", "Mobile number") hint=("用于接收短信验证码", "We send the SMS code here")
                value=mobile problems input_type="tel" inputmode="tel" autocomplete="tel" maxlength=16 />
            <div class="actions">
                <button type="submit" class="button button-primary" disabled=move || start.pending().get()
                    aria-busy=move || start.pending().get().then_some("true")>
                    {move || if start.pending().get() { tr("正在提交…", "Sending…")() } else { tr("下一步", "Continue")() }}
                </button>
            </div>
        </form>
        <DemoPeople name id_number mobile />
    }
}

/// In the demo build, the documented demo people can be filled in with one tap. The panel is in
/// the demo backend's download, which a deployment naming a backend never fetches.
#[component]
fn DemoPeople(name: RwSignal<String>, id_number: RwSignal<String>, mobile: RwSignal<String>) -> impl IntoView {
    let app = use_app();
    (app.api.describe() == "demo").then(|| when_arrived(demo_people_panel, move |panel| panel(name, id_number, mobile)))
}

type PanelFields = fn(RwSignal<String>, RwSignal<String>, RwSignal<String>) -> AnyView;

on_demand! {
    // With the demo's first download (not the rest of the demo backend), so the identity screen
    // does not wait for the whole backend to show its panel (the chunk's second split point).
    chunk demo #"00000000000000000000000000000001";
    fn demo_people_panel() -> PanelFields {
        |name, id_number, mobile| {
            let people = crate::api::demo::fixtures::PEOPLE;
            view! {
                <details class="demo-panel">
                    <summary>{tr("演示：选择一位演示人员", "Demo: fill in a demo person")}</summary>
                    <ul>
                        {people.iter().map(|p| {
                            let fill = move |_| { name.set(p.name.into()); id_number.set(p.id_number.into()); mobile.set(p.mobile.into()); };
                            let scenario = format!("{:?}", p.scenario);
                            view! { <li><button type="button" class="link-button" on:click=fill data-scenario=scenario>{p.name}" · "{p.id_number}</button></li> }
                        }).collect_view()}
                    </ul>
                </details>
            }
            .into_any()
        }
    }
}

type ChooserProps = (VerificationSession, FailedMethods, RwSignal<Option<VerifyMethod>>, RwSignal<Option<String>>);

on_demand! {
    chunk screen_identity_methods;
    /// The second half of the screen (the ways to verify and their panels), in a download of its
    /// own: the person is still typing their details while it arrives.
    fn method_chooser() -> fn(ChooserProps) -> AnyView {
        |(session, failed, method, face_returned)| view! { <MethodChooser session failed method face_returned /> }.into_any()
    }
}

#[component]
fn MethodChooser(
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
    let methods = session.methods.clone();
    let passed_before = session.passed.clone();
    let failure_note = move || {
        let (last, why) = failed.0.with(|f| f.last().cloned())?;
        let failed = failed.methods();
        let left: Vec<String> = methods.iter().filter(|m| !failed.contains(m) && !passed_before.contains(m)).map(|m| pick(lang.get(), &verify_method_name(*m))).collect();
        let name = pick(lang.get(), &verify_method_name(last));
        // Why it did not work (locked, not matched, provider down), then what is left.
        let why = view! { <p data-testid="method-failed-why">{pick(lang.get(), &api_error(&why))}</p> };
        Some(if left.is_empty() {
            view! { <div class="problem" role="alert" data-testid="all-methods-failed" data-state="all-methods-failed">{why}<p>{match lang.get() {
                Lang::Zh => "所有验证方式都未通过。请携带身份证到社保经办机构办理，或拨打 12333 咨询。".to_string(),
                Lang::En => "None of the ways to verify worked. Take your ID card to a social security office, or call 12333.".to_string(),
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
    // Reading a record asks for more than one method: say how many, and which have passed.
    let steps_note = (session.required > 1).then(|| {
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
    view! {
        <p class="who">{move || match app.flow.with(|f| f.purpose) {
            Purpose::Pay => tr("缴费人：", "Payer: ")(),
            Purpose::Record => tr("本人：", "You: ")(),
        }}<span data-testid="payer">{who}</span>" "
            <button type="button" class="link-button" on:click=change>{tr("修改信息", "Change details")}</button></p>
        {steps_note}
        {failure_note}
        <fieldset class="cells" id="method" data-state="methods">
            <legend>{tr("选择验证方式", "Choose how to verify")}</legend>
            {offered.into_iter().map(|m| {
                let name = verify_method_name(m);
                let is_failed = move || failed.has(m);
                let done = passed.contains(&m);
                view! {
                    <RadioCell name="verify-method" id=format!("method-{}", m.as_str())
                        checked=Signal::derive(move || method.get() == Some(m)) disabled=Signal::derive(move || done || is_failed())
                        on_select=move || method.set(Some(m))>
                        <span class="cell-title">{move || pick(lang.get(), &name)}</span>
                        {done.then(|| view! { <span class="cell-note">{tr("已通过", "Passed")}</span> })}
                        <Show when=is_failed><span class="cell-note">{tr("未能完成，请换一种方式", "Did not work: use another")}</span></Show>
                    </RadioCell>
                }
            }).collect_view()}
        </fieldset>
        {move || {
            let session_id = session_id.clone();
            match method.get() {
                Some(VerifyMethod::Sms) => view! { <SmsPanel session_id masked_mobile=masked_mobile.clone() failed /> }.into_any(),
                Some(VerifyMethod::Ecard) => view! { <EcardPanel session_id failed /> }.into_any(),
                Some(VerifyMethod::Face) => view! { <FacePanel session_id failed face_returned /> }.into_any(),
                None => ().into_any(),
            }
        }}
    }
}

/// Methods that did not work, each with the backend's reason, in the order they failed.
#[derive(Clone, Copy, Default)]
struct FailedMethods(RwSignal<Vec<(VerifyMethod, ApiError)>>);

impl FailedMethods {
    fn methods(&self) -> Vec<VerifyMethod> {
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
    fn mark_if_failed(&self, method: VerifyMethod, error: &ApiError) {
        if marks_method_failed(error) && !self.0.with_untracked(|f| f.iter().any(|(m, _)| *m == method)) {
            self.0.update(|f| f.push((method, error.clone())));
        }
    }
}

/// Errors that end a method: the method-failed note explains them (with the reason), so the
/// method's own panel does not show them as well.
fn marks_method_failed(error: &ApiError) -> bool {
    matches!(error, ApiError::TooManyAttempts | ApiError::VerificationFailed | ApiError::MethodUnavailable)
}

/// A failed request of a method's panel, unless it ended the method (see above).
fn panel_problem<T: Clone + Send + Sync + 'static>(result: Option<Result<T, ApiError>>) -> Option<impl IntoView> {
    let error = result?.err().filter(|e| !marks_method_failed(e))?;
    Some(view! { <ApiProblem error /> })
}

/// What every method does with the backend's answer: a token moves on (to the tier screen, or
/// to the record); a method that passed while the purpose needs another is marked passed, and a
/// locked or failed one is marked so the others are offered.
fn use_verified_handler(failed: FailedMethods, method: Option<VerifyMethod>) -> impl Fn(&Result<Verified, ApiError>) + Clone + 'static {
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

const RECORD_PATH: &str = "/record";

/// An action that asks the backend to verify with `method` and handles the answer.
fn verify_action<I: 'static>(
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
fn submit_six_digits(
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
fn VerifySubmit(check: Action<String, Result<Verified, ApiError>>) -> impl IntoView {
    view! {
        {move || panel_problem(check.value().get())}
        <div class="actions">
            <button type="submit" class="button button-primary" disabled=move || check.pending().get()>
                {move || if check.pending().get() { tr("正在验证…", "Checking…")() } else { tr("验证并继续", "Verify and continue")() }}
            </button>
        </div>
    }
}

#[component]
fn SmsPanel(session_id: String, masked_mobile: String, failed: FailedMethods) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    let code = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let resend_at = RwSignal::new(None::<u64>);
    let expires_at = RwSignal::new(None::<u64>);
    let now = use_clock(Duration::from_millis(500));
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
                {demo.then(|| view! { <p class="demo-hint">{tr("演示环境：验证码为 123456", "Demo: the code is 123456")}</p> })}
                <VerifySubmit check />
            </form>
        </section>
    }
}

#[component]
fn EcardPanel(session_id: String, failed: FailedMethods) -> impl IntoView {
    let app = use_app();
    let password = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let api = app.api.clone();
    let check = verify_action(failed, VerifyMethod::Ecard, move |password: &String| {
        let (session_id, password) = (session_id.clone(), password.clone());
        payment_call(&api, move |pay| pay.check_ecard_password(&session_id, &password))
    });
    // A wrong password is cleared so the next try starts fresh (it is a secret, not typing to
    // keep); after a fault (no answer, a broken one) it stays, to be sent again as it is.
    Effect::new(move |_| {
        if let Some(Err(ApiError::InvalidCode { .. } | ApiError::TooManyAttempts)) = check.value().get() {
            password.set(String::new());
        }
    });
    let submit = submit_six_digits("ecard-password", ("电子社保卡密码", "e-card password"), password, problems, check);
    let demo = app.api.describe() == "demo";
    view! {
        <section class="panel" aria-labelledby="ecard-title" data-state="ecard">
            <h2 id="ecard-title">{tr("电子社保卡密码", "E-social security card password")}</h2>
            <ErrorSummary problems />
            <form on:submit=submit novalidate>
                <TextField id="ecard-password" label=("6 位数字密码", "6-digit password") value=password problems
                    input_type="password" inputmode="numeric" autocomplete="off" maxlength=6 />
                <p class="pin-dots" aria-hidden="true">
                    {move || (0..6).map(|i| if i < password.with(|p| p.chars().count()) { "●" } else { "○" }).collect::<String>()}
                </p>
                <Keypad value=password controls="ecard-password" />
                {demo.then(|| view! { <p class="demo-hint">{tr("演示环境：密码为 135790", "Demo: the password is 135790")}</p> })}
                <VerifySubmit check />
            </form>
        </section>
    }
}

#[component]
fn FacePanel(session_id: String, failed: FailedMethods, face_returned: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    let api = app.api.clone();
    let sid = session_id.clone();
    let start = Action::new_local(move |_: &()| {
        // Absolute, so a provider on another origin can send the person back.
        let origin = window().location().origin().unwrap_or_default();
        let (sid, back) = (sid.clone(), format!("{origin}/identity"));
        let request = payment_call(&api, move |pay| pay.start_face(&sid, &back));
        async move {
            let handoff = request.await.inspect_err(|error| failed.mark_if_failed(VerifyMethod::Face, error))?;
            if handoff.url.starts_with('/') && !handoff.url.starts_with("//") {
                navigate_to(&handoff.url, false);
            } else if window().location().assign(&handoff.url).is_err() {
                return Err(ApiError::BadResponse("face hand-off URL refused".into()));
            }
            Ok(())
        }
    });
    let api = app.api.clone();
    let result = verify_action(failed, VerifyMethod::Face, move |_: &()| {
        let session_id = session_id.clone();
        payment_call(&api, move |pay| pay.face_result(&session_id))
    });
    // Back from the face hand-off: ask the backend for the result once.
    let returned = face_returned.get_untracked();
    face_returned.set(None);
    if returned.as_deref() == Some("done") {
        result.dispatch(());
    }
    let cancelled = returned.as_deref() == Some("cancelled");
    view! {
        <section class="panel" aria-labelledby="face-title" data-state="face">
            <h2 id="face-title">{tr("人脸识别", "Face recognition")}</h2>
            <p>{tr("将打开人脸识别页面，完成后会自动回到这里。请在光线充足的地方正对手机。",
                "A face check page will open and bring you back here when done. Face your phone in good light.")}</p>
            {cancelled.then(|| view! { <p class="notice" role="status" data-state="face-cancelled">{tr("您已取消人脸识别，可以重新开始或换一种方式。", "You cancelled the face check. Start again or use another way.")}</p> })}
            <Show when=move || result.pending().get()>
                <p class="loading" role="status" data-state="face-checking"><span class="spinner" aria-hidden="true"></span>{tr("正在确认人脸识别结果…", "Checking the face result…")}</p>
            </Show>
            {move || panel_problem(result.value().get())}
            {move || panel_problem(start.value().get())}
            <div class="actions">
                <button type="button" class="button button-primary" disabled=move || start.pending().get() || result.pending().get()
                    on:click=move |_| { start.dispatch(()); }>
                    {tr("开始人脸识别", "Start face check")}
                </button>
            </div>
        </section>
    }
}
