//! The pure domain: periods and rounds, measures, attainment and outlook.
//! Nothing here reads files, the clock or the terminal.

pub mod attainment;
pub mod duties;
pub mod figure;
pub mod ledger;
pub mod measure;
pub mod outlook;
pub mod period;
pub mod plan;
pub mod plausibility;
pub mod previous;
pub mod reporting;
pub mod revision;
pub mod status;
