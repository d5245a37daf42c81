//! Step 5: the electronic receipt, with a QR code a verifier can scan and a print stylesheet
//! that prints only the receipt.

use crate::api::{payment_call, Receipt};
use crate::components::layout::{RedirectNotice, ScreenTitle, SummaryRow};
use crate::components::qr::QrImage;
use crate::components::remote::Remote;
use crate::domain::flow::Step;
use crate::domain::money::format_yuan;
use crate::i18n::{payment_method_name, pick, tr, use_lang};
use crate::platform::beijing_time;
use crate::state::{guarded, navigator, use_app};
use leptos::prelude::*;

#[component]
pub fn ReceiptScreen() -> impl IntoView {
    let Some(serial) = guarded(Step::Receipt, |f| f.payment.as_ref().map(|p| p.receipt_serial.clone().unwrap_or_default())) else {
        return ().into_any();
    };
    let app = use_app();
    let api = app.api.clone();
    let receipt = Remote::once(move || {
        let serial = serial.clone();
        payment_call(&api, move |pay| pay.receipt(&serial))
    });
    let navigate = navigator();
    let another = move |_| {
        app.flow.update(|f| f.start_again());
        navigate(Step::Entry, false);
    };
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <RedirectNotice />
        <ScreenTitle zh="电子缴费凭证" en="Receipt" />
        {receipt.view(|r| view! { <ReceiptCard receipt=r /> })}
        <div class="actions no-print">
            <button type="button" class="button button-primary" on:click=print>{tr("打印或保存为 PDF", "Print or save as PDF")}</button>
            <button type="button" class="button button-secondary" data-testid="pay-another" on:click=another>{tr("再缴一笔", "Make another payment")}</button>
        </div>
    }
    .into_any()
}

/// The receipt itself; also shown by the verification page a QR code opens.
#[component]
pub fn ReceiptCard(receipt: Receipt) -> impl IntoView {
    let lang = use_lang();
    let channel = payment_method_name(receipt.channel);
    let (product, region, period) = (receipt.product.clone(), receipt.region.clone(), receipt.period.clone());
    let qr_label = Signal::derive(move || lang.get().pick("凭证验真二维码", "QR code to verify this receipt").to_string());
    view! {
        <article class="receipt card" data-testid="receipt" aria-labelledby="receipt-title" data-state="receipt">
            <h2 id="receipt-title">{tr("社会保险费缴费凭证", "Insurance contribution receipt")}</h2>
            <p class="receipt-amount" data-testid="receipt-amount">{format_yuan(receipt.amount)}</p>
            <dl class="summary">
                <SummaryRow label=("凭证编号", "Receipt number") value=receipt.serial.clone() testid="receipt-serial" />
                // Paid by a relative: the receipt is the insured person's, and names both.
                <SummaryRow label=if receipt.paid_by.is_some() { ("参保人", "Insured person") } else { ("缴费人", "Payer") } value=receipt.payer_name.clone() testid="receipt-payer" />
                <SummaryRow label=("身份证号", "ID number") value=receipt.payer_masked_id.clone() testid="receipt-id" />
                {receipt.paid_by.clone().map(|by| view! { <SummaryRow label=("代缴人（亲情账户）", "Paid by (family)") value=by testid="receipt-paid-by" /> })}
                <SummaryRow label=("险种", "Insurance") value=Signal::derive(move || product.get(lang.get())) testid="receipt-product" />
                <SummaryRow label=("参保地", "Region") value=Signal::derive(move || region.get(lang.get())) testid="receipt-region" />
                <SummaryRow label=("缴费期间", "Period") value=Signal::derive(move || period.get(lang.get())) testid="receipt-period" />
                <SummaryRow label=("缴费时间（北京时间）", "Paid at (Beijing time)") value=beijing_time(&receipt.paid_at) testid="receipt-time" />
                <SummaryRow label=("支付渠道", "Paid with") value=Signal::derive(move || pick(lang.get(), &channel)) testid="receipt-channel" />
            </dl>
            <div class="receipt-qr">
                <QrImage text=receipt.verify_url.clone() label=qr_label />
                <p class="hint">{tr("扫码可核验凭证真伪", "Scan to check this receipt is genuine")}</p>
            </div>
        </article>
    }
}
