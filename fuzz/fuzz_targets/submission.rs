//! The submission reader, on a file of arbitrary bytes: a validated submission or
//! diagnostics, never a panic; every accepted figure is in range.
#![no_main]

use gender_plan::domain::figure::{Figure, is_recordable};
use gender_plan::i18n::Lang;
use gender_plan::intake::names::{IndicatorIds, UnitNames};
use gender_plan::intake::submission::{ReadOptions, read_submission};
use libfuzzer_sys::fuzz_target;

struct Fixture {
    plan: &'static gender_plan::plan::Plan,
    units: UnitNames<'static>,
    indicators: IndicatorIds,
    path: std::path::PathBuf,
}

thread_local! {
    // One input at a time, on one thread; the unit names are not shared between
    // threads, and borrow the plan, which lives as long as the process.
    static FIXTURE: &'static Fixture = Box::leak(Box::new(make_fixture()));
}

fn fixture() -> &'static Fixture {
    FIXTURE.with(|f| *f)
}

fn make_fixture() -> Fixture {
    {
        let plan =
            gender_plan::plan::load::parse(include_str!("../../plan.toml"), "plan.toml", Lang::En)
                .expect("the shipped plan is valid");
        let plan: &'static _ = Box::leak(Box::new(plan));
        let path = std::env::temp_dir().join(format!("gender-plan-fuzz-{}.csv", std::process::id()));
        let (units, indicators) = (UnitNames::new(plan), IndicatorIds::new(plan));
        Fixture {
            plan,
            units,
            indicators,
            path,
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, bytes)) = data.split_first() else {
        return;
    };
    let f = fixture();
    std::fs::write(&f.path, bytes).expect("temporary file");
    let options = ReadOptions {
        windows1258: flags & 1 != 0,
        decimal: None,
        received: None,
        as_of: chrono::NaiveDate::from_ymd_opt(2025, 12, 20).unwrap(),
        lang: if flags & 2 != 0 { Lang::Vi } else { Lang::En },
    };
    if let Ok(submission) =
        read_submission("s.csv", &f.path, f.plan, &f.units, &f.indicators, &options)
    {
        for row in &submission.rows {
            match row.figure {
                Figure::Number(v) => assert!(is_recordable(v)),
                Figure::Ratio { numerator, denominator } => {
                    assert!(is_recordable(numerator) && is_recordable(denominator))
                }
                _ => {}
            }
        }
    }
});
