//! Which way to verify comes next: any one of the methods on offer, or (where the backend asks
//! for all of them in order, as Guangdong does: the face, then an SMS code) each in its turn.

use crate::api::VerifyMethod;

/// The methods a verification offers and how far the person has got with them.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    pub offered: &'a [VerifyMethod],
    pub passed: &'a [VerifyMethod],
    /// Methods that did not work (locked, not matched, provider down).
    pub failed: &'a [VerifyMethod],
    /// Every method must pass, in the order offered.
    pub in_order: bool,
}

impl Progress<'_> {
    fn untried(&self) -> impl Iterator<Item = VerifyMethod> + '_ {
        self.offered.iter().copied().filter(|m| !self.passed.contains(m) && !self.failed.contains(m))
    }

    /// The step in hand where the methods go in order: the first not yet passed.
    fn current_step(&self) -> Option<VerifyMethod> {
        self.offered.iter().copied().find(|m| !self.passed.contains(m))
    }

    /// The method to open: the step in hand where they go in order (none once it has failed:
    /// no other method stands in for it), else the first that has neither passed nor failed.
    pub fn next(&self) -> Option<VerifyMethod> {
        match self.in_order {
            true => self.current_step().filter(|m| !self.failed.contains(m)),
            false => self.untried().next(),
        }
    }

    /// Whether the person may choose `method` now.
    pub fn is_open(&self, method: VerifyMethod) -> bool {
        match self.in_order {
            true => self.next() == Some(method),
            false => self.untried().any(|m| m == method),
        }
    }

    /// What the person can use instead once a method has failed.
    pub fn left(&self) -> Vec<VerifyMethod> {
        match self.in_order {
            true => self.next().into_iter().collect(),
            false => self.untried().collect(),
        }
    }

    /// Where they go in order: the step in hand (from 1) and how many there are.
    pub fn step(&self) -> Option<(usize, usize)> {
        let step = self.current_step()?;
        let number = self.offered.iter().position(|m| *m == step)? + 1;
        self.in_order.then_some((number, self.offered.len()))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use VerifyMethod::*;

    #[test]
    fn in_order_each_step_opens_after_the_one_before_and_a_failed_step_leaves_nothing() {
        let offered = [Face, Sms];
        let start = Progress { offered: &offered, passed: &[], failed: &[], in_order: true };
        assert_eq!((start.next(), start.step()), (Some(Face), Some((1, 2))));
        assert!(start.is_open(Face) && !start.is_open(Sms));
        let second = Progress { passed: &[Face], ..start };
        assert_eq!((second.next(), second.step()), (Some(Sms), Some((2, 2))));
        assert!(!second.is_open(Face) && second.is_open(Sms));
        let face_failed = Progress { failed: &[Face], ..start };
        assert_eq!((face_failed.next(), face_failed.left()), (None, vec![]));
        assert!(!face_failed.is_open(Sms));
    }

    #[test]
    fn otherwise_any_method_not_tried_is_open_and_a_failed_one_leaves_the_others() {
        let offered = [Sms, Ecard, Face];
        let start = Progress { offered: &offered, passed: &[], failed: &[], in_order: false };
        assert_eq!((start.next(), start.step()), (Some(Sms), None));
        assert!(offered.iter().all(|m| start.is_open(*m)));
        let sms_failed = Progress { failed: &[Sms], ..start };
        assert_eq!((sms_failed.next(), sms_failed.left()), (Some(Ecard), vec![Ecard, Face]));
        assert!(!sms_failed.is_open(Sms));
    }
}
