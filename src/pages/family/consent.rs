//! An adult relative's consent: the code sent to the phone they registered, which they read out
//! to the payer. Typing it in is their agreement to be paid for and looked after.

use super::{family_token, family_call, FAMILY_PATH};
use crate::api::{ApiError, Consent, Family, FamilyMember};
use crate::components::form::{ErrorSummary, FieldProblem, TextField};
use crate::components::layout::ScreenTitle;
use crate::components::problem::ApiProblem;
use crate::components::remote::{Load, Remote};
use crate::domain::identity::validate_six_digits;
use crate::i18n::{api_error, six_digit_error, tr, Lang};
use crate::router::{navigate_to, query_param};
use crate::state::use_app;
use leptos::prelude::*;

#[component]
pub fn FamilyConsentScreen() -> impl IntoView {
    let app = use_app();
    let Some(token) = family_token(&app) else {
        return ().into_any();
    };
    let member_id = query_param("member").unwrap_or_default();
    let api = app.api.clone();
    let t = token.clone();
    let family = Remote::once(move || {
        let t = t.clone();
        family_call(&api, move |f| f.family(&t))
    });
    view! {
        <p><a class="link-target" href=FAMILY_PATH>{tr("← 返回亲情账户", "← Back to my family")}</a></p>
        <ScreenTitle zh="亲属授权" en="Their consent" />
        {move || match family.state.get() {
            Load::Ready(Ok(list)) => match list.member(&member_id).cloned() {
                Some(member) if member.consent == Consent::Pending => view! { <CodeForm member family=list token=token.clone() /> }.into_any(),
                Some(member) => view! { <Settled member /> }.into_any(),
                None => view! {
                    <div class="notice" role="status" data-state="no-member">
                        <p>{tr("没有找到这位家庭成员，可能已被移出。", "This relative was not found: they may have been removed.")}</p>
                        <a class="button button-secondary" href=FAMILY_PATH>{tr("返回亲情账户", "Back to my family")}</a>
                    </div>
                }.into_any(),
            },
            Load::Ready(Err(error)) => view! { <crate::pages::record::RecordProblem error retry=Callback::new(move |_| family.refetch()) /> }.into_any(),
            _ => family.view(|_| ()).into_any(),
        }}
    }
    .into_any()
}

/// A member whose consent is not waiting for a code (given already, or never needed).
#[component]
fn Settled(member: FamilyMember) -> impl IntoView {
    let lang = use_app().lang;
    view! {
        <div class="notice" role="status" data-state=format!("consent-{:?}", member.consent)>
            <p>{move || match (lang.get(), member.consent) {
                (Lang::Zh, Consent::Granted) => format!("{} 已授权，无需再输入验证码。", member.name),
                (Lang::En, Consent::Granted) => format!("{} has given their consent already.", member.name),
                (Lang::Zh, _) => format!("{} 目前没有待输入的验证码，请在亲情账户中重新请求授权。", member.name),
                (Lang::En, _) => format!("There is no code waiting for {}: ask for their consent again from your family list.", member.name),
            }}</p>
            <a class="button button-secondary" href=FAMILY_PATH>{tr("返回亲情账户", "Back to my family")}</a>
        </div>
    }
}

#[component]
fn CodeForm(member: FamilyMember, family: Family, token: String) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    let code = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let sent_to = RwSignal::new(member.code_sent_to.clone().unwrap_or_default());
    let api = app.api.clone();
    let (t, mid) = (token.clone(), member.member_id.clone());
    let confirm = Action::new_local(move |code: &String| {
        let (t, mid, code) = (t.clone(), mid.clone(), code.clone());
        family_call(&api, move |f| f.confirm_consent(&t, &mid, &code))
    });
    let api = app.api.clone();
    let (t, mid) = (token, member.member_id.clone());
    let resend = Action::new_local(move |_: &()| {
        let (t, mid) = (t.clone(), mid.clone());
        family_call(&api, move |f| f.request_consent(&t, &mid))
    });
    Effect::new(move |_| match confirm.value().get() {
        Some(Ok(member)) => navigate_to(&format!("{FAMILY_PATH}?consented={}", member.member_id), false),
        Some(Err(error @ (ApiError::InvalidCode { .. } | ApiError::CodeExpired))) => {
            problems.set(vec![FieldProblem { field: "consent-code", message: api_error(&error) }]);
        }
        _ => {}
    });
    Effect::new(move |_| {
        if let Some(Ok(member)) = resend.value().get() {
            sent_to.set(member.code_sent_to.unwrap_or_default());
            problems.set(vec![]);
            // A new code: what went wrong with the old one no longer matters.
            confirm.value().set(None);
        }
    });
    let last_code = StoredValue::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if confirm.pending().get_untracked() {
            return;
        }
        match validate_six_digits(&code.get_untracked()) {
            Err(e) => problems.set(vec![FieldProblem { field: "consent-code", message: six_digit_error(e, &("验证码".into(), "code".into())) }]),
            Ok(valid) => {
                problems.set(vec![]);
                last_code.set_value(valid.clone());
                confirm.dispatch(valid);
            }
        }
    };
    let name = member.name.clone();
    let days = family.consent_days;
    let explained = move || match lang.get() {
        Lang::Zh => format!("验证码已发送至 {}（{name} 在社保登记的手机）。请向对方索取验证码并在此输入。输入即表示对方同意您为其缴费、查看其参保和缴费情况，授权有效期 {days} 天，对方可随时撤回。", sent_to.get()),
        Lang::En => format!("A code was sent to {} (the phone {name} registered with social security). Ask them for it and type it in here. It is their agreement that you pay for them and see their insurance, for {days} days; they can withdraw it at any time.", sent_to.get()),
    };
    let state = move || match confirm.value().get() {
        Some(Err(error)) => format!("problem-{}", error.kind()),
        _ => "code".into(),
    };
    let confirm_problem = move || match confirm.value().get() {
        Some(Err(error)) => code_problem(error, Callback::new(move |_| { confirm.dispatch(last_code.get_value()); })),
        _ => None,
    };
    let resend_problem = move || match resend.value().get() {
        Some(Err(error)) => code_problem(error, Callback::new(move |_| { resend.dispatch(()); })),
        _ => None,
    };
    view! {
        <ErrorSummary problems />
        <form on:submit=submit novalidate data-state=state>
            <p class="lead" data-testid="consent-sent-to">{explained}</p>
            {move || resend.value().with(|v| matches!(v, Some(Ok(_)))).then(|| view! {
                <p class="notice notice-success" role="status">{tr("已重新发送验证码。", "A new code was sent.")}</p>
            })}
            <TextField id="consent-code" label=("对方收到的 6 位验证码", "The 6-digit code they received") value=code problems inputmode="numeric" autocomplete="one-time-code" maxlength=6 />
            {confirm_problem}
            {resend_problem}
            <div class="actions">
                <button type="submit" class="button button-primary" data-testid="confirm-consent" disabled=move || confirm.pending().get()>
                    {move || if confirm.pending().get() { tr("正在确认…", "Checking…")() } else { tr("确认授权", "Confirm consent")() }}
                </button>
                <button type="button" class="button button-secondary" data-testid="resend-consent" disabled=move || resend.pending().get()
                    on:click=move |_| { resend.dispatch(()); }>{tr("重新发送验证码", "Send a new code")}</button>
            </div>
        </form>
    }
}


/// A refusal the code field does not explain (those go beside it), with its next step.
fn code_problem(error: ApiError, retry: Callback<()>) -> Option<AnyView> {
    match error {
        ApiError::InvalidCode { .. } | ApiError::CodeExpired => None,
        ApiError::SessionExpired => Some(view! { <crate::pages::record::RecordProblem error retry /> }.into_any()),
        ApiError::TooManyAttempts => Some(view! {
            <div class="problem" role="alert" data-state="problem-TooManyAttempts" data-problem="TooManyAttempts">
                <p>{tr("验证码输错次数过多，这个验证码已失效。请重新发送验证码。", "Too many wrong codes: this code no longer works. Send a new one.")}</p>
            </div>
        }.into_any()),
        error => Some(view! { <ApiProblem error retry /> }.into_any()),
    }
}
