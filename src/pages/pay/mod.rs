//! Paying a contribution, screen by screen: the order, the tier, the method, the check of the
//! answers, the payment under way, its result and its receipt (and the demo's face check).

pub mod cashier;
pub mod entry;
pub mod face_check;
pub mod gallery;
pub mod handoff;
pub mod outcome;
pub mod payment;
pub mod processing;
pub mod receipt;
pub mod review;
pub mod tier;
