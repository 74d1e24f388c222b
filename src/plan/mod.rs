//! The plan: its model, and reading and validating plan.toml.

pub mod load;
/// The plan model lives in the domain ([`crate::domain::plan`]); it is
/// re-exported here so that callers outside the domain name it as before.
pub use crate::domain::plan as model;
pub mod sheets;

pub use load::load;
pub use model::*;
