//! Step 5: the electronic receipt, with a QR code a verifier can scan and a print stylesheet
//! that prints only the receipt.

use crate::api::{payment_call, Arrival, Receipt};
use crate::components::layout::{Loading, RedirectNotice, ScreenTitle, SummaryRow};
use crate::components::problem::ApiProblem;
use crate::components::qr::QrImage;
use crate::components::remote::{Load, Remote};
use crate::router::query_param;
use crate::domain::flow::Step;
use crate::domain::money::format_yuan;
use crate::i18n::{payment_method_name, pick, tr, use_lang, Lang};
use crate::platform::beijing_time;
use crate::state::{flow_data, navigator, use_app};
use leptos::prelude::*;

#[component]
pub fn ReceiptScreen() -> impl IntoView {
    if let Some(serial) = query_param("serial") {
        return view! { <SavedReceipt serial /> }.into_any();
    }
    let Some(serial) = flow_data(|f| f.payment.as_ref().map(|p| p.receipt_serial.clone().unwrap_or_default())) else {
        return ().into_any();
    };
    let app = use_app();
    let api = app.api.clone();
    // The token that paid reads the receipt: it is kept until the person starts again.
    let token = app.token();
    let receipt = Remote::once(move || {
        let (token, serial) = (token.clone(), serial.clone());
        payment_call(&api, move |pay| pay.receipt(&token, &serial))
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

/// A receipt opened from the record, the family's screens or a year already paid, read with
/// the token those screens hold (the record's, else the payment's).
#[component]
fn SavedReceipt(serial: String) -> impl IntoView {
    let app = use_app();
    let (record_token, pay_token) = app.flow.with_untracked(|f| (f.record_token().map(str::to_string), f.token.clone()));
    let read_with_record = record_token.is_some();
    let Some(token) = record_token.or(pay_token) else {
        // No verification here (a new tab): the public check still shows what a verifier sees.
        return view! {
            <ScreenTitle zh="电子缴费凭证" en="Receipt" />
            <p class="notice" data-state="receipt-unverified">{tr("查看完整凭证需先验证身份。您也可以用凭证编号和核验码核验这张凭证。", "To see the whole receipt, verify who you are first. You can also check it with its number and check code.")}</p>
            <p><a class="link-target" href=format!("/check?serial={serial}")>{tr("核验凭证", "Check a receipt")}</a></p>
        }.into_any();
    };
    let api = app.api.clone();
    let receipt = Remote::once(move || {
        let (token, serial) = (token.clone(), serial.clone());
        payment_call(&api, move |pay| pay.receipt(&token, &serial))
    });
    let print = move |_| {
        let _ = window().print();
    };
    let back = move |_| {
        let _ = window().history().and_then(|h| h.back());
    };
    view! {
        <ScreenTitle zh="电子缴费凭证" en="Receipt" />
        {move || match receipt.state.get() {
            Load::Idle | Load::Loading => view! { <Loading /> }.into_any(),
            Load::Ready(Ok(r)) => view! { <ReceiptCard receipt=r /> }.into_any(),
            // The record's verification ran out: verify it again and come back here.
            Load::Ready(Err(error)) if read_with_record => view! { <crate::pages::record::RecordProblem error retry=Callback::new(move |_| receipt.refetch()) /> }.into_any(),
            Load::Ready(Err(error)) => view! { <ApiProblem error retry=Callback::new(move |_| receipt.refetch()) /> }.into_any(),
        }}
        <div class="actions no-print">
            <button type="button" class="button button-primary" on:click=print>{tr("打印或保存为 PDF", "Print or save as PDF")}</button>
            <button type="button" class="button button-secondary" data-testid="receipt-back" on:click=back>{tr("返回", "Back")}</button>
        </div>
    }
    .into_any()
}

/// The receipt itself, with the check code a verifier types in and the QR code they scan.
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
                <SummaryRow label=("核验码", "Check code") value=receipt.check_code.clone() testid="receipt-check-code" />
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
            {receipt.arrival.clone().map(|arrival| view! { <ArrivalNote arrival /> })}
            <div class="receipt-qr">
                <QrImage text=receipt.verify_url.clone() label=qr_label />
                <p class="hint">{tr("扫码，或在“凭证核验”输入凭证编号和核验码，可核验凭证真伪", "Scan it, or type the receipt number and check code into “Check a receipt”, to check the receipt is genuine")}</p>
            </div>
        </article>
    }
}

/// What happens after paying, with the backend's dates (seed 001 §4): when the fund receives the
/// payment, and the day by which the insured status shows it.
#[component]
pub fn ArrivalNote(arrival: Arrival) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="hint" data-testid="arrival" data-say="">{move || {
            let l = lang.get();
            let (from, by, status) = (date_text(l, &arrival.fund_from), date_text(l, &arrival.fund_by), date_text(l, &arrival.status_by));
            match l {
                Lang::Zh => format!("资金预计在 {from} 至 {by} 之间到达医保基金账户，参保状态最晚在 {status} 更新。届时仍未更新的，请联系参保地社保经办机构。"),
                Lang::En => format!("The fund receives the payment between {from} and {by}, and your insurance status shows it by {status}. If it does not by then, ask the social security office where you are insured."),
            }
        }}</p>
    }
}

/// A date (YYYY-MM-DD) as people read it: 2026年11月23日, 23 Nov 2026.
fn date_text(lang: Lang, date: &str) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let mut parts = date.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten(), parts.next().flatten(), lang) {
        (Some(y), Some(m @ 1..=12), Some(d), Lang::Zh) => format!("{y}年{m}月{d}日"),
        (Some(y), Some(m @ 1..=12), Some(d), Lang::En) => format!("{d} {} {y}", MONTHS[m as usize - 1]),
        _ => date.to_string(),
    }
}
