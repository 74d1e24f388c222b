//! The plan: its model, and reading and validating plan.toml.

pub mod load;
pub mod model;
pub mod sheets;

pub use load::load;
pub use model::*;
