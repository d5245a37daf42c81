//! Handing a payment to the provider for the payer to confirm (`NextAction`), for every
//! payment the app makes: where the app runs (the backend chooses the hand-off by it), the
//! return address, the check of a cashier page's address, and WeChat's sheet. What the wallet
//! or the return says is never taken as proof: the screens ask the backend.

use crate::api::{ClientKind, WechatPayRequest};
use crate::domain::cashier_url::{self, RefusedUrl};
use crate::domain::payment_attempt::{client_kind, LeftWallet};
use js_sys::{Function, Object, Reflect};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::{closure::Closure, JsCast};

/// Where the app runs, for the backend's choice of hand-off.
pub fn this_client() -> ClientKind {
    let navigator = window().navigator();
    client_kind(&navigator.user_agent().unwrap_or_default(), navigator.max_touch_points() > 0)
}

/// This app's page at `path`, as an address a provider's page can send the person back to.
pub fn return_address(path: &str) -> String {
    format!("{}{path}", window().location().origin().unwrap_or_default())
}

/// The provider origins a cashier page may be on: `payment_origins` in `config.json`; without
/// them (the demo, a test deployment) only this app's own and its backend's, where the
/// stand-in cashiers are.
async fn allowed_origins(backend: &str) -> Vec<String> {
    let listed = crate::boot::runtime_config().await.and_then(|config| Reflect::get(&config, &"payment_origins".into()).ok()).filter(js_sys::Array::is_array);
    match listed {
        Some(list) => js_sys::Array::from(&list).iter().filter_map(|v| v.as_string()).collect(),
        None => [window().location().origin().ok(), cashier_url::origin_of(backend).ok()].into_iter().flatten().collect(),
    }
}

/// Checks a cashier page's address (see `domain::cashier_url`) and, if it passes, sends the
/// person there once what the app keeps has been saved (the effects that save it run first).
/// A page of this app (the demo's stand-in) opens without a reload, as the face check's does,
/// and inside a gallery preview stays in it.
pub async fn open_cashier(url: String, backend: String) -> Result<(), RefusedUrl> {
    cashier_url::check(&url, &allowed_origins(&backend).await)?;
    let origin = window().location().origin().unwrap_or_default();
    set_timeout(move || match url.strip_prefix(&origin).filter(|path| path.starts_with('/')) {
        Some(path) => crate::router::navigate_to(path, false),
        None => {
            let _ = window().location().assign(&url);
        }
    }, Duration::ZERO);
    Ok(())
}

/// Whether a code's content is also a page that may be opened on this device (the demo's
/// stand-in cashier is; a wallet's own `weixin://` code is not).
pub async fn openable_here(code: String, backend: String) -> bool {
    cashier_url::check(&code, &allowed_origins(&backend).await).is_ok()
}

/// What WeChat's sheet said when it closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetClosed {
    /// `get_brand_wcpay_request:ok`: the payer confirmed (proof of nothing: ask the backend).
    Confirmed,
    Left(LeftWallet),
}

fn sheet_result(err_msg: &str) -> SheetClosed {
    match err_msg.rsplit(':').next() {
        Some("ok") => SheetClosed::Confirmed,
        Some("cancel") => SheetClosed::Left(LeftWallet::Cancelled),
        _ => SheetClosed::Left(LeftWallet::Failed),
    }
}

/// Opens WeChat Pay's sheet (`WeixinJSBridge.invoke('getBrandWCPayRequest', …)`), waiting a
/// moment for the bridge if WeChat has not made it ready yet; `closed` gets what the sheet
/// said. Without the bridge (not in WeChat after all) it reports a failure.
pub fn open_wechat_sheet(request: &WechatPayRequest, closed: impl Fn(SheetClosed) + 'static) {
    let params = Object::new();
    for (name, value) in [
        ("appId", &request.app_id),
        ("timeStamp", &request.time_stamp),
        ("nonceStr", &request.nonce_str),
        ("package", &request.package),
        ("signType", &request.sign_type),
        ("paySign", &request.pay_sign),
    ] {
        let _ = Reflect::set(&params, &name.into(), &value.into());
    }
    let closed = std::rc::Rc::new(closed);
    let told = closed.clone();
    // (The one closure type the app already has: an event's, here given the sheet's answer.)
    let answer = Closure::<dyn FnMut(web_sys::Event)>::new(move |res: web_sys::Event| {
        let said = Reflect::get(&res, &"err_msg".into()).ok().and_then(|m| m.as_string()).unwrap_or_default();
        told(sheet_result(&said));
    })
    .into_js_value();
    let invoked = std::rc::Rc::new(std::cell::Cell::new(false));
    let invoke = {
        let invoked = invoked.clone();
        move || {
            let bridge = Reflect::get(&window(), &"WeixinJSBridge".into()).ok().filter(|b| b.is_object());
            let function = bridge.as_ref().and_then(|b| Reflect::get(b, &"invoke".into()).ok()).and_then(|f| f.dyn_into::<Function>().ok());
            if let (Some(bridge), Some(function), false) = (bridge, function, invoked.get()) {
                invoked.set(function.call3(&bridge, &"getBrandWCPayRequest".into(), &params, &answer).is_ok());
            }
        }
    };
    invoke();
    if invoked.get() {
        return;
    }
    let on_ready = invoke.clone();
    let ready = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| on_ready()).into_js_value();
    let _ = document().add_event_listener_with_callback("WeixinJSBridgeReady", ready.unchecked_ref());
    set_timeout(move || {
        invoke();
        if !invoked.get() {
            closed(SheetClosed::Left(LeftWallet::Failed));
        }
    }, BRIDGE_WAIT);
}

/// How long WeChat may take to make its bridge ready.
const BRIDGE_WAIT: Duration = Duration::from_secs(3);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sheet_says_how_it_closed() {
        assert_eq!(sheet_result("get_brand_wcpay_request:ok"), SheetClosed::Confirmed);
        assert_eq!(sheet_result("get_brand_wcpay_request:cancel"), SheetClosed::Left(LeftWallet::Cancelled));
        assert_eq!(sheet_result("get_brand_wcpay_request:fail"), SheetClosed::Left(LeftWallet::Failed));
        assert_eq!(sheet_result(""), SheetClosed::Left(LeftWallet::Failed));
    }
}
