//! Step 2: who is paying. Name, ID number and mobile; then whichever methods the backend offers
//! (SMS code, e-card password, face). A method that fails leaves the others on offer.

mod ecard;
mod face;
pub mod gallery;
mod methods;
mod not_registered;
mod sms;

use crate::api::{payment_call, ApiError, Purpose, StartVerification, VerificationSession, VerifyMethod};
use crate::components::form::{ErrorSummary, FieldProblem, TextField};
use crate::components::layout::{RedirectNotice, ScreenTitle};
use crate::components::problem::ApiProblem;
use crate::domain::flow::Step;
use crate::domain::identity::{validate_id_number, validate_mobile, validate_name};
use crate::i18n::{id_number_error, mobile_error, name_error, pick, product_fallback_name, tr, Lang};
use crate::state::{use_app, IdentityDraft};
use crate::domain::access::Job;
use crate::on_demand::when_arrived;
use crate::screens::screen_of_url;
use crate::domain::verify_steps::Progress;
use leptos::prelude::*;
use crate::router::query_param;
use methods::*;

#[component]
pub fn IdentityScreen() -> impl IntoView {
    let app = use_app();
    // The router admitted the screen: an order to pay, or a city to read in, is chosen.
    let purpose = app.flow.with_untracked(|f| f.purpose);
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

    // Whenever the methods on offer change, pick the first that has not failed (where they go in
    // order, the next step, unless it failed).
    // (Reads `method` untracked and writes only on change, so the effect cannot re-trigger itself.)
    Effect::new(move |_| {
        let (offered, passed, in_order) = session.get().map(|s| (s.methods, s.passed, s.in_order)).unwrap_or_default();
        let failed = failed.methods();
        let progress = Progress { offered: &offered, passed: &passed, failed: &failed, in_order };
        let current = method.get_untracked();
        if current.is_none_or(|m| !progress.is_open(m)) {
            let next = progress.next();
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
                let family = record.return_to.as_deref().is_some_and(|to| screen_of_url(to).job == Job::Family);
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
        Some(Err(ApiError::NotRegistered { guide })) => Some(view! { <not_registered::NotRegistered guide /> }.into_any()),
        Some(Err(error)) => Some(view! { <ApiProblem error /> }.into_any()),
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
