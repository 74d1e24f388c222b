//! The date parser: never panics; a date it reads prints back as a date it reads
//! the same.
#![no_main]

use gender_plan::intake::fields::parse_date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(date) = parse_date(text) {
        let again = parse_date(&date.format("%Y-%m-%d").to_string());
        assert_eq!(again.ok(), Some(date), "{text:?}");
    }
});
