//! The flow's state as the app holds it: what the person has chosen and where their payment
//! stands. It is kept in sessionStorage (no name, ID number or phone in it) so a reload keeps
//! progress; what a person types to verify stays in memory only.

use crate::api::{ApiClient, LocalText, OrderRef, Payment, PaymentMethod, PaymentStatus, ProductCode, Quote, TierChoice, VerificationSession};
use crate::domain::identity::mask_id_number;
use crate::domain::flow::{resolve, PaymentStage, Progress, RedirectReason, Step};
use crate::i18n::Lang;
use crate::platform::{load, random_hex, save, storage_get, Store};
use leptos::prelude::*;
use crate::router::navigate_to;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

const FLOW_KEY: &str = "insurance-pay.flow.v1";
pub const LANG_KEY: &str = "insurance-pay.lang";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Flow {
    pub province: Option<String>,
    pub city: Option<String>,
    pub product: Option<ProductCode>,
    pub year: Option<u16>,
    /// Province and city names for display, as the backend named them.
    pub place: Option<LocalText>,
    pub verification: Option<VerificationSession>,
    pub token: Option<String>,
    pub tier: Option<TierChoice>,
    pub quote: Option<Quote>,
    pub method: Option<PaymentMethod>,
    /// The Idempotency-Key for the next (or current) attempt to pay this order. It is made once
    /// when the review screen is first shown and replaced only after a final unsuccessful result,
    /// so double taps, retries and reloads all reuse it.
    pub attempt_key: Option<String>,
    pub payment: Option<Payment>,
}

impl Flow {
    pub fn order(&self) -> Option<OrderRef> {
        Some(OrderRef { city: self.city.clone()?, product: self.product?, year: self.year? })
    }

    pub fn progress(&self) -> Progress {
        Progress {
            product_chosen: self.order().is_some(),
            verified: self.token.is_some(),
            tier_chosen: self.quote.is_some(),
            method_chosen: self.method.is_some(),
            payment: self.payment.as_ref().map(|p| match p.status {
                PaymentStatus::Processing => PaymentStage::Processing,
                PaymentStatus::Succeeded => PaymentStage::Succeeded,
                PaymentStatus::Failed => PaymentStage::Failed,
                PaymentStatus::Cancelled => PaymentStage::Cancelled,
                PaymentStatus::Expired => PaymentStage::Expired,
            }),
        }
    }

    /// A different order needs a new verification and everything after it.
    pub fn set_order(&mut self, city: Option<String>, product: Option<ProductCode>, year: Option<u16>) {
        if (self.city.as_ref(), self.product, self.year) != (city.as_ref(), product, year) {
            self.city = city;
            self.product = product;
            self.year = year;
            self.forget_verification();
        }
    }

    pub fn forget_verification(&mut self) {
        self.verification = None;
        self.token = None;
        self.forget_tier();
    }

    pub fn forget_tier(&mut self) {
        self.tier = None;
        self.quote = None;
        self.method = None;
        self.forget_payment();
    }

    pub fn forget_payment(&mut self) {
        self.attempt_key = None;
        self.payment = None;
    }

    /// The key for paying now: the existing one, or a fresh one.
    pub fn ensure_attempt_key(&mut self) -> String {
        self.attempt_key.get_or_insert_with(|| format!("pay-{}", random_hex(16))).clone()
    }

    /// Start another payment: keep the region, forget everything personal.
    pub fn start_again(&mut self) {
        let (province, city, place) = (self.province.take(), self.city.take(), self.place.take());
        *self = Flow { province, city, place, ..Flow::default() };
    }
}

/// What the person typed to verify: memory only, never stored, kept while they move around.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IdentityDraft {
    pub name: String,
    pub id_number: String,
    pub mobile: String,
}

impl IdentityDraft {
    /// Who is paying, as the screens show it: name and masked ID number while they are in
    /// memory, otherwise (after a reload) the masked mobile the backend confirmed.
    pub fn payer_line(&self, masked_mobile: &str) -> String {
        if self.name.is_empty() {
            masked_mobile.to_string()
        } else {
            format!("{} · {}", self.name, mask_id_number(&self.id_number))
        }
    }
}

/// Everything the screens share, provided once at the root.
#[derive(Clone)]
pub struct AppState {
    pub api: Arc<dyn ApiClient>,
    pub flow: RwSignal<Flow>,
    pub draft: RwSignal<IdentityDraft>,
    /// Why the person was sent to this screen, shown once at its top.
    pub notice: RwSignal<Option<RedirectReason>>,
    pub lang: RwSignal<Lang>,
}

impl AppState {
    pub fn new(api: Arc<dyn ApiClient>) -> Self {
        let flow = load(Store::Session, FLOW_KEY).unwrap_or_default();
        let lang = storage_get(Store::Local, LANG_KEY).and_then(|code| Lang::from_code(&code)).unwrap_or_default();
        let state = AppState {
            api,
            flow: RwSignal::new(flow),
            draft: RwSignal::new(IdentityDraft::default()),
            notice: RwSignal::new(None),
            lang: RwSignal::new(lang),
        };
        let flow = state.flow;
        Effect::new(move |_| {
            flow.with(|f| save(Store::Session, FLOW_KEY, f));
        });
        state
    }

    pub fn token(&self) -> String {
        self.flow.with_untracked(|f| f.token.clone().unwrap_or_default())
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

/// A navigation function for event handlers and async tasks. `replace` keeps the step being
/// left out of the back-button history.
pub fn navigator() -> impl Fn(Step, bool) + Clone + Send + Sync + 'static {
    move |step: Step, replace: bool| navigate_to(step.path(), replace)
}

/// Decides once, when a screen mounts, whether it may be shown. If not, it records why and
/// sends the person to the right step (replacing the history entry, so back does not loop).
pub fn allow_step(step: Step) -> bool {
    let app = use_app();
    let progress = app.flow.with_untracked(Flow::progress);
    let (landed, reason) = resolve(step, &progress);
    if landed == step {
        return true;
    }
    app.notice.set(reason);
    // After this render: the screen being left must finish mounting before the next one.
    request_animation_frame(move || navigate_to(landed.path(), true));
    false
}
