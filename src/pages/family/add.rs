//! Adding a relative: who they are to the payer, their name and ID number as registered with
//! social security. An adult goes on to their consent code; a minor joins at once.

use super::{family_token, family_call, refusal_text, relationship_name, FAMILY_PATH};
use crate::api::{AddMember, ApiError, Consent, Relationship};
use crate::components::cells::RadioCell;
use crate::components::form::{ErrorSummary, FieldProblem, TextField};
use crate::components::layout::ScreenTitle;
use crate::components::problem::ApiProblem;
use crate::domain::identity::{validate_id_number, validate_name};
use crate::i18n::{id_number_error, name_error, pick, tr};
use crate::router::navigate_to;
use crate::state::use_app;
use leptos::prelude::*;

thread_local! {
    static TYPED: std::cell::RefCell<(Option<Relationship>, String, String)> = Default::default();
}

#[component]
pub fn FamilyAddScreen() -> impl IntoView {
    let app = use_app();
    let Some(token) = family_token(&app) else {
        return ().into_any();
    };
    let lang = app.lang;
    // What was typed stays, in memory only, whatever the backend answers, and comes back after
    // a verification that ran out midway.
    let (typed_relationship, typed_name, typed_id) = TYPED.with(|t| t.borrow().clone());
    let relationship = RwSignal::new(typed_relationship);
    let name = RwSignal::new(typed_name);
    let id_number = RwSignal::new(typed_id);
    on_cleanup(move || {
        let typed = (relationship.try_get_untracked().flatten(), name.try_get_untracked().unwrap_or_default(), id_number.try_get_untracked().unwrap_or_default());
        TYPED.with(|t| *t.borrow_mut() = typed);
    });
    let last = StoredValue::new(None::<AddMember>);
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let api = app.api.clone();
    let add = Action::new_local(move |request: &AddMember| {
        let (token, request) = (token.clone(), request.clone());
        family_call(&api, move |f| f.add_member(&token, request))
    });
    Effect::new(move |_| match add.value().get() {
        Some(Ok(member)) => {
            // Added: the form starts empty next time.
            relationship.set(None);
            name.set(String::new());
            id_number.set(String::new());
            match member.consent {
                Consent::Pending => navigate_to(&format!("/family/consent?member={}", member.member_id), false),
                _ => navigate_to(&format!("{FAMILY_PATH}?added={}", member.member_id), false),
            }
        }
        // The backend's word on the details goes beside the fields, like any other problem with them.
        Some(Err(ApiError::IdentityMismatch)) => problems.set(vec![
            FieldProblem { field: "member-name", message: ("姓名与身份证号不一致，或这位亲属未在社保登记，请核对".into(), "The name does not match the ID number, or this relative is not registered with social security. Check both".into()) },
            FieldProblem { field: "member-id-number", message: ("请核对身份证号".into(), "Check the ID number".into()) },
        ]),
        Some(Err(ApiError::InvalidRequest { field: Some(field) })) if field == "id_number" => problems.set(vec![
            FieldProblem { field: "member-id-number", message: ("不能添加这个身份证号（不能添加您本人）".into(), "This ID number cannot be added (you cannot add yourself)".into()) },
        ]),
        _ => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if add.pending().get_untracked() {
            return;
        }
        let mut found = Vec::new();
        let chosen = relationship.get_untracked();
        if chosen.is_none() {
            found.push(FieldProblem { field: "relationship", message: ("请选择这位亲属与您的关系".into(), "Choose how this relative is related to you".into()) });
        }
        let checked_name = validate_name(&name.get_untracked()).map_err(|e| found.push(FieldProblem { field: "member-name", message: name_error(e) }));
        let checked_id = validate_id_number(&id_number.get_untracked()).map_err(|e| found.push(FieldProblem { field: "member-id-number", message: id_number_error(e) }));
        problems.set(found);
        if let (Some(relationship), Ok(name), Ok(id_number)) = (chosen, checked_name, checked_id) {
            let request = AddMember { name, id_number, relationship };
            last.set_value(Some(request.clone()));
            add.dispatch(request);
        }
    };
    let refusal = move || match add.value().get() {
        Some(Err(error)) => match refusal_text(&error) {
            Some(text) => Some(view! {
                <div class="problem" role="alert" data-state=format!("problem-{}", error.kind()) data-problem=error.kind()>
                    <p>{move || pick(lang.get(), &text)}</p>
                    <a class="button button-secondary" href=FAMILY_PATH>{tr("返回亲情账户", "Back to my family")}</a>
                </div>
            }.into_any()),
            None if matches!(error, ApiError::IdentityMismatch | ApiError::InvalidRequest { field: Some(_) }) => None,
            None if error == ApiError::SessionExpired => Some(view! { <crate::pages::record::RecordProblem error retry=Callback::new(|_| ()) /> }.into_any()),
            None => Some(view! { <ApiProblem error retry=Callback::new(move |_| { if let Some(request) = last.get_value() { add.dispatch(request); } }) /> }.into_any()),
        },
        _ => None,
    };
    view! {
        <p><a class="link-target" href=FAMILY_PATH>{tr("← 返回亲情账户", "← Back to my family")}</a></p>
        <ScreenTitle zh="添加家庭成员" en="Add a relative" />
        <ErrorSummary problems />
        <form on:submit=submit novalidate data-state="add-form">
            <fieldset class="cells" id="relationship" tabindex="-1">
                <legend>{tr("与您的关系", "How they are related to you")}</legend>
                {move || problems.with(|p| p.iter().find(|p| p.field == "relationship").map(|p| p.message.clone()))
                    .map(|m| view! { <p class="field-error">{pick(lang.get(), &m)}</p> })}
                {Relationship::ALL.into_iter().map(|r| {
                    let label = relationship_name(r);
                    view! {
                        <RadioCell name="relationship" id=format!("relationship-{}", r.as_str()) checked=Signal::derive(move || relationship.get() == Some(r))
                            on_select=move |_| relationship.set(Some(r))>
                            <span class="cell-title">{move || pick(lang.get(), &label)}</span>
                        </RadioCell>
                    }
                }).collect_view()}
            </fieldset>
            <TextField id="member-name" label=("亲属姓名", "Their full name") hint=("与身份证上的姓名一致", "As on their ID card") value=name problems autocomplete="off" />
            <TextField id="member-id-number" label=("亲属身份证号", "Their ID number") hint=("18 位，最后一位可能是 X", "18 characters; the last may be X") value=id_number problems maxlength=21 />
            <p class="hint">{tr("成年亲属需本人同意：添加后，我们会向其在社保登记的手机发送验证码，请向对方索取并在下一步输入。未满 18 周岁的亲属由您作为监护人直接添加。",
                "An adult relative must agree: once added, they get a code on the phone they registered with social security; ask them for it and type it in next. A relative under 18 is added at once, with you as guardian.")}</p>
            {refusal}
            <div class="actions">
                <button type="submit" class="button button-primary" data-testid="add-submit" disabled=move || add.pending().get()>
                    {move || if add.pending().get() { tr("正在添加…", "Adding…")() } else { tr("添加", "Add")() }}
                </button>
            </div>
        </form>
    }
    .into_any()
}
