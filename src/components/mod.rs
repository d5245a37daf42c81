//! Reusable pieces of the screens.

pub mod breakdown;
pub mod cells;
pub mod form;
pub mod keypad;
pub mod layout;
pub mod problem;
pub mod qr;
pub mod remote;
pub mod time_limit;
