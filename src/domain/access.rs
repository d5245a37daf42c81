//! Who may open each screen. Every row of the screen table (`src/screens.rs`) names its
//! audience; the router asks `admit` once, before the screen mounts, and sends anyone else to
//! the screen that lets them go on, with the reason shown there. No screen guards itself.

use super::flow::{resolve, Progress, RedirectReason, Step};

/// The app's jobs: each has a first screen (the first of its rows in the screen table), where
/// the job switch leads and where a person without what a later screen needs is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Pay,
    Record,
    Family,
    /// Screens of no job of the switch (the receipt check, the gallery, not found).
    Other,
}

impl Job {
    /// The jobs the switch at the top of their first screens offers, in its order.
    pub const SWITCHED: [Job; 3] = [Job::Pay, Job::Record, Job::Family];
}

/// Who may open a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Anyone,
    /// A step of the payment flow: the flow's state machine decides (`domain::flow`).
    Payer(Step),
    /// The identity screen: someone verifying for the order they chose, or to read a record in
    /// the city they chose.
    Verifier,
    /// Someone holding a reading token (the record's and the family's later screens).
    Reader,
    /// A step of the payment flow, or, with a `serial` in the query, a saved one open to
    /// anyone (a receipt by its serial: it says what verifying would show).
    PayerOrSaved(Step),
}

impl Audience {
    /// Who may open the screen at `query` (`a=1&b=2`, with or without its `?`).
    pub fn at(self, query: &str) -> Audience {
        match self {
            Audience::PayerOrSaved(step) => {
                let named = query.trim_start_matches('?').split('&').any(|pair| pair.split('=').next() == Some("serial"));
                if named { Audience::Anyone } else { Audience::Payer(step) }
            }
            other => other,
        }
    }
}

/// What the person holds, as far as opening screens goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Holding {
    pub progress: Progress,
    /// Verifying to read a record (or the family), not to pay.
    pub verifying_to_read: bool,
    /// The city to read the record in is chosen.
    pub reading_city_chosen: bool,
    /// A reading token is held.
    pub reading: bool,
}

/// Where a person who may not open a screen goes instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Step(Step),
    /// The first screen of a job.
    Start(Job),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    Show,
    Redirect { to: Target, reason: RedirectReason },
}

/// Whether a screen of `job` for `audience` may be shown to someone holding `held`; if not,
/// where they go and why. Following a redirect always ends on a screen that shows.
pub fn admit(audience: Audience, job: Job, held: &Holding) -> Admission {
    let redirect = |to, reason| Admission::Redirect { to, reason };
    match audience {
        Audience::Anyone => Admission::Show,
        Audience::Payer(step) => match resolve(step, &held.progress) {
            (_, None) => Admission::Show,
            (landed, Some(reason)) => redirect(Target::Step(landed), reason),
        },
        Audience::Verifier if held.verifying_to_read => match held.reading_city_chosen {
            true => Admission::Show,
            false => redirect(Target::Start(Job::Record), RedirectReason::VerifyToRead),
        },
        Audience::Verifier => admit(Audience::Payer(Step::Identity), job, held),
        Audience::Reader => match held.reading {
            true => Admission::Show,
            false => redirect(Target::Start(job), RedirectReason::VerifyToRead),
        },
        Audience::PayerOrSaved(step) => admit(Audience::Payer(step), job, held),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::flow::PaymentStage;
    use proptest::prelude::*;

    fn payer(product_chosen: bool, verified: bool) -> Holding {
        Holding { progress: Progress { product_chosen, verified, ..Progress::default() }, ..Holding::default() }
    }

    #[test]
    fn anyone_opens_the_first_screens() {
        assert_eq!(admit(Audience::Anyone, Job::Record, &Holding::default()), Admission::Show);
    }

    #[test]
    fn a_step_of_the_payment_follows_the_flow_s_guard() {
        let fresh = Holding::default();
        assert_eq!(
            admit(Audience::Payer(Step::Review), Job::Pay, &fresh),
            Admission::Redirect { to: Target::Step(Step::Entry), reason: RedirectReason::ChooseProductFirst }
        );
        assert_eq!(
            admit(Audience::Payer(Step::Tier), Job::Pay, &payer(true, false)),
            Admission::Redirect { to: Target::Step(Step::Identity), reason: RedirectReason::VerifyFirst }
        );
        assert_eq!(admit(Audience::Payer(Step::Tier), Job::Pay, &payer(true, true)), Admission::Show);
    }

    #[test]
    fn verifying_needs_an_order_to_pay_or_a_city_to_read_in() {
        assert_eq!(
            admit(Audience::Verifier, Job::Pay, &Holding::default()),
            Admission::Redirect { to: Target::Step(Step::Entry), reason: RedirectReason::ChooseProductFirst }
        );
        assert_eq!(admit(Audience::Verifier, Job::Pay, &payer(true, false)), Admission::Show);
        let reading = Holding { verifying_to_read: true, ..Holding::default() };
        assert_eq!(
            admit(Audience::Verifier, Job::Pay, &reading),
            Admission::Redirect { to: Target::Start(Job::Record), reason: RedirectReason::VerifyToRead }
        );
        assert_eq!(admit(Audience::Verifier, Job::Pay, &Holding { reading_city_chosen: true, ..reading }), Admission::Show);
    }

    #[test]
    fn a_reader_s_screens_send_others_to_their_job_s_first_screen() {
        for job in [Job::Record, Job::Family] {
            assert_eq!(
                admit(Audience::Reader, job, &payer(true, true)),
                Admission::Redirect { to: Target::Start(job), reason: RedirectReason::VerifyToRead },
                "a payment's token does not read"
            );
            assert_eq!(admit(Audience::Reader, job, &Holding { reading: true, ..Holding::default() }), Admission::Show);
        }
    }

    #[test]
    fn a_saved_receipt_is_open_to_anyone_by_its_serial_and_the_flow_s_only_to_its_payer() {
        let receipt = Audience::PayerOrSaved(Step::Receipt);
        assert_eq!(receipt.at("serial=R1"), Audience::Anyone);
        assert_eq!(receipt.at("?lang=en&serial=R1"), Audience::Anyone);
        assert_eq!(receipt.at(""), Audience::Payer(Step::Receipt));
        assert_eq!(receipt.at("serials=R1"), Audience::Payer(Step::Receipt));
        assert_eq!(Audience::Reader.at("serial=R1"), Audience::Reader);
        assert!(matches!(admit(receipt.at(""), Job::Pay, &Holding::default()), Admission::Redirect { .. }));
    }

    fn any_holding() -> impl Strategy<Value = Holding> {
        let stage = prop_oneof![
            Just(None),
            Just(Some(PaymentStage::Processing)),
            Just(Some(PaymentStage::Succeeded)),
            Just(Some(PaymentStage::Failed)),
            Just(Some(PaymentStage::Cancelled)),
            Just(Some(PaymentStage::Expired)),
        ];
        (any::<[bool; 7]>(), stage).prop_map(|(b, payment)| Holding {
            progress: Progress { product_chosen: b[0], verified: b[1], tier_chosen: b[2], method_chosen: b[3], payment },
            verifying_to_read: b[4],
            reading_city_chosen: b[5],
            reading: b[6],
        })
    }

    fn any_audience() -> impl Strategy<Value = (Audience, Job)> {
        prop_oneof![
            Just((Audience::Anyone, Job::Other)),
            Just((Audience::Verifier, Job::Pay)),
            Just((Audience::Reader, Job::Record)),
            Just((Audience::Reader, Job::Family)),
            proptest::sample::select(Step::ALL.to_vec()).prop_map(|step| (Audience::Payer(step), Job::Pay)),
        ]
    }

    /// Where each target's screen stands in the table: the first screen of a job is open to
    /// anyone, and a step's screen is the flow's.
    fn audience_of(target: Target) -> (Audience, Job) {
        match target {
            Target::Step(Step::Entry) | Target::Start(_) => (Audience::Anyone, Job::Pay),
            Target::Step(Step::Identity) => (Audience::Verifier, Job::Pay),
            Target::Step(step) => (Audience::Payer(step), Job::Pay),
        }
    }

    proptest! {
        /// Whatever a person holds and wherever they ask to go, they land on a screen that shows.
        #[test]
        fn every_redirect_ends_on_a_screen_that_shows((audience, job) in any_audience(), held in any_holding()) {
            let mut at = (audience, job);
            for _ in 0..=Step::ALL.len() {
                match admit(at.0, at.1, &held) {
                    Admission::Show => return Ok(()),
                    Admission::Redirect { to, .. } => at = audience_of(to),
                }
            }
            prop_assert!(false, "redirects loop from {audience:?} for {held:?}");
        }
    }
}
