//! The data-file reader: any bytes give a store or a diagnostic, never a panic,
//! and every figure it accepts is finite.
#![no_main]

use gender_plan::domain::figure::Figure;
use gender_plan::i18n::Lang;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn plan() -> &'static gender_plan::plan::Plan {
    static PLAN: OnceLock<gender_plan::plan::Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        gender_plan::plan::load::parse(include_str!("../../plan.toml"), "plan.toml", Lang::En)
            .expect("the shipped plan is valid")
    })
}

fuzz_target!(|bytes: &[u8]| {
    let plan = plan();
    if let Ok(store) = gender_plan::store::parse(bytes, bytes.len() as u64, "data.csv", plan, Lang::En) {
        for revision in &store.revisions {
            match revision.figure {
                Figure::Number(v) => assert!(v.is_finite()),
                Figure::Ratio { numerator, denominator } => {
                    assert!(numerator.is_finite() && denominator.is_finite())
                }
                _ => {}
            }
        }
    }
});
