use crate::domain::pricing::{Breakdown, Discount};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Text the backend sends in both of the app's languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LocalText {
    pub zh: String,
    pub en: String,
}

impl LocalText {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        LocalText { zh: zh.into(), en: en.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Province {
    pub code: String,
    pub name: LocalText,
    pub cities: Vec<City>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct City {
    pub code: String,
    pub name: LocalText,
}

/// Where and how a person the backend has no registration for (未参保) registers in a city, or
/// has their eligibility confirmed offline first (a pilot county), before paying online there
/// (seed 001 §6/§8, seed 003 §2). Sent with the not-registered problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationGuide {
    pub kind: RegistrationKind,
    /// Where to go in person.
    pub office: LocalText,
    /// Where it can be done online instead, if anywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<LocalText>,
    /// Online payment works from this many days after registering (seed 001: the next day).
    pub pay_online_after_days: u32,
    /// Where details that do not match the registration are corrected.
    pub correct_details: LocalText,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationKind {
    /// 参保登记: the person registers.
    Register,
    /// 线下确认: a pilot county confirms the person's eligibility offline.
    ConfirmEligibility,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductCode {
    /// 城乡居民医保
    ResidentMedical,
    /// 灵活就业人员医疗保险
    FlexibleMedical,
    /// 灵活就业人员养老保险
    FlexiblePension,
    /// 新生儿医保
    NewbornMedical,
}

impl ProductCode {
    /// The wire name, as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ProductCode::ResidentMedical => "resident_medical",
            ProductCode::FlexibleMedical => "flexible_medical",
            ProductCode::FlexiblePension => "flexible_pension",
            ProductCode::NewbornMedical => "newborn_medical",
        }
    }

    pub const ALL: [ProductCode; 4] = [
        ProductCode::ResidentMedical,
        ProductCode::FlexibleMedical,
        ProductCode::FlexiblePension,
        ProductCode::NewbornMedical,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub code: ProductCode,
    pub name: LocalText,
    pub summary: LocalText,
    pub years: Vec<ContributionYear>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowStatus {
    Open,
    /// The deadline has passed but back payment (补缴) with a late fee is accepted.
    BackPayment,
    Closed,
    NotYetOpen,
}

impl WindowStatus {
    pub fn accepts_payment(self) -> bool {
        matches!(self, WindowStatus::Open | WindowStatus::BackPayment)
    }
}

/// One contribution year of a product and its collection window. Dates are `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContributionYear {
    pub year: u16,
    pub opens_on: String,
    pub deadline: String,
    pub status: WindowStatus,
    #[serde(default)]
    pub days_late: u32,
}

/// Which order the person is paying for: region, product and year.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OrderRef {
    pub city: String,
    pub product: ProductCode,
    pub year: u16,
}

/// What a verification is for. Each purpose has its own rules on the backend (which methods,
/// how many must pass) and its token does only that: a record token cannot pay.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Paying `order`.
    #[default]
    Pay,
    /// Reading one's own record in `city` (read-only).
    Record,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartVerification {
    #[serde(default)]
    pub purpose: Purpose,
    /// The order being paid (purpose `pay`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<OrderRef>,
    /// The city whose record is read (purpose `record`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// A token from an earlier verification of the same person (a record token when paying a
    /// gap): the methods passed for it count, and the details need not be typed again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_token: Option<String>,
    /// Paying for a member of the family of the person `prior_token` stands for (a record
    /// token): that member is the insured person, and their consent must be in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// The details: left out when `prior_token` stands for them.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id_number: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mobile: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerifyMethod {
    Sms,
    Ecard,
    Face,
}

impl VerifyMethod {
    /// The wire name, as serde writes it (also used for element ids).
    pub fn as_str(self) -> &'static str {
        match self {
            VerifyMethod::Sms => "sms",
            VerifyMethod::Ecard => "ecard",
            VerifyMethod::Face => "face",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationSession {
    pub session_id: String,
    pub methods: Vec<VerifyMethod>,
    pub masked_mobile: String,
    /// How many of `methods` must pass for this purpose (one to pay; reading a record asks more).
    #[serde(default = "one")]
    pub required: u32,
    /// The methods passed so far (under `prior_token`, or in this session as the app saw them).
    #[serde(default)]
    pub passed: Vec<VerifyMethod>,
    /// Every method must pass, one after the other, in the order listed (Guangdong: the face,
    /// then an SMS code); `required` is then their number, and a method is open only once those
    /// before it have passed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_order: bool,
    /// Already verified: methods passed under `prior_token` cover this purpose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<Verified>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsSent {
    pub resend_after_seconds: u32,
    pub expires_in_seconds: u32,
}

/// A token given more time (the person asked for it before it ran out, WCAG 2.2.1): the same
/// token, good for `expires_in_seconds` from now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRefreshed {
    pub expires_in_seconds: u32,
    /// False once the token has reached the longest a verification lasts: it cannot be given
    /// more time again, and the person verifies again when it runs out.
    pub can_extend: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verified {
    /// Absent while the purpose still needs another method (see `still_needed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default)]
    pub expires_in_seconds: u32,
    /// The methods passed in this session so far.
    #[serde(default)]
    pub passed: Vec<VerifyMethod>,
    /// How many more methods must pass before the token is given.
    #[serde(default)]
    pub still_needed: u32,
}

impl StartVerification {
    /// Verifying to pay `order`, with the person's details.
    pub fn to_pay(order: OrderRef, name: String, id_number: String, mobile: String) -> Self {
        StartVerification { purpose: Purpose::Pay, order: Some(order), city: None, prior_token: None, member: None, name, id_number, mobile }
    }

    /// Verifying to read one's record in `city`, with the person's details.
    pub fn to_read_record(city: String, name: String, id_number: String, mobile: String) -> Self {
        StartVerification { purpose: Purpose::Record, order: None, city: Some(city), prior_token: None, member: None, name, id_number, mobile }
    }
}

/// Body of the SMS-code check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeCheck {
    pub code: String,
}

/// Body of the e-card password check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordCheck {
    pub password: String,
}

/// Body of the face hand-off: where the provider sends the person back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaceStart {
    pub return_url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaceHandoff {
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaidRecord {
    pub serial: String,
    #[serde(with = "crate::domain::money::decimal_string")]
    pub amount: Decimal,
    pub paid_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsuredProfile {
    pub name: String,
    pub masked_id: String,
    pub masked_mobile: String,
    /// The reduction this person qualifies for, if any (student, special group, pay-on-behalf).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concession: Option<Discount>,
    /// Set when this person's order is already paid: the app stops and says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub already_paid: Option<PaidRecord>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cycle {
    Monthly,
    Quarterly,
    HalfYearly,
}

impl Cycle {
    pub fn months(self) -> u32 {
        match self {
            Cycle::Monthly => 1,
            Cycle::Quarterly => 3,
            Cycle::HalfYearly => 6,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixedTier {
    pub code: String,
    pub name: LocalText,
    /// The personal share before any concession.
    #[serde(with = "crate::domain::money::decimal_string")]
    pub personal_amount: Decimal,
    #[serde(with = "crate::domain::money::decimal_string")]
    pub subsidy: Decimal,
    /// The months one payment of this amount covers: 12 for residents' yearly insurance, 1 for
    /// a fixed monthly pension tier (Sichuan, Hunan).
    #[serde(default = "twelve")]
    pub months: u32,
}

fn twelve() -> u32 {
    12
}

/// How the amount is chosen: a fixed tier (residents, newborns) or a contribution base between
/// a minimum and maximum percentage of the local average wage (flexible employment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TierOptions {
    Fixed {
        tiers: Vec<FixedTier>,
    },
    WageBased {
        #[serde(with = "crate::domain::money::decimal_string")]
        monthly_average_wage: Decimal,
        min_percent: u32,
        max_percent: u32,
        suggested_percents: Vec<u32>,
        #[serde(with = "crate::domain::money::decimal_strings")]
        rates: Vec<Decimal>,
        cycles: Vec<Cycle>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TierChoice {
    Fixed { tier: String },
    WageBased {
        base_percent: u32,
        #[serde(with = "crate::domain::money::decimal_string")]
        rate_percent: Decimal,
        cycle: Cycle,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRequest {
    pub order: OrderRef,
    pub choice: TierChoice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub quote_id: String,
    pub tier_label: LocalText,
    pub period: LocalText,
    pub breakdown: Breakdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// 微信零钱 / wallet balance
    Wallet,
    BankCard,
    CreditCard,
    /// 社保卡金融账户
    SocialSecurityCard,
    /// 财政代缴: nothing to pay, the state pays.
    FiscalPayOnBehalf,
    /// 家庭共济: a relative's medical insurance paid from the payer's own medical account, where
    /// the city allows it (family orders only).
    FamilyMedicalAccount,
}

impl PaymentMethod {
    /// The wire name, as serde writes it (also used for element ids).
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Wallet => "wallet",
            PaymentMethod::BankCard => "bank_card",
            PaymentMethod::CreditCard => "credit_card",
            PaymentMethod::SocialSecurityCard => "social_security_card",
            PaymentMethod::FiscalPayOnBehalf => "fiscal_pay_on_behalf",
            PaymentMethod::FamilyMedicalAccount => "family_medical_account",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentMethodOffer {
    pub method: PaymentMethod,
    /// Most that one payment with this method may be.
    #[serde(with = "crate::domain::money::decimal_string")]
    pub single_limit: Decimal,
    /// What the account holds now, where the method pays from an account the backend sees (the
    /// payer's medical account, 家庭共济): the order's parts together may not be more.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::money::optional_decimal_string")]
    pub balance: Option<Decimal>,
    /// Most that this person may pay with this method in one day (a bank's daily limit), where
    /// there is one.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::money::optional_decimal_string")]
    pub daily_limit: Option<Decimal>,
    /// What this person has already paid with this method today (the backend counts it): what
    /// is left of `daily_limit` is what one more payment may be.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::money::optional_decimal_string")]
    pub paid_today: Option<Decimal>,
}

impl PaymentMethodOffer {
    /// `method`, up to `single_limit` a payment, with no daily limit or account balance.
    pub fn new(method: PaymentMethod, single_limit: Decimal) -> Self {
        PaymentMethodOffer { method, single_limit, balance: None, daily_limit: None, paid_today: None }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatePayment {
    pub quote_id: String,
    pub method: PaymentMethod,
    /// Where the person is paying from: the backend chooses the provider's hand-off by it
    /// (none said: a code to scan, which works anywhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<ClientKind>,
    /// Where the provider's page sends the person back (`redirect`): this app's own address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
}

impl CreatePayment {
    /// A payment of `quote_id` by `method`, from a client that does not say where it runs.
    pub fn new(quote_id: impl Into<String>, method: PaymentMethod) -> Self {
        CreatePayment { quote_id: quote_id.into(), method, client: None, return_url: None }
    }

    /// Whether `other` asks for the same payment (the same quote and method): sent again with
    /// the same Idempotency-Key from another place (a reload in another webview) it is.
    pub fn same_payment(&self, other: &CreatePayment) -> bool {
        (&self.quote_id, self.method) == (&other.quote_id, other.method)
    }
}

/// Where the app is running, as a hint for the backend's choice of hand-off (`NextAction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientKind {
    /// WeChat's own webview: its payment sheet is reached through `WeixinJSBridge`.
    WechatWebview,
    /// Another app's webview (Alipay, a bank's app).
    InAppWebview,
    MobileBrowser,
    DesktopBrowser,
}

/// What the payer must do for the payment to go ahead, as the backend chose it for the client.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum NextAction {
    /// Nothing: the backend charges by itself (fiscal pay-on-behalf, an account debit).
    #[default]
    None,
    /// Open the provider's cashier page; it sends the person back to the return URL.
    Redirect { url: String },
    /// Open WeChat Pay's sheet inside WeChat with these parameters.
    WechatJsapi { wechat_jsapi: WechatPayRequest },
    /// Show this code for the payer's phone to scan (a desktop browser).
    Qr { code: String },
}

/// The parameters of `WeixinJSBridge.invoke('getBrandWCPayRequest', …)`, named as WeChat names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WechatPayRequest {
    #[serde(rename = "appId")]
    pub app_id: String,
    #[serde(rename = "timeStamp")]
    pub time_stamp: String,
    #[serde(rename = "nonceStr")]
    pub nonce_str: String,
    pub package: String,
    #[serde(rename = "signType")]
    pub sign_type: String,
    #[serde(rename = "paySign")]
    pub pay_sign: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    /// Waiting for the payer to confirm in their wallet (`Payment::next_action` says how).
    RequiresAction,
    Processing,
    Succeeded,
    Failed,
    Cancelled,
    Expired,
}

impl PaymentStatus {
    /// Whether the payment has its result (it may still be waiting for the wallet or the bank).
    pub fn is_final(self) -> bool {
        !matches!(self, PaymentStatus::RequiresAction | PaymentStatus::Processing)
    }

    /// The wire name, as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::RequiresAction => "requires_action",
            PaymentStatus::Processing => "processing",
            PaymentStatus::Succeeded => "succeeded",
            PaymentStatus::Failed => "failed",
            PaymentStatus::Cancelled => "cancelled",
            PaymentStatus::Expired => "expired",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub payment_id: String,
    pub status: PaymentStatus,
    #[serde(with = "crate::domain::money::decimal_string")]
    pub amount: Decimal,
    pub method: PaymentMethod,
    /// False when the backend knows for certain no money left the payer's account.
    pub money_taken: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_serial: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<LocalText>,
    /// While `requires_action`: how the payer confirms.
    #[serde(default)]
    pub next_action: NextAction,
    /// Once succeeded: when the fund receives it and the insured status follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival: Option<Arrival>,
}

/// When a paid contribution reaches the fund and the insured status shows it (seed 001 §4: the
/// fund receives it in 1–3 working days, the status updates one working day later), as dates
/// (YYYY-MM-DD) the backend works out from its calendar of working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrival {
    /// The first and the last working day the fund may receive it.
    pub fund_from: String,
    pub fund_by: String,
    /// The day by which the insured status shows it; after it, the person should ask (12333).
    pub status_by: String,
}

impl NextAction {
    pub fn is_none(&self) -> bool {
        *self == NextAction::None
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub serial: String,
    #[serde(with = "crate::domain::money::decimal_string")]
    pub amount: Decimal,
    /// The insured person the payment was for.
    pub payer_name: String,
    pub payer_masked_id: String,
    /// The family member who paid for them (代缴, 亲情账户), masked (刘*); none when they paid
    /// themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_by: Option<String>,
    pub product: LocalText,
    pub region: LocalText,
    pub period: LocalText,
    /// RFC 3339
    pub paid_at: String,
    pub channel: PaymentMethod,
    /// A URL a verifier opens (it is what the QR code encodes): the serial and the long check
    /// code the backend issued with the receipt.
    pub verify_url: String,
    /// The short check code printed on the receipt, for checking it by hand with the serial.
    pub check_code: String,
    /// When the fund receives the payment and the insured status follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival: Option<Arrival>,
}

/// What the public receipt check answers: only what a verifier needs, the payer's name masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptCheck {
    pub serial: String,
    /// The insured person's name, masked (张*).
    pub holder: String,
    pub product: LocalText,
    pub period: LocalText,
    #[serde(with = "crate::domain::money::decimal_string")]
    pub amount: Decimal,
    pub status: ReceiptStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptStatus {
    Paid,
    /// The payment was returned to where it came from (原路退回): the receipt no longer stands.
    Refunded,
}

/// A receipt serial and one of its check codes, as the public check sends them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptCheckRequest {
    pub serial: String,
    pub code: String,
}
