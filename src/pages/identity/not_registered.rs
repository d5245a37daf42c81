//! 未参保: the backend has no registration for the person in the city (or a pilot county has
//! not confirmed their eligibility offline). Where and how to register, and from when paying
//! online works, all from the backend, instead of a bare refusal. The details typed stay in
//! the form above, to correct and send again.

use crate::api::{RegistrationGuide, RegistrationKind};
use crate::i18n::{tr, Lang};
use crate::state::use_app;
use leptos::prelude::*;

#[component]
pub(super) fn NotRegistered(guide: Option<Box<RegistrationGuide>>) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    let place = app.flow.with_untracked(|f| f.place.clone()).unwrap_or_default();
    let Some(guide) = guide else {
        return view! {
            <div class="problem" role="alert" data-state="problem-NotRegistered" data-problem="NotRegistered">
                <p>{tr("本地区没有查到您的参保登记信息，暂时不能在线缴费。请到当地社保经办机构咨询，或拨打 12333。",
                    "There is no registration for you here, so you cannot pay online yet. Ask at the local social security office, or call 12333.")}</p>
            </div>
        }
        .into_any();
    };
    let confirm = guide.kind == RegistrationKind::ConfirmEligibility;
    let days = guide.pay_online_after_days;
    let text = move || {
        let l = lang.get();
        let (place, office, correct) = (place.get(l), guide.office.get(l), guide.correct_details.get(l));
        let online = guide.online.as_ref().map(|o| o.get(l));
        match l {
            Lang::Zh => [
                if confirm { format!("在{place}，参保资格需先线下确认。您的资格尚未确认，暂时不能在线缴费。") } else { format!("在{place}没有查到您的参保登记信息（未参保），暂时不能在线缴费。") },
                format!(
                    "请携带身份证{}到{office}{}{}。",
                    if confirm { "和户口本" } else { "" },
                    if confirm { "确认参保资格" } else { "办理参保登记" },
                    online.map(|o| format!("，也可以在{o}线上办理")).unwrap_or_default()
                ),
                match days {
                    1 => format!("{}后次日起可在线缴费。", if confirm { "确认" } else { "登记" }),
                    n => format!("{}后第 {n} 天起可在线缴费。", if confirm { "确认" } else { "登记" }),
                },
                format!("如果您已参保，但姓名或身份证号与登记信息不符，请{correct}。仍有疑问请拨打 12333。"),
            ],
            Lang::En => [
                if confirm { format!("In {place}, eligibility is confirmed offline first. Yours is not confirmed yet, so you cannot pay online yet.") } else { format!("There is no registration for you in {place} (未参保), so you cannot pay online yet.") },
                format!(
                    "Take your ID card{} to {office} to {}{}.",
                    if confirm { " and household register" } else { "" },
                    if confirm { "have your eligibility confirmed" } else { "register" },
                    online.map(|o| format!(", or do it online in {o}")).unwrap_or_default()
                ),
                match days {
                    1 => "You can pay online from the next day.".to_string(),
                    n => format!("You can pay online from {n} days after."),
                },
                format!("If you are registered but your name or ID number does not match the registration, {correct}. For anything else, call 12333."),
            ],
        }
        .map(|line| view! { <p>{line}</p> })
        .collect_view()
    };
    view! {
        <div class="problem" role="alert" data-state="problem-NotRegistered" data-problem="NotRegistered" data-testid="not-registered">{text}</div>
    }
    .into_any()
}
