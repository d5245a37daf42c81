//! The reference backend's stand-in payment provider (not part of the contract): the cashier
//! page a `redirect` hand-off sends the payer to and a `qr` code opens on their phone, and the
//! decisions a test (or its stub of WeChat's bridge) tells it directly. It lives on the
//! backend's own origin, so the app's check of a cashier address meets a real other origin.

use super::{problem, AppState};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use futures::executor::block_on;
use insurance_pay::api::demo::{CashierDecision, CashierView};
use insurance_pay::api::PaymentStatus;
use insurance_pay::domain::money::format_yuan;
use serde::Deserialize;

#[derive(Deserialize)]
pub(super) struct Shown {
    payment: String,
}

#[derive(Deserialize)]
pub(super) struct Told {
    /// The provider tells the backend this much later (a slow provider).
    #[serde(default)]
    notify_after_ms: u64,
    /// Sent by the page's own buttons: answer by sending the person on, not with JSON.
    #[serde(default)]
    via: Option<String>,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// `GET /__cashier?payment=…`: the page, with the payment's amount and three buttons.
pub(super) async fn page(State(s): State<AppState>, Query(shown): Query<Shown>) -> Response {
    let view = match block_on(s.api.cashier_payment(&shown.payment)) {
        Ok(view) => view,
        Err(error) => return problem(&error),
    };
    let id = escape(&view.payment_id);
    let waiting = view.status == PaymentStatus::RequiresAction;
    let disabled = if waiting { "" } else { " disabled" };
    let button = |decision: &str, test_id: &str, label: &str, primary: bool| {
        let class = if primary { "primary" } else { "secondary" };
        let disabled = if decision == "cancel" { "" } else { disabled };
        format!(r#"<form method="post" action="/__cashier/{id}/{decision}?via=page"><button class="{class}" data-testid="{test_id}"{disabled}>{label}</button></form>"#)
    };
    Html(format!(
        r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>收银台（参考后端的模拟支付机构）</title>
<style>body{{font:18px/1.5 system-ui,sans-serif;margin:1rem;color:#111}}button{{font:inherit;min-height:48px;width:100%;margin:.4rem 0;border-radius:8px}}
.primary{{background:#0a6b2f;color:#fff;border:0}}.secondary{{background:#fff;color:#0a6b2f;border:2px solid #0a6b2f}}</style></head>
<body><main data-testid="cashier" data-state="{state}"><h1>收银台（模拟） / Cashier (stand-in)</h1>
<p>参考后端模拟的支付机构页面，不会真的扣款。 This page stands in for a payment provider; no money moves.</p>
<p>付款金额 Amount: <strong data-testid="cashier-amount">{amount}</strong></p>
{confirm}{cancel}{fail}</main></body></html>"#,
        state = if waiting { "cashier" } else { "cashier-done" },
        amount = escape(&format_yuan(view.amount)),
        confirm = button("confirm", "cashier-confirm", "输入密码，确认付款 / Enter the password and pay", true),
        cancel = button("cancel", "cashier-cancel", "取消，返回缴费页面 / Cancel and go back", false),
        fail = button("fail", "cashier-fail", "模拟付款失败 / Make the payment fail", false),
    ))
    .into_response()
}

/// `POST /__cashier/{id}/{confirm|cancel|fail}`: the payer's decision, told to the backend as
/// the provider's notification would be. From the page, the person is sent back to the app
/// (with `left=1` when they left without paying); a code scanned has no page to go back to.
pub(super) async fn decide(State(s): State<AppState>, Path((id, decision)): Path<(String, String)>, Query(told): Query<Told>) -> Response {
    let decision = match decision.as_str() {
        "confirm" => CashierDecision::Confirm,
        "cancel" => CashierDecision::Cancel,
        "fail" => CashierDecision::Fail,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let view: CashierView = match block_on(s.api.cashier_decides(&id, decision, told.notify_after_ms)) {
        Ok(view) => view,
        Err(error) => return problem(&error),
    };
    match (told.via.as_deref(), &view.return_url) {
        (Some("page"), Some(back)) => {
            let separator = if back.contains('?') { '&' } else { '?' };
            let to = if decision == CashierDecision::Cancel { format!("{back}{separator}left=1") } else { back.clone() };
            Redirect::to(&to).into_response()
        }
        (Some("page"), None) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], format!(
            r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>收银台</title></head><body><main data-testid="cashier" data-state="cashier-told"><p>已通知缴费后台，请回到电脑上的缴费页面。 The insurance backend has been told: go back to the payment page.</p><p>{}</p></main></body></html>"#,
            escape(&format_yuan(view.amount))
        )).into_response(),
        _ => Json(view).into_response(),
    }
}
