//! 参保缴费证明: a printable proof of insurance in one city, with a code and a QR code that the
//! receipt check page (/check?proof=) verifies with the backend.

use super::{enrolment_name, insurance_name, reading, record_call, RecordProblem};
use crate::api::RecordProof;
use crate::components::layout::{ScreenTitle, SummaryRow};
use crate::components::qr::QrImage;
use crate::components::remote::{Load, Remote};
use crate::i18n::{pick, tr, use_lang, Lang};
use crate::platform::beijing_time;
use crate::state::use_app;
use leptos::prelude::*;

#[component]
pub fn RecordProofScreen() -> impl IntoView {
    let app = use_app();
    super::read_own_record(&app);
    let Some((token, of)) = reading(&app) else {
        return ().into_any();
    };
    let api = app.api.clone();
    let proof = Remote::once(move || {
        let (token, city) = (token.clone(), of.city.clone());
        record_call(&api, move |records| records.record_proof(&token, &city))
    });
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <p class="no-print"><a class="link-target" href="/record">{tr("← 返回我的社保", "← Back to my record")}</a></p>
        <ScreenTitle zh="参保缴费证明" en="Proof of insurance" />
        {move || match proof.state.get() {
            Load::Ready(Ok(proof)) => view! {
                <ProofCard proof />
                <div class="actions no-print">
                    <button type="button" class="button button-primary" on:click=print>{tr("打印或保存为 PDF", "Print or save as PDF")}</button>
                </div>
            }.into_any(),
            Load::Ready(Err(error)) => view! { <RecordProblem error retry=Callback::new(move |_| proof.refetch()) /> }.into_any(),
            _ => proof.view(|_| ()).into_any(),
        }}
    }
    .into_any()
}

/// The proof itself; also what the check page shows for a genuine code.
#[component]
pub fn ProofCard(proof: RecordProof) -> impl IntoView {
    let lang = use_lang();
    let region = proof.region.clone();
    let months = proof.months_paid;
    let qr_label = Signal::derive(move || lang.get().pick("证明验真二维码", "QR code to check this proof").to_string());
    view! {
        <article class="receipt card" data-testid="proof" aria-labelledby="proof-title" data-state="proof">
            <h2 id="proof-title">{tr("社会保险参保缴费证明", "Proof of social insurance")}</h2>
            <dl class="summary">
                <SummaryRow label=("证明编号", "Proof number") value=proof.code.clone() testid="proof-code" />
                <SummaryRow label=("参保人", "Insured person") value=proof.holder.clone() testid="proof-holder" />
                <SummaryRow label=("身份证号", "ID number") value=proof.holder_masked_id.clone() testid="proof-id" />
                <SummaryRow label=("参保地", "Region") value=Signal::derive(move || region.get(lang.get())) />
                {proof.insurances.into_iter().map(|i| {
                    let (name, status) = (insurance_name(i.insurance), enrolment_name(i.status));
                    view! { <div class="summary-row"><dt>{move || pick(lang.get(), &name)}</dt><dd>{move || pick(lang.get(), &status)}</dd></div> }
                }).collect_view()}
                <SummaryRow label=("累计缴费月数", "Months paid in all")
                    value=Signal::derive(move || match lang.get() { Lang::Zh => format!("{months} 个月"), Lang::En => format!("{months} months") }) testid="proof-months" />
                <SummaryRow label=("数据截至（北京时间）", "Figures as of (Beijing time)") value=beijing_time(&proof.as_of) />
                <SummaryRow label=("开具时间（北京时间）", "Issued (Beijing time)") value=beijing_time(&proof.issued_at) />
            </dl>
            <div class="receipt-qr">
                <QrImage text=proof.verify_url.clone() label=qr_label />
                <p class="hint">{tr("扫码可核验证明真伪", "Scan to check this proof is genuine")}</p>
            </div>
        </article>
    }
}
