//! The plan loader: any bytes give a plan or diagnostics, never a panic.
#![no_main]

use gender_plan::i18n::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = gender_plan::plan::load::parse(text, "plan.toml", Lang::En);
});
