//! The payment's outcome: success, failed, cancelled or expired, each with the next step. On
//! anything but success it says whether money was taken, as the backend reported it.

use crate::api::PaymentStatus;
use crate::components::layout::{RedirectNotice, ScreenTitle};
use crate::domain::flow::Step;
use crate::domain::money::format_yuan;
use crate::i18n::tr;
use crate::state::{flow_data, navigator, use_app};
use leptos::prelude::*;

#[component]
pub fn OutcomeScreen() -> impl IntoView {
    let Some(payment) = flow_data(|f| f.payment.clone()) else {
        return ().into_any();
    };
    let app = use_app();
    let lang = app.lang;
    if payment.status == PaymentStatus::Succeeded {
        // Paid: the verification session has no further use (the token reads the receipt).
        app.flow.update(|f| f.end_session());
    }
    let navigate = navigator();
    let amount = format_yuan(payment.amount);
    let reason = payment.failure_reason.clone();
    let nav = navigate.clone();
    let retry = move |_| {
        app.flow.update(|f| f.forget_payment());
        nav(Step::Review, false);
    };
    let nav = navigate.clone();
    let other_method = move |_| {
        app.flow.update(|f| f.forget_payment());
        nav(Step::Method, false);
    };
    let done = move |_| {
        app.flow.update(|f| f.start_again());
        navigate(Step::Entry, false);
    };
    let money_line = (!payment.money_taken).then(|| view! {
        <p class="money-safe" data-testid="no-money-taken" data-state="no-money-taken">{tr("本次支付未扣款，您的钱没有被扣除。", "No money has been taken from your account.")}</p>
    });
    let status_name = payment.status.as_str();
    let (title, class) = match payment.status {
        PaymentStatus::Succeeded => (("缴费成功", "Payment successful"), "result result-success"),
        PaymentStatus::Failed => (("支付失败", "Payment failed"), "result result-failed"),
        PaymentStatus::Cancelled => (("已取消支付", "Payment cancelled"), "result result-info"),
        PaymentStatus::Expired => (("支付已超时", "Payment expired"), "result result-info"),
        PaymentStatus::Processing | PaymentStatus::RequiresAction => (("正在支付", "Payment in progress"), "result"),
    };
    let body = if payment.status == PaymentStatus::Succeeded {
        view! {
            <p class="result-amount" data-testid="paid-amount" data-say="">{amount}</p>
            <p data-say="">{tr("缴费已成功。", "Your contribution is paid.")}</p>
            {payment.arrival.clone().map(|arrival| view! { <super::receipt::ArrivalNote arrival /> })}
            <div class="actions">
                <a class="button button-primary" href=Step::Receipt.path()>{tr("查看电子凭证", "View the receipt")}</a>
                <button type="button" class="button button-secondary" on:click=done>{tr("完成", "Done")}</button>
            </div>
        }
        .into_any()
    } else {
        let explanation = match payment.status {
            PaymentStatus::Cancelled => Some(tr("您取消了这次支付。", "You cancelled this payment.")()),
            PaymentStatus::Expired => Some(tr("付款没有在规定时间内确认，订单已关闭。", "The payment was not confirmed in time and the order was closed.")()),
            _ => None,
        };
        view! {
            <p class="result-amount" data-say="">{amount}</p>
            {reason.map(|r| view! { <p data-testid="failure-reason" data-say="">{move || r.get(lang.get())}</p> })}
            {explanation.map(|e| view! { <p data-say="">{e}</p> })}
            {money_line}
            <div class="actions">
                <button type="button" class="button button-primary" data-testid="retry-payment" on:click=retry>{tr("重新支付", "Pay again")}</button>
                <button type="button" class="button button-secondary" on:click=other_method>{tr("更换支付方式", "Use another method")}</button>
            </div>
        }
        .into_any()
    };
    view! {
        <RedirectNotice />
        <ScreenTitle zh=title.0 en=title.1 />
        <div class=class data-testid="outcome" data-status=status_name data-state=status_name>
            <span class="result-icon" aria-hidden="true"></span>
            {body}
        </div>
    }
    .into_any()
}
