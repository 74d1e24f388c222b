//! Reading unit submissions: bytes to text, text to rows, rows to validated values.

pub mod bytes;
pub mod csv_source;
pub mod decode;
pub mod dhis2;
pub mod fields;
pub mod header;
pub mod names;
pub mod number;
pub mod package;
pub mod source;
pub mod submission;
pub mod workbook;
