//! Reading unit submissions: bytes to text, text to rows, rows to validated values.

pub mod decode;
pub mod fields;
pub mod names;
pub mod number;
pub mod submission;
