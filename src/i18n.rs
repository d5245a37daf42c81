//! Chinese first, English second. Text lives beside its use as (zh, en) pairs; this module holds
//! the language signal and the messages shared by several screens.

use crate::api::{ApiError, LocalText, PaymentMethod, PaymentStatus, ProductCode, VerifyMethod, WindowStatus};
use crate::domain::flow::RedirectReason;
use crate::domain::identity::{IdNumberError, MobileError, NameError, SixDigitError};
use crate::domain::pricing::{DiscountKind, LineKind, PricedLine};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn html_lang(self) -> &'static str {
        self.pick("zh-CN", "en")
    }

    pub fn code(self) -> &'static str {
        self.pick("zh", "en")
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// The language signal provided at the root.
#[derive(Clone, Copy)]
pub struct Language(pub RwSignal<Lang>);

pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<Language>().0
}

/// Reactive text: `{tr("缴费", "Pay")}` in a view follows the language switch.
pub fn tr(zh: &'static str, en: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || lang.get().pick(zh, en)
}

impl LocalText {
    pub fn get(&self, lang: Lang) -> String {
        lang.pick(&self.zh, &self.en).to_string()
    }
}

/// A message in both languages, built at run time.
pub type Message = (String, String);

pub fn pick(lang: Lang, message: &Message) -> String {
    lang.pick(&message.0, &message.1).to_string()
}

fn msg(zh: impl Into<String>, en: impl Into<String>) -> Message {
    (zh.into(), en.into())
}

pub fn name_error(error: NameError) -> Message {
    match error {
        NameError::Empty => msg("请输入姓名", "Enter your name"),
        NameError::TooLong => msg("姓名不能超过 30 个字", "The name must be 30 characters or fewer"),
        NameError::BadCharacter => msg("姓名只能包含汉字、字母和“·”", "The name can only contain letters and “·”"),
    }
}

pub fn id_number_error(error: IdNumberError) -> Message {
    match error {
        IdNumberError::Empty => msg("请输入身份证号", "Enter your ID number"),
        IdNumberError::WrongLength(n) => msg(
            format!("身份证号应为 18 位，您输入了 {n} 位"),
            format!("The ID number must be 18 characters; you entered {n}"),
        ),
        IdNumberError::BadCharacter => msg("身份证号只能是数字，最后一位可以是 X", "Use digits only; the last character may be X"),
        IdNumberError::BadBirthDate => msg("身份证号中的出生日期不正确", "The date of birth in the ID number is not valid"),
        IdNumberError::BadCheckCharacter => msg("身份证号校验位不正确，请检查是否输错", "The ID number's check digit does not match: check for a typo"),
    }
}

pub fn mobile_error(error: MobileError) -> Message {
    match error {
        MobileError::Empty => msg("请输入手机号", "Enter your mobile number"),
        MobileError::WrongLength(n) => msg(format!("手机号应为 11 位，您输入了 {n} 位"), format!("The mobile number must be 11 digits; you entered {n}")),
        MobileError::NotAMobileNumber => msg("请输入正确的手机号，如 138 0013 8000", "Enter a mainland mobile number, like 138 0013 8000"),
    }
}

pub fn six_digit_error(error: SixDigitError, what: &Message) -> Message {
    match error {
        SixDigitError::Empty => msg(format!("请输入{}", what.0), format!("Enter the {}", what.1)),
        SixDigitError::NotSixDigits => msg(format!("{}应为 6 位数字", what.0), format!("The {} must be 6 digits", what.1)),
    }
}

/// What went wrong and what to do next, for every error a backend can return.
pub fn api_error(error: &ApiError) -> Message {
    match error {
        ApiError::InvalidCode { attempts_left: Some(n) } => msg(format!("验证码或密码不正确，还可以再试 {n} 次"), format!("The code or password is wrong. You have {n} more tries")),
        ApiError::InvalidCode { attempts_left: None } => msg("验证码不正确，请先获取验证码", "The code is wrong. Ask for a code first"),
        ApiError::CodeExpired => msg("验证码已过期，请重新获取", "The code has expired. Ask for a new one"),
        ApiError::TooManyAttempts => msg("尝试次数过多，此方式已暂停，请换一种验证方式", "Too many tries: this method is locked. Use another way to verify"),
        ApiError::MethodUnavailable => msg("该方式暂不可用，请换一种方式", "This method is not available. Choose another"),
        ApiError::VerificationFailed => msg("验证未通过，请换一种验证方式", "Verification did not pass. Use another way to verify"),
        // The record's and the family's refusals (and a record token sent to pay): their screens explain
        // each with its advice, so one short line is enough anywhere else.
        ApiError::ReadOnlyToken | ApiError::NotInsured { .. } | ApiError::NotRegistered { .. } | ApiError::TransferInProgress { .. } | ApiError::PeakDays { .. }
        | ApiError::FamilyFull { .. } | ApiError::InOtherFamily | ApiError::AlreadyMember => {
            msg("这项操作现在无法完成，请返回后重新验证身份", "This cannot be done now. Go back and verify again")
        }
        ApiError::ConsentRequired => msg("这位亲属的授权已撤回或已过期，请在亲情账户中重新请其授权", "This relative's consent was withdrawn or has run out. Ask them again in My family"),
        ApiError::IdentityMismatch => msg("姓名与身份证号不一致，请核对后再试", "The name does not match the ID number. Check both and try again"),
        ApiError::AlreadyPaid => msg("该年度已缴费，无需重复缴纳", "This year is already paid; there is nothing more to pay"),
        ApiError::WindowClosed => msg("当前不在缴费期内，无法缴费", "Payments for this year are not being collected now"),
        ApiError::OverLimit => msg("金额超过该支付方式的单笔限额，请更换支付方式", "The amount is over this method's single-payment limit. Choose another method"),
        ApiError::ProviderRefused => msg("支付机构拒绝了这笔付款，没有扣款。请换一种支付方式，或稍后再试", "The payment provider refused this payment; no money was taken. Choose another method, or try again later"),
        ApiError::IdempotencyConflict => msg("这笔订单的支付信息已变化，请返回核对后重新支付", "This order changed since you paid. Go back, check it and pay again"),
        ApiError::PaymentInProgress => msg("这笔订单有一笔付款正在处理，请稍候查看结果，不要重复支付", "A payment for this order is being processed. Wait for its result; do not pay again"),
        ApiError::SessionExpired => msg("为保障安全，身份验证已过期，请重新验证", "For your security the verification has expired. Please verify again"),
        ApiError::Maintenance { retry_after_seconds: Some(s) } => msg(format!("系统维护中，请约 {} 分钟后再试", s.div_ceil(60)), format!("The service is under maintenance. Try again in about {} minutes", s.div_ceil(60))),
        ApiError::Maintenance { retry_after_seconds: None } => msg("系统维护中，请稍后再试", "The service is under maintenance. Try again later"),
        ApiError::TooManyRequests { retry_after_seconds } => {
            let seconds = retry_after_seconds.unwrap_or(30);
            msg(format!("请求过于频繁，请 {seconds} 秒后再试"), format!("Too many requests. Try again in {seconds} seconds"))
        }
        ApiError::NotFound => msg("没有找到相关信息，请返回重新选择", "Nothing was found. Go back and choose again"),
        ApiError::InvalidRequest { .. } => msg("提交的信息有误，请检查后重试", "Something in what was sent is not valid. Check and try again"),
        ApiError::ServerError { status } => msg(format!("服务暂时出现故障（错误 {status}），请稍后重试"), format!("The service had a problem (error {status}). Try again shortly")),
        ApiError::Network => msg("网络连接失败，请检查网络后重试", "Could not connect. Check your network and try again"),
        ApiError::BadResponse(_) => msg("服务返回的信息有误，为保障资金安全已停止，请稍后重试", "The service sent something we could not check, so we stopped to keep your money safe. Try again later"),
    }
}

pub fn redirect_reason(reason: RedirectReason) -> Message {
    match reason {
        RedirectReason::ChooseProductFirst => msg("请先选择参保地区、险种和年度", "First choose the region, insurance and year"),
        RedirectReason::VerifyFirst => msg("请先完成身份验证（为保障安全，刷新页面后需要重新验证）", "First verify who you are (for your security, reloading asks you to verify again)"),
        RedirectReason::ChooseTierFirst => msg("请先选择缴费档次", "First choose a contribution tier"),
        RedirectReason::ChooseMethodFirst => msg("请先选择支付方式", "First choose how to pay"),
        RedirectReason::NoPaymentYet => msg("还没有发起支付，请核对信息后支付", "No payment has been made yet. Check the details and pay"),
        RedirectReason::PaymentInProgress => msg("您有一笔付款正在处理，请等待结果，不要重复支付", "A payment is being processed. Wait for its result; do not pay again"),
        RedirectReason::PaymentFinished => msg("这笔付款已有结果", "This payment has a result"),
        RedirectReason::AlreadyPaid => msg("本单已缴费成功，不会重复扣款。这是您的电子凭证", "This order is paid and will not be charged again. Here is your receipt"),
        RedirectReason::PaymentNotSuccessful => msg("这笔付款没有成功，因此没有电子凭证", "This payment did not succeed, so there is no receipt"),
        RedirectReason::VerifyToRead => msg("请先选择城市并完成身份验证", "First choose the city and verify who you are"),
    }
}

pub fn verify_method_name(method: VerifyMethod) -> Message {
    match method {
        VerifyMethod::Sms => msg("短信验证码", "SMS code"),
        VerifyMethod::Ecard => msg("电子社保卡密码", "E-social security card password"),
        VerifyMethod::Face => msg("人脸识别", "Face recognition"),
    }
}

pub fn payment_method_name(method: PaymentMethod) -> Message {
    match method {
        PaymentMethod::Wallet => msg("微信零钱", "Wallet balance"),
        PaymentMethod::BankCard => msg("银行卡（储蓄卡）", "Bank debit card"),
        PaymentMethod::CreditCard => msg("信用卡", "Credit card"),
        PaymentMethod::SocialSecurityCard => msg("社保卡金融账户", "Social security card account"),
        PaymentMethod::FiscalPayOnBehalf => msg("财政代缴（无需支付）", "Paid by the state (nothing to pay)"),
        PaymentMethod::FamilyMedicalAccount => msg("医保个人账户（家庭共济）", "Your medical account (family mutual aid)"),
    }
}

pub fn product_fallback_name(product: ProductCode) -> Message {
    match product {
        ProductCode::ResidentMedical => msg("城乡居民医保", "Residents' medical insurance"),
        ProductCode::FlexibleMedical => msg("灵活就业人员医疗保险", "Flexible employment medical insurance"),
        ProductCode::FlexiblePension => msg("灵活就业人员养老保险", "Flexible employment pension insurance"),
        ProductCode::NewbornMedical => msg("新生儿医保", "Newborn medical insurance"),
    }
}

pub fn window_status(status: WindowStatus) -> Message {
    match status {
        WindowStatus::Open => msg("征缴中", "Open for payment"),
        WindowStatus::BackPayment => msg("可补缴（需缴纳滞纳金）", "Back payment (late fee applies)"),
        WindowStatus::Closed => msg("已截止", "Closed"),
        WindowStatus::NotYetOpen => msg("尚未开始", "Not yet open"),
    }
}

pub fn payment_status(status: PaymentStatus) -> Message {
    match status {
        PaymentStatus::RequiresAction => msg("等待您在钱包中确认", "Waiting for you to confirm in your wallet"),
        PaymentStatus::Processing => msg("处理中", "Processing"),
        PaymentStatus::Succeeded => msg("缴费成功", "Payment successful"),
        PaymentStatus::Failed => msg("支付失败", "Payment failed"),
        PaymentStatus::Cancelled => msg("已取消支付", "Payment cancelled"),
        PaymentStatus::Expired => msg("支付已超时", "Payment expired"),
    }
}

pub fn breakdown_label(line: &PricedLine) -> Message {
    match (line.kind, line.discount) {
        (LineKind::Standard, _) => msg("标准缴费金额", "Standard amount"),
        (LineKind::Subsidy, _) => msg("政府补助", "Government subsidy"),
        (LineKind::Discount, Some(DiscountKind::Student)) => msg("学生优惠", "Student discount"),
        (LineKind::Discount, Some(DiscountKind::SpecialGroup)) => msg("特殊群体减免", "Special group reduction"),
        (LineKind::Discount, Some(DiscountKind::FiscalPayOnBehalf)) => msg("财政代缴", "Paid by the state"),
        (LineKind::Discount, None) => msg("优惠", "Discount"),
        (LineKind::LateFee, _) => {
            let days = line.days_late.unwrap_or(0);
            msg(format!("滞纳金（每日 0.05%，{days} 天）"), format!("Late fee (0.05 % a day, {days} days)"))
        }
    }
}

pub fn discount_name(kind: DiscountKind) -> Message {
    match kind {
        DiscountKind::Student => msg("在校学生，个人缴费享受优惠", "Student: the personal share is reduced"),
        DiscountKind::SpecialGroup => msg("特殊群体，个人缴费享受减免", "Special group: the personal share is reduced"),
        DiscountKind::FiscalPayOnBehalf => msg("符合财政代缴条件，个人无需缴费", "Eligible for state pay-on-behalf: nothing to pay yourself"),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn a_wait_is_said_in_seconds() {
        // Said in seconds even when long (a phone's SMS codes for the hour): a wording in
        // minutes costs the first screen's download 180 bytes, as this message is in it.
        let wait = |seconds| api_error(&ApiError::TooManyRequests { retry_after_seconds: Some(seconds) });
        assert_eq!(wait(30), msg("请求过于频繁，请 30 秒后再试", "Too many requests. Try again in 30 seconds"));
        assert_eq!(wait(1740), msg("请求过于频繁，请 1740 秒后再试", "Too many requests. Try again in 1740 seconds"));
    }
}

/// What is left of a method's daily limit, and the limit ("今日还可支付 ¥2,000.00（单日限额
/// ¥50,000.00）"), where the method has one.
pub fn left_today_text(lang: Lang, offer: &crate::api::PaymentMethodOffer) -> Option<String> {
    use crate::domain::money::format_yuan;
    let (left, daily) = (format_yuan(crate::domain::limits::left_today(offer)?), format_yuan(offer.daily_limit?));
    Some(match lang {
        Lang::Zh => format!("今日还可支付 {left}（单日限额 {daily}）"),
        Lang::En => format!("{left} left today (limit {daily} a day)"),
    })
}
