//! Writes the example submissions in `examples/reports/` and `examples/README.md`.
//!
//! Run from the crate root: `cargo run --example generate_reports`. It reads `plan.toml`
//! (units, indicators, contributors, reporting schedule) and writes one CSV file per
//! unit and reporting round, the way units really send them: English or Vietnamese
//! headers, Excel exports (BOM, `;`, decimal comma), Windows-1258, UTF-16, NFD text,
//! names instead of ids, a few late, incomplete or missing reports and seven files
//! that must be rejected. A few units send a workbook instead: `.xlsx` (written here
//! with rust_xlsxwriter), and an `.ods` and an `.xls` saved by LibreOffice from such a
//! workbook (when `soffice` is installed; otherwise the committed ones are kept).
//!
//! The output is reproducible: a fixed-seed SplitMix64 PRNG, ordered maps, no clock
//! (LibreOffice stamps the files it saves, so those differ in bytes, not in content).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use chrono::{Datelike, NaiveDate, TimeDelta};
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{compose, is_combining_mark};

const PLAN: &str = "plan.toml";
const OUT_DIR: &str = "examples/reports";
const README: &str = "examples/README.md";
const SEED: u64 = 0x5EED_7A4D_0029_2025;

// -------------------------------------------------------------------------------------
// The parts of plan.toml this generator needs (unknown fields are ignored).
// -------------------------------------------------------------------------------------

#[derive(Default, Deserialize)]
#[serde(default)]
struct Plan {
    plan: Meta,
    schedule: Schedule,
    indicators: Vec<Indicator>,
    units: Vec<Unit>,
    transfers: Vec<Transfer>,
}

/// `[plan]`: the plan's last day, when it ended early (`ends`).
#[derive(Default, Deserialize)]
#[serde(default)]
struct Meta {
    ends: Option<String>,
}

/// `[[transfers]]`: on `date`, `from`'s duties for `indicators` pass to `to`.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Transfer {
    date: String,
    from: String,
    to: String,
    indicators: Vec<String>,
}

/// Who sends the figures the plan gives `unit` for `indicator`, in a round due on
/// `due`: the unit, or whoever its duty passed to by then.
fn reporter(plan: &Plan, indicator: &str, unit: &str, due: NaiveDate) -> String {
    let mut holder = unit.to_string();
    let mut transfers: Vec<&Transfer> = plan.transfers.iter().collect();
    transfers.sort_by(|a, b| a.date.cmp(&b.date));
    for t in transfers {
        let date = NaiveDate::parse_from_str(&t.date, "%Y-%m-%d").expect("a transfer date");
        if date <= due && t.from == holder && t.indicators.iter().any(|i| i == indicator) {
            holder = t.to.clone();
        }
    }
    holder
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Schedule {
    first_period: String,
    last_period: String,
    reports: Vec<ReportKind>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ReportKind {
    period: String,
    due: String,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Text {
    vi: String,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Indicator {
    id: String,
    name: Text,
    op: String,
    target: Option<f64>,
    measure: String,
    scale: Option<f64>,
    threshold: Option<f64>,
    contributors: Vec<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Unit {
    id: String,
    kind: String,
    name: Text,
    aliases: Vec<String>,
    /// The unit's first day (a commune formed by a merger).
    starts: Option<String>,
}

// -------------------------------------------------------------------------------------
// Deterministic randomness.
// -------------------------------------------------------------------------------------

struct SplitMix64(u64);

impl SplitMix64 {
    /// A stream of its own for each label, so that changing one part of the output
    /// leaves the others as they were.
    fn for_label(label: &str) -> Self {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in label.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        SplitMix64(SEED ^ hash)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

// -------------------------------------------------------------------------------------
// The deliberate features of the example set.
// -------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Fault {
    UnknownUnit,
    AboveDenominator,
    ImpossibleDate,
    ForeignIndicator,
    AmbiguousNumber,
    Duplicate,
    UnknownIndicator,
}

/// (period, unit, fault, mistake as described in the README, expected error substring)
const FAULTS: &[(&str, &str, Fault, &str, &str)] = &[
    (
        "2024",
        "ban-bo",
        Fault::UnknownUnit,
        "unit name misspelt \"Bản Boo\"",
        "unknown unit",
    ),
    (
        "2023-H1",
        "giang-ma",
        Fault::AboveDenominator,
        "indicator 3.2a: 4 victims supported out of 3 detected",
        "above the denominator",
    ),
    (
        "2024",
        "hoinongdan",
        Fault::ImpossibleDate,
        "submitted date typed as 31/11/2024",
        "cannot read the date",
    ),
    (
        "2022",
        "na-tam",
        Fault::ForeignIndicator,
        "a commune sends indicator 4.1 (births at the commune health station)",
        "does not report indicator",
    ),
    (
        "2023",
        "son-binh",
        Fault::AmbiguousNumber,
        "6.1 numerator typed \"2.000\" (2000 or 2, both whole counts); no other number in the file settles the convention",
        "ambiguous number",
    ),
    (
        "2024-H1",
        "ta-leng",
        Fault::Duplicate,
        "6.3 for 2024-Q2 sent twice with different counts",
        "appears twice",
    ),
    (
        "2022-H1",
        "ttyt",
        Fault::UnknownIndicator,
        "a row for indicator \"4.4\", which the plan does not have",
        "unknown indicator",
    ),
];

/// Rounds a unit did not report: (period, unit).
const MISSING: &[(&str, &str)] = &[
    ("2022-H1", "hoiccb"),
    ("2023", "huyendoan"),
    ("2025-H1", "ho-thau"),
];

/// Reports sent after the due date: (period, unit, days late).
const LATE: &[(&str, &str, i64)] = &[
    ("2021", "giang-ma", 5),
    ("2022-H1", "tckh", 9),
    ("2023", "ho-thau", 7),
    ("2024-H1", "daitt", 2),
    ("2025-H1", "ttyt", 4),
];

/// Indicators a unit left out of its report: (period, unit, indicator, why).
const OMITTED: &[(&str, &str, &str, &str)] = &[
    (
        "2022",
        "nung-nang",
        "6.1",
        "Chưa có số liệu dân số năm 2022 nên chưa báo cáo chỉ tiêu 6.1.",
    ),
    (
        "2023-H1",
        "ldtbxh",
        "6.2",
        "Chỉ tiêu 6.2 sẽ tổng hợp trong báo cáo năm.",
    ),
];

/// Communes that detected no case in a round: (period, unit, indicator, written as
/// words). They report 0 of 0, or "Không có trường hợp" in the value cell.
const ZERO_CASES: &[(&str, &str, &str, bool)] = &[
    ("2024", "ho-thau", "3.2a", true),
    ("2024", "ho-thau", "3.2b", true),
    ("2025-H1", "son-binh", "3.2b", false),
    ("2025-H1", "then-sin", "3.2a", false),
    ("2025-H1", "then-sin", "3.2b", false),
    ("2025-H1", "nung-nang", "3.2b", true),
];

fn zero_cases(period: &str, unit: &str, indicator: &str) -> Option<bool> {
    ZERO_CASES
        .iter()
        .find(|z| z.0 == period && z.1 == unit && z.2 == indicator)
        .map(|z| z.3)
}

/// Gives the cases of the communes that had none to the commune with the most.
fn move_zero_cases(dens: &mut [u64], none: &[bool]) {
    let moved: u64 = dens
        .iter()
        .zip(none)
        .filter(|(_, n)| **n)
        .map(|(d, _)| d)
        .sum();
    for (d, _) in dens.iter_mut().zip(none).filter(|(_, n)| **n) {
        *d = 0;
    }
    let largest = (0..dens.len())
        .filter(|&i| !none[i])
        .max_by_key(|&i| dens[i]);
    if let Some(i) = largest {
        dens[i] += moved;
    }
}

/// Quarterly counts left blank: (period of the round, unit, indicator, quarter).
const BLANK: &[(&str, &str, &str, &str)] = &[("2025-H1", "khun-ha", "6.3", "2025-Q2")];

/// Files saved as Windows-1258 (Excel's plain "CSV" on Vietnamese Windows).
const WINDOWS_1258: &[(&str, &str)] = &[
    ("2022-H1", "hoiphunu"),
    ("2023", "tuphap"),
    ("2024-H1", "nung-nang"),
    ("2025-H1", "gddt"),
];

/// Exported by Excel as "Unicode text": UTF-16LE with BOM, tab-delimited.
const UTF16: &[(&str, &str)] = &[("2024", "gddt")];

/// Plain UTF-8 but tab-delimited.
const TAB: &[(&str, &str)] = &[("2022", "daitt")];

/// Unit column typed in decomposed Unicode (NFD), e.g. pasted from a Mac.
const NFD_NAMES: &[(&str, &str, UnitText)] = &[
    ("2023", "binh-lu", UnitText::Name),
    ("2024-H1", "ho-thau", UnitText::Name),
    ("2025-H1", "then-sin", UnitText::Alias(0)),
];

/// Unit written by name or alias instead of the id.
const NAMED: &[(&str, &str, UnitText)] = &[
    ("2021", "ttyt", UnitText::Alias(0)),
    ("2022", "gddt", UnitText::Name),
    ("2023", "na-tam", UnitText::Alias(3)),
    ("2024", "tt-tam-duong", UnitText::Name),
    ("2025-H1", "mttq", UnitText::Alias(1)),
    ("2022", "ban-giang", UnitText::PlainLower),
    ("2024", "tuphap", UnitText::PlainName),
    ("2022-H1", "son-binh", UnitText::Upper),
];

/// Files with an extra column holding the indicator's name (ignored by the tool).
const EXTRA_COLUMN: &[(&str, &str, Headers)] = &[
    ("2022", "ldtbxh", Headers::English),
    ("2023", "ttyt", Headers::Vietnamese),
    ("2025-H1", "son-binh", Headers::Ascii),
];

/// A file whose `submitted` column is ISO except for one dd/mm/yyyy date.
const MIXED_DATES: &[(&str, &str)] = &[("2024", "ldtbxh")];

/// Reports sent as a workbook rather than CSV: an official form with title rows,
/// Vietnamese headers, typed numbers and dates.
const WORKBOOKS: &[(&str, &str, Book)] = &[
    ("2024-H1", "ban-hon", Book::Xlsx),
    ("2025-H1", "tuphap", Book::Xlsx),
    ("2024", "khun-ha", Book::Ods),
    ("2023", "ldld", Book::Xls),
];

#[derive(Clone, Copy, PartialEq, Debug)]
enum Book {
    Xlsx,
    /// Saved by LibreOffice as OpenDocument.
    Ods,
    /// Saved by LibreOffice as Excel 97–2003, as an office with old software would.
    Xls,
}

impl Book {
    fn extension(self) -> &'static str {
        match self {
            Book::Xlsx => "xlsx",
            Book::Ods => "ods",
            Book::Xls => "xls",
        }
    }
}

fn book_of(period: &str, unit: &str) -> Option<Book> {
    WORKBOOKS
        .iter()
        .find(|w| w.0 == period && w.1 == unit)
        .map(|w| w.2)
}

/// Excel habit: UTF-8 BOM, `;`, decimal comma, dd/mm/yyyy.
const EXCEL_UNITS_FROM_2023: &[&str] = &["thongke"];

fn listed(list: &[(&str, &str)], period: &str, unit: &str) -> bool {
    list.iter().any(|(p, u)| *p == period && *u == unit)
}

fn fault_of(period: &str, unit: &str) -> Option<Fault> {
    FAULTS
        .iter()
        .find(|f| f.0 == period && f.1 == unit)
        .map(|f| f.2)
}

/// Whether a file's figures reach the district totals (written, not rejected).
fn counted(period: &str, unit: &str) -> bool {
    !listed(MISSING, period, unit) && fault_of(period, unit).is_none()
}

fn omitted(period: &str, unit: &str, indicator: &str) -> bool {
    OMITTED
        .iter()
        .any(|o| o.0 == period && o.1 == unit && o.2 == indicator)
}

fn blank(period: &str, unit: &str, indicator: &str, quarter: &str) -> bool {
    BLANK
        .iter()
        .any(|b| b.0 == period && b.1 == unit && b.2 == indicator && b.3 == quarter)
}

// -------------------------------------------------------------------------------------
// Reporting rounds.
// -------------------------------------------------------------------------------------

struct Round {
    period: String,
    year: i32,
    half: bool,
    due: NaiveDate,
    quarters: Vec<u32>,
}

fn period_key(period: &str) -> (i32, u8) {
    let year = period.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
    (year, if period.ends_with("-H1") { 0 } else { 1 })
}

fn due_date(schedule: &Schedule, kind: &str, year: i32, fallback: (u32, u32)) -> NaiveDate {
    let (month, day) = schedule
        .reports
        .iter()
        .find(|r| r.period == kind)
        .and_then(|r| {
            let (m, d) = r.due.split_once('-')?;
            Some((m.parse().ok()?, d.parse().ok()?))
        })
        .unwrap_or(fallback);
    NaiveDate::from_ymd_opt(year, month, day).expect("due date in plan.toml")
}

fn rounds(schedule: &Schedule) -> Vec<Round> {
    let first = period_key(&schedule.first_period);
    let last = period_key(&schedule.last_period);
    let has_half = schedule.reports.iter().any(|r| r.period == "half-year");
    let mut out: Vec<Round> = Vec::new();
    for year in first.0..=last.0 {
        for half in [true, false] {
            let key = (year, if half { 0 } else { 1 });
            if key < first || key > last || (half && !has_half) {
                continue;
            }
            let quarters = if half {
                vec![1, 2]
            } else if out.iter().any(|r| r.year == year) {
                vec![3, 4]
            } else {
                vec![1, 2, 3, 4]
            };
            let (period, due) = if half {
                (
                    format!("{year}-H1"),
                    due_date(schedule, "half-year", year, (6, 5)),
                )
            } else {
                (year.to_string(), due_date(schedule, "year", year, (12, 15)))
            };
            out.push(Round {
                period,
                year,
                half,
                due,
                quarters,
            });
        }
    }
    out
}

// -------------------------------------------------------------------------------------
// The designed figures.
// -------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Cell {
    Ratio(u64, u64),
    Value(f64),
    YesNo(bool),
    Count(Option<u64>),
}

/// How a single unit's 6-month figures relate to its annual ones.
enum H1Rule {
    /// A stock: halfway between last year's and this year's annual figures.
    Midpoint,
    /// A flow: this share of the year's numerator and denominator.
    Flow(f64),
    /// Numerator a flow (this share of the year), denominator a stock.
    FlowOverStock(f64),
    /// Given outright for 2022-H1 … 2025-H1.
    Fixed([(u64, u64); 4]),
}

enum Single {
    Ratio([(u64, u64); 5], H1Rule),
    Value([f64; 5]),
    YesNo(&'static str),
    Counts([[u64; 4]; 5]),
}

/// District designs for 2021 … 2025, for indicators one unit reports.
fn single_design(id: &str) -> Option<Single> {
    use H1Rule::*;
    Some(match id {
        "1.1" => Single::Ratio([(10, 26), (11, 26), (13, 26), (14, 26), (16, 26)], Midpoint),
        "2.1" => Single::Ratio(
            [
                (3050, 14820),
                (3310, 14960),
                (3640, 15110),
                (3980, 15240),
                (4350, 15380),
            ],
            Midpoint,
        ),
        "2.2" => Single::Ratio(
            [
                (11480, 14820),
                (11370, 14960),
                (11180, 15110),
                (10850, 15240),
                (10460, 15380),
            ],
            Midpoint,
        ),
        "2.3" => Single::Ratio(
            [(21, 88), (23, 92), (25, 97), (27, 101), (29, 106)],
            Midpoint,
        ),
        "3.1" => Single::Value([2.1, 2.0, 1.9, 1.9, 1.8]),
        "3.3" => Single::Ratio(
            [(3, 4), (5, 5), (2, 3), (4, 4), (3, 3)],
            Fixed([(2, 2), (1, 2), (2, 2), (1, 1)]),
        ),
        "4.1" => Single::Ratio(
            [(282, 250), (275, 246), (270, 243), (263, 239), (268, 240)],
            Flow(0.48),
        ),
        "4.2" => Single::Ratio(
            [(1, 1128), (0, 1096), (1, 1071), (0, 1052), (0, 1040)],
            Fixed([(0, 531), (1, 522), (0, 509), (0, 498)]),
        ),
        "4.3" => Single::Ratio(
            [
                (106, 2410),
                (110, 2395),
                (118, 2380),
                (127, 2366),
                (134, 2352),
            ],
            FlowOverStock(0.47),
        ),
        "5.1" => Single::YesNo("2023-H1"),
        "5.2a" => Single::Ratio(
            [(826, 851), (838, 857), (848, 862), (856, 866), (865, 872)],
            Midpoint,
        ),
        "5.2b" => Single::Ratio(
            [(588, 699), (605, 703), (622, 708), (637, 712), (651, 717)],
            Midpoint,
        ),
        "5.3" => Single::Ratio(
            [(109, 415), (121, 428), (133, 436), (141, 440), (149, 446)],
            Flow(0.42),
        ),
        "5.4a" => Single::Ratio(
            [(49, 118), (54, 124), (59, 130), (64, 137), (70, 144)],
            Midpoint,
        ),
        "5.4b" => Single::Ratio([(1, 6), (1, 6), (1, 7), (2, 8), (2, 8)], Midpoint),
        "6.2" => Single::Ratio(
            [(118, 142), (128, 144), (137, 146), (145, 148), (150, 150)],
            Midpoint,
        ),
        // The station started its feature after the plan was issued in June 2021.
        "6.4" => Single::Counts([
            [0, 0, 1, 2],
            [1, 2, 0, 1],
            [1, 1, 2, 2],
            [2, 1, 1, 2],
            [1, 2, 2, 1],
        ]),
        _ => return None,
    })
}

/// District designs for indicators many units (the communes) report.
enum Spread {
    /// Case counts: annual numerator/denominator totals for 2021 … 2025 and 6-month
    /// totals for 2022-H1 … 2025-H1, split over the units that report.
    Cases {
        den: [u64; 5],
        num: [u64; 5],
        den_h1: [u64; 4],
        num_h1: [u64; 4],
    },
    /// Population reached: denominator the unit's population, numerator this share of
    /// it (the 6-month share is `h1` times the year's).
    Population { rate: [f64; 5], h1: f64 },
    /// Quarterly counts: share of (unit, quarter) cells that reach the threshold.
    Share { pass: [f64; 5] },
}

fn spread_design(id: &str) -> Option<Spread> {
    Some(match id {
        "3.2a" => Spread::Cases {
            den: [44, 46, 43, 41, 39],
            num: [30, 33, 33, 34, 34],
            den_h1: [21, 22, 20, 19],
            num_h1: [14, 16, 16, 16],
        },
        "3.2b" => Spread::Cases {
            den: [38, 40, 37, 36, 34],
            num: [12, 15, 16, 17, 17],
            den_h1: [19, 18, 17, 16],
            num_h1: [6, 7, 8, 8],
        },
        "6.1" => Spread::Population {
            rate: [0.385, 0.44, 0.50, 0.55, 0.585],
            h1: 0.55,
        },
        "6.3" => Spread::Share {
            pass: [0.54, 0.62, 0.69, 0.77, 0.85],
        },
        _ => return None,
    })
}

/// 2021 population of each commune (low thousands), growing 1.3 % a year.
fn base_population(unit: &str) -> u64 {
    match unit {
        "tt-tam-duong" => 6420,
        "then-sin" => 2710,
        "ta-leng" => 3580,
        "giang-ma" => 3870,
        "ho-thau" => 3690,
        "binh-lu" => 6980,
        "son-binh" => 4760,
        "nung-nang" => 3240,
        "ban-giang" => 4380,
        "ban-hon" => 3910,
        "ban-bo" => 5570,
        "na-tam" => 4190,
        "khun-ha" => 4650,
        _ => 3500,
    }
}

fn population(unit: &str, year: i32) -> u64 {
    let years = (year - 2021).max(0);
    (base_population(unit) as f64 * 1.013f64.powi(years)).round() as u64
}

fn year_index(year: i32) -> usize {
    (year - 2021).clamp(0, 4) as usize
}

fn half_index(year: i32) -> usize {
    (year - 2022).clamp(0, 3) as usize
}

fn scaled(x: u64, factor: f64) -> u64 {
    (x as f64 * factor).round() as u64
}

/// Split `total` over `weights`, each getting at least `floor` when the total allows.
fn split(total: u64, weights: &[u64], rng: &mut SplitMix64) -> Vec<u64> {
    let floor = u64::from(total >= weights.len() as u64);
    let mut out = vec![floor; weights.len()];
    let sum: u64 = weights.iter().sum::<u64>().max(1);
    for _ in 0..total.saturating_sub(floor * weights.len() as u64) {
        let mut at = rng.below(sum);
        for (i, w) in weights.iter().enumerate() {
            if at < *w {
                out[i] += 1;
                break;
            }
            at -= w;
        }
    }
    out
}

/// Split `total` over units each holding at most `caps[i]`, weighted by spare room.
fn split_capped(total: u64, caps: &[u64], rng: &mut SplitMix64) -> Vec<u64> {
    let mut out = vec![0; caps.len()];
    for _ in 0..total.min(caps.iter().sum()) {
        let room: Vec<u64> = caps.iter().zip(&out).map(|(c, o)| c - o).collect();
        let mut at = rng.below(room.iter().sum());
        for (i, r) in room.iter().enumerate() {
            if at < *r {
                out[i] += 1;
                break;
            }
            at -= r;
        }
    }
    out
}

/// Figures keyed by (round index, unit, indicator): the rows (period, cell) to send.
type Figures = BTreeMap<(usize, String, String), Vec<(String, Cell)>>;

fn single_figures(
    ind: &Indicator,
    design: &Single,
    contributors: &[String],
    rounds: &[Round],
    figures: &mut Figures,
) {
    for (r, round) in rounds.iter().enumerate() {
        for unit in contributors {
            let mut rng = SplitMix64::for_label(&format!("fig/{}/{}/{unit}", ind.id, round.period));
            let yi = year_index(round.year);
            let rows = match design {
                Single::Ratio(annual, rule) => {
                    let (num, den) = annual[yi];
                    let cell = if !round.half {
                        Cell::Ratio(num, den)
                    } else {
                        let (pnum, pden) = annual[yi.saturating_sub(1)];
                        let (hnum, hden) = match rule {
                            H1Rule::Midpoint => {
                                ((num + pnum).div_ceil(2), (den + pden).div_ceil(2))
                            }
                            H1Rule::Flow(f) => {
                                let j1 = 0.95 + rng.unit() * 0.1;
                                let j2 = 0.95 + rng.unit() * 0.1;
                                (scaled(num, f * j1), scaled(den, f * j2))
                            }
                            H1Rule::FlowOverStock(f) => {
                                let j = 0.93 + rng.unit() * 0.14;
                                (scaled(num, f * j), (den + pden).div_ceil(2))
                            }
                            H1Rule::Fixed(h1) => h1[half_index(round.year)],
                        };
                        let hnum = if num <= den { hnum.min(hden) } else { hnum };
                        Cell::Ratio(hnum, hden)
                    };
                    vec![(round.period.clone(), cell)]
                }
                Single::Value(values) => {
                    // A survey figure: the 6-month report repeats last year's value.
                    let v = if round.half {
                        values[yi.saturating_sub(1)]
                    } else {
                        values[yi]
                    };
                    vec![(round.period.clone(), Cell::Value(v))]
                }
                Single::YesNo(first_yes) => {
                    let yes = period_key(&round.period) >= period_key(first_yes);
                    vec![(round.period.clone(), Cell::YesNo(yes))]
                }
                Single::Counts(counts) => round
                    .quarters
                    .iter()
                    .map(|q| {
                        let quarter = format!("{}-Q{q}", round.year);
                        let count = counts[yi][*q as usize - 1];
                        (quarter, Cell::Count(Some(count)))
                    })
                    .collect(),
            };
            figures.insert((r, unit.clone(), ind.id.clone()), rows);
        }
    }
}

fn spread_figures(
    ind: &Indicator,
    design: &Spread,
    contributors: &[String],
    rounds: &[Round],
    figures: &mut Figures,
) {
    match design {
        Spread::Cases {
            den,
            num,
            den_h1,
            num_h1,
        } => {
            for (r, round) in rounds.iter().enumerate() {
                let (d, n) = if round.half {
                    let h = half_index(round.year);
                    (den_h1[h], num_h1[h])
                } else {
                    let y = year_index(round.year);
                    (den[y], num[y])
                };
                let mut rng = SplitMix64::for_label(&format!("fig/{}/{}", ind.id, round.period));
                let (inside, outside): (Vec<&String>, Vec<&String>) =
                    contributors.iter().partition(|u| {
                        counted(&round.period, u) && !omitted(&round.period, u, &ind.id)
                    });
                let weights: Vec<u64> = inside.iter().map(|u| base_population(u)).collect();
                let mut dens = split(d, &weights, &mut rng);
                let none: Vec<bool> = inside
                    .iter()
                    .map(|u| zero_cases(&round.period, u, &ind.id).is_some())
                    .collect();
                move_zero_cases(&mut dens, &none);
                let nums = split_capped(n, &dens, &mut rng);
                for (i, unit) in inside.iter().enumerate() {
                    let rows = vec![(round.period.clone(), Cell::Ratio(nums[i], dens[i]))];
                    figures.insert((r, (*unit).clone(), ind.id.clone()), rows);
                }
                // Units whose file will be rejected still send plausible figures.
                let per_unit = (d / contributors.len().max(1) as u64).max(1);
                for unit in outside {
                    let dd = (per_unit as i64 + rng.range(0, 2)) as u64;
                    let nn = scaled(dd, n as f64 / d.max(1) as f64).min(dd);
                    let rows = vec![(round.period.clone(), Cell::Ratio(nn, dd))];
                    figures.insert((r, unit.clone(), ind.id.clone()), rows);
                }
            }
        }
        Spread::Population { rate, h1 } => {
            for (r, round) in rounds.iter().enumerate() {
                let mut rng = SplitMix64::for_label(&format!("fig/{}/{}", ind.id, round.period));
                let share = rate[year_index(round.year)] * if round.half { *h1 } else { 1.0 };
                let pops: Vec<u64> = contributors
                    .iter()
                    .map(|u| population(u, round.year))
                    .collect();
                let mut nums: Vec<u64> = pops
                    .iter()
                    .map(|p| scaled(*p, share * (0.85 + rng.unit() * 0.3)))
                    .collect();
                // Bring the counted units to the designed district share exactly.
                let inside: Vec<usize> = (0..contributors.len())
                    .filter(|i| {
                        counted(&round.period, &contributors[*i])
                            && !omitted(&round.period, &contributors[*i], &ind.id)
                    })
                    .collect();
                let target = scaled(inside.iter().map(|i| pops[*i]).sum(), share);
                let mut order = inside.clone();
                rng.shuffle(&mut order);
                let mut guard = 0;
                loop {
                    let sum: u64 = inside.iter().map(|i| nums[*i]).sum();
                    if sum == target || order.is_empty() || guard > 100_000 {
                        break;
                    }
                    let i = order[guard % order.len()];
                    if sum < target && nums[i] < pops[i] {
                        nums[i] += 1;
                    } else if sum > target && nums[i] > 0 {
                        nums[i] -= 1;
                    }
                    guard += 1;
                }
                for (i, unit) in contributors.iter().enumerate() {
                    let rows = vec![(round.period.clone(), Cell::Ratio(nums[i], pops[i]))];
                    figures.insert((r, unit.clone(), ind.id.clone()), rows);
                }
            }
        }
        Spread::Share { pass } => {
            let threshold = ind.threshold.unwrap_or(1.0).max(0.0) as u64;
            let years: BTreeSet<i32> = rounds.iter().map(|r| r.year).collect();
            for year in years {
                let mut rng = SplitMix64::for_label(&format!("fig/{}/{year}", ind.id));
                // Every (round, unit, quarter) cell of this year.
                let mut cells: Vec<(usize, String, u32, bool)> = Vec::new();
                for (r, round) in rounds.iter().enumerate().filter(|(_, r)| r.year == year) {
                    for unit in contributors {
                        for q in &round.quarters {
                            let quarter = format!("{year}-Q{q}");
                            let in_total = counted(&round.period, unit)
                                && !omitted(&round.period, unit, &ind.id)
                                && !blank(&round.period, unit, &ind.id, &quarter);
                            cells.push((r, unit.clone(), *q, in_total));
                        }
                    }
                }
                let in_total: Vec<usize> = (0..cells.len()).filter(|i| cells[*i].3).collect();
                let failing = ((1.0 - pass[year_index(year)]) * in_total.len() as f64).round();
                let mut shuffled = in_total.clone();
                rng.shuffle(&mut shuffled);
                let fails: BTreeSet<usize> = shuffled.into_iter().take(failing as usize).collect();
                let mut counts: Vec<u64> = Vec::with_capacity(cells.len());
                for (i, cell) in cells.iter().enumerate() {
                    let fail = if cell.3 {
                        fails.contains(&i)
                    } else {
                        !rng.chance(pass[year_index(year)])
                    };
                    let count = if fail {
                        threshold.saturating_sub(*rng.pick(&[1, 1, 2, 2, 3, 4]))
                    } else {
                        threshold + *rng.pick(&[0, 0, 1, 1, 2, 3, 4])
                    };
                    counts.push(count);
                }
                for (cell, count) in cells.iter().zip(counts) {
                    let (r, unit, q, _) = cell;
                    let round = &rounds[*r];
                    let quarter = format!("{year}-Q{q}");
                    let value = if blank(&round.period, unit, &ind.id, &quarter) {
                        None
                    } else {
                        Some(count)
                    };
                    figures
                        .entry((*r, unit.clone(), ind.id.clone()))
                        .or_default()
                        .push((quarter, Cell::Count(value)));
                }
            }
        }
    }
}

/// Figures for an indicator this generator has no design for (another district's plan).
fn fallback_figures(
    ind: &Indicator,
    contributors: &[String],
    rounds: &[Round],
    figures: &mut Figures,
) {
    for (r, round) in rounds.iter().enumerate() {
        for unit in contributors {
            let mut rng = SplitMix64::for_label(&format!("fig/{}/{}/{unit}", ind.id, round.period));
            let rows = match ind.measure.as_str() {
                "value" => vec![(
                    round.period.clone(),
                    Cell::Value((rng.range(10, 30) as f64) / 10.0),
                )],
                "yes/no" => vec![(round.period.clone(), Cell::YesNo(true))],
                "share" => round
                    .quarters
                    .iter()
                    .map(|q| {
                        let count = rng.range(0, 6) as u64;
                        (format!("{}-Q{q}", round.year), Cell::Count(Some(count)))
                    })
                    .collect(),
                _ => {
                    let den = rng.range(40, 400) as u64;
                    let num = scaled(den, 0.4 + rng.unit() * 0.5);
                    vec![(round.period.clone(), Cell::Ratio(num, den))]
                }
            };
            figures.insert((r, unit.clone(), ind.id.clone()), rows);
        }
    }
}

// -------------------------------------------------------------------------------------
// Notes.
// -------------------------------------------------------------------------------------

fn narrative(unit: &Unit, round: &Round, rng: &mut SplitMix64) -> String {
    let n = rng.range(2, 6);
    let m = rng.range(60, 480);
    let what = if round.half {
        "6 tháng đầu năm"
    } else {
        "trong năm"
    };
    let specific: Vec<String> = match unit.id.as_str() {
        "tuphap" => vec![
            format!(
                "Rà soát {m} văn bản quy phạm pháp luật {what}, không phát hiện nội dung trái nguyên tắc bình đẳng giới."
            ),
            format!(
                "Tổ chức {n} hội nghị phổ biến pháp luật về bình đẳng giới cho cán bộ làm công tác xây dựng pháp luật."
            ),
        ],
        "congan" => vec![
            format!(
                "Không phát hiện vụ mua bán người mới {what}; phối hợp xử lý {n} vụ bạo lực gia đình."
            ),
            format!(
                "Tuyên truyền phòng, chống mua bán người tại {n} bản vùng biên, có {m} lượt người tham gia."
            ),
        ],
        "vhtt" => vec![
            format!(
                "Đã tổng hợp số liệu bạo lực gia đình và tin, bài của các xã, thị trấn {what}, gửi Phòng LĐTBXH."
            ),
            format!(
                "Kiểm tra {n} cơ sở kinh doanh dịch vụ văn hóa, không phát hiện sản phẩm quảng cáo có định kiến giới."
            ),
        ],
        "hoiphunu" => vec![
            format!(
                "Tổ chức {n} buổi truyền thông \"Việc nhà bình đẳng\" với {m} hội viên tham gia."
            ),
            format!("Thành lập mới {n} câu lạc bộ phòng chống bạo lực gia đình tại các chi hội."),
        ],
        "huyendoan" => vec![format!(
            "Lồng ghép nội dung bình đẳng giới trong {n} buổi sinh hoạt chi đoàn, {m} đoàn viên tham gia."
        )],
        "hoinongdan" => vec![format!(
            "Tuyên truyền về bình đẳng giới trong {n} buổi sinh hoạt chi hội nông dân, {m} lượt hội viên."
        )],
        "hoiccb" => vec![format!(
            "Phổ biến Luật Bình đẳng giới tại {n} buổi sinh hoạt chi hội, {m} lượt hội viên tham gia."
        )],
        "ldld" => vec![format!(
            "Phối hợp tuyên truyền về bình đẳng giới cho {m} đoàn viên công đoàn tại {n} đơn vị."
        )],
        "mttq" => vec![format!(
            "Chỉ đạo các ban công tác Mặt trận lồng ghép tuyên truyền bình đẳng giới tại {n} khu dân cư."
        )],
        _ => vec![],
    };
    let general = [
        format!("Đã triển khai các nhiệm vụ được giao trong Kế hoạch {what}."),
        "Hưởng ứng Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới.".to_string(),
    ];
    let mut sentence = if !specific.is_empty() && rng.chance(0.8) {
        rng.pick(&specific).clone()
    } else {
        rng.pick(&general).clone()
    };
    // 2025-H1 is the plan's last round: the district ended on 30 June 2025.
    if round.year == 2025 {
        sentence.push_str(" Báo cáo phục vụ tổng kết 5 năm thực hiện kế hoạch.");
    }
    sentence
}

fn data_note(
    unit: &str,
    indicator: &str,
    period: &str,
    round: &Round,
    rng: &mut SplitMix64,
) -> String {
    if unit == "daitt"
        && period.starts_with("2021-Q")
        && (period.ends_with("Q1") || period.ends_with("Q2"))
    {
        return "Kế hoạch ban hành tháng 6/2021, chưa có chuyên mục".to_string();
    }
    if !rng.chance(0.12) {
        return String::new();
    }
    let options: &[&str] = match indicator {
        "4.1" | "4.2" | "4.3" => &[
            "Theo sổ sinh của Trung tâm Y tế",
            "Số liệu từ các trạm y tế xã",
        ],
        "3.2a" | "3.2b" => &["Theo sổ theo dõi của xã", "Đã chuyển hồ sơ cho Phòng VH-TT"],
        "6.1" => &[
            "Dân số theo số liệu của xã",
            "Qua hội nghị và loa truyền thanh",
        ],
        "6.3" => &[
            "Tin, bài trên loa truyền thanh xã",
            "Kèm danh sách tin, bài",
        ],
        _ if round.half => &["Số liệu 6 tháng đầu năm"],
        _ => &["Số liệu ước tính đến 30/11", "Số liệu cả năm"],
    };
    rng.pick(options).to_string()
}

// -------------------------------------------------------------------------------------
// Files.
// -------------------------------------------------------------------------------------

#[derive(Clone)]
struct Entry {
    period: String,
    indicator: String,
    cell: Option<Cell>,
    note: String,
    /// Typed text replacing the numerator (for the ambiguous-number file).
    raw_numerator: Option<String>,
    /// For an indicator reported by sex: which sex the row is about.
    group: Option<Sex>,
}

#[derive(Clone, Copy, PartialEq)]
enum Sex {
    Boys,
    Girls,
}

/// Indicators the plan asks for by sex ("trẻ em trai và trẻ em gái").
const BY_SEX: &[&str] = &["5.2a", "5.2b"];

/// Splits a district count into boys and girls: girls are 48.5 % of the children and
/// complete 0.4 points less often than the whole, boys the rest. The parts add up
/// to the whole exactly.
fn split_by_sex(n: u64, d: u64) -> [(Sex, Cell); 2] {
    let d_girls = (d as f64 * 0.485).round() as u64;
    let rate = n as f64 / d.max(1) as f64;
    let n_girls = ((d_girls as f64 * (rate - 0.004)).round().max(0.0) as u64).min(d_girls);
    let (d_boys, n_boys) = (d - d_girls, n - n_girls);
    let (n_boys, n_girls) = if n_boys > d_boys {
        (d_boys, n - d_boys)
    } else {
        (n_boys, n_girls)
    };
    [
        (Sex::Boys, Cell::Ratio(n_boys, d_boys)),
        (Sex::Girls, Cell::Ratio(n_girls, d_girls)),
    ]
}

/// The sex as a clerk writes it, in the file's header language.
fn sex_text(sex: Sex, headers: Headers) -> &'static str {
    match (sex, headers) {
        (Sex::Boys, Headers::English) => "boys",
        (Sex::Girls, Headers::English) => "girls",
        (Sex::Boys, Headers::Vietnamese) => "nam",
        (Sex::Girls, Headers::Vietnamese) => "nữ",
        (Sex::Boys, Headers::Ascii) => "trai",
        (Sex::Girls, Headers::Ascii) => "gai",
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Windows1258,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Headers {
    English,
    Vietnamese,
    Ascii,
}

#[derive(Clone, Copy, PartialEq)]
enum UnitText {
    Id,
    Name,
    Alias(usize),
    /// The name without diacritics.
    PlainName,
    /// The name without diacritics, lower case.
    PlainLower,
    /// The name in capitals.
    Upper,
}

#[derive(Clone, Copy, PartialEq)]
enum Col {
    Unit,
    Period,
    Indicator,
    Name,
    Value,
    Numerator,
    Denominator,
    Submitted,
    Note,
    Group,
}

struct Style {
    encoding: Encoding,
    delimiter: u8,
    headers: Headers,
    decimal_comma: bool,
    day_first: bool,
    crlf: bool,
    unit_text: UnitText,
    nfd: bool,
    extra_column: bool,
    order: usize,
    yes_no: (&'static str, &'static str),
}

impl Style {
    fn plain() -> Self {
        Style {
            encoding: Encoding::Utf8,
            delimiter: b',',
            headers: Headers::English,
            decimal_comma: false,
            day_first: false,
            crlf: false,
            unit_text: UnitText::Id,
            nfd: false,
            extra_column: false,
            order: 0,
            yes_no: ("yes", "no"),
        }
    }

    fn excel(mut self) -> Self {
        self.encoding = Encoding::Utf8Bom;
        self.delimiter = b';';
        self.decimal_comma = true;
        self.day_first = true;
        self.crlf = true;
        self
    }

    fn vietnamese(mut self) -> Self {
        self.headers = Headers::Vietnamese;
        self.day_first = true;
        self.yes_no = ("có", "không");
        self
    }
}

/// The template a unit usually fills, varied now and then. `habit` is the unit's
/// place in a fixed shuffle of all units: a few use Excel, some Vietnamese headers.
fn choose_style(unit: &Unit, round: &Round, habit: usize) -> Style {
    let mut rng = SplitMix64::for_label(&format!("style/{}/{}", round.period, unit.id));
    let habit = if rng.chance(0.08) {
        rng.below(29) as usize
    } else {
        habit
    };
    let mut style = Style::plain();
    match habit {
        0 | 1 => style = style.excel(),
        2 | 3 => {
            style = style.vietnamese().excel();
            style.unit_text = UnitText::Name;
        }
        4..=8 => {
            style = style.vietnamese();
            style.unit_text = if rng.chance(0.7) || unit.aliases.is_empty() {
                UnitText::Name
            } else {
                UnitText::Alias(0)
            };
        }
        9..=11 => {
            style.headers = Headers::Ascii;
            style.day_first = rng.chance(0.5);
            style.yes_no = ("co", "khong");
        }
        _ => {}
    }
    if EXCEL_UNITS_FROM_2023.contains(&unit.id.as_str()) && round.year >= 2023 {
        style = style.excel();
    }
    style.order = *rng.pick(&[0, 0, 0, 0, 1, 1, 2]);
    if style.headers == Headers::English && rng.chance(0.15) {
        style.day_first = true;
    }
    let (p, u) = (round.period.as_str(), unit.id.as_str());
    if listed(WINDOWS_1258, p, u) {
        style = Style::plain().vietnamese().excel();
        style.encoding = Encoding::Windows1258;
        style.unit_text = UnitText::Name;
    }
    if listed(UTF16, p, u) {
        style = Style::plain().vietnamese();
        style.encoding = Encoding::Utf16Le;
        style.delimiter = b'\t';
        style.crlf = true;
        style.unit_text = UnitText::Name;
    }
    if listed(TAB, p, u) {
        style = Style::plain();
        style.delimiter = b'\t';
    }
    for (period, id, text) in NAMED.iter().chain(NFD_NAMES) {
        if *period == p && *id == u {
            style.unit_text = *text;
        }
    }
    if NFD_NAMES.iter().any(|n| n.0 == p && n.1 == u) {
        style.nfd = true;
    }
    for (period, id, headers) in EXTRA_COLUMN {
        if *period == p && *id == u {
            style.headers = *headers;
            style.extra_column = true;
            if *headers == Headers::Vietnamese {
                style.day_first = true;
            }
        }
    }
    if listed(MIXED_DATES, p, u) {
        style = Style::plain();
    }
    if let Some(fault) = fault_of(p, u) {
        // Faulty files are otherwise plain, so the one mistake is the only problem.
        style = match fault {
            Fault::AmbiguousNumber => Style::plain().vietnamese(),
            Fault::ImpossibleDate => {
                let mut s = Style::plain();
                s.day_first = true;
                s
            }
            _ => Style::plain(),
        };
        if fault == Fault::AmbiguousNumber {
            style.unit_text = UnitText::Name;
        }
    }
    style
}

fn strip_diacritics(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            other => other,
        })
        .collect()
}

fn unit_label(unit: &Unit, style: &Style) -> String {
    let text = match style.unit_text {
        UnitText::Id => unit.id.clone(),
        UnitText::Name => unit.name.vi.clone(),
        UnitText::Alias(i) => unit
            .aliases
            .get(i)
            .cloned()
            .unwrap_or_else(|| unit.name.vi.clone()),
        UnitText::PlainName => strip_diacritics(&unit.name.vi),
        UnitText::PlainLower => strip_diacritics(&unit.name.vi).to_lowercase(),
        UnitText::Upper => unit.name.vi.to_uppercase(),
    };
    if style.nfd {
        text.nfd().collect()
    } else {
        text
    }
}

fn header(col: Col, headers: Headers) -> &'static str {
    let names: [&str; 3] = match col {
        Col::Unit => ["unit", "đơn vị", "don_vi"],
        Col::Period => ["period", "kỳ", "ky"],
        Col::Indicator => ["indicator", "chỉ tiêu", "chi_tieu"],
        Col::Name => ["indicator name", "tên chỉ tiêu", "ten_chi_tieu"],
        Col::Value => ["value", "giá trị", "gia_tri"],
        Col::Numerator => ["numerator", "tử số", "tu_so"],
        Col::Denominator => ["denominator", "mẫu số", "mau_so"],
        Col::Submitted => ["submitted", "ngày gửi", "ngay_gui"],
        Col::Note => ["note", "ghi chú", "ghi_chu"],
        Col::Group => ["sex", "giới tính", "gioi_tinh"],
    };
    match headers {
        Headers::English => names[0],
        Headers::Vietnamese => names[1],
        Headers::Ascii => names[2],
    }
}

fn columns(style: &Style) -> Vec<Col> {
    use Col::*;
    let mut cols = match style.order {
        1 => vec![
            Unit,
            Period,
            Indicator,
            Numerator,
            Denominator,
            Value,
            Note,
            Submitted,
        ],
        2 => vec![
            Period,
            Unit,
            Indicator,
            Value,
            Numerator,
            Denominator,
            Submitted,
            Note,
        ],
        _ => vec![
            Unit,
            Period,
            Indicator,
            Value,
            Numerator,
            Denominator,
            Submitted,
            Note,
        ],
    };
    if style.extra_column {
        let at = cols.iter().position(|c| *c == Indicator).unwrap_or(0) + 1;
        cols.insert(at, Name);
    }
    cols
}

fn date_text(date: NaiveDate, day_first: bool) -> String {
    if day_first {
        format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
    } else {
        format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
    }
}

fn decimal_text(value: f64, comma: bool) -> String {
    let text = format!("{value:.1}");
    if comma { text.replace('.', ",") } else { text }
}

struct FileSpec<'a> {
    unit: &'a Unit,
    style: Style,
    entries: Vec<Entry>,
    submitted: NaiveDate,
    /// Text typed in the date column instead of `submitted`, on every row.
    date_override: Option<String>,
    /// Row whose date is written dd/mm/yyyy in an otherwise ISO column.
    day_first_row: Option<usize>,
    unit_override: Option<String>,
}

/// Whether a figure is written as the words "no cases" rather than 0 and 0.
fn in_words(spec: &FileSpec, entry: &Entry) -> bool {
    matches!(entry.cell, Some(Cell::Ratio(0, 0)))
        && zero_cases(&entry.period, &spec.unit.id, &entry.indicator) == Some(true)
}

fn render(spec: &FileSpec, names: &BTreeMap<String, String>) -> String {
    let style = &spec.style;
    let mut cols = columns(style);
    if spec.entries.iter().any(|e| e.group.is_some()) {
        let at = cols.iter().position(|c| *c == Col::Indicator).unwrap_or(0) + 1;
        cols.insert(at, Col::Group);
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(style.delimiter)
        .terminator(if style.crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    writer
        .write_record(cols.iter().map(|c| header(*c, style.headers)))
        .expect("write header");
    let unit_text = spec
        .unit_override
        .clone()
        .unwrap_or_else(|| unit_label(spec.unit, style));
    for (row, entry) in spec.entries.iter().enumerate() {
        let record: Vec<String> = cols
            .iter()
            .map(|col| match col {
                Col::Unit => unit_text.clone(),
                Col::Period => entry.period.clone(),
                Col::Indicator => entry.indicator.clone(),
                Col::Name => names.get(&entry.indicator).cloned().unwrap_or_default(),
                Col::Value if in_words(spec, entry) => "Không có trường hợp".into(),
                Col::Numerator | Col::Denominator if in_words(spec, entry) => String::new(),
                Col::Value => match &entry.cell {
                    Some(Cell::Value(v)) => decimal_text(*v, style.decimal_comma),
                    Some(Cell::YesNo(b)) => {
                        if *b { style.yes_no.0 } else { style.yes_no.1 }.to_string()
                    }
                    Some(Cell::Count(Some(n))) => n.to_string(),
                    _ => String::new(),
                },
                Col::Numerator => match (&entry.raw_numerator, &entry.cell) {
                    (Some(raw), _) => raw.clone(),
                    (None, Some(Cell::Ratio(n, _))) => n.to_string(),
                    _ => String::new(),
                },
                Col::Denominator => match &entry.cell {
                    Some(Cell::Ratio(_, d)) => d.to_string(),
                    _ => String::new(),
                },
                Col::Submitted => match &spec.date_override {
                    Some(text) => text.clone(),
                    None => date_text(
                        spec.submitted,
                        style.day_first || spec.day_first_row == Some(row),
                    ),
                },
                Col::Note => entry.note.clone(),
                Col::Group => entry.group.map_or(String::new(), |sex| {
                    sex_text(sex, style.headers).to_string()
                }),
            })
            .collect();
        writer.write_record(&record).expect("write row");
    }
    let bytes = writer.into_inner().expect("flush csv");
    String::from_utf8(bytes).expect("csv output is UTF-8")
}

const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Windows-1258 has the base letters (â ê ô ơ ư ă đ …) and some toned letters
/// precomposed; every other tone is a combining mark after its base letter.
fn to_windows_1258(text: &str) -> Vec<u8> {
    let enc = encoding_rs::WINDOWS_1258;
    let mut prepared = String::new();
    for ch in text.nfc() {
        let mut buf = [0u8; 4];
        let (_, _, unmappable) = enc.encode(ch.encode_utf8(&mut buf));
        if !unmappable {
            prepared.push(ch);
            continue;
        }
        let mut base: Option<char> = None;
        let mut tones = Vec::new();
        for part in std::iter::once(ch).nfd() {
            if TONE_MARKS.contains(&part) {
                tones.push(part);
            } else {
                base = Some(match base {
                    None => part,
                    Some(b) => compose(b, part)
                        .unwrap_or_else(|| panic!("cannot compose {b:?} with {part:?}")),
                });
            }
        }
        prepared.extend(base);
        prepared.extend(tones);
    }
    let (bytes, _, unmappable) = enc.encode(&prepared);
    assert!(!unmappable, "text not encodable in Windows-1258: {text}");
    let bytes = bytes.into_owned();
    let (back, _) = enc.decode_without_bom_handling(&bytes);
    assert_eq!(
        back.nfc().collect::<String>(),
        text.nfc().collect::<String>(),
        "Windows-1258 round trip"
    );
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "a Windows-1258 file must not also be valid UTF-8"
    );
    bytes
}

fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        Encoding::Utf16Le => {
            let mut out = vec![0xFF, 0xFE];
            for unit in text.encode_utf16() {
                out.extend_from_slice(&unit.to_le_bytes());
            }
            out
        }
        Encoding::Windows1258 => to_windows_1258(text),
    }
}

/// Read a written file back as the tool would, for the self-check.
fn decode_back(bytes: &[u8], encoding: Encoding) -> String {
    match encoding {
        Encoding::Utf8 => String::from_utf8(bytes.to_vec()).expect("UTF-8"),
        Encoding::Utf8Bom => String::from_utf8(bytes[3..].to_vec()).expect("UTF-8 after BOM"),
        Encoding::Utf16Le => {
            let units: Vec<u16> = bytes[2..]
                .chunks(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).expect("UTF-16")
        }
        Encoding::Windows1258 => encoding_rs::WINDOWS_1258
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

// -------------------------------------------------------------------------------------
// District values, for the README.
// -------------------------------------------------------------------------------------

fn fmt_number(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 && x.abs() >= 1000.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

fn meets(op: &str, value: f64, target: f64) -> bool {
    let value = (value * 10.0).round() / 10.0;
    match op {
        ">=" => value >= target,
        ">" => value > target,
        "<=" => value <= target,
        "<" => value < target,
        "=" => (value - target).abs() < 1e-9,
        _ => false,
    }
}

// -------------------------------------------------------------------------------------

fn main() {
    let text = fs::read_to_string(PLAN).expect("read plan.toml (run from the crate root)");
    let mut plan: Plan = toml::from_str(&text).expect("parse plan.toml");
    let mut rounds = rounds(&plan.schedule);
    // A plan that ended early: no round due after its last day.
    if let Some(end) = &plan.plan.ends {
        let end = NaiveDate::parse_from_str(end, "%Y-%m-%d").expect("[plan] ends");
        rounds.retain(|r| r.due <= end);
    }
    // Units formed after the last round (the communes of 1 July 2025) send nothing.
    let last_due = rounds.last().expect("a round").due;
    plan.units.retain(|u| {
        u.starts.as_deref().is_none_or(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a unit's start") <= last_due
        })
    });
    let unit_by_id: BTreeMap<&str, &Unit> = plan.units.iter().map(|u| (u.id.as_str(), u)).collect();

    // Contributors, with "@kind" expanded in plan order.
    let mut contributors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for ind in &plan.indicators {
        let mut list: Vec<String> = Vec::new();
        for c in &ind.contributors {
            let ids: Vec<String> = match c.strip_prefix('@') {
                Some(kind) => plan
                    .units
                    .iter()
                    .filter(|u| u.kind == kind)
                    .map(|u| u.id.clone())
                    .collect(),
                None => vec![c.clone()],
            };
            for id in ids {
                if unit_by_id.contains_key(id.as_str()) && !list.contains(&id) {
                    list.push(id);
                }
            }
        }
        contributors.insert(ind.id.clone(), list);
    }

    // Each unit's usual template.
    let mut shuffled: Vec<&str> = plan.units.iter().map(|u| u.id.as_str()).collect();
    SplitMix64::for_label("habits").shuffle(&mut shuffled);
    let habits: BTreeMap<&str, usize> = shuffled.iter().enumerate().map(|(i, u)| (*u, i)).collect();

    // The figures every unit sends.
    let mut figures: Figures = BTreeMap::new();
    for ind in &plan.indicators {
        let list = &contributors[&ind.id];
        if let Some(design) = spread_design(&ind.id) {
            spread_figures(ind, &design, list, &rounds, &mut figures);
        } else if let Some(design) = single_design(&ind.id) {
            single_figures(ind, &design, list, &rounds, &mut figures);
        } else {
            fallback_figures(ind, list, &rounds, &mut figures);
        }
    }
    let names: BTreeMap<String, String> = plan
        .indicators
        .iter()
        .map(|i| (i.id.clone(), i.name.vi.clone()))
        .collect();

    // Assemble the files.
    let mut specs: Vec<(String, FileSpec)> = Vec::new();
    for (r, round) in rounds.iter().enumerate() {
        for unit in &plan.units {
            let (p, u) = (round.period.as_str(), unit.id.as_str());
            if listed(MISSING, p, u) {
                continue;
            }
            let mut note_rng = SplitMix64::for_label(&format!("note/{p}/{u}"));
            let mut entries: Vec<Entry> = Vec::new();
            let mut contributes = false;
            for ind in &plan.indicators {
                // The figures the plan gives a contributor, sent by whoever holds
                // that duty in this round (duties pass on a transfer's date).
                let Some(owner) = contributors[&ind.id]
                    .iter()
                    .find(|c| reporter(&plan, &ind.id, c, round.due) == u)
                else {
                    continue;
                };
                contributes = true;
                if omitted(p, u, &ind.id) {
                    continue;
                }
                for (period, cell) in figures
                    .get(&(r, owner.clone(), ind.id.clone()))
                    .cloned()
                    .unwrap_or_default()
                {
                    let mut note = data_note(u, &ind.id, &period, round, &mut note_rng);
                    if blank(p, u, &ind.id, &period) {
                        note = "Chưa tổng hợp được số liệu quý II".to_string();
                    }
                    match cell {
                        Cell::Ratio(n, d) if BY_SEX.contains(&ind.id.as_str()) => {
                            for (sex, part) in split_by_sex(n, d) {
                                entries.push(Entry {
                                    period: period.clone(),
                                    indicator: ind.id.clone(),
                                    cell: Some(part),
                                    note: if sex == Sex::Boys {
                                        note.clone()
                                    } else {
                                        String::new()
                                    },
                                    raw_numerator: None,
                                    group: Some(sex),
                                });
                            }
                        }
                        cell => entries.push(Entry {
                            period,
                            indicator: ind.id.clone(),
                            cell: Some(cell),
                            note,
                            raw_numerator: None,
                            group: None,
                        }),
                    }
                }
            }
            // From 1 March 2025 the labour division's gender-equality work moved to
            // the Division of Home Affairs ([[transfers]]): noivu now sends it.
            if u == "noivu"
                && round.year == 2025
                && let Some(first) = entries.iter_mut().find(|e| e.indicator != "1.1")
            {
                first.note =
                    "Tiếp nhận nhiệm vụ từ Phòng Lao động - TB&XH từ 01/3/2025".to_string();
            }
            if let Some(o) = OMITTED.iter().find(|o| o.0 == p && o.1 == u)
                && let Some(first) = entries.first_mut()
            {
                first.note = o.3.to_string();
            }
            if !contributes {
                entries.push(Entry {
                    period: round.period.clone(),
                    indicator: String::new(),
                    cell: None,
                    note: narrative(unit, round, &mut note_rng),
                    raw_numerator: None,
                    group: None,
                });
            }

            let mut date_rng = SplitMix64::for_label(&format!("date/{p}/{u}"));
            let submitted = match LATE.iter().find(|l| l.0 == p && l.1 == u) {
                Some(late) => round.due + TimeDelta::days(late.2),
                None => round.due - TimeDelta::days(date_rng.range(1, 12)),
            };
            let mut spec = FileSpec {
                unit,
                style: choose_style(unit, round, habits[u]),
                entries,
                submitted,
                date_override: None,
                day_first_row: None,
                unit_override: None,
            };
            if listed(MIXED_DATES, p, u) {
                spec.day_first_row = Some(spec.entries.len().saturating_sub(2));
            }
            if let Some(fault) = fault_of(p, u) {
                apply_fault(&mut spec, fault, round);
            }
            let extension = match book_of(p, u) {
                Some(book) => {
                    spec.style = Style::plain().vietnamese();
                    book.extension()
                }
                None => "csv",
            };
            specs.push((format!("{p}_{u}.{extension}"), spec));
        }
    }

    // Write, after removing stale files.
    let out = Path::new(OUT_DIR);
    fs::create_dir_all(out).expect("create examples/reports");
    let mut stale: Vec<_> = fs::read_dir(out)
        .expect("list examples/reports")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "csv" || x == "xlsx"))
        .collect();
    stale.sort();
    for path in stale {
        fs::remove_file(&path).expect("remove stale csv");
    }
    for (file, spec) in &specs {
        let text = render(spec, &names);
        if let Some(book) = Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.split_once('_'))
            .and_then(|(p, u)| book_of(p, u))
        {
            write_workbook(out, file, spec, &text, book);
            continue;
        }
        let bytes = encode(&text, spec.style.encoding);
        // Self-check: the bytes read back to the same text and rows.
        let back = decode_back(&bytes, spec.style.encoding);
        assert_eq!(
            back.nfc().collect::<String>(),
            text.nfc().collect::<String>(),
            "{file}"
        );
        let rows = csv::ReaderBuilder::new()
            .delimiter(spec.style.delimiter)
            .from_reader(back.as_bytes())
            .records()
            .count();
        assert_eq!(rows, spec.entries.len(), "{file}: row count");
        fs::write(out.join(file), bytes).expect("write csv");
    }

    // Self-check: correct files keep numerators within denominators, except where
    // the quantity is not a part of a whole (4.1 is boys per girls); a denominator of
    // 0 only with a numerator of 0, for the communes listed with no cases.
    for (file, spec) in &specs {
        let (p, u) = file
            .rsplit_once('.')
            .map_or(file.as_str(), |(stem, _)| stem)
            .split_once('_')
            .expect("file name");
        if !counted(p, u) {
            continue;
        }
        for e in &spec.entries {
            if let Some(Cell::Ratio(n, d)) = e.cell {
                assert!(n <= d || e.indicator == "4.1", "{file}: {n} > {d}");
                let none = zero_cases(&e.period, u, &e.indicator).is_some();
                assert!(d > 0 || (n == 0 && none), "{file}: zero denominator");
            }
        }
    }

    let readme = readme(&plan, &rounds, &specs, &figures, &contributors);
    fs::write(README, readme).expect("write examples/README.md");
    println!("wrote {} files to {OUT_DIR}/ and {README}", specs.len());
}

/// A report as a workbook: the unit's name and the report's title above the
/// table, then the rows `text` (the rendered CSV) holds, numbers and dates typed.
/// An `.ods` or `.xls` is the `.xlsx` saved again by LibreOffice.
fn write_workbook(out: &Path, file: &str, spec: &FileSpec, text: &str, book: Book) {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    // A fixed creation time, so the same content gives the same bytes.
    let created = ExcelDateTime::from_ymd(2025, 1, 1).expect("a date");
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Báo cáo").expect("a sheet name");
    let kind = if spec.unit.kind == "commune" {
        "UBND xã"
    } else {
        "Đơn vị:"
    };
    let unit_name = spec.unit.name.vi.trim_start_matches("xã ").to_string();
    sheet
        .write_string_with_format(0, 0, format!("{kind} {unit_name}"), &bold)
        .expect("title");
    sheet
        .write_string_with_format(
            1,
            0,
            "BÁO CÁO KẾT QUẢ THỰC HIỆN MỤC TIÊU BÌNH ĐẲNG GIỚI",
            &bold,
        )
        .expect("title");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(spec.style.delimiter)
        .has_headers(false)
        .from_reader(text.as_bytes());
    for (r, record) in reader.records().enumerate() {
        let record = record.expect("a rendered row");
        let row = 3 + r as u32;
        for (c, field) in record.iter().enumerate() {
            let col = c as u16;
            if r > 0
                && let Ok(n) = field.parse::<f64>()
            {
                sheet.write_number(row, col, n).expect("a number");
            } else if r > 0
                && let Ok(d) = NaiveDate::parse_from_str(field, "%d/%m/%Y")
            {
                let day = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                    .expect("a date");
                sheet
                    .write_datetime_with_format(row, col, &day, &date)
                    .expect("a date");
            } else if !field.is_empty() {
                sheet.write_string(row, col, field).expect("text");
            }
        }
    }
    sheet.set_column_width(7, 40).expect("a width");
    let xlsx = out.join(file).with_extension("xlsx");
    workbook.save(&xlsx).expect("write the workbook");
    if book == Book::Xlsx {
        return;
    }
    // Saved again by LibreOffice, as the office did.
    let saved = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", book.extension(), "--outdir"])
        .arg(out)
        .arg(&xlsx)
        .output()
        .is_ok_and(|o| o.status.success());
    fs::remove_file(&xlsx).expect("remove the intermediate workbook");
    if !saved {
        println!("LibreOffice (soffice) not found: kept the committed {file}");
    }
}

fn apply_fault(spec: &mut FileSpec, fault: Fault, round: &Round) {
    match fault {
        Fault::UnknownUnit => spec.unit_override = Some("Bản Boo".to_string()),
        Fault::AboveDenominator => {
            if let Some(e) = spec.entries.iter_mut().find(|e| e.indicator == "3.2a") {
                e.cell = Some(Cell::Ratio(4, 3));
            }
        }
        Fault::ImpossibleDate => {
            spec.date_override = Some(format!("31/11/{}", round.year));
        }
        Fault::ForeignIndicator => {
            let at = spec
                .entries
                .iter()
                .position(|e| e.indicator == "6.1")
                .unwrap_or(spec.entries.len());
            spec.entries.insert(
                at,
                Entry {
                    period: round.period.clone(),
                    indicator: "4.1".to_string(),
                    cell: Some(Cell::Ratio(8, 9)),
                    note: "Số trẻ sinh tại trạm y tế xã".to_string(),
                    raw_numerator: None,
                    group: None,
                },
            );
        }
        Fault::AmbiguousNumber => {
            if let Some(e) = spec.entries.iter_mut().find(|e| e.indicator == "6.1") {
                e.raw_numerator = Some("2.000".to_string());
            }
        }
        Fault::Duplicate => {
            let quarter = format!("{}-Q2", round.year);
            if let Some(at) = spec
                .entries
                .iter()
                .position(|e| e.indicator == "6.3" && e.period == quarter)
            {
                let mut again = spec.entries[at].clone();
                if let Some(Cell::Count(Some(n))) = again.cell {
                    again.cell = Some(Cell::Count(Some(n + 1)));
                }
                again.note = "Bổ sung".to_string();
                spec.entries.push(again);
            }
        }
        Fault::UnknownIndicator => spec.entries.push(Entry {
            period: round.period.clone(),
            indicator: "4.4".to_string(),
            cell: Some(Cell::Ratio(412, 468)),
            note: "Tỷ lệ phụ nữ đẻ được khám thai từ 4 lần trở lên".to_string(),
            raw_numerator: None,
            group: None,
        }),
    }
}

/// The district value of an indicator for a year's annual round (share indicators:
/// all quarters of that year), from the files the tool accepts.
fn district_value(
    ind: &Indicator,
    year: i32,
    rounds: &[Round],
    figures: &Figures,
    contributors: &[String],
) -> Option<(f64, String)> {
    let annual = rounds.iter().position(|r| r.year == year && !r.half)?;
    if ind.measure == "share" {
        let threshold = ind.threshold.unwrap_or(1.0);
        let (mut cells, mut reached) = (0u64, 0u64);
        for (r, round) in rounds.iter().enumerate().filter(|(_, r)| r.year == year) {
            for unit in contributors.iter().filter(|u| counted(&round.period, u)) {
                for (_, cell) in figures.get(&(r, unit.clone(), ind.id.clone()))? {
                    if let Cell::Count(Some(n)) = cell {
                        cells += 1;
                        reached += u64::from(*n as f64 >= threshold);
                    }
                }
            }
        }
        let value = reached as f64 * 100.0 / cells.max(1) as f64;
        return Some((value, format!("{reached}/{cells} cells")));
    }
    let period = &rounds[annual].period;
    let (mut num, mut den) = (0u64, 0u64);
    let mut single: Option<(f64, String)> = None;
    for unit in contributors
        .iter()
        .filter(|u| counted(period, u) && !omitted(period, u, &ind.id))
    {
        for (_, cell) in figures.get(&(annual, unit.clone(), ind.id.clone()))? {
            match cell {
                Cell::Ratio(n, d) => {
                    num += n;
                    den += d;
                }
                Cell::Value(v) => single = Some((*v, String::new())),
                Cell::YesNo(b) => {
                    single = Some((
                        f64::from(u8::from(*b)),
                        if *b { "yes" } else { "no" }.into(),
                    ))
                }
                Cell::Count(_) => {}
            }
        }
    }
    if single.is_some() {
        return single;
    }
    let scale = ind.scale.unwrap_or(1.0);
    Some((
        num as f64 * scale / den.max(1) as f64,
        format!("{num}/{den}"),
    ))
}

fn readme(
    plan: &Plan,
    rounds: &[Round],
    specs: &[(String, FileSpec)],
    figures: &Figures,
    contributors: &BTreeMap<String, Vec<String>>,
) -> String {
    let mut md = String::new();
    let files: BTreeSet<&str> = specs.iter().map(|(f, _)| f.as_str()).collect();
    let has = |p: &str, u: &str| files.contains(format!("{p}_{u}.csv").as_str());
    let w = &mut md;
    let _ = writeln!(w, "# Example reports\n");
    let _ = writeln!(
        w,
        "`reports/` holds {} example submissions for the Tam Đường plan in `plan.toml`: one \
         CSV file per unit and reporting round ({} rounds, {} units), named \
         `{{period}}_{{unit-id}}.csv`, minus the missing ones listed below. The plan ends on \
         30 June 2025 with its issuer, the district's People's Committee, so the last round \
         is the 6-month report 2025-H1: there is no annual report 2025, and no file is sent \
         after that day. They are made up \
         but plausible, and vary the way units' files really do: English or Vietnamese \
         headers (with or without diacritics), columns in different orders, Excel exports \
         (UTF-8 BOM, `;`, decimal comma, dd/mm/yyyy dates), Windows-1258, UTF-16, tab \
         delimiters, unit names or aliases instead of ids, NFD text and an ignored extra \
         column.\n",
        specs.len(),
        rounds.len(),
        plan.units.len()
    );
    let _ = writeln!(
        w,
        "Regenerate them (deterministically; stale `*.csv` and `*.xlsx` files are deleted \
         first) from the crate root with:\n\n```sh\ncargo run --example generate_reports\n```\n"
    );

    let _ = writeln!(w, "## Files that must be rejected\n");
    let _ = writeln!(w, "| file | mistake | error contains |\n|---|---|---|");
    for (p, u, _, mistake, error) in FAULTS.iter().filter(|f| has(f.0, f.1)) {
        let _ = writeln!(w, "| `{p}_{u}.csv` | {mistake} | `{error}` |");
    }
    let _ = writeln!(w);

    let _ = writeln!(w, "## Workbooks\n");
    let _ = writeln!(
        w,
        "Sent as a workbook instead of CSV, as an official form: the unit's name and the \
         report's title above the header, Vietnamese headers, numbers and dates as typed \
         cells. The `.xlsx` files are written by the generator (rust_xlsxwriter); the `.ods` \
         and `.xls` files are such a workbook opened and saved again by LibreOffice \
         (`soffice --headless --convert-to ods|xls`), which the generator runs when \
         LibreOffice is installed. All are accepted.\n"
    );
    for (p, u, book) in WORKBOOKS {
        let _ = writeln!(w, "- `{p}_{u}.{}`", book.extension());
    }
    let _ = writeln!(w);

    let _ = writeln!(w, "## Windows-1258 files\n");
    let _ = writeln!(
        w,
        "Rejected as `not valid UTF-8` unless read with `--encoding windows-1258`; with it, \
         they are accepted.\n"
    );
    for (p, u) in WINDOWS_1258.iter().filter(|f| has(f.0, f.1)) {
        let _ = writeln!(w, "- `{p}_{u}.csv`");
    }
    let _ = writeln!(w);

    let _ = writeln!(w, "## Late files\n");
    for (p, u, days) in LATE.iter().filter(|f| has(f.0, f.1)) {
        let due = rounds.iter().find(|r| r.period == *p).map(|r| r.due);
        let due = due.map(|d| date_text(d, false)).unwrap_or_default();
        let _ = writeln!(w, "- `{p}_{u}.csv`: {days} days late (due {due})");
    }
    let _ = writeln!(w);

    let _ = writeln!(w, "## Incomplete files\n");
    for (p, u, ind, _) in OMITTED.iter().filter(|f| has(f.0, f.1)) {
        let _ = writeln!(w, "- `{p}_{u}.csv`: indicator {ind} left out");
    }
    for (p, u, ind, quarter) in BLANK.iter().filter(|f| has(f.0, f.1)) {
        let _ = writeln!(
            w,
            "- `{p}_{u}.csv`: indicator {ind} for {quarter} left blank"
        );
    }
    let _ = writeln!(w);

    let _ = writeln!(w, "## Figures by sex (all accepted)\n");
    let _ = writeln!(
        w,
        "The plan asks for {} for boys and girls (\"trẻ em trai và trẻ em gái\"): gddt \
         sends them on two rows each, with a `sex` (`giới tính`) column saying `boys` / \
         `girls`, `nam` / `nữ` or `trai` / `gai`. Girls are 48.5 % of the children and \
         complete 0.4 points less often than the whole, so the whole can reach a target \
         that the girls miss.\n",
        BY_SEX.join(" and ")
    );
    let _ = writeln!(w, "## No cases (all accepted)\n");
    let _ = writeln!(
        w,
        "Communes that detected no case in the period report 0 of 0, or write \"Không có \
         trường hợp\" in the value cell: a complete report of nothing to count.\n"
    );
    for (p, u, ind, words) in ZERO_CASES.iter().filter(|f| has(f.0, f.1)) {
        let how = if *words {
            "\"Không có trường hợp\""
        } else {
            "0 of 0"
        };
        let _ = writeln!(w, "- `{p}_{u}.csv`: indicator {ind}, {how}");
    }
    let _ = writeln!(w);

    let _ = writeln!(w, "## Missing reports\n");
    for (p, u) in MISSING {
        let _ = writeln!(w, "- {u}, {p}");
    }
    let _ = writeln!(w);

    let _ = writeln!(w, "## Other variations (all accepted)\n");
    let list = |pairs: Vec<(&str, &str)>| -> String {
        pairs
            .iter()
            .filter(|(p, u)| has(p, u))
            .map(|(p, u)| format!("`{p}_{u}.csv`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        w,
        "- UTF-16LE with BOM, tab-delimited: {}",
        list(UTF16.to_vec())
    );
    let _ = writeln!(w, "- UTF-8, tab-delimited: {}", list(TAB.to_vec()));
    let _ = writeln!(
        w,
        "- unit name in NFD: {}",
        list(NFD_NAMES.iter().map(|n| (n.0, n.1)).collect())
    );
    let _ = writeln!(
        w,
        "- unit given by name or alias (some without diacritics or in capitals): {}",
        list(NAMED.iter().map(|n| (n.0, n.1)).collect())
    );
    let _ = writeln!(
        w,
        "- extra indicator-name column: {}",
        list(EXTRA_COLUMN.iter().map(|n| (n.0, n.1)).collect())
    );
    let _ = writeln!(
        w,
        "- one dd/mm/yyyy date in an otherwise ISO `submitted` column: {}",
        list(MIXED_DATES.to_vec())
    );
    let excel: Vec<(&str, &str)> = specs
        .iter()
        .filter(|(_, s)| s.style.encoding == Encoding::Utf8Bom)
        .map(|(f, _)| f.trim_end_matches(".csv").split_once('_').expect("name"))
        .collect();
    let _ = writeln!(
        w,
        "- Excel \"CSV UTF-8\" (BOM, `;`, decimal comma, dd/mm/yyyy): {}",
        list(excel)
    );
    let _ = writeln!(
        w,
        "- 4.1 (boys per 100 girls) legitimately has its numerator above its denominator."
    );
    let _ = writeln!(w);

    let years: BTreeSet<i32> = rounds.iter().filter(|r| !r.half).map(|r| r.year).collect();
    let _ = writeln!(w, "## District values the files are designed to give\n");
    let _ = writeln!(
        w,
        "Annual rounds, from the accepted files (share indicators: all quarters of the year, \
         from the 6-month and annual files). The last column compares the last annual \
         round ({}) with the target; the final review (`report --period 2021-2025`) judges \
         the plan's last round, 2025-H1, instead.\n",
        years.last().map_or(String::new(), |y| y.to_string())
    );
    let mut head = String::from("| indicator | target |");
    let mut rule = String::from("|---|---|");
    for y in &years {
        let _ = write!(head, " {y} |");
        rule.push_str("---|");
    }
    let _ = writeln!(w, "{head} final |\n{rule}---|");
    for ind in &plan.indicators {
        let target = match (ind.op.as_str(), ind.target) {
            ("yes", _) => "yes".to_string(),
            (op, Some(t)) => format!("{op} {t}"),
            (op, None) => op.to_string(),
        };
        let mut row = format!("| {} | {target} |", ind.id);
        let mut last: Option<f64> = None;
        for y in &years {
            match district_value(ind, *y, rounds, figures, &contributors[&ind.id]) {
                Some((v, detail)) if ind.measure == "yes/no" => {
                    let _ = write!(row, " {detail} |");
                    last = Some(v);
                }
                Some((v, detail)) if detail.is_empty() => {
                    let _ = write!(row, " {} |", fmt_number(v));
                    last = Some(v);
                }
                Some((v, detail)) => {
                    let _ = write!(row, " {} ({detail}) |", fmt_number(v));
                    last = Some(v);
                }
                None => row.push_str(" – |"),
            }
        }
        let status = match (ind.op.as_str(), last, ind.target) {
            ("yes", Some(v), _) => {
                if v > 0.5 {
                    "met"
                } else {
                    "not met"
                }
            }
            (op, Some(v), Some(t)) => {
                if meets(op, v, t) {
                    "met"
                } else {
                    "not met"
                }
            }
            _ => "–",
        };
        let _ = writeln!(w, "{row} {status} |");
    }
    md
}
