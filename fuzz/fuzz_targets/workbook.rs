//! The workbook reader, on a real workbook with one of its XML parts replaced by
//! arbitrary bytes (as the hostile-input probe of issue 20 mutated them): a
//! validated submission or diagnostics, never a panic, an abort, a spin or a
//! memory blow-up. A panic of the workbook library is caught at the reader's
//! boundary and reported as "the workbook reader failed"; this target counts
//! that as a finding too.
//!
//! Input: the first byte picks the workbook (even: the .xlsx form, odd: the .ods
//! report) and the part (the byte / 2, modulo the workbook's XML parts); the rest
//! is the part's new content.
#![no_main]

use gender_plan::i18n::Lang;
use gender_plan::intake::names::{IndicatorIds, UnitNames};
use gender_plan::intake::submission::{ReadOptions, read_submission};
use libfuzzer_sys::fuzz_target;
use std::io::{Read, Write};

/// A workbook as its parts: (name, content, whether it is XML).
type Parts = Vec<(String, Vec<u8>, bool)>;

struct Fixture {
    plan: &'static gender_plan::plan::Plan,
    units: UnitNames<'static>,
    indicators: IndicatorIds,
    templates: [(Parts, std::path::PathBuf); 2],
}

fn parts(bytes: &[u8]) -> Parts {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("an entry");
            let name = entry.name().expect("a name").to_string();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).expect("readable");
            let xml = name.ends_with(".xml") || name.ends_with(".rels");
            (name, content, xml)
        })
        .collect()
}

thread_local! {
    // The fuzzer runs one input at a time, on one thread; the unit names are not
    // shared between threads.
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
        // Lives as long as the fuzzing process; the names borrow it.
        let plan: &'static _ = Box::leak(Box::new(plan));
        let temp = |ext: &str| {
            std::env::temp_dir().join(format!("gender-plan-fuzz-{}.{ext}", std::process::id()))
        };
        let xlsx = parts(include_bytes!("../../examples/reports/2025_ban-hon.xlsx"));
        let ods = parts(include_bytes!("../../examples/reports/2024_khun-ha.ods"));
        let (units, indicators) = (UnitNames::new(plan), IndicatorIds::new(plan));
        Fixture {
            plan,
            units,
            indicators,
            templates: [(xlsx, temp("xlsx")), (ods, temp("ods"))],
        }
    }
}

/// The workbook with its `n`th XML part replaced by `content`, zipped again.
fn workbook(parts: &Parts, n: usize, content: &[u8]) -> Vec<u8> {
    let xml: Vec<usize> = (0..parts.len()).filter(|&i| parts[i].2).collect();
    let target = xml[n % xml.len()];
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (i, (name, original, _)) in parts.iter().enumerate() {
        out.start_file(name.as_str(), options).expect("zip");
        let body = if i == target { content } else { original };
        out.write_all(body).expect("zip");
    }
    out.finish().expect("zip").into_inner()
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, content)) = data.split_first() else {
        return;
    };
    let f = fixture();
    let (parts, path) = &f.templates[usize::from(pick & 1)];
    std::fs::write(path, workbook(parts, usize::from(pick >> 1), content)).expect("temporary file");
    let options = ReadOptions {
        windows1258: false,
        decimal: None,
        received: None,
        as_of: chrono::NaiveDate::from_ymd_opt(2025, 12, 20).unwrap(),
        lang: Lang::En,
    };
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    if let Err(problems) = read_submission(&file, path, f.plan, &f.units, &f.indicators, &options)
    {
        for problem in &problems {
            assert!(
                !problem.message.contains("the workbook reader failed"),
                "{}",
                problem.message
            );
        }
    }
});
