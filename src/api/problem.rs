//! Errors on the wire are `application/problem+json` (RFC 9457) with a stable `type` for every
//! case the screens treat differently. This maps them to [`ApiError`] and back, so the HTTP
//! client and any backend written in Rust agree on one table.

use super::{ApiError, City, RegistrationGuide};
use serde::{Deserialize, Serialize};

/// Every problem type starts with this; the rest is the slug in [`PROBLEM_TYPES`].
pub const PROBLEM_TYPE_PREFIX: &str = "urn:insurance-pay:problem:";

/// (slug, HTTP status) of every problem type the contract defines.
pub const PROBLEM_TYPES: [(&str, u16); 26] = [
    ("invalid-code", 422),
    ("code-expired", 422),
    ("too-many-attempts", 423),
    ("method-unavailable", 422),
    ("verification-failed", 422),
    ("identity-mismatch", 422),
    ("already-paid", 409),
    ("window-closed", 409),
    ("over-limit", 422),
    ("provider-refused", 422),
    ("idempotency-conflict", 409),
    ("payment-in-progress", 409),
    ("session-expired", 401),
    ("maintenance", 503),
    ("too-many-requests", 429),
    ("not-found", 404),
    ("invalid-request", 400),
    ("read-only-token", 403),
    ("not-insured", 404),
    ("not-registered", 422),
    ("transfer-in-progress", 409),
    ("peak-days", 503),
    ("family-full", 409),
    ("in-other-family", 409),
    ("already-member", 409),
    ("consent-required", 403),
];

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(rename = "type", default = "about_blank")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// invalid-code: tries left before the method locks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<u32>,
    /// maintenance: when to try again (also sent as the Retry-After header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u32>,
    /// invalid-request: which field of the request was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// not-insured: the cities where the person is insured instead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub insured_in: Vec<City>,
    /// transfer-in-progress: about how many working days a transfer takes to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_days: Option<u32>,
    /// family-full: how many members a family may have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_members: Option<u32>,
    /// not-registered: where and how to register (or be confirmed) in the city.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<Box<RegistrationGuide>>,
}

fn about_blank() -> String {
    "about:blank".into()
}

impl Problem {
    /// What the app does with a problem. An unknown type falls back on the HTTP status, so a
    /// backend that sends plain errors still gets sensible screens.
    pub fn into_error(self) -> ApiError {
        let slug = self.problem_type.strip_prefix(PROBLEM_TYPE_PREFIX).unwrap_or("");
        match slug {
            "invalid-code" => ApiError::InvalidCode { attempts_left: self.attempts_left },
            "code-expired" => ApiError::CodeExpired,
            "too-many-attempts" => ApiError::TooManyAttempts,
            "method-unavailable" => ApiError::MethodUnavailable,
            "verification-failed" => ApiError::VerificationFailed,
            "identity-mismatch" => ApiError::IdentityMismatch,
            "already-paid" => ApiError::AlreadyPaid,
            "window-closed" => ApiError::WindowClosed,
            "over-limit" => ApiError::OverLimit,
            "provider-refused" => ApiError::ProviderRefused,
            "idempotency-conflict" => ApiError::IdempotencyConflict,
            "payment-in-progress" => ApiError::PaymentInProgress,
            "session-expired" => ApiError::SessionExpired,
"maintenance" => ApiError::Maintenance { retry_after_seconds: self.retry_after_seconds },
            "too-many-requests" => ApiError::TooManyRequests { retry_after_seconds: self.retry_after_seconds },
            "not-found" => ApiError::NotFound,
            "invalid-request" => ApiError::InvalidRequest { field: self.field },
            "read-only-token" => ApiError::ReadOnlyToken,
            "not-insured" => ApiError::NotInsured { elsewhere: self.insured_in },
            "not-registered" => ApiError::NotRegistered { guide: self.registration },
            "transfer-in-progress" => ApiError::TransferInProgress { working_days: self.working_days },
            "peak-days" => ApiError::PeakDays { retry_after_seconds: self.retry_after_seconds },
            "family-full" => ApiError::FamilyFull { max_members: self.max_members },
            "in-other-family" => ApiError::InOtherFamily,
            "already-member" => ApiError::AlreadyMember,
            "consent-required" => ApiError::ConsentRequired,
            _ => match self.status {
                401 => ApiError::SessionExpired,
                404 => ApiError::NotFound,
                429 => ApiError::TooManyRequests { retry_after_seconds: self.retry_after_seconds },
                502..=504 => ApiError::Maintenance { retry_after_seconds: self.retry_after_seconds },
                400 | 422 => ApiError::InvalidRequest { field: self.field },
                status => ApiError::BadResponse(format!("HTTP {status}: {}", self.title)),
            },
        }
    }

    /// The problem a backend sends for `error` (None for errors that never cross the wire).
    pub fn from_error(error: &ApiError) -> Option<Problem> {
        let (slug, title) = match error {
            ApiError::InvalidCode { .. } => ("invalid-code", "The code or password is wrong"),
            ApiError::CodeExpired => ("code-expired", "The code has expired"),
            ApiError::TooManyAttempts => ("too-many-attempts", "Too many attempts: the method is locked"),
            ApiError::MethodUnavailable => ("method-unavailable", "This verification method is not available"),
            ApiError::VerificationFailed => ("verification-failed", "Verification did not pass"),
            ApiError::IdentityMismatch => ("identity-mismatch", "The name does not match the ID number"),
            ApiError::AlreadyPaid => ("already-paid", "This order is already paid"),
            ApiError::WindowClosed => ("window-closed", "Payments for this year are not being collected"),
            ApiError::OverLimit => ("over-limit", "The amount is over the method's single-payment limit"),
            ApiError::ProviderRefused => ("provider-refused", "The payment provider refused to open this payment"),
            ApiError::IdempotencyConflict => ("idempotency-conflict", "The Idempotency-Key was used with a different request"),
            ApiError::PaymentInProgress => ("payment-in-progress", "A payment for this order is being processed"),
            ApiError::SessionExpired => ("session-expired", "The session has expired"),
            ApiError::Maintenance { .. } => ("maintenance", "Under maintenance"),
            ApiError::TooManyRequests { .. } => ("too-many-requests", "Too many requests"),
            ApiError::NotFound => ("not-found", "Not found"),
            ApiError::InvalidRequest { .. } => ("invalid-request", "The request is not valid"),
            ApiError::ReadOnlyToken => ("read-only-token", "This verification was for reading a record: it cannot pay"),
            ApiError::NotInsured { .. } => ("not-insured", "Not insured in this city"),
            ApiError::NotRegistered { .. } => ("not-registered", "There is no registration for this person in this city"),
            ApiError::TransferInProgress { .. } => ("transfer-in-progress", "A transfer of the insurance is under way"),
            ApiError::PeakDays { .. } => ("peak-days", "Busy: the first days of the month are the peak"),
            ApiError::FamilyFull { .. } => ("family-full", "The family has as many members as it may have"),
            ApiError::InOtherFamily => ("in-other-family", "This relative is in another payer's family"),
            ApiError::AlreadyMember => ("already-member", "This relative is in the family already"),
            ApiError::ConsentRequired => ("consent-required", "This relative's consent is not in force"),
            ApiError::Network | ApiError::ServerError { .. } | ApiError::BadResponse(_) => return None,
        };
        let status = PROBLEM_TYPES.iter().find(|(s, _)| *s == slug).map(|(_, status)| *status)?;
        Some(Problem {
            problem_type: format!("{PROBLEM_TYPE_PREFIX}{slug}"),
            title: title.into(),
            status,
            detail: None,
            attempts_left: match error {
                ApiError::InvalidCode { attempts_left } => *attempts_left,
                _ => None,
            },
            retry_after_seconds: match error {
                ApiError::Maintenance { retry_after_seconds } | ApiError::TooManyRequests { retry_after_seconds } | ApiError::PeakDays { retry_after_seconds } => *retry_after_seconds,
                _ => None,
            },
            field: match error {
                ApiError::InvalidRequest { field } => field.clone(),
                _ => None,
            },
            insured_in: match error {
                ApiError::NotInsured { elsewhere } => elsewhere.clone(),
                _ => Vec::new(),
            },
            working_days: match error {
                ApiError::TransferInProgress { working_days } => *working_days,
                _ => None,
            },
            max_members: match error {
                ApiError::FamilyFull { max_members } => *max_members,
                _ => None,
            },
            registration: match error {
                ApiError::NotRegistered { guide } => guide.clone(),
                _ => None,
            },
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn every_wire_error_round_trips_through_its_problem() {
        let errors = [
            ApiError::InvalidCode { attempts_left: Some(2) },
            ApiError::CodeExpired,
            ApiError::TooManyAttempts,
            ApiError::MethodUnavailable,
            ApiError::VerificationFailed,
            ApiError::IdentityMismatch,
            ApiError::AlreadyPaid,
            ApiError::WindowClosed,
            ApiError::OverLimit,
            ApiError::ProviderRefused,
            ApiError::IdempotencyConflict,
            ApiError::PaymentInProgress,
            ApiError::SessionExpired,
            ApiError::Maintenance { retry_after_seconds: Some(600) },
            ApiError::TooManyRequests { retry_after_seconds: Some(30) },
            ApiError::NotFound,
            ApiError::InvalidRequest { field: Some("mobile".into()) },
            ApiError::ReadOnlyToken,
            ApiError::NotInsured { elsewhere: vec![City { code: "440300".into(), name: crate::api::LocalText::new("深圳市", "Shenzhen") }] },
            ApiError::NotRegistered { guide: Some(Box::new(crate::api::demo::fixtures::registration_guide("440100"))) },
            ApiError::TransferInProgress { working_days: Some(15) },
            ApiError::PeakDays { retry_after_seconds: Some(3600) },
            ApiError::FamilyFull { max_members: Some(5) },
            ApiError::InOtherFamily,
            ApiError::AlreadyMember,
            ApiError::ConsentRequired,
        ];
        assert_eq!(errors.len(), PROBLEM_TYPES.len());
        // `kind()` names each the way its Debug text begins (screens and tests use the name).
        for error in errors.iter().chain(&[ApiError::Network, ApiError::ServerError { status: 500 }, ApiError::BadResponse("x".into())]) {
            assert_eq!(error.kind(), format!("{error:?}").split([' ', '{', '(']).next().unwrap());
        }
        for error in errors {
            let problem = Problem::from_error(&error).expect("a wire error");
            assert_eq!(problem.clone().into_error(), error, "{problem:?}");
        }
    }

    #[test]
    fn unknown_types_fall_back_on_the_status() {
        let plain = |status| Problem { problem_type: "about:blank".into(), title: "x".into(), status, ..Problem::default() };
        assert_eq!(plain(401).into_error(), ApiError::SessionExpired);
        assert_eq!(plain(404).into_error(), ApiError::NotFound);
        assert_eq!(plain(503).into_error(), ApiError::Maintenance { retry_after_seconds: None });
        assert!(matches!(plain(500).into_error(), ApiError::BadResponse(_)));
    }
}
