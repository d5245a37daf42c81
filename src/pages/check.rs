//! Where a receipt's QR code leads: checks a serial with the backend and shows what it records.

use crate::api::{payment_call, ApiError};
use crate::components::layout::{Loading, ScreenTitle};
use crate::components::problem::ApiProblem;
use crate::i18n::tr;
use crate::pages::receipt::ReceiptCard;
use crate::pages::record_proof::ProofCard;
use crate::state::use_app;
use leptos::prelude::*;
use crate::components::remote::{Load, Remote};
use crate::router::query_param;

#[component]
pub fn CheckReceiptScreen() -> impl IntoView {
    if let Some(code) = query_param("proof") {
        return view! { <CheckProof code /> }.into_any();
    }
    let app = use_app();
    let serial = query_param("serial").unwrap_or_default();
    let api = app.api.clone();
    let receipt = Remote::once(move || {
        let serial = serial.clone();
        payment_call(&api, move |pay| pay.receipt(&serial))
    });
    view! {
        <ScreenTitle zh="凭证核验" en="Check a receipt" />
        {move || match receipt.state.get() {
                Load::Idle | Load::Loading => view! { <Loading /> }.into_any(),
                Load::Ready(Ok(r)) => view! {
                    <p class="notice notice-success" role="status" data-testid="receipt-genuine" data-state="genuine">{tr("凭证真实有效，以下是登记的缴费信息。", "This receipt is genuine. Here is what was recorded.")}</p>
                    <ReceiptCard receipt=r />
                }.into_any(),
                Load::Ready(Err(ApiError::NotFound)) => view! {
                    <div class="problem" role="alert" data-testid="receipt-unknown" data-state="unknown"><p>{tr("没有找到这张凭证。请核对编号，或联系参保地经办机构。", "No receipt has this number. Check it, or ask the local insurance office.")}</p></div>
                }.into_any(),
                Load::Ready(Err(error)) => view! { <ApiProblem error retry=Callback::new(move |_| receipt.refetch()) /> }.into_any(),
        }}
        <p><a class="link-target" href="/">{tr("去缴费", "Make a payment")}</a></p>
    }
    .into_any()
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
            // Checking a proof needs no verification: a backend saying so is worth another try.
            Load::Ready(Err(ApiError::SessionExpired)) => view! {
                <div class="problem" role="alert" data-state="problem-SessionExpired" data-problem="SessionExpired">
                    <p>{tr("服务暂时无法核验这份证明，请重试。", "The service could not check this proof just now. Try again.")}</p>
                    <button type="button" class="button button-secondary" on:click=move |_| proof.refetch()>{tr("重试", "Try again")}</button>
                </div>
            }.into_any(),
            Load::Ready(Err(error)) => view! { <ApiProblem error retry=Callback::new(move |_| proof.refetch()) /> }.into_any(),
        }}
    }
}
