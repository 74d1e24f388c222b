//! Round trips (issue 10): what ingest records reads back equal, through the
//! library's own writer and reader; and what `template` writes, filled in, ingests
//! with exactly the figures filled in.

use crate::common::{PLAN, Sandbox};
use gender_plan::domain::figure::{Figure, Key};
use gender_plan::domain::measure::Measure;
use gender_plan::domain::period::Period;
use gender_plan::i18n::Lang;
use gender_plan::plan::Plan;
use gender_plan::store::{self, Source, Stamp, Store};
use proptest::prelude::*;
use std::sync::OnceLock;

fn plan() -> &'static Plan {
    static PLAN_: OnceLock<Plan> = OnceLock::new();
    PLAN_.get_or_init(|| gender_plan::plan::load::parse(PLAN, "plan.toml", Lang::En).unwrap())
}

/// A number as a unit may report it: up to 15 significant digits.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![0u64..1_000_000, 0u64..999_999_999_999_999,].prop_flat_map(|whole| {
        (Just(whole), 0u32..4).prop_map(|(whole, decimals)| {
            let digits = whole.to_string().len() as u32;
            let decimals = decimals.min(15u32.saturating_sub(digits));
            whole as f64 / 10f64.powi(decimals as i32)
        })
    })
}

/// A figure of the kind the indicator's measure takes.
fn figure(measure: Measure) -> BoxedStrategy<Figure> {
    match measure {
        Measure::Ratio { .. } => prop_oneof![
            Just(Figure::Blank),
            (number(), number()).prop_map(|(numerator, denominator)| Figure::Ratio {
                numerator,
                denominator
            }),
        ]
        .boxed(),
        Measure::YesNo => {
            prop_oneof![Just(Figure::Blank), any::<bool>().prop_map(Figure::YesNo)].boxed()
        }
        Measure::Value | Measure::Share { .. } => {
            prop_oneof![Just(Figure::Blank), number().prop_map(Figure::Number)].boxed()
        }
    }
}

/// One revision: a key of the plan, its figure, a submitted date and a note.
fn revision() -> impl Strategy<Value = (Key, Figure, chrono::NaiveDate, String)> {
    let plan = plan();
    let (units, indicators) = (plan.units.len() as u16, plan.indicators.len() as u16);
    (
        0..units,
        proptest::option::of(0..indicators),
        2021i32..=2025,
        0u8..7,
        any::<u8>(),
    )
        .prop_flat_map(move |(unit, indicator, year, p, g)| {
            let period = match p {
                0 => Period::Year(year),
                1 | 2 => Period::Half(year, p),
                q => Period::Quarter(year, q - 2),
            };
            // The whole, or a group of an indicator reported by group (by sex).
            let groups = indicator.map_or(0, |i| plan.indicators[i as usize].group_count(plan));
            let key = Key {
                unit,
                period,
                indicator,
                group: g % (groups + 1),
            };
            let figure = match indicator {
                Some(i) => figure(plan.indicators[i as usize].measure),
                None => Just(Figure::Narrative).boxed(),
            };
            (
                Just(key),
                figure,
                (0i64..1800).prop_map(|d| {
                    chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap()
                        + chrono::Days::new(d as u64)
                }),
                any::<String>(),
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any revisions, notes, source names and recorders of any text (quotes, line
    /// breaks, formula-looking text, controls): written by the store and read back
    /// equal.
    #[test]
    fn what_ingest_records_reads_back_equal(
        revisions in proptest::collection::vec(revision(), 1..20),
        file in any::<String>(),
        by in any::<String>(),
    ) {
        let plan = plan();
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("data.csv");
        let source = Source { file: file.clone(), hash: "0123456789abcdef".into(), via: None };
        let stamp = Stamp { recorded: "2025-12-20T00:00:00Z".into(), by: by.clone() };
        let lock = store::lock(&path, Lang::En).unwrap();
        // Two writes: the first creates the file, the second appends in place.
        let (first, second) = revisions.split_at(revisions.len() / 2);
        for part in [first, second] {
            let commit = Store::load(&path, plan, Lang::En).unwrap().commit;
            store::append(&path, plan, &lock, commit, &stamp, |rows| {
                for (key, figure, submitted, note) in part {
                    rows.figure(key, *figure, *submitted, note, &source)?;
                }
                Ok(())
            })
            .unwrap();
        }
        drop(lock);
        let store = Store::load(&path, plan, Lang::En).unwrap();
        prop_assert_eq!(store.revisions.len(), revisions.len());
        for (i, (read, (key, figure, submitted, note))) in
            store.revisions.iter().zip(&revisions).enumerate()
        {
            prop_assert_eq!(read.key(), *key);
            prop_assert_eq!(read.figure, *figure);
            prop_assert_eq!(read.submitted, *submitted);
            prop_assert_eq!(store.note(read).unwrap_or(""), note.as_str());
            let origin = store.origin(i);
            prop_assert_eq!(&origin.file, &file);
            prop_assert_eq!(&origin.by, &by);
        }
    }
}

/// The cells of a form row a unit fills in, for a figure.
fn cells_for(figure: Figure, lang: Lang) -> [String; 3] {
    let plain = |v: f64| format!("{v}");
    match figure {
        Figure::Ratio {
            numerator,
            denominator,
        } => [plain(numerator), plain(denominator), String::new()],
        Figure::Number(v) => [String::new(), String::new(), plain(v)],
        Figure::YesNo(b) => [
            String::new(),
            String::new(),
            lang.pick(if b { "yes" } else { "no" }, if b { "có" } else { "không" })
                .to_string(),
        ],
        _ => [String::new(), String::new(), String::new()],
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Any unit's form for any round, in either language, filled with figures a
    /// unit may report, ingests with exactly those figures.
    #[test]
    fn what_template_writes_ingests(
        unit in 0usize..29,
        round in 0usize..9,
        vietnamese: bool,
        seed in proptest::collection::vec(any::<(u32, u32, bool)>(), 8),
    ) {
        let plan = plan();
        let lang = if vietnamese { Lang::Vi } else { Lang::En };
        let unit = &plan.units[unit];
        let round = plan.rounds()[round].period.to_string();
        let sb = Sandbox::new();
        let lang_name = if vietnamese { "vi" } else { "en" };
        let (code, form, err) = sb.run(&[
            "template", "--unit", &unit.id, "--period", &round, "--lang", lang_name,
        ]);
        prop_assert_eq!(code, 0, "{}", err);
        let delimiter = if vietnamese { b';' } else { b',' };
        let body = form.strip_prefix('\u{feff}').unwrap();
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(body.as_bytes());
        let headers = reader.headers().unwrap().clone();
        // The columns to fill, wherever the form puts them (a group column shifts
        // them on the forms of units that report by group).
        let at = |names: [&str; 2]| headers.iter().position(|h| names.contains(&h)).unwrap();
        let (n_at, d_at, v_at) = (
            at(["numerator", "tử số"]),
            at(["denominator", "mẫu số"]),
            at(["value", "giá trị"]),
        );
        let mut writer = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
        writer.write_record(&headers).unwrap();
        let mut expected = Vec::new();
        for (n, record) in reader.records().enumerate() {
            let mut cells: Vec<String> = record.unwrap().iter().map(String::from).collect();
            let (a, b, yes) = seed[n % seed.len()];
            if let Some(indicator) = plan.indicator(&cells[2]) {
                let figure = match indicator.measure {
                    Measure::Ratio { .. } => {
                        let denominator = f64::from(b % 100_000 + 1);
                        Figure::Ratio { numerator: f64::from(a) % (denominator + 1.0), denominator }
                    }
                    Measure::YesNo => Figure::YesNo(yes),
                    Measure::Value => Figure::Number(f64::from(a % 1000) / 10.0),
                    Measure::Share { .. } => Figure::Number(f64::from(a % 20)),
                };
                let [numerator, denominator, value] = cells_for(figure, lang);
                cells[n_at] = numerator;
                cells[d_at] = denominator;
                cells[v_at] = value;
                expected.push((cells[1].clone(), cells[2].clone(), figure));
            }
            writer.write_record(&cells).unwrap();
        }
        sb.write("filled.csv", writer.into_inner().unwrap());
        let (code, out, err) = sb.run(&[
            "ingest", "--as-of", "2025-12-31", "--data", "data.csv", "--decimal", "dot", "filled.csv",
        ]);
        prop_assert_eq!(code, 0, "{}{}", out, err);
        let store = Store::load(&sb.path("data.csv"), plan, Lang::En).unwrap();
        // A narrative line left empty records nothing (issue 19).
        prop_assert_eq!(store.revisions.len(), expected.len());
        for (revision, (period, indicator, figure)) in store.revisions.iter().zip(&expected) {
            let key = revision.key();
            prop_assert_eq!(&key.period.to_string(), period);
            prop_assert_eq!(&plan.indicators[key.indicator.unwrap() as usize].id, indicator);
            prop_assert_eq!(revision.figure, *figure);
        }
    }
}

/// One write of the agreement test: its revisions, and whether it also withdraws
/// the first key it names and the figures of the write before it.
type Write = (Vec<(Key, Figure, chrono::NaiveDate, String)>, bool);

/// The source of the `n`th write of a test, rolled up from another office's data
/// file when `rolled` (its rows then carry the file they came through, which the
/// index keeps too), and its stamp, its day cycling over `days`.
fn write_source(n: usize, rolled: bool, days: usize) -> (Source, Stamp) {
    let hash = |n: usize| format!("{n:016x}");
    let source = Source {
        file: format!("write-{n}.csv"),
        hash: hash(n),
        via: rolled.then(|| store::Via {
            file: format!("office-{n}.csv"),
            hash: hash(1000 + n),
            recorded: "2025-11-30T08:00:00Z".into(),
            by: "xa".into(),
        }),
    };
    let stamp = Stamp {
        recorded: format!("2025-12-{:02}T00:00:00Z", 1 + n % days),
        by: "tester".into(),
    };
    (source, stamp)
}

/// The rows of the `n`th write: its figures, then, if it withdraws, the first
/// key's revisions and the figures of the write before it.
fn write_rows(
    rows: &mut store::Rows,
    n: usize,
    write: &Write,
    source: &Source,
) -> std::io::Result<()> {
    let (revisions, withdraws) = write;
    for (key, figure, submitted, note) in revisions {
        rows.figure(key, *figure, *submitted, note, source)?;
    }
    if *withdraws {
        let (key, _, day, _) = &revisions[0];
        rows.withdrawal(key, store::Takes::Key, *day, "wrong", source)?;
        let earlier = format!("{:016x}", n.saturating_sub(1));
        rows.withdrawal(key, store::Takes::File(&earlier), *day, "", source)?;
    }
    Ok(())
}

/// Appends one write, as ingest and withdraw do: under the lock, after the commit
/// the store loaded under it ends at. Every third write is rolled up.
fn append_write(path: &std::path::Path, n: usize, write: &Write) {
    let plan = plan();
    let (source, stamp) = write_source(n, n % 3 == 2, 28);
    let lock = store::lock(path, Lang::En).unwrap();
    let commit = Store::load_whole(path, plan, Lang::En).unwrap().commit;
    store::append(path, plan, &lock, commit, &stamp, |rows| {
        write_rows(rows, n, write, &source)
    })
    .unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// The index path and the full path agree: a store read through the data
    /// file's index (built after some writes, with the later writes and an
    /// unfinished one after it) equals the store read row by row, and every
    /// figure as of any day, and every first arrival, is the same.
    #[test]
    fn the_index_and_the_whole_file_give_the_same_answers(
        writes in proptest::collection::vec(
            (proptest::collection::vec(revision(), 1..12), any::<bool>()),
            1..6,
        ),
        indexed_after in 0usize..6,
        torn in proptest::option::of(1usize..2000),
        days in proptest::collection::vec(0u64..2200, 1..6),
    ) {
        let plan = plan();
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("data.csv");
        for (n, write) in writes.iter().enumerate() {
            append_write(&path, n, write);
            if n == indexed_after.min(writes.len() - 1) {
                // Builds the index at this commit.
                Store::load_indexed(&path, plan, Lang::En, 0).unwrap();
            }
        }
        if let Some(cut) = torn {
            // A write killed before its commit: part of it stays in the file, at
            // least one byte (a kill before the first byte leaves the file as it
            // was, mtime included, which rewriting it here could not imitate: the
            // index rightly refuses a file of its length with another mtime) and
            // never the whole row.
            let before = std::fs::read(&path).unwrap();
            append_write(&path, writes.len(), &writes[0]);
            let after = std::fs::read(&path).unwrap();
            let cut = before.len() + 1 + cut % (after.len() - before.len() - 2);
            std::fs::write(&path, &after[..cut]).unwrap();
        }
        let whole = Store::load_whole(&path, plan, Lang::En).unwrap();
        let real = store::real_path(&path);
        let file = std::fs::File::open(&path).unwrap();
        let state = store::index::FileState::of(&file.metadata().unwrap());
        prop_assert!(store::index::read(&real, &file, state, plan).is_some(), "the index is used");
        let indexed = Store::load_indexed(&path, plan, Lang::En, 0).unwrap();
        prop_assert_eq!(&indexed, &whole);
        let start = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
        for day in days {
            let as_of = start + chrono::Days::new(day);
            let (a, b) = (indexed.ledger(plan, as_of), whole.ledger(plan, as_of));
            for revision in &whole.revisions {
                let key = revision.key();
                prop_assert_eq!(a.figure(&key), b.figure(&key));
                prop_assert_eq!(a.current_index(&key), b.current_index(&key));
                prop_assert_eq!(
                    a.first_submitted(key.unit, key.period),
                    b.first_submitted(key.unit, key.period)
                );
            }
        }
    }
}

/// Appends one write as ingest does with the store it loaded under the lock (read
/// through the index when there is one): a write that leaves the index more than
/// `behind` bytes behind writes it for its own commit.
fn append_loaded(path: &std::path::Path, n: usize, write: &Write, behind: u64) {
    let plan = plan();
    // Every other write is rolled up: the index a write keeps carries its via.
    let (source, stamp) = write_source(n, n % 2 == 1, 3);
    let lock = store::lock(path, Lang::En).unwrap();
    // Read through a valid index, never writing one: only the writes do here.
    let loaded = Store::load_indexed(path, plan, Lang::En, u64::MAX).unwrap();
    let indexing = store::Indexing { from: 0, behind };
    store::append_indexing(path, plan, &lock, &loaded, &stamp, indexing, |rows| {
        write_rows(rows, n, write, &source)
    })
    .unwrap();
}

/// The store the data file's index holds, if it is valid.
fn indexed_store(path: &std::path::Path) -> Option<Store> {
    let file = std::fs::File::open(path).unwrap();
    let state = store::index::FileState::of(&file.metadata().unwrap());
    store::index::read(&store::real_path(path), &file, state, plan())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// A write keeps the index: given the store it loaded, a write that would
    /// leave the index more than its threshold behind writes it for its own
    /// commit, from the store as loaded and its rows as they read back. That
    /// index ends where the data file ends, and reading through it gives the
    /// same store, figures and first arrivals as reading every row, on any day.
    #[test]
    fn a_write_keeps_the_index_and_it_agrees_with_the_whole_file(
        writes in proptest::collection::vec(
            (proptest::collection::vec(revision(), 1..12), any::<bool>(), 0u64..3000),
            1..6,
        ),
        days in proptest::collection::vec(0u64..2200, 1..4),
    ) {
        let plan = plan();
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("data.csv");
        for (n, (revisions, withdraws, behind)) in writes.iter().enumerate() {
            let index_end = || indexed_store(&path).and_then(|s| s.commit).map(|c| c.end);
            let indexed_before = if n == 0 { None } else { index_end() };
            append_loaded(&path, n, &(revisions.clone(), *withdraws), *behind);
            let after = std::fs::metadata(&path).unwrap().len();
            let expected = match after - indexed_before.unwrap_or(0) > *behind {
                true => Some(after),
                false => indexed_before,
            };
            prop_assert_eq!(index_end(), expected);
        }
        let whole = Store::load_whole(&path, plan, Lang::En).unwrap();
        let indexed = Store::load_indexed(&path, plan, Lang::En, u64::MAX).unwrap();
        prop_assert_eq!(&indexed, &whole);
        if let Some(from_index) = indexed_store(&path)
            && from_index.commit == whole.commit
        {
            prop_assert_eq!(&from_index, &whole);
        }
        let start = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
        for day in days {
            let as_of = start + chrono::Days::new(day);
            let (a, b) = (indexed.ledger(plan, as_of), whole.ledger(plan, as_of));
            for revision in &whole.revisions {
                let key = revision.key();
                prop_assert_eq!(a.current_index(&key), b.current_index(&key));
                prop_assert_eq!(
                    a.first_submitted(key.unit, key.period),
                    b.first_submitted(key.unit, key.period)
                );
            }
        }
    }
}

/// After a big write the next command reads the index and nothing of the data
/// file after it: the write left the index at its own commit.
#[test]
fn a_big_write_leaves_the_index_at_its_commit() {
    let plan = plan();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("data.csv");
    let day = chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
    let write = |unit: u16| -> Write {
        let rows = (0..plan.indicators.len() as u16)
            .map(|i| {
                let key = Key {
                    unit,
                    period: Period::Year(2024),
                    indicator: Some(i),
                    group: 0,
                };
                let measure = plan.indicators[i as usize].measure;
                let figure = match measure {
                    Measure::Ratio { .. } => Figure::Ratio {
                        numerator: 1.0,
                        denominator: 2.0,
                    },
                    Measure::YesNo => Figure::YesNo(true),
                    _ => Figure::Number(1.5),
                };
                (key, figure, day, "a note\nover two lines".to_string())
            })
            .collect();
        (rows, unit == 2)
    };
    for unit in 0..4 {
        append_loaded(&path, unit as usize, &write(unit), 0);
        let length = std::fs::metadata(&path).unwrap().len();
        let indexed = indexed_store(&path).expect("an index for the write's commit");
        assert_eq!(indexed.commit.map(|c| c.end), Some(length));
        assert_eq!(indexed, Store::load_whole(&path, plan, Lang::En).unwrap());
    }
    // A small write leaves it behind; the next reader reads that write's rows.
    append_loaded(&path, 9, &write(5), u64::MAX);
    let length = std::fs::metadata(&path).unwrap().len();
    let indexed = indexed_store(&path).expect("the index stays valid");
    assert!(indexed.commit.unwrap().end < length);
    assert_eq!(
        Store::load_indexed(&path, plan, Lang::En, u64::MAX).unwrap(),
        Store::load_whole(&path, plan, Lang::En).unwrap()
    );
}

/// An index that is damaged, from another plan, or of a data file since replaced
/// is not used; the data file is read whole and the index rebuilt.
#[test]
fn a_damaged_or_stale_index_is_not_used_and_is_rebuilt() {
    let plan = plan();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("data.csv");
    let key = Key {
        unit: 0,
        period: Period::Year(2024),
        indicator: Some(0),
        group: 0,
    };
    let day = chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
    let write: Write = (vec![(key, Figure::Blank, day, "note".into())], false);
    append_write(&path, 0, &write);
    append_write(&path, 1, &write);
    let whole = Store::load_whole(&path, plan, Lang::En).unwrap();
    let index_path = folder.path().join("data.csv.index");
    let used = || {
        let file = std::fs::File::open(&path).unwrap();
        let state = store::index::FileState::of(&file.metadata().unwrap());
        store::index::read(&path, &file, state, plan).is_some()
    };
    Store::load_indexed(&path, plan, Lang::En, 0).unwrap();
    assert!(used());
    let good = std::fs::read(&index_path).unwrap();

    // A byte of the index changed.
    let mut damaged = good.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    std::fs::write(&index_path, &damaged).unwrap();
    assert!(!used());
    assert_eq!(
        Store::load_indexed(&path, plan, Lang::En, 0).unwrap(),
        whole
    );
    assert!(used(), "rebuilt");

    // Another plan: a unit more changes what ids mean.
    let mut other = plan.clone();
    other.units.swap(0, 1);
    let file = std::fs::File::open(&path).unwrap();
    let state = store::index::FileState::of(&file.metadata().unwrap());
    assert!(store::index::read(&path, &file, state, &other).is_none());

    // The data file replaced by a copy of itself (an editor, a restore).
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    assert!(!used());
    assert_eq!(
        Store::load_indexed(&path, plan, Lang::En, 0).unwrap(),
        whole
    );
    assert!(used(), "rebuilt");

    // Rewritten in place with the same length: a figure edited by hand is found.
    let text = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
    let edited = text
        .replacen("\"note\"", "\"nott\"", 1)
        .replacen(",note,", ",nott,", 1);
    assert_eq!(edited.len(), text.len());
    assert_ne!(edited, text);
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, edited.as_bytes()))
        .unwrap();
    assert!(!used());
    assert!(
        Store::load_indexed(&path, plan, Lang::En, 0).is_err(),
        "the edit is found"
    );
}
