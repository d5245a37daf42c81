//! Step 4b: check your answers, then pay. The pay button cannot pay twice: it is disabled while
//! the request is pending, and every attempt for this order carries the same Idempotency-Key.

use crate::api::{payment_call, CreatePayment, PaymentMethod, PaymentStatus};
use crate::components::breakdown::AmountBreakdown;
use crate::components::layout::{RedirectNotice, ScreenTitle, SummaryRow};
use crate::components::problem::ApiProblem;
use crate::domain::flow::Step;
use crate::domain::money::format_yuan;
use crate::i18n::{payment_method_name, pick, product_fallback_name, tr, Lang};
use crate::state::{forget_pending_payment, flow_data, navigator, use_app, Flow, PayNext};
use leptos::prelude::*;
use super::handoff::{return_address, this_client};

#[component]
pub fn ReviewScreen() -> impl IntoView {
    let Some((quote, method)) = flow_data(|f| Some((f.quote.clone()?, f.method?))) else {
        return ().into_any();
    };
    let app = use_app();
    let lang = app.lang;
    let flow = app.flow.get_untracked();
    let masked_mobile = flow.verification.as_ref().map(|v| v.masked_mobile.as_str()).unwrap_or_default();
    let payer = app.draft.with_untracked(|d| d.payer_line(masked_mobile));
    let total = quote.breakdown.total;
    let total_text = format_yuan(total);

    let resuming = flow.attempt.resuming() && flow.payment.is_none();
    // Back from the wallet without paying: the backend still waits for it, and says nothing
    // was taken; pay continues that payment.
    let back_unpaid = flow.payment.as_ref().is_some_and(|p| p.status == PaymentStatus::RequiresAction && !p.money_taken);
    let api = app.api.clone();
    let navigate = navigator();
    let pay = Action::new_local(move |_: &()| {
        let token = app.token();
        let key = app.flow.try_update(Flow::press_pay).unwrap_or_default();
        let request = CreatePayment { quote_id: quote.quote_id.clone(), method, client: Some(this_client()), return_url: Some(return_address(Step::Processing.path())) };
        let request = payment_call(&api, move |pay| pay.create_payment(&token, request, &key));
        let navigate = navigate.clone();
        async move {
            let result = request.await;
            match app.flow.try_update(|f| f.pay_answered(&result)) {
                // Replace: back from the processing screen must not land on a pay button.
                Some(PayNext::Show(next)) => navigate(next, true),
                Some(PayNext::ForgetPending(order)) => forget_pending_payment(&order),
                Some(PayNext::Stay) | None => {}
            }
            result.map(|_| ())
        }
    });
    let on_pay = move |_| {
        if !pay.pending().get_untracked() {
            pay.dispatch(());
        }
    };
    // Pay was pressed before (then a reload, a lost answer, or a visit after closing the tab):
    // ask the backend about that payment with the same key instead of offering to pay again.
    if resuming {
        pay.dispatch(());
    }

    let place = flow.place.clone().unwrap_or_default();
    let product = flow.product.map(product_fallback_name).unwrap_or_default();
    let year = flow.year.unwrap_or_default();
    let (label, period) = (quote.tier_label.clone(), quote.period.clone());
    let method_name = payment_method_name(method);
    let pay_label = move || match (method, pay.pending().get(), lang.get()) {
        (_, true, l) if resuming => l.pick("正在查询您已提交的付款…", "Checking the payment you sent…").to_string(),
        (_, true, l) => l.pick("正在提交支付…", "Sending payment…").to_string(),
        (PaymentMethod::FiscalPayOnBehalf, false, l) => l.pick("确认参保（财政代缴）", "Confirm (paid by the state)").to_string(),
        (_, false, Lang::Zh) => format!("确认支付 {total_text}"),
        (_, false, Lang::En) => format!("Pay {total_text}"),
    };
    view! {
        <RedirectNotice />
        <ScreenTitle zh="核对信息" en="Check your answers" step=Step::Review />
        <p class="lead">{tr("请核对以下信息和金额，无误后点击支付。", "Check these details and the amount, then pay.")}</p>
        <dl class="summary card" data-testid="review" data-state=if resuming { "asking-again" } else { "review" }>
            <SummaryRow label=("参保地", "Region") value=Signal::derive(move || place.get(lang.get())) change=Step::Entry />
            <SummaryRow label=("险种", "Insurance") value=Signal::derive(move || pick(lang.get(), &product)) change=Step::Entry />
            <SummaryRow label=("缴费年度", "Year") value=year.to_string() change=Step::Entry />
            <SummaryRow label=("缴费人", "Payer") value=payer change=Step::Identity />
            <SummaryRow label=("缴费档次", "Tier") value=Signal::derive(move || label.get(lang.get())) change=Step::Tier />
            <SummaryRow label=("缴费期间", "Period") value=Signal::derive(move || period.get(lang.get())) />
            <SummaryRow label=("支付方式", "Payment method") value=Signal::derive(move || pick(lang.get(), &method_name)) change=Step::Method />
        </dl>
        {back_unpaid.then(|| view! {
            <div class="notice" role="status" data-state="back-unpaid">
                <p>{tr("您还没有在钱包中确认这笔付款，没有扣款。", "You have not confirmed this payment in your wallet: no money has been taken.")}</p>
                <p>{tr("再次点击支付会继续同一笔付款，不会重复扣款。", "Pressing pay again continues the same payment; you will not be charged twice.")}</p>
            </div>
        })}
        <AmountBreakdown breakdown=quote.breakdown.clone() />
        {move || pay.value().get().and_then(|r| r.err()).map(|error| view! { <ApiProblem error /> })}
        <p class="hint">{tr("点击支付后请勿重复点击或关闭页面；如网络中断，重新打开后会显示这笔付款的结果，不会重复扣款。",
            "After you press pay, do not press again or close the page. If the network drops, reopening shows this payment's result; you will not be charged twice.")}</p>
        <div class="actions">
            <button type="button" class="button button-primary" data-testid="pay"
                disabled=move || pay.pending().get() aria-busy=move || pay.pending().get().then_some("true") on:click=on_pay>
                {pay_label}
            </button>
        </div>
    }
    .into_any()
}
