//! Switches that make the reference backend misbehave on purpose, for tests and demos: set at
//! start from the environment, changed at run time through `PUT /__test/switches`. They are
//! not part of the contract; a real backend has no such thing.

use insurance_pay::api::{ApiError, VerifyMethod};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Switches {
    /// While set, every contract call answers 503 maintenance with this Retry-After (seconds).
    pub maintenance_seconds: Option<u32>,
    /// Verification methods whose provider is down: still offered, but their calls answer
    /// `method-unavailable`.
    pub failing_methods: Vec<VerifyMethod>,
    /// Every payment created while this is on is declined by the bank when it settles.
    pub decline_payments: bool,
    /// The payment provider refuses to open every payment that needs the payer's wallet.
    pub provider_refuses: bool,
}

impl Switches {
    /// `MAINTENANCE_SECONDS=30`, `FAILING_METHODS=sms,face`, `DECLINE_PAYMENTS=1`, `PROVIDER_REFUSES=1`.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Switches, String> {
        let maintenance_seconds = match var("MAINTENANCE_SECONDS") {
            Some(text) => Some(text.trim().parse::<u32>().map_err(|_| format!("MAINTENANCE_SECONDS={text} is not a number of seconds"))?).filter(|s| *s > 0),
            None => None,
        };
        let failing_methods = var("FAILING_METHODS")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(|name| serde_json::from_value(name.into()).map_err(|_| format!("FAILING_METHODS: {name} is not one of sms, ecard, face")))
            .collect::<Result<_, _>>()?;
        let on = |name: &str| matches!(var(name).as_deref().map(str::trim), Some("1" | "true" | "yes"));
        Ok(Switches { maintenance_seconds, failing_methods, decline_payments: on("DECLINE_PAYMENTS"), provider_refuses: on("PROVIDER_REFUSES") })
    }

    /// The error a contract call at `path` answers with while these switches are on, if any.
    pub fn refusal(&self, path: &str) -> Option<ApiError> {
        if let Some(seconds) = self.maintenance_seconds {
            return Some(ApiError::Maintenance { retry_after_seconds: Some(seconds) });
        }
        // /verifications/{id}/{sms|ecard|face}[/check]
        let method = match path.trim_matches('/').split('/').collect::<Vec<_>>().as_slice() {
            ["verifications", _, "sms", ..] => VerifyMethod::Sms,
            ["verifications", _, "ecard", ..] => VerifyMethod::Ecard,
            ["verifications", _, "face", ..] => VerifyMethod::Face,
            _ => return None,
        };
        self.failing_methods.contains(&method).then_some(ApiError::MethodUnavailable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn reads_the_environment() {
        let switches = Switches::from_env(env(&[("MAINTENANCE_SECONDS", "30"), ("FAILING_METHODS", "sms, face"), ("DECLINE_PAYMENTS", "1"), ("PROVIDER_REFUSES", "yes")])).unwrap();
        assert_eq!(switches, Switches { maintenance_seconds: Some(30), failing_methods: vec![VerifyMethod::Sms, VerifyMethod::Face], decline_payments: true, provider_refuses: true });
        assert_eq!(Switches::from_env(env(&[])).unwrap(), Switches::default());
        assert!(Switches::from_env(env(&[("FAILING_METHODS", "fax")])).unwrap_err().contains("fax"));
        assert!(Switches::from_env(env(&[("MAINTENANCE_SECONDS", "soon")])).is_err());
    }

    #[test]
    fn failing_methods_refuse_only_their_own_calls() {
        let switches = Switches { failing_methods: vec![VerifyMethod::Sms], ..Switches::default() };
        assert_eq!(switches.refusal("/verifications/vs_1/sms"), Some(ApiError::MethodUnavailable));
        assert_eq!(switches.refusal("/verifications/vs_1/sms/check"), Some(ApiError::MethodUnavailable));
        assert_eq!(switches.refusal("/verifications/vs_1/ecard/check"), None);
        assert_eq!(switches.refusal("/verifications"), None);
        assert_eq!(switches.refusal("/payments"), None);
        let maintenance = Switches { maintenance_seconds: Some(5), ..Switches::default() };
        assert_eq!(maintenance.refusal("/regions"), Some(ApiError::Maintenance { retry_after_seconds: Some(5) }));
    }
}
