//! One module per screen.

pub mod check;
pub mod entry;
pub mod face_check;
pub mod family;
pub mod family_add;
pub mod family_consent;
pub mod family_order;
pub mod family_pay;
pub mod identity;
pub mod not_found;
pub mod outcome;
pub mod payment;
pub mod processing;
pub mod receipt;
pub mod record;
pub mod record_proof;
pub mod record_spending;
pub mod record_year;
pub mod review;
pub mod tier;
