//! The screens, a folder per job: paying (`pay`), verifying who one is (`identity`, for paying
//! and for reading), reading one's record (`record`) and the family (`family`); then the
//! receipt check and the page that does not exist.

pub mod check;
pub mod family;
pub mod identity;
pub mod not_found;
pub mod pay;
pub mod record;
