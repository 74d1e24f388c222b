//! Scale benchmark: writes and reads at national scale, on one core (issues 16, 25).
//!
//! `cargo bench --bench scale` generates, deterministically, a plan with some
//! 11,000 extra communes that each report every indicator, and the national
//! submission of about 2.07 million rows over the plan's rounds (eight: the shipped
//! plan ended after 2025-H1), split into four editions of about 518,000 rows (in
//! `target/bench-data/`). Then it times the release binary: loading the plan (units
//! in units.csv, or as `[[units]]` tables); a bare csv-crate read of an edition
//! (the floor); ingest of the first edition into an empty data file and of the
//! others on top (2.07 million revisions); the first one-row ingest after them; the
//! SHA-256 of the last edition and its re-ingest (a hash no-op); the first status
//! after the ingests; more one-row ingests; status, overdue, `status --format json`
//! and `check` over the big file; ingest of 100,000 rows as an `.xlsx` workbook; the
//! final-review report as HTML and Word (skipped with `GP_BENCH_NO_REPORTS=1`); and
//! status on the example district. It prints a table, issue 25's targets beside the
//! figures, DuckDB's figure for the same question (its CLI when installed, else its
//! Python package, installed with pip into `target/bench-venv` when missing; a note
//! when neither can be had), and the machine's load average.
//!
//! Each step runs in its own process, pinned to one core with `taskset -c 0` when
//! that is available; its peak RSS comes from `wait4`. Short steps run three times
//! and show the median.
//!
//! Environment: `GP_BENCH_UNITS` (extra communes, default 11000),
//! `GP_BENCH_TIMEOUT` (seconds per step, default 300), `GP_BENCH_SMALL_RUNS`
//! (status runs on the small data file, default 50), `GP_BENCH_NO_REPORTS`,
//! `GP_BENCH_BIN` (another build of gender-plan to measure, to compare two).

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The binary measured: this package's, or `GP_BENCH_BIN` (to compare builds).
fn bin() -> String {
    std::env::var("GP_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_gender-plan").to_string())
}
const SHIPPED_PLAN: &str = include_str!("../plan.toml");
const AS_OF: &str = "2026-01-31";
const HEADER: &str = "unit,period,indicator,value,numerator,denominator,submitted,note\n";

/// The national submission is ingested in this many editions (about 517,000 rows
/// each, as in the issue: four editions make the 2-million-revision data file).
const EDITIONS: usize = 4;

/// Runs of each short step; the median is shown.
const RUNS: usize = 3;

/// The 9 reporting rounds of the shipped plan: (year, half-year round?).
const ROUNDS: [(i32, bool); 9] = [
    (2021, false),
    (2022, true),
    (2022, false),
    (2023, true),
    (2023, false),
    (2024, true),
    (2024, false),
    (2025, true),
    (2025, false),
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("__bare-csv") {
        bare_csv(&args[2], Path::new(&args[3]));
        return;
    }
    if args.get(1).map(String::as_str) == Some("__hash") {
        hash_file(Path::new(&args[2]));
        return;
    }
    if args.get(1).map(String::as_str) == Some("__write-xlsx") {
        let rows = write_workbook(Path::new(&args[2]), Path::new(&args[3]), WORKBOOK_ROWS)
            .expect("write workbook");
        println!("{rows}");
        return;
    }
    // 11,000 communes over the plan's eight rounds: about 2.07 million rows, as in
    // issue 25's measurements.
    let units: usize = env_or("GP_BENCH_UNITS", 11_000);
    let timeout = Duration::from_secs(env_or("GP_BENCH_TIMEOUT", 300));
    let small_runs: usize = env_or("GP_BENCH_SMALL_RUNS", 50).max(1);

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    fs::create_dir_all(&dir).expect("create target/bench-data");
    let pin = taskset_works();
    let runner = Runner {
        pin,
        timeout,
        logs: dir.clone(),
    };

    let bin = bin();
    let started = Instant::now();
    let indicators = indicators(SHIPPED_PLAN);
    let communes = shipped_communes(SHIPPED_PLAN);
    let plan = dir.join("plan.toml");
    let input = dir.join("national.csv");
    let data = dir.join("data.csv");
    // The national plan as a ministry keeps it, its units in units.csv; and the
    // same plan with ten thousand [[units]] tables, to compare loading them.
    let (csv_plan, units_file) = national_plan_with_units_file(units);
    fs::write(&plan, csv_plan).expect("write plan");
    fs::write(dir.join("units.csv"), units_file).expect("write units.csv");
    fs::write(dir.join("plan-tables.toml"), national_plan(units)).expect("write plan");
    // Each commune with the rounds it reports: the shipped plan's communes that
    // merged in 2025 report until they end, those they formed from when they start.
    let lifetimes = lifetimes(SHIPPED_PLAN);
    let all_units: Vec<String> = communes
        .into_iter()
        .chain((1..=units).map(|i| format!("x{i:05}")))
        .collect();
    let rows =
        write_submission(&input, &all_units, &lifetimes, &indicators).expect("write submission");
    let generated = started.elapsed();
    let input_bytes = size(&input);
    eprintln!(
        "generated {} rows ({:.1} MB) for {} communes in {:.2} s",
        rows,
        mb(input_bytes),
        all_units.len(),
        generated.as_secs_f64()
    );

    let mut table: Vec<Line> = Vec::new();
    // Every process runs in target/bench-data, with relative paths as people type them.
    let (plan_arg, data_arg) = ("plan.toml", "data.csv");
    let global = [
        "--plan", plan_arg, "--data", data_arg, "--as-of", AS_OF, "--lang", "en",
    ];

    // The national data in four editions of about 517,000 rows each, as the rounds
    // come in: the first into an empty data file, the others on top of it.
    let editions = split_editions(&input, EDITIONS).expect("split the submission");
    let plan_bytes = size(&plan) + size(&dir.join("units.csv"));
    let (first_name, first_rows, first_bytes) = editions[0].clone();

    // Loading the plan alone (check without a data file), units as CSV or tables.
    for (label, plan_file) in [
        ("load the plan, units in units.csv", "plan.toml"),
        (
            "load the plan, units as [[units]] tables",
            "plan-tables.toml",
        ),
    ] {
        let args = [
            "--plan",
            plan_file,
            "--data",
            "no-data.csv",
            "--as-of",
            AS_OF,
            "check",
        ];
        let runs: Vec<Run> = (0..RUNS)
            .map(|_| runner.run("plan-load", &bin, &args))
            .collect();
        let bytes = size(&dir.join(plan_file)) + size(&dir.join("units.csv"));
        table.push(Line::new(
            &format!("{label}, median of {RUNS}"),
            all_units.len(),
            bytes,
            median(runs),
        ));
    }

    // The baseline: the csv crate alone, over the first edition.
    for variant in ["byte", "string"] {
        let exe = std::env::current_exe().expect("own path");
        let exe = exe.to_str().expect("utf-8 path");
        let run = runner.run(
            &format!("bare-{variant}"),
            exe,
            &["__bare-csv", variant, &first_name],
        );
        table.push(Line::new(
            &format!("csv crate, {variant} records"),
            first_rows,
            first_bytes,
            run,
        ));
    }

    for name in [data.clone(), lock_of(&data), index_of(&data)] {
        let _ = fs::remove_file(name);
    }
    let with = |extra: &[&str]| -> Vec<String> {
        global
            .iter()
            .copied()
            .chain(extra.iter().copied())
            .map(String::from)
            .collect()
    };
    let mut revisions = 0;
    for (n, (name, rows, bytes)) in editions.iter().enumerate() {
        let args = with(&["ingest", name]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = runner.run(&format!("ingest-{}", n + 1), &bin, &args);
        expect_summary(&run, &format!("{rows} new"));
        let label = match n {
            0 => format!("ingest edition 1 ({rows} rows), empty data file"),
            _ => format!("ingest edition {} onto {revisions} revisions", n + 1),
        };
        // Memory is compared with what the command must hold: input and plan.
        table.push(Line::new(&label, *rows, bytes + plan_bytes, run));
        revisions += rows;
    }
    // One row into the 2-million-revision data file: a unit's correction. The
    // first right after the big ingests (issue 25: it used to read what they
    // wrote), then the median of a few more.
    let ratio = indicators
        .iter()
        .find(|i| i.measure == "ratio")
        .expect("a ratio indicator");
    let one_row = |n: usize| -> Run {
        let name = format!("one-row-{n}.csv");
        fs::write(
            dir.join(&name),
            format!("{HEADER}x00001,2025-H1,{},,{n},9,2025-06-20,\n", ratio.id),
        )
        .expect("write one row");
        let args = with(&["ingest", &name]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = runner.run("ingest-one-row", &bin, &args);
        expect_summary(&run, "1 revision(s) written");
        run
    };
    let data_bytes = size(&data);
    table.push(Line::new(
        &format!("ingest one row, first after the ingests ({revisions} revisions)"),
        1,
        data_bytes,
        one_row(1),
    ));

    // The same edition again: its hash is recorded, nothing is read against the
    // data file. Beside it, the time to hash that file (SHA-256, streamed).
    let (last, last_rows, last_bytes) = editions[EDITIONS - 1].clone();
    let exe = std::env::current_exe().expect("own path");
    let exe = exe.to_str().expect("utf-8 path");
    let hashing = runner.run("hash", exe, &["__hash", &last]);
    table.push(Line::new(
        "SHA-256 of the last edition (the floor of a re-ingest)",
        last_rows,
        last_bytes,
        hashing,
    ));
    let args = with(&["ingest", &last]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let again = runner.run("reingest", &bin, &args);
    expect_summary(&again, "0 new, 0 updated, 0 unchanged, 0 blank");
    table.push(Line::new(
        "re-ingest the last edition (already recorded)",
        last_rows,
        last_bytes,
        again,
    ));

    // The first read after the ingests.
    let args = with(&["status"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = runner.run("status-first", &bin, &args);
    table.push(Line::new(
        "status, first after the ingests",
        revisions,
        data_bytes,
        run,
    ));

    let one_row_runs: Vec<Run> = (2..2 + RUNS).map(one_row).collect();
    table.push(Line::new(
        &format!("ingest one row into {revisions} revisions, median of {RUNS}"),
        1,
        data_bytes,
        median(one_row_runs),
    ));

    // Reading over the 2-million-revision data file.
    let reads: [(&str, &str, &[&str]); 4] = [
        ("status", "status", &["status"]),
        ("overdue", "overdue", &["overdue"]),
        (
            "status-json",
            "status --format json",
            &["status", "--format", "json"],
        ),
        ("check", "check (every row read and checked)", &["check"]),
    ];
    for (log, label, extra) in reads {
        let args = with(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let runs: Vec<Run> = (0..RUNS).map(|_| runner.run(log, &bin, &args)).collect();
        table.push(Line::new(
            &format!("{label}, median of {RUNS}"),
            revisions,
            data_bytes,
            median(runs),
        ));
    }
    let duckdb = duckdb_line(&runner, revisions, data_bytes);

    // A workbook: the first 100,000 rows as a unit's spreadsheet program saves them.
    // Written by a child process: a process's peak memory is inherited by the
    // children it starts after, and would show in every later measurement.
    let book = dir.join("national.xlsx");
    let writer = Command::new(std::env::current_exe().expect("own path"))
        .arg("__write-xlsx")
        .args([&input, &book])
        .output()
        .expect("run the workbook writer");
    let book_rows: usize = String::from_utf8_lossy(&writer.stdout)
        .trim()
        .parse()
        .expect("the workbook's row count");
    let book_data = dir.join("xlsx-data.csv");
    for name in [book_data.clone(), lock_of(&book_data)] {
        let _ = fs::remove_file(name);
    }
    let args = [
        "--plan",
        plan_arg,
        "--data",
        "xlsx-data.csv",
        "--as-of",
        AS_OF,
        "--lang",
        "en",
        "ingest",
        "national.xlsx",
    ];
    let run = runner.run("ingest-xlsx", &bin, &args);
    expect_summary(&run, &format!("{book_rows} new"));
    table.push(Line::new(
        "ingest a 100,000-row .xlsx, empty data file",
        book_rows,
        size(&book),
        run,
    ));

    // The final-review report over the same data.
    let report_runs: [(&str, &str, &[&str]); 2] = [
        (
            "report-review",
            "report --period 2021-2025 (HTML)",
            // The issuer ended with the plan (30 June 2025): the review is written
            // afterwards, as `--force` marks it.
            &[
                "report",
                "--period",
                "2021-2025",
                "--force",
                "-o",
                "final-review.html",
            ],
        ),
        (
            "report-review-docx",
            "report --period 2021-2025 --format docx",
            &[
                "report",
                "--period",
                "2021-2025",
                "--format",
                "docx",
                "--force",
                "-o",
                "final-review.docx",
            ],
        ),
    ];
    if std::env::var_os("GP_BENCH_NO_REPORTS").is_none() {
        for (log, label, extra) in report_runs {
            let _ = fs::remove_file(dir.join(extra[extra.len() - 1]));
            let args = with(extra);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = runner.run(log, &bin, &args);
            table.push(Line::new(label, revisions, data_bytes, run));
        }
    }

    // The small case: the shipped plan and a few hundred rows.
    let small_plan = dir.join("small-plan.toml");
    let small_input = dir.join("small.csv");
    let small_data = dir.join("small-data.csv");
    fs::write(&small_plan, SHIPPED_PLAN).expect("write small plan");
    let small_rows = write_small(&small_input, SHIPPED_PLAN, &indicators).expect("small");
    for name in [small_data.clone(), lock_of(&small_data)] {
        let _ = fs::remove_file(name);
    }
    let small_global = [
        "--plan",
        "small-plan.toml",
        "--data",
        "small-data.csv",
        "--as-of",
        AS_OF,
        "--lang",
        "en",
    ];
    let args: Vec<&str> = small_global
        .iter()
        .copied()
        .chain(["ingest", "small.csv"])
        .collect();
    let small_ingest = runner.run("small-ingest", &bin, &args);
    expect_summary(&small_ingest, &format!("{small_rows} new"));
    let small_bytes = size(&small_data);
    let args: Vec<&str> = small_global.iter().copied().chain(["status"]).collect();
    let runs: Vec<Run> = (0..small_runs)
        .map(|_| runner.run("small-status", &bin, &args))
        .collect();
    let fastest = runs.iter().map(|r| r.wall).min().unwrap_or_default();
    let mut small_label = format!("small: status, median of {small_runs}");
    let _ = write!(small_label, " (min {:.1} ms)", fastest.as_secs_f64() * 1e3);
    table.push(Line::new(
        &small_label,
        small_rows,
        small_bytes,
        median(runs),
    ));

    print_table(&table, pin);
    print_targets(&table);
    println!("\n{duckdb}");
    println!("{}", load_note());
    println!(
        "\ninput: {} ({} rows, {:.1} MB); data file {:.1} MB; generating took {:.2} s; whole run {:.1} s",
        input.display(),
        rows,
        mb(input_bytes),
        mb(data_bytes),
        generated.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn size(path: &Path) -> u64 {
    fs::metadata(path).map_or(0, |m| m.len())
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn index_of(data: &Path) -> PathBuf {
    let mut name = data.file_name().unwrap_or_default().to_os_string();
    name.push(".index");
    data.with_file_name(name)
}

fn median(mut runs: Vec<Run>) -> Run {
    runs.sort_by_key(|r| r.wall);
    runs.swap_remove(runs.len() / 2)
}

/// The machine's load average when the figures were taken: other work on the
/// same cores slows every step.
fn load_note() -> String {
    let load = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load: Vec<&str> = load.split_whitespace().take(3).collect();
    format!(
        "load average (1, 5, 15 min): {} on {cores} cores; figures above 1 per core mean a shared, busy machine",
        load.join(" ")
    )
}

/// Splits the submission into `n` files of about equal rows, each with the
/// header: (file name, rows, bytes).
fn split_editions(input: &Path, n: usize) -> std::io::Result<Vec<(String, usize, u64)>> {
    use std::io::BufRead;
    let total = std::io::BufReader::new(File::open(input)?).lines().count() - 1;
    let per = total.div_ceil(n);
    let mut lines = std::io::BufReader::new(File::open(input)?).lines().skip(1);
    let folder = input.parent().expect("a folder");
    let mut editions = Vec::new();
    for e in 1..=n {
        let name = format!("edition-{e}.csv");
        let path = folder.join(&name);
        let mut out = BufWriter::with_capacity(1 << 20, File::create(&path)?);
        out.write_all(HEADER.as_bytes())?;
        let mut rows = 0;
        for line in lines.by_ref().take(per) {
            out.write_all(line?.as_bytes())?;
            out.write_all(b"\n")?;
            rows += 1;
        }
        out.flush()?;
        drop(out);
        editions.push((name, rows, size(&path)));
    }
    Ok(editions)
}

/// The SHA-256 of a file, streamed as ingest hashes a file it is given: what a
/// re-ingest of a recorded file cannot do without.
fn hash_file(path: &Path) {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut file = File::open(path).expect("open the file to hash");
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer).expect("read the file to hash");
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    let digest = hasher.finalize();
    println!("{:02x}{:02x}…", digest[0], digest[1]);
}

/// The question DuckDB is asked: the latest revision of every key (withdrawals
/// aside), then each indicator's district ratio for every period; on one thread.
const DUCKDB_QUERY: &str = "WITH rows AS (SELECT * FROM read_csv('data.csv', all_varchar = true)), \
    latest AS (SELECT *, row_number() OVER (PARTITION BY unit, period, indicator, \"group\" \
               ORDER BY submitted DESC, recorded_at DESC) AS n FROM rows WHERE withdraws = '' OR withdraws IS NULL) \
    SELECT indicator, period, sum(TRY_CAST(numerator AS DOUBLE)) / sum(TRY_CAST(denominator AS DOUBLE)) \
    FROM latest WHERE n = 1 GROUP BY indicator, period ORDER BY indicator, period;";

/// How DuckDB is run here: its CLI on the `PATH`, or its Python package (in the
/// benchmark's own virtual environment, `target/bench-venv`, installed from the
/// package registry with pip when missing). None when neither can be had.
fn duckdb_program(dir: &Path) -> Option<(String, Vec<String>)> {
    let works = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if works("duckdb", &["-version"]) {
        let query = format!("SET threads TO 1; {DUCKDB_QUERY}");
        return Some(("duckdb".into(), vec!["-c".into(), query]));
    }
    let venv = dir.parent().unwrap_or(dir).join("bench-venv");
    let python = venv.join("bin/python").to_string_lossy().into_owned();
    if !works(&python, &["-c", "import duckdb"]) {
        eprintln!(
            "installing DuckDB's Python package into {} …",
            venv.display()
        );
        let venv = venv.to_string_lossy().into_owned();
        let made = works("python3", &["-m", "venv", &venv])
            && works(&python, &["-m", "pip", "install", "--quiet", "duckdb"]);
        if !made || !works(&python, &["-c", "import duckdb"]) {
            return None;
        }
    }
    let script = format!(
        "import duckdb\nrows = duckdb.connect(config={{'threads': 1}}).sql({DUCKDB_QUERY:?}).fetchall()\nprint(len(rows), 'rows')"
    );
    Some((python, vec!["-c".into(), script]))
}

/// DuckDB on one thread, on the same data file and the same question, with how
/// it was run; otherwise a note that it could not be.
fn duckdb_line(runner: &Runner, revisions: usize, data_bytes: u64) -> String {
    let Some((program, args)) = duckdb_program(&runner.logs) else {
        return "DuckDB: neither its CLI nor its Python package could be had here (pip install duckdb failed), so not measured".to_string();
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let how = if program == "duckdb" {
        "CLI"
    } else {
        "Python package"
    };
    let runs: Vec<Run> = (0..RUNS)
        .map(|_| runner.run("duckdb", &program, &args))
        .collect();
    let run = median(runs);
    format!(
        "DuckDB ({how}), one thread, latest revision of every key and the district ratios over {revisions} revisions ({:.1} MB), median of {RUNS}: {:.3} s, peak {:.1} MB {}",
        mb(data_bytes),
        run.wall.as_secs_f64(),
        mb(run.peak_rss),
        run.note
    )
}

fn lock_of(data: &Path) -> PathBuf {
    let mut name = data.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    data.with_file_name(name)
}

// ---------------------------------------------------------------------------------
// Generating the input
// ---------------------------------------------------------------------------------

/// SplitMix64: a tiny fixed-seed generator, so every run writes the same files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }
}

/// What the generator needs to know about an indicator.
#[derive(Debug, Clone)]
struct Ind {
    id: String,
    measure: String,
    percent: bool,
}

/// The value of `key = "value"` on a line, if the line sets that key.
fn string_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line.trim().strip_prefix(key)?.trim_start();
    let rest = rest.strip_prefix('=')?.trim();
    let rest = rest.strip_prefix('"')?;
    Some(&rest[..rest.find('"')?])
}

/// The blocks of a `[[name]]` array of tables, as lists of lines.
fn blocks<'a>(plan: &'a str, name: &str) -> Vec<Vec<&'a str>> {
    let header = format!("[[{name}]]");
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut inside = false;
    for line in plan.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') && !trimmed.starts_with("[[schedule") {
            inside = trimmed == header;
            if inside {
                out.push(Vec::new());
            }
            continue;
        }
        if inside && let Some(block) = out.last_mut() {
            block.push(line);
        }
    }
    out
}

fn indicators(plan: &str) -> Vec<Ind> {
    blocks(plan, "indicators")
        .into_iter()
        .map(|lines| {
            let find = |key: &str| lines.iter().find_map(|l| string_value(l, key));
            Ind {
                id: find("id").expect("indicator id").to_string(),
                measure: find("measure").expect("indicator measure").to_string(),
                percent: find("unit_of_measure") == Some("%"),
            }
        })
        .collect()
}

fn shipped_communes(plan: &str) -> Vec<String> {
    blocks(plan, "units")
        .into_iter()
        .filter_map(|lines| {
            let find = |key: &str| lines.iter().find_map(|l| string_value(l, key));
            (find("kind") == Some("commune")).then(|| find("id").expect("unit id").to_string())
        })
        .collect()
}

/// The rounds the plan holds: the nine of 2021–2025, less those due after the
/// plan's end (`ends` in `[plan]`: the shipped plan ended on 30 June 2025, after
/// its 2025-H1 round).
fn rounds(plan: &str) -> Vec<(i32, bool)> {
    let mut section = "";
    let mut ends = None;
    for line in plan.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            section = trimmed;
        } else if section == "[plan]" && ends.is_none() {
            ends = string_value(line, "ends");
        }
    }
    ROUNDS
        .into_iter()
        .filter(|&(year, half)| {
            let due = format!("{year}-{}", if half { "06-05" } else { "12-15" });
            ends.is_none_or(|ends| due.as_str() <= ends)
        })
        .collect()
}

/// A unit's first and last days as the plan writes them (`YYYY-MM-DD`), when it
/// has them: (id, starts, ends).
type Lifetime = (String, String, String);

fn lifetimes(plan: &str) -> Vec<Lifetime> {
    blocks(plan, "units")
        .into_iter()
        .filter_map(|lines| {
            let find = |key: &str| lines.iter().find_map(|l| string_value(l, key));
            let (starts, ends) = (find("starts"), find("ends"));
            (starts.is_some() || ends.is_some()).then(|| {
                (
                    find("id").expect("unit id").to_string(),
                    starts.unwrap_or("").to_string(),
                    ends.unwrap_or("").to_string(),
                )
            })
        })
        .collect()
}

/// Whether a unit reports in a round: it exists on the round's due day (the
/// shipped plan's: 5 June for the half-year, 15 December for the year).
fn reports_in(lifetimes: &[Lifetime], unit: &str, round: (i32, bool)) -> bool {
    let (year, half) = round;
    let due = format!("{year}-{}", if half { "06-05" } else { "12-15" });
    lifetimes
        .iter()
        .find(|(id, ..)| id == unit)
        .is_none_or(|(_, starts, ends)| {
            starts.as_str() <= due.as_str() && (ends.is_empty() || due.as_str() <= ends.as_str())
        })
}

/// The shipped plan with every indicator reported by every commune, and `extra`
/// more communes.
fn national_plan(extra: usize) -> String {
    let mut out = String::with_capacity(SHIPPED_PLAN.len() + extra * 160);
    for line in SHIPPED_PLAN.lines() {
        if line.trim_start().starts_with("contributors") && line.contains('=') {
            out.push_str("contributors = [\"@commune\"]\n");
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    for i in 1..=extra {
        let _ = write!(
            out,
            "\n[[units]]\nid = \"x{i:05}\"\nkind = \"commune\"\nname.vi = \"Xã Thử {i}\"\nname.en = \"Test commune {i}\"\ncode = \"9{i:05}\"\n"
        );
    }
    out
}

/// The national plan as a ministry would keep it: `units = "units.csv"` and the
/// unit list (the shipped plan's units and `extra` communes) in that CSV file.
/// Returns (plan text, units file).
fn national_plan_with_units_file(extra: usize) -> (String, String) {
    let mut plan = String::from("units = \"units.csv\"\n");
    let mut inside_unit = false;
    for line in national_plan(0).lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            inside_unit = trimmed == "[[units]]";
        }
        if !inside_unit {
            plan.push_str(line);
            plan.push('\n');
        }
    }
    let mut csv = String::from("id,kind,name_vi,name_en,code,aliases,starts,ends\n");
    let quoted = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    for lines in blocks(SHIPPED_PLAN, "units") {
        let find = |key: &str| {
            lines
                .iter()
                .find_map(|l| string_value(l, key))
                .unwrap_or("")
        };
        let aliases: Vec<&str> = lines
            .iter()
            .find(|l| l.trim_start().starts_with("aliases"))
            .map_or(Vec::new(), |l| l.split('"').skip(1).step_by(2).collect());
        let cells = [
            find("id"),
            find("kind"),
            find("name.vi"),
            find("name.en"),
            find("code"),
            &aliases.join(";"),
            find("starts"),
            find("ends"),
        ];
        let row: Vec<String> = cells.iter().map(|c| quoted(c)).collect();
        csv.push_str(&row.join(","));
        csv.push('\n');
    }
    for i in 1..=extra {
        let _ = writeln!(
            csv,
            "x{i:05},commune,Xã Thử {i},Test commune {i},9{i:05},,,"
        );
    }
    (plan, csv)
}

/// The counts a unit's figures share in one round, so that they pass the plan's
/// `[[checks]]` as real reports mostly do (the employed women of 2.1 and 2.2, the
/// births of 4.1 and 4.2, the sex ratio at birth, a commune's population from one
/// round to the next): a generator that breaks them would time the writing of
/// tens of thousands of warnings instead of the ingest.
struct Counts {
    employed_women: u64,
    girls: u64,
    boys: u64,
    live_births: u64,
    population: u64,
}

impl Counts {
    /// The same for a unit and round however often they are asked for.
    fn of(unit: &str, round: (i32, bool)) -> Counts {
        let mut seed = Rng(unit.bytes().fold(0xC0FFEE, |h, b| {
            h.wrapping_mul(0x100_0000_01B3) ^ u64::from(b)
        }));
        let (employed_women, population) = (seed.range(500, 4000), seed.range(3000, 20000));
        let mut round_seed = Rng(seed.next() ^ ((round.0 as u64) << 1 | u64::from(round.1)));
        let girls = round_seed.range(40, 400);
        let boys = girls * round_seed.range(95, 118) / 100;
        Counts {
            employed_women,
            girls,
            boys,
            live_births: girls + boys + round_seed.range(0, 10),
            population,
        }
    }
}

/// One CSV row's figure for an indicator.
fn figure(rng: &mut Rng, ind: &Ind, counts: &Counts, out: &mut String) {
    let part = |rng: &mut Rng, whole: u64| (rng.range(0, whole), whole);
    match ind.measure.as_str() {
        "ratio" => {
            let (numerator, denominator) = match ind.id.as_str() {
                "2.1" | "2.2" => part(rng, counts.employed_women),
                "4.1" => (counts.boys, counts.girls),
                "4.2" => (rng.range(0, 2), counts.live_births),
                "6.1" => part(rng, counts.population),
                _ => {
                    let denominator = rng.range(1, 5000);
                    match ind.percent {
                        true => part(rng, denominator),
                        false => (rng.range(0, 6000), denominator),
                    }
                }
            };
            let _ = write!(out, ",{numerator},{denominator}");
        }
        "yes/no" => {
            out.push_str(if rng.next().is_multiple_of(4) {
                "no,,"
            } else {
                "yes,,"
            });
        }
        "share" => {
            let _ = write!(out, "{},,", rng.range(0, 12));
        }
        _ => {
            // A value such as 1.8; one decimal digit is never ambiguous.
            let _ = write!(out, "{}.{},,", rng.range(0, 3), rng.range(0, 9));
        }
    }
}

/// Appends the rows of one unit for one round.
fn unit_round(rng: &mut Rng, unit: &str, round: (i32, bool), indicators: &[Ind], out: &mut String) {
    let (year, half) = round;
    let (period, submitted) = if half {
        (
            format!("{year}-H1"),
            format!("{year}-06-0{}", rng.range(1, 5)),
        )
    } else {
        (format!("{year}"), format!("{year}-12-1{}", rng.range(0, 5)))
    };
    let quarters: [u8; 2] = if half { [1, 2] } else { [3, 4] };
    let counts = Counts::of(unit, round);
    for ind in indicators {
        let periods: Vec<String> = if ind.measure == "share" {
            quarters.iter().map(|q| format!("{year}-Q{q}")).collect()
        } else {
            vec![period.clone()]
        };
        for p in periods {
            let _ = write!(out, "{unit},{p},{},", ind.id);
            figure(rng, ind, &counts, out);
            let _ = write!(out, ",{submitted},");
            if rng.next().is_multiple_of(50) {
                out.push_str("\"estimated, pending the census\"");
            }
            out.push('\n');
        }
    }
}

/// Rows of the workbook benchmark.
const WORKBOOK_ROWS: usize = 100_000;

/// The first `rows` rows of the national submission as an .xlsx workbook, numbers
/// and dates typed. Returns the number of rows written.
fn write_workbook(
    csv_path: &Path,
    path: &Path,
    rows: usize,
) -> Result<usize, Box<dyn std::error::Error>> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let sheet = workbook.add_worksheet();
    let mut reader = csv::Reader::from_path(csv_path)?;
    for (c, header) in reader.headers()?.iter().enumerate() {
        sheet.write_string(0, c as u16, header)?;
    }
    let mut written = 0;
    for record in reader.records().take(rows) {
        let record = record?;
        written += 1;
        let r = written as u32;
        for (c, field) in record.iter().enumerate() {
            let c = c as u16;
            if field.is_empty() {
                continue;
            }
            // Columns 4 and 5 are numerator and denominator, 3 the value (a count,
            // a decimal or yes/no), 6 the submitted date.
            match (c, field.parse::<f64>()) {
                (3..=5, Ok(n)) => {
                    sheet.write_number(r, c, n)?;
                }
                (6, _) => {
                    let day = ExcelDateTime::parse_from_str(field)?;
                    sheet.write_datetime_with_format(r, c, &day, &date)?;
                }
                _ => {
                    sheet.write_string(r, c, field)?;
                }
            }
        }
    }
    workbook.save(path)?;
    Ok(written)
}

/// The national submission: every unit, every round. Returns the number of rows.
fn write_submission(
    path: &Path,
    units: &[String],
    lifetimes: &[Lifetime],
    indicators: &[Ind],
) -> std::io::Result<usize> {
    let mut rng = Rng(0x5EED_2025);
    let mut file = BufWriter::with_capacity(1 << 20, File::create(path)?);
    file.write_all(HEADER.as_bytes())?;
    let mut rows = 0;
    let mut buffer = String::new();
    for round in rounds(SHIPPED_PLAN) {
        for unit in units {
            if !reports_in(lifetimes, unit, round) {
                continue;
            }
            buffer.clear();
            unit_round(&mut rng, unit, round, indicators, &mut buffer);
            rows += buffer.matches('\n').count();
            file.write_all(buffer.as_bytes())?;
        }
    }
    file.flush()?;
    Ok(rows)
}

/// A plan's `[[transfers]]`: (date, from, to, indicators).
type Transfer = (String, String, String, Vec<String>);

fn transfers(plan: &str) -> Vec<Transfer> {
    blocks(plan, "transfers")
        .into_iter()
        .map(|lines| {
            let find = |key: &str| lines.iter().find_map(|l| string_value(l, key));
            let list = lines
                .iter()
                .find(|l| l.trim_start().starts_with("indicators"))
                .map_or(Vec::new(), |l| {
                    l.split('"').skip(1).step_by(2).map(String::from).collect()
                });
            let field = |key: &str| find(key).unwrap_or_default().to_string();
            (field("date"), field("from"), field("to"), list)
        })
        .collect()
}

/// Who reports an indicator in a round after the plan's transfers (dated on or
/// before the round's end).
fn holder(transfers: &[Transfer], round: (i32, bool), indicator: &str, unit: String) -> String {
    let (year, half) = round;
    let due = format!("{year}-{}", if half { "06-30" } else { "12-31" });
    let mut unit = unit;
    for (date, from, to, indicators) in transfers {
        if *date <= due && *from == unit && indicators.iter().any(|i| i == indicator) {
            unit = to.clone();
        }
    }
    unit
}

/// A few hundred rows for the shipped plan: every contributor, every round.
fn write_small(path: &Path, plan: &str, indicators: &[Ind]) -> std::io::Result<usize> {
    let mut rng = Rng(0x5EED_0029);
    let mut out = String::from(HEADER);
    let contributors: Vec<(String, Vec<String>)> = blocks(plan, "indicators")
        .into_iter()
        .map(|lines| {
            let id = lines
                .iter()
                .find_map(|l| string_value(l, "id"))
                .expect("indicator id")
                .to_string();
            let list = lines
                .iter()
                .find(|l| l.trim_start().starts_with("contributors"))
                .expect("contributors");
            let ids = list
                .split('"')
                .skip(1)
                .step_by(2)
                .map(String::from)
                .collect();
            (id, ids)
        })
        .collect();
    let communes = shipped_communes(plan);
    let lifetimes = lifetimes(plan);
    let transfers = transfers(plan);
    for round in rounds(plan) {
        for (ind, (_, units)) in indicators.iter().zip(&contributors) {
            let mut units: Vec<String> = units
                .iter()
                .flat_map(|u| match u.as_str() {
                    "@commune" => communes.clone(),
                    _ => vec![u.clone()],
                })
                .map(|u| holder(&transfers, round, &ind.id, u))
                .collect();
            units.sort();
            units.dedup();
            for unit in units.iter().filter(|u| reports_in(&lifetimes, u, round)) {
                unit_round(&mut rng, unit, round, std::slice::from_ref(ind), &mut out);
            }
        }
    }
    fs::write(path, &out)?;
    Ok(out.lines().count() - 1)
}

// ---------------------------------------------------------------------------------
// Running and measuring
// ---------------------------------------------------------------------------------

/// One finished process.
struct Run {
    wall: Duration,
    /// Peak resident set, bytes.
    peak_rss: u64,
    ok: bool,
    stdout: String,
    note: String,
}

struct Runner {
    pin: bool,
    timeout: Duration,
    logs: PathBuf,
}

/// Whether `taskset -c 0` can pin a process here.
fn taskset_works() -> bool {
    Command::new("taskset")
        .args(["-c", "0", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

impl Runner {
    /// Runs a program to its end; stdout and stderr go to `<log>.out` / `.err`.
    fn run(&self, log: &str, program: &str, args: &[&str]) -> Run {
        let out_path = self.logs.join(format!("{log}.out"));
        let err_path = self.logs.join(format!("{log}.err"));
        let mut command = if self.pin {
            let mut c = Command::new("taskset");
            c.args(["-c", "0", program]);
            c
        } else {
            Command::new(program)
        };
        command
            .args(args)
            .current_dir(&self.logs)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(File::create(&out_path).expect("log file"))
            .stderr(File::create(&err_path).expect("log file"));
        let started = Instant::now();
        let child = command.spawn().expect("start the program");
        let pid = child.id() as libc::pid_t;
        let (status, usage) = loop {
            let mut status = 0;
            // SAFETY: plain struct of integers, filled in by wait4.
            let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
            // SAFETY: waits for our own child; pointers are to live locals.
            let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
            if r == pid {
                break (Some(status), usage);
            }
            if r < 0 {
                break (None, usage);
            }
            if started.elapsed() > self.timeout {
                // SAFETY: signals our own child, still unreaped.
                unsafe { libc::kill(pid, libc::SIGKILL) };
                let mut status = 0;
                // SAFETY: as above.
                unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
                break (None, usage);
            }
            std::thread::sleep(Duration::from_micros(100));
        };
        let wall = started.elapsed();
        drop(child);
        let ok = status.is_some_and(|s| libc::WIFEXITED(s) && libc::WEXITSTATUS(s) == 0);
        let note = match status {
            None => format!("timed out after {} s", self.timeout.as_secs()),
            Some(s) if !ok => format!(
                "exit {}; see {}",
                if libc::WIFEXITED(s) {
                    libc::WEXITSTATUS(s)
                } else {
                    -1
                },
                err_path.display()
            ),
            Some(_) => String::new(),
        };
        let stdout = fs::read_to_string(&out_path).unwrap_or_default();
        // Keep the logs small: the contributor tables run to megabytes.
        if stdout.len() > 1 << 16 {
            let _ = fs::write(&out_path, &stdout.as_bytes()[..1 << 16]);
        }
        Run {
            wall,
            peak_rss: usage.ru_maxrss.max(0) as u64 * 1024,
            ok,
            stdout: stdout.lines().last().unwrap_or_default().to_string(),
            note,
        }
    }
}

fn expect_summary(run: &Run, wanted: &str) {
    if run.ok && !run.stdout.contains(wanted) {
        eprintln!("warning: expected \"{wanted}\" in: {}", run.stdout);
    }
}

/// The baseline, run as a child of this same executable: count the records.
fn bare_csv(variant: &str, path: &Path) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_path(path)
        .expect("open input");
    let mut count = 0u64;
    let mut bytes = 0usize;
    if variant == "byte" {
        let mut record = csv::ByteRecord::new();
        while reader.read_byte_record(&mut record).expect("read") {
            count += 1;
            bytes += record.as_slice().len();
        }
    } else {
        let mut record = csv::StringRecord::new();
        while reader.read_record(&mut record).expect("read") {
            count += 1;
            bytes += record.as_slice().len();
        }
    }
    println!("{count} records, {bytes} field bytes");
}

// ---------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------

struct Line {
    step: String,
    rows: usize,
    input: u64,
    run: Run,
}

impl Line {
    fn new(step: &str, rows: usize, input: u64, run: Run) -> Line {
        if !run.ok {
            eprintln!("warning: {step}: {}", run.note);
        }
        Line {
            step: step.to_string(),
            rows,
            input,
            run,
        }
    }

    fn seconds(&self) -> f64 {
        self.run.wall.as_secs_f64()
    }
}

fn print_table(table: &[Line], pin: bool) {
    println!();
    println!(
        "{:<44} {:>9} {:>9} {:>9} {:>11} {:>9} {:>7}  note",
        "step", "rows", "input MB", "seconds", "rows/s", "peak MB", "RSS/in"
    );
    for line in table {
        let seconds = line.seconds();
        println!(
            "{:<44} {:>9} {:>9.1} {:>9.3} {:>11.0} {:>9.1} {:>7.2}  {}",
            line.step,
            line.rows,
            mb(line.input),
            seconds,
            line.rows as f64 / seconds,
            mb(line.run.peak_rss),
            line.run.peak_rss as f64 / line.input.max(1) as f64,
            line.run.note
        );
    }
    println!(
        "\none core: {}",
        if pin {
            "every process pinned with `taskset -c 0`"
        } else {
            "taskset not available; processes NOT pinned"
        }
    );
}

fn print_targets(table: &[Line]) {
    let find = |prefix: &str| table.iter().find(|l| l.step.starts_with(prefix));
    let verdict = |ok: bool| if ok { "ok  " } else { "MISS" };
    println!("\ntargets (issue 25; whole command, release build, one core):");
    if let Some(first) = find("ingest edition 1") {
        let rate = first.rows as f64 / first.seconds();
        println!(
            "  {} ingest of an edition >= 600,000 rows/s: {rate:.0} rows/s",
            verdict(first.run.ok && rate >= 600_000.0)
        );
        let ratio = first.run.peak_rss as f64 / first.input as f64;
        println!(
            "  {} its peak memory < 3x (input + plan): {ratio:.2}x",
            verdict(first.run.ok && ratio < 3.0)
        );
    }
    let under = |prefix: &str, what: &str, limit: f64| {
        if let Some(line) = find(prefix) {
            println!(
                "  {} {what} < {limit} s: {:.3} s",
                verdict(line.run.ok && line.seconds() < limit),
                line.seconds()
            );
        }
    };
    if let (Some(hash), Some(again)) = (find("SHA-256 of the last"), find("re-ingest")) {
        let limit = hash.seconds() + 0.05;
        println!(
            "  {} re-ingest of a recorded edition <= its hash ({:.3} s) + 0.05 s: {:.3} s",
            verdict(again.run.ok && again.seconds() <= limit),
            hash.seconds(),
            again.seconds()
        );
    }
    under(
        "ingest one row, first",
        "first one-row ingest after the big ingests",
        0.2,
    );
    under("ingest one row into", "later one-row ingests (median)", 0.2);
    under("status, median", "status over the big data file", 0.3);
    under("overdue, median", "overdue over the big data file", 0.3);
    under(
        "load the plan, units as [[units]]",
        "load of the plan with its units as [[units]] tables",
        0.15,
    );
    if let Some(small) = find("small: status") {
        println!(
            "  {} status on the example district < 10 ms: {:.1} ms (median)",
            verdict(small.run.ok && small.seconds() < 0.010),
            small.seconds() * 1e3
        );
    }
}
