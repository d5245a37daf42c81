//! The demo's stand-in payment provider. A real backend hands a payment that needs the payer's
//! confirmation to WeChat Pay, Alipay or a bank, and settles it only when the provider tells it
//! the payer confirmed. Here the stand-in cashier (the app's `/cashier` page for the embedded
//! demo, the reference backend's `/__cashier` page, a test's stub of WeChat's bridge) tells the
//! backend through [`DemoBackend::cashier_decides`], as the provider's notification would.

use super::*;

/// What the payer does at the stand-in cashier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CashierDecision {
    /// Confirms with their password: the provider takes the money.
    Confirm,
    /// Closes the sheet or leaves the page: nothing happens; the payment still waits.
    Cancel,
    /// The wallet refuses (a wrong password too often, not enough in it).
    Fail,
}

/// What the stand-in cashier shows and where it sends the person back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashierView {
    pub payment_id: String,
    #[serde(with = "crate::domain::money::decimal_string")]
    pub amount: Decimal,
    pub method: PaymentMethod,
    pub status: PaymentStatus,
    /// The app's page the payer returns to (a redirect's), or none (a code scanned elsewhere,
    /// WeChat's sheet).
    pub return_url: Option<String>,
}

/// The provider's side of a payment that waits for the payer: kept with the payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct ProviderState {
    pub return_url: Option<String>,
    /// When the provider tells the backend the payer confirmed (the decision plus any delay).
    pub confirmed_at: Option<u64>,
}

/// How the method's provider has the payer confirm, from where they pay (seed 003: wallets ask
/// for the password on every payment). An account the backend debits itself needs nothing.
pub(super) fn needs_confirmation(method: PaymentMethod) -> bool {
    matches!(method, PaymentMethod::Wallet | PaymentMethod::BankCard | PaymentMethod::CreditCard)
}

/// A return address as the contract allows one: an absolute http(s) address of at most 512
/// characters (whether it is the app's own is checked where a redirect needs it).
pub(super) fn check_return_url(url: Option<&str>) -> Result<(), ApiError> {
    let fits = |url: &str| url.len() <= 512 && (url.starts_with("https://") || url.starts_with("http://")) && url.len() > 8 && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    match url {
        Some(url) if !fits(url) => Err(ApiError::InvalidRequest { field: Some("return_url".into()) }),
        _ => Ok(()),
    }
}

impl Ctx<'_> {
    /// The hand-off for a new payment `payment_id`, and the provider's state to keep with it.
    pub(super) fn hand_off(&mut self, payment_id: &str, amount: Decimal, method: PaymentMethod, client: Option<ClientKind>, return_url: Option<&str>) -> Result<(NextAction, Option<ProviderState>), ApiError> {
        if amount.is_zero() || !needs_confirmation(method) {
            return Ok((NextAction::None, None));
        }
        if self.backend.provider_refusing.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(ApiError::ProviderRefused);
        }
        let base = &self.backend.cashier_base;
        let action = match client {
            Some(ClientKind::WechatWebview) => NextAction::WechatJsapi {
                wechat_jsapi: WechatPayRequest {
                    app_id: "wxd930ea5d5a258f4f".into(),
                    time_stamp: (self.now / 1000).to_string(),
                    nonce_str: random_hex(16),
                    package: format!("prepay_id={payment_id}"),
                    sign_type: "RSA".into(),
                    pay_sign: random_hex(64),
                },
            },
            Some(ClientKind::InAppWebview | ClientKind::MobileBrowser) => {
                let back = return_url.filter(|url| self.backend.own_page(url)).ok_or(ApiError::InvalidRequest { field: Some("return_url".into()) })?;
                NextAction::Redirect { url: format!("{base}?payment={payment_id}&return={}", url_encode(back)) }
            }
            // A code to scan works wherever the app runs (and when it does not say).
            Some(ClientKind::DesktopBrowser) | None => NextAction::Qr { code: format!("{base}?payment={payment_id}&scan=1") },
        };
        let return_url = match &action {
            NextAction::Redirect { .. } => return_url.map(str::to_string),
            _ => None,
        };
        Ok((action, Some(ProviderState { return_url, confirmed_at: None })))
    }

    /// Another payment of the same order is starting under a new key: one still waiting for the
    /// payer is closed at the provider first (as a real backend closes the provider's order), so
    /// it can never be confirmed later. Nothing was taken under it.
    pub(super) fn close_unconfirmed(&mut self, person: &Person, order: &OrderRef) {
        let key = person.key();
        for stored in self.db.payments.values_mut().filter(|p| p.person.key() == key && &p.order == order && p.payment.status == PaymentStatus::RequiresAction) {
            if stored.provider.as_ref().is_some_and(|p| p.confirmed_at.is_none()) {
                stored.payment.status = PaymentStatus::Cancelled;
                stored.payment.next_action = NextAction::None;
                stored.payment.money_taken = false;
            }
        }
    }

    /// The payments one provider order covers: a single payment, or each member's of a family part.
    fn covered(&self, payment_id: &str) -> Vec<String> {
        match self.db.family_payments.get(payment_id) {
            Some(part) => part.payments.iter().map(|(_, id)| id.clone()).collect(),
            None => vec![payment_id.to_string()],
        }
    }

    fn cashier_view(&mut self, payment_id: &str) -> Result<CashierView, ApiError> {
        let covered = self.covered(payment_id);
        covered.iter().for_each(|id| self.settle(id));
        let payments = covered.iter().map(|id| self.db.payments.get(id).ok_or(ApiError::NotFound)).collect::<Result<Vec<_>, _>>()?;
        let first = payments.first().ok_or(ApiError::NotFound)?;
        let provider = first.provider.as_ref().ok_or(ApiError::NotFound)?;
        Ok(CashierView {
            payment_id: payment_id.into(),
            amount: payments.iter().map(|p| p.payment.amount).sum(),
            method: first.payment.method,
            status: first.payment.status,
            return_url: provider.return_url.clone(),
        })
    }
}

thread_local! {
    /// The demo backend of this page, for the stand-in cashier page to tell (see `stand_in`).
    static STAND_IN: std::cell::RefCell<Option<DemoBackend>> = const { std::cell::RefCell::new(None) };
}

/// The demo backend the stand-in cashier page tells the payer's decision to: the embedded
/// demo's (or a gallery preview's), none when the app talks to another backend.
pub fn stand_in() -> Option<DemoBackend> {
    STAND_IN.with(|s| s.borrow().clone())
}

impl DemoBackend {
    /// From now on the stand-in cashier page tells this backend (the app's embedded demo).
    pub fn serve_stand_in_cashier(self) -> Self {
        STAND_IN.with(|s| *s.borrow_mut() = Some(self.clone()));
        self
    }

    /// Where the stand-in cashier lives (`?payment=` and `return=` are appended).
    pub fn with_cashier_base(mut self, cashier_base: impl Into<String>) -> Self {
        self.cashier_base = cashier_base.into();
        self
    }

    /// Whether `url` is one of the app's own pages (a return address the stand-in may follow).
    fn own_page(&self, url: &str) -> bool {
        url.strip_prefix(&origin_of(&self.verify_base)).is_some_and(|path| path.starts_with('/') && !path.starts_with("//"))
    }

    /// The payment as the stand-in cashier shows it.
    pub fn cashier_payment(&self, payment_id: &str) -> ApiFuture<CashierView> {
        let payment_id = payment_id.to_string();
        self.call_after(None, self.timing.latency_ms, move |ctx| ctx.cashier_view(&payment_id))
    }

    /// The payer's decision at the stand-in cashier, told to the backend as the provider's
    /// notification would, `notify_after_ms` later (a provider that is slow to tell).
    pub fn cashier_decides(&self, payment_id: &str, decision: CashierDecision, notify_after_ms: u64) -> ApiFuture<CashierView> {
        let payment_id = payment_id.to_string();
        self.call_after(None, self.timing.latency_ms, move |ctx| {
            ctx.cashier_view(&payment_id)?;
            let now = ctx.now;
            for id in ctx.covered(&payment_id) {
                let Some(stored) = ctx.db.payments.get_mut(&id) else { continue };
                let Some(provider) = stored.provider.as_mut() else { continue };
                if stored.payment.status != PaymentStatus::RequiresAction || provider.confirmed_at.is_some() {
                    continue;
                }
                match decision {
                    CashierDecision::Confirm => provider.confirmed_at = Some(now + notify_after_ms),
                    CashierDecision::Cancel => {}
                    CashierDecision::Fail => {
                        stored.payment.status = PaymentStatus::Failed;
                        stored.payment.next_action = NextAction::None;
                        stored.payment.money_taken = false;
                        stored.payment.failure_reason = Some(LocalText::new("钱包未完成付款（支付密码错误次数过多或余额不足），没有扣款", "The wallet did not pay (too many wrong passwords, or not enough in it). No money was taken"));
                    }
                }
            }
            ctx.cashier_view(&payment_id)
        })
    }
}
