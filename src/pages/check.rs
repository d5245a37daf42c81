//! Where a receipt's QR code leads: checks a serial and its check code with the backend (no
//! token) and shows the little a verifier needs; the code can also be typed in from paper.

use crate::api::{payment_call, ApiError, ReceiptCheck, ReceiptStatus};
use crate::components::form::{ErrorSummary, FieldProblem, TextField};
use crate::components::layout::{Loading, ScreenTitle, SummaryRow};
use crate::components::problem::ApiProblem;
use crate::domain::money::format_yuan;
use crate::domain::receipt_code;
use crate::i18n::{tr, use_lang, Message};
use crate::pages::record::proof::ProofCard;
use crate::state::use_app;
use leptos::prelude::*;
use crate::components::remote::{Load, Remote};
use crate::router::query_param;

#[component]
pub fn CheckReceiptScreen() -> impl IntoView {
    if let Some(code) = query_param("proof") {
        return view! { <CheckProof code /> }.into_any();
    }
    // A QR scan brings the serial and its code; otherwise both are typed in, from paper (an
    // address with only a serial, from before receipts had codes, fills in the serial).
    let serial = RwSignal::new(query_param("serial").unwrap_or_default());
    let code = RwSignal::new(query_param("code").unwrap_or_default());
    let asked = RwSignal::new(match (receipt_code::normalize_serial(&serial.get_untracked()), receipt_code::normalize(&code.get_untracked())) {
        (Some(s), Some(c)) => Some((s, c)),
        _ => None,
    });
    view! {
        <ScreenTitle zh="凭证核验" en="Check a receipt" />
        {move || match asked.get() {
            Some((s, c)) => view! { <CheckResult serial=s code=c again=Callback::new(move |_| asked.set(None)) /> }.into_any(),
            None => view! { <CheckForm serial code asked /> }.into_any(),
        }}
        <p><a class="link-target" href="/">{tr("去缴费", "Make a payment")}</a></p>
    }
    .into_any()
}

/// The serial and the check code printed on the receipt, typed in by hand.
#[component]
fn CheckForm(serial: RwSignal<String>, code: RwSignal<String>, asked: RwSignal<Option<(String, String)>>) -> impl IntoView {
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = Vec::new();
        // A field's value in the form the backend takes, or its problem (empty, or not the shape).
        let mut field = |id: &'static str, typed: String, tidy: fn(&str) -> Option<String>, empty: Message, wrong: Message| {
            let tidied = tidy(&typed);
            if tidied.is_none() {
                found.push(FieldProblem { field: id, message: if typed.trim().is_empty() { empty } else { wrong } });
            }
            tidied
        };
        let checked_serial = field("check-serial", serial.get_untracked(), receipt_code::normalize_serial,
            ("请输入凭证编号".into(), "Enter the receipt number".into()),
            ("凭证编号为 6 至 40 位数字或字母，请按凭证上的编号输入".into(), "A receipt number is 6 to 40 digits or letters: type it as printed on the receipt".into()));
        let checked_code = field("check-code", code.get_untracked(), receipt_code::normalize,
            ("请输入核验码".into(), "Enter the check code".into()),
            ("核验码为凭证上印的 8 位字母和数字，如 K7QM-2XPD".into(), "The check code is the 8 letters and digits printed on the receipt, like K7QM-2XPD".into()));
        problems.set(found);
        if let (Some(s), Some(c)) = (checked_serial, checked_code) {
            asked.set(Some((s, c)));
        }
    };
    view! {
        <p>{tr("请输入凭证上的凭证编号和核验码，或用手机扫描凭证上的二维码。", "Type in the receipt number and the check code printed on the receipt, or scan its QR code with a phone.")}</p>
        <ErrorSummary problems />
        <form on:submit=submit novalidate data-state="check-form">
            <TextField id="check-serial" label=("凭证编号", "Receipt number") hint=("凭证上的编号，如 2027110100000001", "The number on the receipt, like 2027110100000001") value=serial problems inputmode="numeric" maxlength=48 />
            <TextField id="check-code" label=("核验码", "Check code") hint=("凭证编号下方的 8 位字母和数字", "The 8 letters and digits below the receipt number") value=code problems maxlength=24 />
            <div class="actions">
                <button type="submit" class="button button-primary" data-testid="check-submit">{tr("核验", "Check")}</button>
            </div>
        </form>
    }
}

/// What the backend says of a serial and code.
#[component]
fn CheckResult(serial: String, code: String, again: Callback<()>) -> impl IntoView {
    let app = use_app();
    let api = app.api.clone();
    let check = Remote::once(move || {
        let (serial, code) = (serial.clone(), code.clone());
        payment_call(&api, move |pay| pay.check_receipt(&serial, &code))
    });
    let again_button = move || view! {
        <button type="button" class="button button-secondary" data-testid="check-again" on:click=move |_| again.run(())>{tr("重新输入", "Type them in again")}</button>
    };
    move || match check.state.get() {
        Load::Idle | Load::Loading => view! { <Loading /> }.into_any(),
        Load::Ready(Ok(found)) => view! {
            {match found.status {
                ReceiptStatus::Paid => view! {
                    <p class="notice notice-success" role="status" data-testid="receipt-genuine" data-state="genuine">{tr("凭证真实有效，以下是登记的缴费信息。", "This receipt is genuine. Here is what was recorded.")}</p>
                }.into_any(),
                ReceiptStatus::Refunded => view! {
                    <p class="notice" role="status" data-testid="receipt-refunded" data-state="refunded">{tr("这笔缴费已原路退回，凭证已失效。", "This payment was refunded to where it came from: the receipt no longer stands.")}</p>
                }.into_any(),
            }}
            <ReceiptCheckCard found />
        }.into_any(),
        // A wrong code and an unknown number are answered alike, so the words cover both.
        Load::Ready(Err(ApiError::NotFound)) => view! {
            <div class="problem" role="alert" data-testid="receipt-unknown" data-state="unknown">
                <p>{tr("没有找到与这个编号和核验码相符的凭证。请核对后重新输入，或联系参保地经办机构。", "No receipt matches this number and check code. Check both and type them in again, or ask the local insurance office.")}</p>
                {again_button()}
            </div>
        }.into_any(),
        Load::Ready(Err(ApiError::SessionExpired)) => view! { <CouldNotCheck retry=Callback::new(move |_| check.refetch()) /> }.into_any(),
        Load::Ready(Err(error)) => view! { <ApiProblem error retry=Callback::new(move |_| check.refetch()) /> }.into_any(),
    }
}

/// A check needs no verification: a backend answering session-expired is worth another try.
#[component]
fn CouldNotCheck(retry: Callback<()>) -> impl IntoView {
    view! {
        <div class="problem" role="alert" data-state="problem-SessionExpired" data-problem="SessionExpired">
            <p>{tr("服务暂时无法核验，请重试。", "The service could not check this just now. Try again.")}</p>
            <button type="button" class="button button-secondary" on:click=move |_| retry.run(())>{tr("重试", "Try again")}</button>
        </div>
    }
}

/// What a verifier may know of a receipt: the insured person's name masked, no ID number.
#[component]
fn ReceiptCheckCard(found: ReceiptCheck) -> impl IntoView {
    let lang = use_lang();
    let (product, period) = (found.product.clone(), found.period.clone());
    view! {
        <article class="receipt card" data-testid="receipt-check" aria-labelledby="check-title" data-state="receipt-check">
            <h2 id="check-title">{tr("核验结果", "What the receipt records")}</h2>
            <p class="receipt-amount" data-testid="check-amount">{format_yuan(found.amount)}</p>
            <dl class="summary">
                <SummaryRow label=("凭证编号", "Receipt number") value=found.serial.clone() testid="check-serial-value" />
                <SummaryRow label=("参保人", "Insured person") value=found.holder.clone() testid="check-holder" />
                <SummaryRow label=("险种", "Insurance") value=Signal::derive(move || product.get(lang.get())) testid="check-product" />
                <SummaryRow label=("缴费期间", "Period") value=Signal::derive(move || period.get(lang.get())) testid="check-period" />
            </dl>
        </article>
    }
}

/// A proof of insurance's QR code leads here: the code checked with the backend.
#[component]
fn CheckProof(code: String) -> impl IntoView {
    let app = use_app();
    let api = app.api.clone();
    let proof = Remote::once(move || {
        let code = code.clone();
        crate::pages::record::record_call(&api, move |records| records.check_proof(&code))
    });
    view! {
        <ScreenTitle zh="证明核验" en="Check a proof" />
        {move || match proof.state.get() {
            Load::Idle | Load::Loading => view! { <Loading /> }.into_any(),
            Load::Ready(Ok(p)) => view! {
                <p class="notice notice-success" role="status" data-testid="proof-genuine" data-state="proof-genuine">{tr("证明真实有效，以下是参保地登记的信息。", "This proof is genuine. Here is what the region records.")}</p>
                <ProofCard proof=p />
            }.into_any(),
            Load::Ready(Err(ApiError::NotFound)) => view! {
                <div class="problem" role="alert" data-testid="proof-unknown" data-state="proof-unknown"><p>{tr("没有找到这份证明。请核对编号，或联系参保地经办机构。", "No proof has this number. Check it, or ask the local social security office.")}</p></div>
            }.into_any(),
            Load::Ready(Err(ApiError::SessionExpired)) => view! { <CouldNotCheck retry=Callback::new(move |_| proof.refetch()) /> }.into_any(),
            Load::Ready(Err(error)) => view! { <ApiProblem error retry=Callback::new(move |_| proof.refetch()) /> }.into_any(),
        }}
    }
}
