//! 亲情账户: the relatives a payer may pay for and look after, each with where their consent
//! stands. Reached with the same verification as the record (a verified person, not an order):
//! first the city the payer is insured in and that verification, then the list.

pub mod add;
pub mod consent;
pub mod gallery;
pub mod order;
pub mod pay;

use crate::api::{after, ApiClient, ApiError, ApiFuture, Consent, Family, FamilyApi, FamilyMember, Relationship};
use crate::components::layout::{JobSwitch, RedirectNotice, ScreenTitle};
use crate::domain::access::Job;
use crate::components::remote::{Load, Remote};
use crate::i18n::{pick, tr, Lang, Message};
use crate::platform::beijing_time;
use crate::router::{navigate_to, query_param};
use crate::state::{use_app, AppContext};
use leptos::prelude::*;
use std::sync::Arc;

pub const FAMILY_PATH: &str = "/family";

/// Makes a family call once the family's API has arrived (its code may still be on its way).
pub fn family_call<T: 'static>(api: &Arc<dyn ApiClient>, call: impl FnOnce(&(dyn FamilyApi + 'static)) -> ApiFuture<T> + 'static) -> ApiFuture<T> {
    after(api.family_api(), call)
}

/// The payer's reading token, for the family's later screens (the router admits only someone
/// holding it).
pub fn family_token(app: &AppContext) -> Option<String> {
    app.flow.with_untracked(|f| f.record_token().map(str::to_string))
}

pub fn relationship_name(relationship: Relationship) -> Message {
    let (zh, en) = match relationship {
        Relationship::Parent => ("父母", "Parent"),
        Relationship::Spouse => ("配偶", "Spouse"),
        Relationship::Child => ("子女", "Child"),
        Relationship::Grandparent => ("祖父母、外祖父母", "Grandparent"),
        Relationship::Grandchild => ("孙子女、外孙子女", "Grandchild"),
        Relationship::Other => ("其他亲属", "Other relative"),
    };
    (zh.into(), en.into())
}

/// The day part of a backend time, in Beijing time (2027-11-22).
fn day(rfc3339: &str) -> String {
    beijing_time(rfc3339).chars().take(10).collect()
}

/// Where a member's consent stands, in words.
fn consent_text(lang: Lang, member: &FamilyMember) -> String {
    let when = |t: &Option<String>| t.as_deref().map(day).unwrap_or_default();
    match (lang, member.consent) {
        (Lang::Zh, Consent::NotNeeded) => "未成年人：由您作为监护人添加和代缴，无需授权".into(),
        (Lang::En, Consent::NotNeeded) => "A minor: added and paid for by you as guardian, no consent needed".into(),
        (Lang::Zh, Consent::Pending) => format!("等待对方授权：验证码已发送至 {}", member.code_sent_to.clone().unwrap_or_default()),
        (Lang::En, Consent::Pending) => format!("Waiting for their consent: a code was sent to {}", member.code_sent_to.clone().unwrap_or_default()),
        (Lang::Zh, Consent::Granted) => format!("已授权，有效期至 {}", when(&member.consent_until)),
        (Lang::En, Consent::Granted) => format!("Consent given, valid until {}", when(&member.consent_until)),
        (Lang::Zh, Consent::Withdrawn) => format!("对方已于 {} 撤回授权，暂不能为其缴费或查看记录", when(&member.withdrawn_at)),
        (Lang::En, Consent::Withdrawn) => format!("They withdrew their consent on {}: you cannot pay for them or see their record for now", when(&member.withdrawn_at)),
        (Lang::Zh, Consent::Expired) => format!("授权已于 {} 到期，需要对方重新授权", when(&member.consent_until)),
        (Lang::En, Consent::Expired) => format!("Their consent ran out on {}: they need to give it again", when(&member.consent_until)),
    }
}

#[component]
pub fn FamilyScreen() -> impl IntoView {
    let app = use_app();
    // Back at the family (from a relative's record too): the record screens show one's own again.
    crate::pages::record::read_own_record(&app);
    let token = Memo::new(move |_| app.flow.with(|f| f.record_token().map(str::to_string)));
    view! {
        <RedirectNotice />
        <JobSwitch here=Job::Family />
        <ScreenTitle zh="亲情账户" en="My family" />
        {move || match token.get() {
            None => view! {
                <p class="lead">{tr("为父母、配偶、子女等最多几位亲属缴费，并查看他们的缴费情况。成年亲属需要本人授权。",
                    "Pay for your parents, spouse, children and other relatives, and see how their contributions stand. An adult relative must give their consent.")}</p>
                <crate::pages::record::ChooseCity then=FAMILY_PATH />
            }.into_any(),
            Some(token) => view! { <FamilyList token /> }.into_any(),
        }}
    }
}

#[component]
fn FamilyList(token: String) -> impl IntoView {
    let app = use_app();
    let api = app.api.clone();
    let t = token.clone();
    let family = Remote::once(move || {
        let t = t.clone();
        family_call(&api, move |f| f.family(&t))
    });
    move || match family.state.get() {
        Load::Ready(Err(error)) => view! { <crate::pages::record::RecordProblem error retry=Callback::new(move |_| family.refetch()) /> }.into_any(),
        Load::Ready(Ok(list)) => view! { <Members family=list token=token.clone() shown=family.state refetch=Callback::new(move |_| family.refetch()) /> }.into_any(),
        _ => family.view(|_| ()).into_any(),
    }
}

/// A one-off line about what just happened (`?added=` / `?consented=` name a member by id).
fn arrival_notice(family: &Family) -> Option<impl IntoView> {
    let lang = use_app().lang;
    let (member, added) = match (query_param("added"), query_param("consented")) {
        (Some(id), _) => (family.member(&id)?.clone(), true),
        (None, Some(id)) => (family.member(&id)?.clone(), false),
        _ => return None,
    };
    let state = if added { "notice-added" } else { "notice-consented" };
    Some(view! {
        <div class="notice notice-success" role="status" data-state=state>
            {move || match (lang.get(), added) {
                (Lang::Zh, true) => format!("已添加 {}。", member.name),
                (Lang::En, true) => format!("{} is in your family now.", member.name),
                (Lang::Zh, false) => format!("{} 已授权，您可以为其缴费、查看其参保情况。", member.name),
                (Lang::En, false) => format!("{} gave their consent: you can pay for them and see their insurance.", member.name),
            }}
        </div>
    })
}

#[component]
fn Members(family: Family, token: String, shown: RwSignal<Load<Family>>, refetch: Callback<()>) -> impl IntoView {
    let lang = use_app().lang;
    let (count, max) = (family.members.len(), family.max_members);
    let notice = arrival_notice(&family);
    let full = family.is_full();
    let state = if family.members.is_empty() { "family-empty" } else if full { "family-full" } else { "family-members" };
    // The member whose removal is being confirmed: that is then the one primary action.
    let removing = RwSignal::new(None::<String>);
    let order_class = move || if removing.with(Option::is_some) { "button button-secondary" } else { "button button-primary" };
    view! {
        <div data-state=state>
            {notice}
            <p class="lead" data-testid="family-count">{move || match lang.get() {
                Lang::Zh => format!("已添加 {count} 位家庭成员，最多 {max} 位。"),
                Lang::En => format!("{count} of at most {max} relatives in your family."),
            }}</p>
            {family.members.is_empty().then(|| view! {
                <p>{tr("还没有家庭成员。添加后，您可以为他们缴费，并查看他们的缴费情况。",
                    "No relatives yet. Once you add them, you can pay for them and see how their contributions stand.")}</p>
            })}
            {(count > 0).then(|| view! {
                <p><a class=order_class href=order::FAMILY_ORDER_PATH data-testid="family-order">{tr("家庭缴费：查看并一次为多位家人缴费", "Pay for my family: see who is paid, and pay for several at once")}</a></p>
            })}
            <ul class="member-list" aria-label=move || lang.get().pick("家庭成员", "Relatives")>
                {family.members.into_iter().map(|member| view! { <MemberCard member token=token.clone() shown refetch removing /> }).collect_view()}
            </ul>
            {if full {
                view! {
                    <p class="notice" role="note" data-testid="family-full">{move || match lang.get() {
                        Lang::Zh => format!("家庭成员已达上限 {max} 位。如需添加，请先移除一位。"),
                        Lang::En => format!("Your family has the most relatives it may have ({max}). To add someone, first remove someone."),
                    }}</p>
                }.into_any()
            } else {
                // The first step of an empty list; beside members, one way on among others (a
                // removal being confirmed is then the one primary action).
                let class = if count == 0 { "button button-primary" } else { "button button-secondary" };
                view! { <p><a class=class href="/family/add" data-testid="add-member">{tr("添加家庭成员", "Add a relative")}</a></p> }.into_any()
            }}
            <p class="hint">{tr("成年亲属需本人授权：我们会向其在社保登记的手机发送验证码，授权可随时撤回，到期后需重新授权。",
                "An adult relative gives their consent with a code sent to the phone they registered with social security. They can withdraw it at any time, and it runs out after a while.")}</p>
        </div>
    }
}

/// `refetch` reloads the list: after asking again failed, the list says whether a code went out
/// after all (the member is then waiting for it) before anyone asks once more.
#[component]
fn MemberCard(member: FamilyMember, token: String, shown: RwSignal<Load<Family>>, refetch: Callback<()>, removing: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    let id = member.member_id.clone();
    let confirming = {
        let id = id.clone();
        Memo::new(move |_| removing.with(|r| r.as_ref() == Some(&id)))
    };
    let confirm = id.clone();
    let relationship = relationship_name(member.relationship);
    let api = app.api.clone();
    let (t, mid) = (token.clone(), id.clone());
    let remove = Action::new_local(move |_: &()| {
        let (t, mid) = (t.clone(), mid.clone());
        family_call(&api, move |f| f.remove_member(&t, &mid))
    });
    Effect::new(move |_| {
        if let Some(Ok(family)) = remove.value().get() {
            shown.set(Load::Ready(Ok(family)));
        }
    });
    let api = app.api.clone();
    let (t, mid) = (token, id.clone());
    let ask_again = Action::new_local(move |_: &()| {
        let (t, mid) = (t.clone(), mid.clone());
        family_call(&api, move |f| f.request_consent(&t, &mid))
    });
    Effect::new(move |_| {
        if let Some(Ok(member)) = ask_again.value().get() {
            navigate_to(&format!("/family/consent?member={}", member.member_id), false);
        }
    });
    let consent = member.consent;
    let status = {
        let member = member.clone();
        move || consent_text(lang.get(), &member)
    };
    let name = member.name.clone();
    let confirm_text = move || match lang.get() {
        Lang::Zh => format!("确定将 {name} 移出家庭？移出后不能再为其缴费或查看其记录，再次添加需要重新授权。"),
        Lang::En => format!("Remove {name} from your family? You will no longer pay for them or see their record; adding them again asks for their consent again."),
    };
    let enter_code = format!("/family/consent?member={id}");
    let (reader_id, reader_name) = (id.clone(), member.name.clone());
    let next_step = move || match consent {
        Consent::Pending => view! {
            <a class="button button-secondary" href=enter_code.clone() data-testid="enter-code">{tr("输入对方的验证码", "Type in their code")}</a>
        }.into_any(),
        Consent::Withdrawn | Consent::Expired => view! {
            <button type="button" class="button button-secondary" data-testid="ask-again" disabled=move || ask_again.pending().get()
                on:click=move |_| { ask_again.dispatch(()); }>{tr("重新请求授权", "Ask for consent again")}</button>
        }.into_any(),
        // 亲情社保: their record, read-only, on this same verification.
        Consent::Granted | Consent::NotNeeded => {
            let (id, name) = (reader_id.clone(), reader_name.clone());
            view! {
                <a class="button button-secondary" href=crate::pages::record::RECORD_PATH data-testid="read-record"
                    on:click=move |_| app.flow.update(|f| f.read_member_record(id.clone(), name.clone()))>{tr("查看社保记录", "See their record")}</a>
            }.into_any()
        }
    };
    view! {
        <li class="card member" data-member=member.member_id.clone() data-consent=format!("{consent:?}")>
            <h2 class="member-name">{member.name.clone()}" · "{move || pick(lang.get(), &relationship)}</h2>
            <p data-testid="member-id">{move || lang.get().pick("身份证号 ", "ID number ")}{member.id_number.clone()}</p>
            <p class:hint=consent.allows_acting() class:field-error=!consent.allows_acting() data-testid="member-consent">{status}</p>
            {move || ask_again.value().get().and_then(Result::err).map(|error| view! { <crate::pages::record::RecordProblem error retry=refetch /> })}
            {move || remove.value().get().and_then(Result::err).map(|error| view! { <crate::pages::record::RecordProblem error retry=Callback::new(move |_| { remove.dispatch(()); }) /> })}
            <Show when=move || confirming.get() fallback=move || view! {
                <div class="actions">
                    {next_step.clone()()}
                    <button type="button" class="link-button" data-testid="remove" on:click={ let id = confirm.clone(); move |_| removing.set(Some(id.clone())) }>{tr("移出家庭", "Remove")}</button>
                </div>
            }>
                <div class="notice" role="alert" data-state="confirm-remove">
                    <p>{confirm_text.clone()}</p>
                    <div class="actions">
                        <button type="button" class="button button-primary" data-testid="confirm-remove" disabled=move || remove.pending().get()
                            on:click=move |_| { remove.dispatch(()); }>{tr("确定移出", "Remove")}</button>
                        <button type="button" class="button button-secondary" on:click=move |_| removing.set(None)>{tr("取消", "Cancel")}</button>
                    </div>
                </div>
            </Show>
        </li>
    }
}

/// The family's refusals of a new member, each with what to do next.
pub fn refusal_text(error: &ApiError) -> Option<Message> {
    let text = match error {
        ApiError::FamilyFull { max_members: Some(n) } => (format!("家庭成员已达上限 {n} 位，不能再添加。如需添加，请先移出一位。"), format!("Your family has the most relatives it may have ({n}). To add someone, first remove someone.")),
        ApiError::FamilyFull { max_members: None } => ("家庭成员已达上限，不能再添加。如需添加，请先移出一位。".into(), "Your family has the most relatives it may have. To add someone, first remove someone.".into()),
        ApiError::InOtherFamily => ("这位亲属已在另一位缴费人的亲情账户中，一人只能加入一个亲情账户。请与对方商量，由对方将其移出后再添加，或由对方为其缴费。".into(),
            "This relative is in another payer's family already, and a person can be in only one. Ask that payer to remove them first, or let that payer pay for them.".into()),
        ApiError::AlreadyMember => ("这位亲属已在您的亲情账户中。".into(), "This relative is in your family already.".into()),
        _ => return None,
    };
    Some(text)
}
