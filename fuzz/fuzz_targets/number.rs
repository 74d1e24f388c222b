//! The number parser: never panics, and what it accepts is finite, in range and
//! the same under the convention it was read with.
#![no_main]

use gender_plan::domain::figure::is_recordable;
use gender_plan::intake::number::{Decimal, NumberError, evidence, parse_number};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|cell: &str| {
    let _ = evidence(cell);
    for decimal in [None, Some(Decimal::Comma), Some(Decimal::Dot)] {
        match parse_number(cell, decimal) {
            Ok(v) => assert!(is_recordable(v), "{cell:?} read as {v}"),
            Err(NumberError::Ambiguous {
                comma_decimal,
                dot_decimal,
            }) => {
                assert!(decimal.is_none());
                assert!(is_recordable(comma_decimal) && is_recordable(dot_decimal));
            }
            Err(_) => {}
        }
    }
});
