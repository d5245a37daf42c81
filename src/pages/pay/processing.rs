//! Waiting for the payment to become final. A payment that waits for the payer's wallet is
//! handed to the provider first (its cashier page, WeChat's sheet, or a code to scan), once per
//! press of pay; then, and after every return or reload, this screen asks the backend and shows
//! only what it says. The person may cancel, or go back to the pay button (the same payment).

use crate::api::{payment_call, ApiError, NextAction, PaymentStatus};
use crate::components::layout::{RedirectNotice, ScreenTitle};
use crate::components::problem::ApiProblem;
use crate::components::qr::QrImage;
use crate::domain::cashier_url::RefusedUrl;
use crate::domain::flow::Step;
use crate::domain::money::format_yuan;
use crate::domain::payment_attempt::{Confirming, LeftWallet};
use crate::i18n::{tr, Lang};
use crate::router::query_param;
use crate::state::{flow_data, navigator, use_app};
use leptos::prelude::*;
use std::time::Duration;
use super::handoff::{open_cashier, open_wechat_sheet, openable_here, SheetClosed};

const POLL_EVERY: Duration = Duration::from_millis(1000);

#[component]
pub fn ProcessingScreen() -> impl IntoView {
    let Some(payment) = flow_data(|f| f.payment.clone()) else {
        return ().into_any();
    };
    let app = use_app();
    let (flow, lang) = (app.flow, app.lang);
    let payment_id = payment.payment_id.clone();
    let last_error = RwSignal::new(None::<ApiError>);
    // The wallet's sheet closed, or the cashier sent the person back saying they left: the
    // next answer that still waits for the wallet returns them to the pay button.
    let left = RwSignal::new(query_param("left").is_some().then_some(LeftWallet::Cancelled));
    let refused = RwSignal::new(None::<RefusedUrl>);
    // The person is with the provider: on their way to its page, or in WeChat's open sheet.
    let with_wallet = RwSignal::new(false);
    let navigate = navigator();
    let confirming = Memo::new(move |_| flow.with(|f| f.payment.as_ref().map(|p| f.attempt.confirming(p.status, &p.next_action))));
    let action = Memo::new(move |_| flow.with(|f| f.payment.as_ref().map(|p| p.next_action.clone()).unwrap_or_default()));

    let api = app.api.clone();
    let id = payment_id.clone();
    let nav = navigate.clone();
    let poll_app = app.clone();
    let poll = Action::new_local(move |_: &()| {
        let app = poll_app.clone();
        let (token, id) = (app.token(), id.clone());
        let request = payment_call(&api, move |pay| pay.payment(&token, &id));
        let navigate = nav.clone();
        async move {
            let answer = request.await;
            // (The person may have left meanwhile, for the provider's page say: then nothing here.)
            let Some(left) = left.try_get_untracked() else { return };
            match answer {
                Ok(payment) => {
                    last_error.try_set(None);
                    let waiting_for_wallet = payment.status == PaymentStatus::RequiresAction;
                    if let Some(next) = app.flow.try_update(|f| f.payment_seen(payment)).flatten() {
                        navigate(next, true);
                    } else if waiting_for_wallet && left.is_some() {
                        app.flow.update(|f| f.attempt.back_unpaid());
                        navigate(Step::Review, true);
                    }
                }
                // A dropped connection is not a result: keep the payment and keep asking.
                Err(error) => {
                    last_error.try_set(Some(error));
                }
            }
        }
    });
    poll.dispatch(());
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let stop = matches!(last_error.get_untracked(), Some(ApiError::SessionExpired)) || refused.get_untracked().is_some();
            if !poll.pending().get_untracked() && !stop {
                poll.dispatch(());
            }
        },
        POLL_EVERY,
    ) {
        on_cleanup(move || handle.clear());
    }

    // Hand the payment to the provider, once per press of pay (a return or reload asks instead).
    let backend_name = app.api.describe();
    let backend = backend_name.clone();
    Effect::new(move |_| {
        if confirming.get() != Some(Confirming::HandOff) {
            return;
        }
        with_wallet.set(true);
        flow.update(|f| f.attempt.hand_off());
        match action.get_untracked() {
            NextAction::Redirect { url } => {
                let backend = backend.clone();
                leptos::task::spawn_local(async move {
                    if let Err(why) = open_cashier(url, backend).await {
                        with_wallet.try_set(false);
                        refused.try_set(Some(why));
                    }
                });
            }
            NextAction::WechatJsapi { wechat_jsapi } => open_wechat_sheet(&wechat_jsapi, move |closed| {
                if with_wallet.try_set(false).is_some() {
                    return; // The screen is gone.
                }
                if let SheetClosed::Left(how) = closed {
                    left.try_set(Some(how));
                }
                // Whatever the sheet said, the backend says what happened.
                poll.dispatch(());
            }),
            _ => {}
        }
    });

    let api = app.api.clone();
    let cancel = Action::new_local(move |_: &()| {
        let (token, payment_id) = (app.token(), payment_id.clone());
        let request = payment_call(&api, move |pay| pay.cancel_payment(&token, &payment_id));
        let navigate = navigate.clone();
        async move {
            let result = request.await;
            if let Ok(payment) = &result {
                let payment = payment.clone();
                // Cancelled (or, if it settled meanwhile, whatever it became): its result.
                app.flow.update(|f| {
                    f.payment_seen(payment);
                });
                navigate(Step::Outcome, true);
            }
            result.map(|_| ())
        }
    });
    let back_to_pay = move |_| {
        flow.update(|f| f.attempt.back_unpaid());
        navigator()(Step::Review, true);
    };
    let open_again = move |_| flow.update(|f| f.attempt.to_wallet_again());

    let amount = format_yuan(payment.amount);
    let status_line = move || match (if with_wallet.get() { Some(Confirming::HandOff) } else { confirming.get() }, action.get()) {
        (Some(Confirming::HandOff), NextAction::WechatJsapi { .. }) => tr("请在微信支付中输入密码确认付款。", "Confirm the payment in WeChat Pay with your password.")(),
        (Some(Confirming::HandOff), _) => tr("正在打开支付页面…", "Opening the payment page…")(),
        (Some(Confirming::ShowCode), _) => tr("请用手机上的微信或支付宝扫描二维码，并在手机上确认付款。付款后此页会自动更新。", "Scan the code with WeChat or Alipay on your phone and confirm there. This page updates by itself once you have paid.")(),
        (Some(Confirming::Wait), NextAction::Redirect { .. } | NextAction::WechatJsapi { .. }) => tr("正在向后台确认您是否已付款，请稍候。", "Checking with the backend whether you have paid. Please wait.")(),
        _ => tr("正在等待支付结果，请不要关闭页面，也不要重复支付。", "Waiting for the payment result. Do not close this page or pay again.")(),
    };
    let state = move || match confirming.get() {
        _ if refused.get().is_some() => "handoff-refused",
        _ if with_wallet.get() => "handing-off",
        Some(Confirming::HandOff) => "handing-off",
        Some(Confirming::ShowCode) => "scan-code",
        Some(Confirming::Wait) if action.get().is_none() => "processing",
        Some(Confirming::Wait) => "awaiting-wallet",
        _ => "processing",
    };
    let waiting_for_wallet = move || !action.get().is_none() && refused.get().is_none();
    let code = move || match action.get() {
        NextAction::Qr { code } => Some(code),
        _ => None,
    };
    let backend = backend_name;
    let here = LocalResource::new(move || {
        let (code, backend) = (code(), backend.clone());
        async move {
            match code {
                Some(code) if openable_here(code.clone(), backend).await => Some(code),
                _ => None,
            }
        }
    });
    view! {
        <RedirectNotice />
        <ScreenTitle zh="正在支付" en="Payment in progress" />
        <div class="result result-waiting" data-testid="processing" data-state=state>
            {move || (refused.get().is_none() && code().is_none()).then(|| view! { <span class="spinner spinner-large" aria-hidden="true"></span> })}
            <p class="result-amount">{amount}</p>
            {move || code().map(|code| view! {
                <div class="payment-code" data-testid="payment-code">
                    <QrImage text=code label=Signal::derive(move || lang.get().pick("付款二维码", "Code to scan to pay").to_string()) />
                </div>
            })}
            <p role="status">{status_line}</p>
            {move || refused.get().map(|why| view! { <RefusedProblem why /> })}
            {move || last_error.get().map(|error| view! { <ApiProblem error /> })}
            {move || cancel.value().get().and_then(|r| r.err()).map(|error| view! { <ApiProblem error /> })}
            <div class="actions">
                {move || (confirming.get() == Some(Confirming::Wait) && waiting_for_wallet() && !with_wallet.get()).then(|| view! {
                    <button type="button" class="button button-primary" data-testid="open-cashier-again" on:click=open_again>
                        {tr("重新打开支付页面", "Open the payment page again")}
                    </button>
                })}
                {move || here.get().flatten().map(|code| view! {
                    <a class="button button-secondary" data-testid="pay-on-this-device" href=code>{tr("在本设备上打开支付页面", "Open the payment page on this device")}</a>
                })}
                {move || waiting_for_wallet().then(|| view! {
                    <button type="button" class="button button-secondary" data-testid="back-to-pay" on:click=back_to_pay>
                        {tr("我还没有付款，返回", "I have not paid: go back")}
                    </button>
                })}
                <button type="button" class="button button-secondary" data-testid="cancel-payment"
                    disabled=move || cancel.pending().get() on:click=move |_| { cancel.dispatch(()); }>
                    {tr("取消支付", "Cancel payment")}
                </button>
            </div>
        </div>
    }
    .into_any()
}

/// The cashier page's address did not pass the check: nothing was opened and nothing paid.
#[component]
fn RefusedProblem(why: RefusedUrl) -> impl IntoView {
    let lang = use_app().lang;
    let detail = move || match (&why, lang.get()) {
        (RefusedUrl::NotAllowed { origin }, Lang::Zh) => format!("地址 {origin} 不在本服务允许的支付机构之列。"),
        (RefusedUrl::NotAllowed { origin }, Lang::En) => format!("{origin} is not one of the payment providers this service allows."),
        (RefusedUrl::NotHttps, l) => l.pick("该地址未使用加密连接（https）。", "The address does not use a secure connection (https).").to_string(),
        (RefusedUrl::NotAnAddress, l) => l.pick("该地址无法识别。", "The address could not be read.").to_string(),
    };
    view! {
        <div class="problem" role="alert" data-problem="HandoffRefused">
            <h2>{tr("支付页面未通过安全检查", "The payment page failed a safety check")}</h2>
            <p>{tr("后台给出的支付页面地址未通过检查，因此没有打开，也没有扣款。", "The payment page address the backend gave did not pass the check, so it was not opened and no money was taken.")}</p>
            <p>{detail}</p>
            <p>{tr("请稍后再试，或拨打 12333 咨询。", "Try again later, or call 12333.")}</p>
        </div>
    }
}
