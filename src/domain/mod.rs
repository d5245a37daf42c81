//! Pure domain logic: no browser, no network. Everything here is tested natively
//! (`cargo test --lib`), including proptest properties.

pub mod access;
pub mod cashier_url;
pub mod family_order;
pub mod flow;
pub mod identity;
pub mod instalments;
pub mod limits;
pub mod money;
pub mod payment_attempt;
pub mod pricing;
pub mod receipt_code;
pub mod split_payment;
pub mod tier_form;
pub mod verify_steps;
pub mod working_days;
pub mod time_limit;
