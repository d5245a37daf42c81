//! The flow's state machine: which screen each state of progress may show, and where a deep
//! link, a reload or the back button is sent instead (learned from GOV.UK Pay's state service:
//! an explicit map, and a reason for every redirect so the screen can explain it).

use serde::{Deserialize, Serialize};

/// The screens of the flow, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    Entry,
    Identity,
    Tier,
    Method,
    Review,
    Processing,
    Outcome,
    Receipt,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Entry,
        Step::Identity,
        Step::Tier,
        Step::Method,
        Step::Review,
        Step::Processing,
        Step::Outcome,
        Step::Receipt,
    ];

    // Each step's path is in the screen table (src/screens.rs).
}

/// Where a payment for the current order stands, as far as the app knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentStage {
    /// Waiting for the payer to confirm in their wallet: they may go back to the pay button,
    /// which reuses this payment.
    AwaitingWallet,
    Processing,
    Succeeded,
    Failed,
    Cancelled,
    Expired,
}

impl PaymentStage {
    pub fn is_final(self) -> bool {
        !matches!(self, PaymentStage::Processing | PaymentStage::AwaitingWallet)
    }
}

/// What the person has done so far. Built from the app's flow state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub product_chosen: bool,
    pub verified: bool,
    pub tier_chosen: bool,
    pub method_chosen: bool,
    pub payment: Option<PaymentStage>,
}

/// Why a person was sent somewhere other than where they asked to go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RedirectReason {
    ChooseProductFirst,
    VerifyFirst,
    ChooseTierFirst,
    ChooseMethodFirst,
    NoPaymentYet,
    PaymentInProgress,
    PaymentFinished,
    AlreadyPaid,
    PaymentNotSuccessful,
    /// A record's or the family's later screen without a reading token, or verifying to read
    /// without a city.
    VerifyToRead,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    Show,
    Redirect { to: Step, reason: RedirectReason },
}

fn redirect(to: Step, reason: RedirectReason) -> Guard {
    Guard::Redirect { to, reason }
}

/// Decides whether `step` may be shown for `progress`, and where to go if not.
pub fn guard(step: Step, progress: &Progress) -> Guard {
    use RedirectReason::*;
    use Step::*;
    // The earliest unmet prerequisite wins, so a deep link lands at the first missing step.
    let needs = |required: Step| -> Option<Guard> {
        let order = Step::ALL.iter().position(|s| *s == required).unwrap_or(0);
        let checks = [
            (Identity, progress.product_chosen, Entry, ChooseProductFirst),
            (Tier, progress.verified, Identity, VerifyFirst),
            (Method, progress.tier_chosen, Tier, ChooseTierFirst),
            (Review, progress.method_chosen, Method, ChooseMethodFirst),
        ];
        checks
            .iter()
            .filter(|(gate, ..)| Step::ALL.iter().position(|s| s == gate).unwrap_or(0) <= order)
            .find(|(_, done, ..)| !done)
            .map(|(_, _, to, reason)| redirect(*to, *reason))
    };
    match step {
        Entry => Guard::Show,
        Identity | Tier => needs(step).unwrap_or(Guard::Show),
        Method | Review => match progress.payment {
            // The back button after paying must never offer the pay button again (checked
            // first: the token is dropped once the payment has succeeded).
            Some(PaymentStage::Succeeded) => redirect(Receipt, AlreadyPaid),
            _ => match needs(step) {
                Some(g) => g,
                None if progress.payment == Some(PaymentStage::Processing) => redirect(Processing, PaymentInProgress),
                None => Guard::Show,
            },
        },
        Processing => match progress.payment {
            None => needs(Review).unwrap_or(redirect(Review, NoPaymentYet)),
            Some(stage) if stage.is_final() => redirect(Outcome, PaymentFinished),
            Some(_) => Guard::Show,
        },
        Outcome => match progress.payment {
            None => needs(Review).unwrap_or(redirect(Review, NoPaymentYet)),
            Some(PaymentStage::Processing | PaymentStage::AwaitingWallet) => redirect(Processing, PaymentInProgress),
            Some(_) => Guard::Show,
        },
        Receipt => match progress.payment {
            None => needs(Review).unwrap_or(redirect(Review, NoPaymentYet)),
            Some(PaymentStage::Succeeded) => Guard::Show,
            Some(PaymentStage::Processing | PaymentStage::AwaitingWallet) => redirect(Processing, PaymentInProgress),
            Some(_) => redirect(Outcome, PaymentNotSuccessful),
        },
    }
}

/// Follows redirects from `step` to the screen that will actually be shown.
pub fn resolve(step: Step, progress: &Progress) -> (Step, Option<RedirectReason>) {
    let mut current = step;
    let mut first_reason = None;
    for _ in 0..Step::ALL.len() {
        match guard(current, progress) {
            Guard::Show => return (current, first_reason),
            Guard::Redirect { to, reason } => {
                first_reason.get_or_insert(reason);
                current = to;
            }
        }
    }
    (Step::Entry, first_reason)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn progress_up_to(n: usize) -> Progress {
        Progress {
            product_chosen: n >= 1,
            verified: n >= 2,
            tier_chosen: n >= 3,
            method_chosen: n >= 4,
            payment: None,
        }
    }

    #[test]
    fn deep_link_lands_on_the_first_missing_step() {
        let fresh = Progress::default();
        assert_eq!(resolve(Step::Review, &fresh), (Step::Entry, Some(RedirectReason::ChooseProductFirst)));
        assert_eq!(resolve(Step::Receipt, &progress_up_to(1)), (Step::Identity, Some(RedirectReason::VerifyFirst)));
        assert_eq!(resolve(Step::Method, &progress_up_to(2)), (Step::Tier, Some(RedirectReason::ChooseTierFirst)));
        assert_eq!(resolve(Step::Processing, &progress_up_to(4)), (Step::Review, Some(RedirectReason::NoPaymentYet)));
        assert_eq!(resolve(Step::Tier, &progress_up_to(2)), (Step::Tier, None));
    }

    #[test]
    fn back_button_after_success_never_shows_pay() {
        let paid = Progress { payment: Some(PaymentStage::Succeeded), ..progress_up_to(4) };
        // The token is dropped after success; the answer must not change.
        let paid_token_dropped = Progress { verified: false, ..paid };
        for progress in [paid, paid_token_dropped] {
            assert_eq!(resolve(Step::Review, &progress), (Step::Receipt, Some(RedirectReason::AlreadyPaid)));
            assert_eq!(resolve(Step::Method, &progress), (Step::Receipt, Some(RedirectReason::AlreadyPaid)));
            assert_eq!(resolve(Step::Processing, &progress), (Step::Outcome, Some(RedirectReason::PaymentFinished)));
            assert_eq!(resolve(Step::Receipt, &progress), (Step::Receipt, None));
        }
    }

    #[test]
    fn in_progress_payment_is_shown_not_repaid() {
        let pending = Progress { payment: Some(PaymentStage::Processing), ..progress_up_to(4) };
        assert_eq!(resolve(Step::Review, &pending), (Step::Processing, Some(RedirectReason::PaymentInProgress)));
        assert_eq!(resolve(Step::Receipt, &pending), (Step::Processing, Some(RedirectReason::PaymentInProgress)));
    }

    #[test]
    fn a_payment_waiting_for_the_wallet_may_go_back_to_pay() {
        let waiting = Progress { payment: Some(PaymentStage::AwaitingWallet), ..progress_up_to(4) };
        assert_eq!(resolve(Step::Review, &waiting), (Step::Review, None));
        assert_eq!(resolve(Step::Processing, &waiting), (Step::Processing, None));
        assert_eq!(resolve(Step::Outcome, &waiting), (Step::Processing, Some(RedirectReason::PaymentInProgress)));
        assert_eq!(resolve(Step::Receipt, &waiting), (Step::Processing, Some(RedirectReason::PaymentInProgress)));
    }

    #[test]
    fn failed_payment_may_be_retried() {
        let failed = Progress { payment: Some(PaymentStage::Failed), ..progress_up_to(4) };
        assert_eq!(resolve(Step::Review, &failed), (Step::Review, None));
        assert_eq!(resolve(Step::Receipt, &failed), (Step::Outcome, Some(RedirectReason::PaymentNotSuccessful)));
    }

    fn any_progress() -> impl Strategy<Value = Progress> {
        let stage = prop::sample::select(vec![
            PaymentStage::AwaitingWallet,
            PaymentStage::Processing,
            PaymentStage::Succeeded,
            PaymentStage::Failed,
            PaymentStage::Cancelled,
            PaymentStage::Expired,
        ]);
        (0usize..=4, proptest::option::of(stage)).prop_map(|(n, payment)| Progress {
            payment: if n == 4 { payment } else { None },
            ..progress_up_to(n)
        })
    }

    proptest! {
        #[test]
        fn every_redirect_ends_on_a_shown_step(progress in any_progress(), index in 0usize..8) {
            let (landed, _) = resolve(Step::ALL[index], &progress);
            prop_assert_eq!(guard(landed, &progress), Guard::Show);
        }

        #[test]
        fn a_redirect_never_skips_ahead_of_progress(progress in any_progress(), index in 0usize..8) {
            let (landed, reason) = resolve(Step::ALL[index], &progress);
            if reason.is_none() {
                prop_assert_eq!(landed, Step::ALL[index]);
            }
        }
    }
}
