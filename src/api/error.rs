//! How a call fails (`ApiError`), and the check that refuses an answer whose amounts are not
//! sane money before any screen shows it.

use super::*;
use rust_decimal::Decimal;
use std::fmt;

/// Every way a call can fail that the screens treat differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    InvalidCode { attempts_left: Option<u32> },
    CodeExpired,
    TooManyAttempts,
    MethodUnavailable,
    /// The method ran but did not confirm the person (face not matched, details mismatch).
    VerificationFailed,
    /// The name does not match the ID number on record.
    IdentityMismatch,
    /// The token was given for reading a record: it cannot pay.
    ReadOnlyToken,
    /// The person has no insurance in the city asked about; `elsewhere` are the cities where
    /// they do, if the backend knows any.
    NotInsured { elsewhere: Vec<City> },
    /// The backend has no registration for the person in the city they would pay in (未参保),
    /// or a pilot county has not confirmed their eligibility: how to get it, from the backend.
    NotRegistered { guide: Option<Box<RegistrationGuide>> },
    /// A transfer of the person's insurance between regions (转移接续) is under way: the record
    /// shows again once it is done, about `working_days` after it began.
    TransferInProgress { working_days: Option<u32> },
    /// The first days of a month, when every employer files (业务高峰期): try again later.
    PeakDays { retry_after_seconds: Option<u32> },
    /// The family already has as many members as the backend allows (`max_members`).
    FamilyFull { max_members: Option<u32> },
    /// The relative is in another payer's family already.
    InOtherFamily,
    /// The relative is in this family already.
    AlreadyMember,
    /// The payer asked for a relative's record (or to pay for them) without that relative's
    /// consent in force: withdrawn, run out, never given, or no such member of their family.
    ConsentRequired,
    AlreadyPaid,
    WindowClosed,
    OverLimit,
    /// The payment provider refused to open the payment (its risk checks, the payer's account
    /// restricted): nothing was taken; another method may work.
    ProviderRefused,
    IdempotencyConflict,
    PaymentInProgress,
    SessionExpired,
    Maintenance { retry_after_seconds: Option<u32> },
    /// The backend is refusing requests for a while (HTTP 429).
    TooManyRequests { retry_after_seconds: Option<u32> },
    NotFound,
    InvalidRequest { field: Option<String> },
    Network,
    /// The backend failed without saying why (a 5xx other than 503, without problem details).
    ServerError { status: u16 },
    /// The backend answered with something the app cannot trust (wrong shape, sums that do not
    /// add up, absurd amounts). The string is for the diagnostics panel, not the person.
    BadResponse(String),
}

impl ApiError {
    /// The variant's name (`Maintenance`), as `data-problem` and `data-state` name a problem.
    pub fn kind(&self) -> String {
        // A match, not the Debug text: that would pull every payload's Debug into the download.
        let kind = match self {
            ApiError::InvalidCode { .. } => "InvalidCode",
            ApiError::CodeExpired => "CodeExpired",
            ApiError::TooManyAttempts => "TooManyAttempts",
            ApiError::MethodUnavailable => "MethodUnavailable",
            ApiError::VerificationFailed => "VerificationFailed",
            ApiError::IdentityMismatch => "IdentityMismatch",
            ApiError::ReadOnlyToken => "ReadOnlyToken",
            ApiError::NotInsured { .. } => "NotInsured",
            ApiError::NotRegistered { .. } => "NotRegistered",
            ApiError::TransferInProgress { .. } => "TransferInProgress",
            ApiError::PeakDays { .. } => "PeakDays",
            ApiError::FamilyFull { .. } => "FamilyFull",
            ApiError::InOtherFamily => "InOtherFamily",
            ApiError::AlreadyMember => "AlreadyMember",
            ApiError::ConsentRequired => "ConsentRequired",
            ApiError::AlreadyPaid => "AlreadyPaid",
            ApiError::WindowClosed => "WindowClosed",
            ApiError::OverLimit => "OverLimit",
            ApiError::ProviderRefused => "ProviderRefused",
            ApiError::IdempotencyConflict => "IdempotencyConflict",
            ApiError::PaymentInProgress => "PaymentInProgress",
            ApiError::SessionExpired => "SessionExpired",
            ApiError::Maintenance { .. } => "Maintenance",
            ApiError::TooManyRequests { .. } => "TooManyRequests",
            ApiError::NotFound => "NotFound",
            ApiError::InvalidRequest { .. } => "InvalidRequest",
            ApiError::Network => "Network",
            ApiError::ServerError { .. } => "ServerError",
            ApiError::BadResponse(_) => "BadResponse",
        };
        kind.to_string()
    }

    /// Whether the request may have taken effect: no answer, an answer that could not be
    /// read, or "not now". (Which of these the HTTP client retries by itself is its own list.)
    pub fn outcome_unknown(&self) -> bool {
        matches!(self, ApiError::Network | ApiError::Maintenance { .. } | ApiError::TooManyRequests { .. } | ApiError::ServerError { .. } | ApiError::BadResponse(_))
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for ApiError {}

/// Every amount in an answer must be a sane amount of money (not negative, not absurd) before
/// the app shows it or pays it; the HTTP client refuses the answer otherwise.
pub trait CheckAmounts {
    fn amounts(&self) -> Vec<Decimal> {
        Vec::new()
    }

    fn check_amounts(&self) -> Result<(), crate::domain::money::AmountError> {
        self.amounts().into_iter().try_for_each(|a| crate::domain::money::check_amount(a).map(|_| ()))
    }
}

impl<T: CheckAmounts> CheckAmounts for Vec<T> {
    fn amounts(&self) -> Vec<Decimal> {
        self.iter().flat_map(T::amounts).collect()
    }
}

impl CheckAmounts for Province {}
impl CheckAmounts for Product {}
impl CheckAmounts for VerificationSession {}
impl CheckAmounts for SmsSent {}
impl CheckAmounts for Verified {}
impl CheckAmounts for TokenRefreshed {}
impl CheckAmounts for FaceHandoff {}

impl CheckAmounts for InsuredProfile {
    fn amounts(&self) -> Vec<Decimal> {
        self.already_paid.iter().map(|p| p.amount).collect()
    }
}

impl CheckAmounts for TierOptions {
    fn amounts(&self) -> Vec<Decimal> {
        match self {
            TierOptions::Fixed { tiers } => tiers.iter().flat_map(|t| [t.personal_amount, t.subsidy]).collect(),
            TierOptions::WageBased { monthly_average_wage, rates, .. } => std::iter::once(*monthly_average_wage).chain(rates.iter().copied()).collect(),
        }
    }
}

/// A quote's lines and total are checked, sums included, by `Breakdown::check` where it is used.
impl CheckAmounts for Quote {}

impl CheckAmounts for PaymentMethodOffer {
    fn amounts(&self) -> Vec<Decimal> {
        std::iter::once(self.single_limit).chain(self.balance).chain(self.daily_limit).chain(self.paid_today).collect()
    }
}

impl CheckAmounts for Payment {
    fn amounts(&self) -> Vec<Decimal> {
        vec![self.amount]
    }
}

impl CheckAmounts for Receipt {
    fn amounts(&self) -> Vec<Decimal> {
        vec![self.amount]
    }
}

impl CheckAmounts for ReceiptCheck {
    fn amounts(&self) -> Vec<Decimal> {
        vec![self.amount]
    }
}
