//! The embedded demo's stand-in for a payment provider's cashier page (H5 收银台): the backend
//! sends the payer here to confirm, as a real one sends them to WeChat Pay's or a bank's page,
//! and the decision reaches the backend as the provider's notification would. Opened from a
//! code (`scan=1`) it is the payer's phone. Against another backend it only says what it is.

use crate::api::demo::{stand_in, CashierDecision, CashierView};
use crate::api::ApiError;
use crate::components::layout::ScreenTitle;
use crate::components::problem::ApiProblem;
use crate::components::remote::Remote;
use crate::domain::money::format_yuan;
use crate::i18n::{payment_method_name, pick, tr};
use crate::router::{navigate_to, query_param};
use crate::state::use_app;
use leptos::prelude::*;

#[component]
pub fn CashierScreen() -> impl IntoView {
    let app = use_app();
    let payment_id = query_param("payment").unwrap_or_default();
    let api = app.api.clone();
    let id = payment_id.clone();
    let payment = Remote::once(move || {
        let (api, id) = (api.clone(), id.clone());
        Box::pin(async move {
            // The embedded demo's code arrives with its first call beyond the first screen.
            api.payment_api().await?;
            stand_in().ok_or(ApiError::NotFound)?.cashier_payment(&id).await
        })
    });
    view! {
        <ScreenTitle zh="支付页面（演示）" en="Payment page (demo)" />
        <p>{tr("这是演示后端模拟的支付机构页面（收银台），不会真的扣款。真实部署中，这里是微信支付、支付宝或银行的页面。",
            "This page stands in for a payment provider's cashier in the demo; no money moves. In a real deployment this is WeChat Pay's, Alipay's or a bank's page.")}</p>
        {payment.view(move |view| view! { <Decide view /> })}
    }
}

#[component]
fn Decide(view: CashierView) -> impl IntoView {
    let lang = use_app().lang;
    let back = view.return_url.clone();
    let id = view.payment_id.clone();
    let decide = Action::new_local(move |decision: &CashierDecision| {
        let (decision, id, back) = (*decision, id.clone(), back.clone());
        async move {
            let demo = stand_in().ok_or(ApiError::NotFound)?;
            demo.cashier_decides(&id, decision, 0).await?;
            // (A code opened on this device has no return address: back to the waiting screen.)
            let page = own_page(back.as_deref());
            navigate_to(&if decision == CashierDecision::Cancel { format!("{page}?left=1") } else { page }, true);
            Ok(decision)
        }
    });
    let method = payment_method_name(view.method);
    let waiting = view.status == crate::api::PaymentStatus::RequiresAction;
    view! {
        <dl class="summary card" data-testid="cashier" data-state=if waiting { "cashier" } else { "cashier-done" }>
            <div class="summary-row"><dt>{tr("付款金额", "Amount")}</dt><dd data-testid="cashier-amount">{format_yuan(view.amount)}</dd></div>
            <div class="summary-row"><dt>{tr("付款方式", "Paying with")}</dt><dd>{move || pick(lang.get(), &method)}</dd></div>
        </dl>
        {move || decide.value().get().and_then(Result::err).map(|error| view! { <ApiProblem error /> })}
        {(!waiting).then(|| view! { <p class="notice" role="status">{tr("这笔付款已不再等待确认。", "This payment is no longer waiting to be confirmed.")}</p> })}
        <div class="actions">
            <button type="button" class="button button-primary" data-testid="cashier-confirm" disabled=move || !waiting || decide.pending().get()
                on:click=move |_| { decide.dispatch(CashierDecision::Confirm); }>{tr("输入密码，确认付款", "Enter the password and pay")}</button>
            <button type="button" class="button button-secondary" data-testid="cashier-cancel" disabled=move || decide.pending().get()
                on:click=move |_| { decide.dispatch(CashierDecision::Cancel); }>{tr("取消，返回缴费页面", "Cancel and go back")}</button>
            <button type="button" class="button button-secondary" data-testid="cashier-fail" disabled=move || !waiting || decide.pending().get()
                on:click=move |_| { decide.dispatch(CashierDecision::Fail); }>{tr("模拟付款失败", "Make the payment fail")}</button>
        </div>
    }
}

/// The app's own page to go back to (never another site: no open redirect); the waiting
/// screen when there is none.
fn own_page(back: Option<&str>) -> String {
    let origin = window().location().origin().unwrap_or_default();
    back.map(|b| b.strip_prefix(&origin).unwrap_or(b))
        .filter(|path| path.starts_with('/') && !path.starts_with("//"))
        .unwrap_or("/processing")
        .to_string()
}
