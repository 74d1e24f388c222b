//! Vietnamese throughout (issue 15): every command and every documented error path,
//! run over the example data in English and in Vietnamese. The English runs give the
//! tool's own vocabulary (their words, minus ids, file names and numbers); no word of
//! it may appear in the Vietnamese runs, nor a unit's id where its name is expected,
//! nor a period or a day in the machine's form (2025-H1, 2025-12-31) in what people
//! read.

use crate::common::{PLAN, Sandbox, edited_plan, line_of};
use std::collections::BTreeSet;
use std::path::Path;

/// One run: its arguments (after `--lang`), and whether what it writes is for people
/// (tables, summaries, messages) rather than for programs or for ingest (a form's
/// key columns), where ids and ISO forms are kept.
struct Case {
    args: Vec<String>,
    for_people: bool,
}

fn case(args: &str) -> Case {
    Case {
        args: args.split(' ').map(str::to_string).collect(),
        for_people: !args.contains("help"),
    }
}

fn machine(args: &str) -> Case {
    Case {
        for_people: false,
        ..case(args)
    }
}

/// Every command, then every documented error path, in the order an officer meets
/// them: the data file fills up as they run.
fn cases() -> Vec<Case> {
    let as_of = "--as-of 2025-12-31";
    let mut cases: Vec<Case> = [
        "--help",
        "help status",
        "help ingest",
        "help overdue",
        "help notes",
        "help history",
        "help withdraw",
        "help template",
        "help calendar",
        "help plan",
        "plan new --help",
        "plan import --help",
        "help report",
        "help remind",
        "help check",
        "help export",
        "help completions",
        "help man",
        "ingest reports",
        "ingest --encoding windows-1258 reports/2022-H1_hoiphunu.csv reports/2023_tuphap.csv reports/2024-H1_nung-nang.csv reports/2025-H1_gddt.csv",
        "ingest --quiet corrections/2025-H1_ban-bo_corrected.csv",
        "ingest reports/2025_ttyt.csv",
        // Nothing wrong gets in silently: a fractional count, a blank form, an
        // implausible figure warned, listed by check, then confirmed.
        "ingest fraction.csv",
        "ingest blank-form.csv",
        "ingest implausible.csv",
        "check",
        "ingest --again --confirm \"đã hỏi lại xã\" implausible.csv",
        "status",
        "status --objective 4 --period 2025-H1",
        "status --indicator 3.2b",
        "status --indicator 5.2a --period 2025",
        "status --indicator 6.3",
        "status --unit ban-bo",
        "status --objective 3 --format csv",
        "status --objective 5 --format markdown",
        "status --objective 6 --format xlsx",
        "overdue --format xlsx",
        "overdue",
        "overdue --period 2025-H1 --all",
        "overdue --deadline 2025-06-05 --period 2025-H1",
        "overdue --kind commune --fail-if-any",
        "notes",
        "notes --period 2025-H1 --unit ttyt",
        "history --unit ban-bo --indicator 6.1",
        "withdraw --unit ban-bo --period 2025 --indicator 3.2a --reason nhầm --dry-run",
        "withdraw --unit ban-bo --period 2025 --indicator 3.2a --reason nhầm",
        "history --unit ban-bo --indicator 3.2a --period 2025",
        "template --unit ban-bo --period 2025-H1 -o form.csv",
        "template --all --period 2025 -o bieu-mau",
        "export --format opensdg -o open-sdg",
        "calendar --year 2025",
        "plan",
        "plan --unit ttyt",
        "plan --unit ban-bo",
        "plan --matrix",
        "plan --tasks",
        "plan import khong-co.xlsx -o imported.toml",
        "check",
        // The communes' reorganisation of 1 July 2025 entered in the plan: figures
        // the old communes have for later quarters count in no value.
        "--plan reorganised.toml check",
        "--plan reorganised.toml history --unit ban-bo --period 2025-Q3",
        "report --period 2025-H1 --format markdown",
        "report --period 2025 --format markdown",
        "report --period 2021-2025 --format markdown",
        "report --period 2025-H1 -o report.html",
        "remind --period 2025-H1 --format markdown",
        "remind --period 2025-H1 --each cong-van",
        "remind --period 2025-H1 --unit ban-bo",
        // Documented errors.
        "ingest missing.csv",
        "ingest empty.csv",
        "ingest header-only.csv",
        "ingest --data no-such-folder/data.csv reports/2025_ttyt.csv",
        "status --unit ban-boo",
        "status --indicator 9.9",
        "status --period 2025-H3",
        "overdue --kind xa",
        "overdue --kind huyen",
        "remind --period 2025-H1 --by 2025-12-01",
        "template --unit ban-bo --period 2025-H1 -o form.csv",
        "check --plan plan-with-typo.toml",
        "check --plan plan-string-number.toml",
        "check --plan plan-no-value.toml",
        "check --plan plan-no-comma.toml",
        "check --plan missing-plan.toml",
        "check --data damaged-data.csv",
        "export --format opensdg -o open-sdg",
        "export --format opensdg",
        "export --format opensdg --period 2024 -o open-sdg",
    ]
    .into_iter()
    .map(|args| case(&format!("{args} {as_of}")))
    .collect();
    // Lai Châu's 2026–2030 plan (the example), which reads the figures above as its
    // baselines: an indicator's, and its new units' from their former communes.
    let next = "--plan examples/lai-chau-2026-2030/plan.toml --as-of 2026-07-01";
    cases.extend(
        [
            "ingest lai-chau-reports",
            "status",
            "status --indicator 5.4",
            "status --indicator 6.1",
            "status --indicator 3.4",
            "overdue --all",
            "plan",
            "plan --unit xa-ban-bo",
            "check",
            "report --period 2026-H1 --format markdown",
        ]
        .into_iter()
        .map(|args| case(&format!("{next} {args}"))),
    );
    // The hostile corpus (tests/hostile): every kind of broken submission, plan and
    // data file, each refused with its reason.
    cases.push(case(&format!(
        "ingest --dry-run hostile/submissions {as_of}"
    )));
    for kind in ["plans", "data"] {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/hostile")
            .join(kind);
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            let option = if kind == "plans" { "--plan" } else { "--data" };
            cases.push(case(&format!(
                "check {option} hostile/{kind}/{name} {as_of}"
            )));
        }
    }
    cases.push(machine(&format!(
        "template --unit ban-bo --period 2025-H1 {as_of}"
    )));
    cases.push(machine(&format!(
        "template --unit ban-bo --period 2025-H1 --format xlsx -o form.xlsx {as_of}"
    )));
    cases
}

/// A sandbox holding the example reports, the corrections and the broken files the
/// error paths need.
fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    sb.write(
        "reorganised.toml",
        crate::common::plan_after_the_2025_merger(),
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["reports", "corrections"] {
        for entry in std::fs::read_dir(root.join("examples").join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            sb.write(&format!("{folder}/{name}"), std::fs::read(&path).unwrap());
        }
    }
    for kind in ["submissions", "plans", "data"] {
        for entry in std::fs::read_dir(root.join("tests/hostile").join(kind)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            sb.write(
                &format!("hostile/{kind}/{name}"),
                std::fs::read(&path).unwrap(),
            );
        }
    }
    sb.write(
        "examples/lai-chau-2026-2030/plan.toml",
        std::fs::read(root.join("examples/lai-chau-2026-2030/plan.toml")).unwrap(),
    );
    for entry in std::fs::read_dir(root.join("examples/lai-chau-2026-2030/reports")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        sb.write(
            &format!("lai-chau-reports/{name}"),
            std::fs::read(&path).unwrap(),
        );
    }
    sb.write(
        "fraction.csv",
        "unit;period;indicator;value;numerator;denominator;submitted;note\n\
         noivu;2025-H1;2.1;;4,21;15,3;03/06/2025;\n",
    );
    sb.write(
        "blank-form.csv",
        "unit,period,indicator,value,numerator,denominator,submitted,note\n\
         ho-thau,2025-H1,6.1,,,,,\nho-thau,2025-Q1,6.3,,,,,\n",
    );
    sb.write(
        "implausible.csv",
        "unit,period,indicator,value,numerator,denominator,submitted,note\n\
         ho-thau,2025,6.1,,1600,260000,2025-12-30,\n\
         ho-thau,2025-Q4,6.3,400,,,2025-12-30,\n",
    );
    sb.write("empty.csv", "");
    sb.write("header-only.csv", "unit,period,indicator,value\n");
    sb.write(
        "plan-with-typo.toml",
        std::fs::read(root.join("tests/fixtures/plan-with-typo.toml")).unwrap(),
    );
    sb.write(
        "plan-string-number.toml",
        edited_plan("target = 109", "target = \"109\""),
    );
    sb.write(
        "plan-no-value.toml",
        edited_plan("target = 109", "target ="),
    );
    sb.write(
        "plan-no-comma.toml",
        edited_plan(
            "aliases = [\"TTYT\", \"Trung tâm Y tế\"",
            "aliases = [\"TTYT\" \"Trung tâm Y tế\"",
        ),
    );
    sb
}

/// Runs every case in one language in a sandbox of its own; returns each case's
/// stdout and stderr.
fn run_all(lang: &str) -> Vec<String> {
    let sb = sandbox();
    cases()
        .iter()
        .map(|c| {
            if c.args.iter().any(|a| a == "damaged-data.csv") {
                damage_data_file(&sb);
            }
            let mut args = vec!["--lang".to_string(), lang.to_string()];
            args.extend(c.args.iter().cloned());
            let output = sb.cmd().args(&args).output().unwrap();
            let written = c.args.iter().skip_while(|a| *a != "-o").nth(1);
            let mut stdout = String::from_utf8_lossy(&output.stdout).into_owned();
            if c.args.iter().any(|a| a == "xlsx") && written.is_none() {
                sb.write("stdout.xlsx", &output.stdout);
                stdout = text_of(&sb.path("stdout.xlsx"));
            }
            format!(
                "{stdout}{}{}",
                String::from_utf8_lossy(&output.stderr),
                written.map_or(String::new(), |f| text_of(&sb.path(f)))
            )
        })
        .collect()
}

/// The text a person reads in a file a command wrote: every cell of a workbook,
/// the words of a web page (outside its tags, style and script).
fn text_of(path: &Path) -> String {
    use calamine::Reader;
    let name = path.to_string_lossy();
    if name.ends_with(".xlsx") && path.exists() {
        let mut book = calamine::open_workbook_auto(path).unwrap();
        let mut text = book.sheet_names().join("\n");
        for sheet in book.sheet_names() {
            let range = book.worksheet_range(&sheet).unwrap();
            for row in range.rows() {
                text.push('\n');
                for cell in row {
                    if let calamine::Data::String(s) = cell {
                        text.push_str(s);
                        text.push_str("  ");
                    }
                }
            }
        }
        text
    } else if name.ends_with(".html") {
        let page = std::fs::read_to_string(path).unwrap();
        let body = page.split("</style>").last().unwrap_or(&page);
        let mut text = String::new();
        let mut in_tag = false;
        for c in body.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    text.push(' ');
                }
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        text.replace("&gt;", ">")
            .replace("&lt;", "<")
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
    } else {
        String::new()
    }
}

/// A copy of the data file with one figure changed by hand.
fn damage_data_file(sb: &Sandbox) {
    let data = String::from_utf8(sb.read("gender-plan-data.csv")).unwrap();
    let mut lines: Vec<&str> = data.lines().collect();
    let changed = lines[3].replacen("\"ldtbxh\"", "\"tckh\"", 1);
    let changed = if changed == lines[3] {
        format!("{}x", lines[3])
    } else {
        changed
    };
    lines[3] = &changed;
    sb.write("damaged-data.csv", lines.join("\n") + "\n");
}

/// The plans the cases run: the 2021–2025 plan, and Lai Châu's 2026–2030 example.
const PLANS: [&str; 2] = [
    crate::common::PLAN,
    include_str!("../../examples/lai-chau-2026-2030/plan.toml"),
];

/// The ids of the plans' units and indicators.
fn plan_ids() -> Vec<String> {
    PLANS
        .iter()
        .flat_map(|plan| plan.lines())
        .filter_map(|l| l.trim().strip_prefix("id = \""))
        .filter_map(|l| l.split('"').next())
        .map(str::to_string)
        .collect()
}

fn unit_ids() -> Vec<String> {
    let mut ids = Vec::new();
    let mut in_unit = false;
    for line in PLANS.iter().flat_map(|plan| plan.lines()) {
        if line.starts_with("[[") {
            in_unit = line == "[[units]]";
        } else if in_unit && let Some(rest) = line.strip_prefix("id = \"") {
            ids.push(rest.trim_end_matches('"').to_string());
        }
    }
    ids
}

/// What is not the tool's own words: file names and paths, options, what a person
/// types (in backticks or quotes), ids and numbers.
fn strip(text: &str, ids: &[String]) -> String {
    let text = drop_command_lines(text);
    let text = drop_spans(&text, '\'', '\'');
    let mut out = String::new();
    let mut after_option = false;
    for word in text.split_inclusive(char::is_whitespace) {
        let bare = word
            .trim()
            .trim_matches(['(', ')', '"', '`', '\'', ',', ';', '.', ':', '[', ']']);
        let is_path = bare.contains('/') && bare.chars().any(|c| c.is_ascii_alphabetic())
            || [
                ".csv", ".xlsx", ".ods", ".xls", ".toml", ".md", ".json", ".html", ".docx",
            ]
            .iter()
            .any(|ext| bare.contains(ext));
        let is_option = bare.starts_with("--") || bare == "-o";
        let is_value = after_option && !bare.is_empty() && bare.is_ascii();
        let is_variable = bare.contains('_');
        let is_hash = bare.len() >= 8 && bare.chars().all(|c| c.is_ascii_hexdigit());
        after_option = is_option;
        if is_path || is_option || is_value || is_variable || is_hash {
            out.push(' ');
            if word.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(word);
        }
    }
    let mut out = drop_spans(&out, '`', '`');
    out = drop_spans(&out, '"', '"');
    out = drop_spans(&out, '“', '”');
    for id in ids {
        out = replace_word(&out, id, " ");
    }
    out
}

/// The commands a person types, as help shows them: from `gender-plan` to the
/// next wide gap, and a command's name heading a line of the command list.
fn drop_command_lines(text: &str) -> String {
    const COMMANDS: &[&str] = &[
        "ingest",
        "status",
        "overdue",
        "notes",
        "history",
        "withdraw",
        "template",
        "calendar",
        "plan",
        "report",
        "remind",
        "check",
        "help",
        "new",
        "import",
        "export",
        "completions",
        "man",
    ];
    text.lines()
        .map(|line| {
            let mut line = line.to_string();
            while let Some(at) = line.find("gender-plan") {
                let rest = &line[at..];
                let end = rest.find("  ").unwrap_or(rest.len());
                line.replace_range(at..at + end, " ");
            }
            let trimmed = line.trim_start();
            if let Some((first, rest)) = trimmed.split_once("  ")
                && COMMANDS.contains(&first)
            {
                return format!(" {rest}");
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The words of the plan's Vietnamese texts and of what the units wrote: they are
/// shown as they are in both languages, so they are not the tool's vocabulary.
fn words_of_plan_and_reports() -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for line in PLANS.iter().flat_map(|plan| plan.lines()) {
        for (at, _) in line.match_indices("vi = \"") {
            let text = line[at + 6..].split('"').next().unwrap_or("");
            words.extend(ascii_words(text));
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["reports", "corrections", "lai-chau-2026-2030/reports"] {
        for entry in std::fs::read_dir(root.join("examples").join(folder)).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            words.extend(ascii_words(&String::from_utf8_lossy(&bytes)));
        }
    }
    words
}

/// The text with every span from `open` to `close` (on one line) removed.
fn drop_spans(text: &str, open: char, close: char) -> String {
    text.lines()
        .map(|line| {
            let mut out = String::new();
            let mut rest = line;
            while let Some(start) = rest.find(open) {
                let after = &rest[start + open.len_utf8()..];
                let Some(end) = after.find(close) else { break };
                out.push_str(&rest[..start]);
                out.push(' ');
                rest = &after[end + close.len_utf8()..];
            }
            out.push_str(rest);
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_' || c == '.'
}

/// `text` with every whole-word `word` (not part of a longer id) replaced.
fn replace_word(text: &str, word: &str, by: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + word.len()..].chars().next();
        let whole = before.is_none_or(|c| !is_word_char(c))
            && after.is_none_or(|c| {
                !is_word_char(c)
                    || c == '.' && {
                        let next = rest[at + word.len() + 1..].chars().next();
                        next.is_none_or(|n| !n.is_alphanumeric())
                    }
            });
        out.push_str(&rest[..at]);
        out.push_str(if whole { by } else { word });
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

/// The words of a text made only of ASCII letters, in lower case: the words that
/// can be English.
fn ascii_words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .filter(|w| !w.chars().all(|c| "ivxIVX".contains(c)))
        .map(str::to_lowercase)
        .collect()
}

/// Names of things that are the same in both languages: formats, programs, the
/// parts of a date pattern.
const NAMES: &[&str] = &[
    "csv",
    "utf",
    "excel",
    "windows",
    "xlsx",
    "xls",
    "ods",
    "json",
    "markdown",
    "html",
    "docx",
    "toml",
    "libreoffice",
    "calc",
    "dhis",
    "dd",
    "mm",
    "yyyy",
    "pdf",
    "word",
    "gender",
    "plan",
    "bom",
    "ubnd",
    "nd",
    "cp",
    "en",
    "vi",
    "open",
    "sdg",
    "tester",
    "bash",
    "zsh",
    "fish",
    "powershell",
    "elvish",
    "roff",
    "tab",
];

/// Vietnamese words written only in ASCII letters that English also has.
const VIETNAMESE_IN_ASCII: &[&str] = &[
    "do", "in", "an", "con", "tin", "to", "ban", "hon", "bo", "sin", "ma", "ha", "the", "xa",
];

#[test]
fn vietnamese_mode_shows_no_english_word_no_unit_id_and_no_machine_form() {
    let cases = cases();
    let ids = plan_ids();
    let english = run_all("en");
    let vietnamese = run_all("vi");
    let vocabulary = vocabulary(&cases, &english, &ids);
    let units = unit_ids();
    let mut problems = Vec::new();
    for ((case, en), vi) in cases.iter().zip(&english).zip(&vietnamese) {
        let command = case.args.join(" ");
        if en.trim().is_empty() || vi.trim().is_empty() {
            problems.push(format!("{command}: nothing printed"));
        }
        for line in vi.lines() {
            let found = problems_in(line, case.for_people, &vocabulary, &ids, &units);
            problems.extend(
                found
                    .into_iter()
                    .map(|p| format!("{command}: {p} in: {line}")),
            );
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The tool's own words: those of the English runs, minus names that are the same
/// in both languages, Vietnamese words written in ASCII, the plan's and the units'
/// own text, and what the person typed that comes back as typed.
fn vocabulary(cases: &[Case], english: &[String], ids: &[String]) -> BTreeSet<String> {
    let mut theirs = words_of_plan_and_reports();
    for c in cases {
        let echoed = c
            .args
            .windows(2)
            .filter(|w| w[0] == "-o" || w[0] == "--reason" || w[0] == "--each");
        theirs.extend(echoed.flat_map(|w| ascii_words(&w[1])));
    }
    let vocabulary: BTreeSet<String> = english
        .iter()
        .flat_map(|out| ascii_words(&strip(out, ids)))
        .filter(|w| !NAMES.contains(&w.as_str()) && !VIETNAMESE_IN_ASCII.contains(&w.as_str()))
        .filter(|w| !theirs.contains(w))
        .collect();
    // The vocabulary holds the tool's words, so the check can fail.
    for word in [
        "outlook",
        "attainment",
        "rejected",
        "recorded",
        "due",
        "late",
        "target",
    ] {
        assert!(vocabulary.contains(word), "{word} not in {vocabulary:?}");
    }
    vocabulary
}

/// What is wrong with a line of Vietnamese output: English words of the tool's
/// vocabulary, and (in what people read) machine forms.
fn problems_in(
    line: &str,
    for_people: bool,
    vocabulary: &BTreeSet<String>,
    ids: &[String],
    units: &[String],
) -> Vec<String> {
    let mut found = Vec::new();
    let english: Vec<String> = ascii_words(&strip(line, ids))
        .into_iter()
        .filter(|w| vocabulary.contains(w))
        .collect();
    if !english.is_empty() {
        found.push(format!("English {english:?}"));
    }
    if for_people {
        found.extend(machine_forms(line, units));
    }
    found.extend(old_wordings(line));
    found
}

/// Wordings the officer's review replaced (issue 26), which must not come back: each
/// with the one that replaced it.
const OLD_WORDINGS: &[(&str, &str)] = &[
    ("chỉ tiêu năm 20", "mục tiêu đến năm …"),
    ("mức đạt", "tỷ lệ so với chỉ tiêu (%)"),
    ("┆ giá trị ┆", "kết quả thực hiện"),
    ("| giá trị |", "kết quả thực hiện"),
    ("Ma trận trách nhiệm", "Bảng phân công trách nhiệm"),
    ("nhắc", "đôn đốc"),
    ("│ thực hiện ", "căn cứ"),
    ("số ngày chậm", "số ngày quá hạn"),
    ("người rút lại: ?", "the name, or that it is not recorded"),
    ("số đếm ≥", "what is counted: ≥ 4 tin, bài"),
    ("100%;giá trị:", "a share's form row asks a count"),
    ("│ stt", "STT"),
    ("┆ đoàn thể ", "Mặt trận, đoàn thể"),
    (
        "'office', 'organisation'",
        "'co-quan' (cơ quan), 'doan-the' (Mặt trận, đoàn thể)",
    ),
    ("Tam Đường, giai đoạn 2021-2025", "the years said once"),
    ("năm 2025, năm 2025", "the year said once"),
    ("chỉ tiêu năm 2025, năm", "the year said once"),
    ("giá trị theo kỳ", "kết quả thực hiện theo kỳ"),
];

/// The replaced wordings in a line, and a number with a space before its percent
/// sign ("60 %": Vietnamese writes "60%").
fn old_wordings(line: &str) -> Vec<String> {
    let mut found: Vec<String> = OLD_WORDINGS
        .iter()
        .filter(|(old, _)| line.contains(old))
        .map(|(old, new)| format!("old wording {old:?} (now: {new})"))
        .collect();
    let spaced = line
        .char_indices()
        .any(|(at, c)| c.is_ascii_digit() && line[at + 1..].starts_with(" %"));
    if spaced {
        found.push("a space before the percent sign".to_string());
    }
    found
}

/// The check catches each replaced wording as the tool printed it before.
#[test]
fn the_replaced_wordings_are_caught() {
    let before = [
        "│ mã  ┆ chỉ tiêu ┆ chỉ tiêu năm 2025 ┆ theo văn bản ┆ cách tính ┆ chịu trách nhiệm │",
        "│ mã ┆ chỉ tiêu ┆ chỉ tiêu đề ra ┆ giá trị ┆ diễn biến ┆ mức đạt ┆ tình trạng │",
        "| mã | chỉ tiêu | giá trị | đã báo cáo |",
        "Ma trận trách nhiệm",
        "Theo dõi kế hoạch bình đẳng giới của huyện: kiểm tra báo cáo của các đơn vị, theo dõi chỉ tiêu, nhắc báo cáo chậm",
        "│ thực hiện          ┆ Kế hoạch số 1415/KH-UBND ngày 25/5/2021 │",
        "│ đơn vị ┆ loại ┆ kỳ ┆ hạn ┆ tình trạng ┆ ngày gửi ┆ số ngày chậm ┆ chỉ tiêu còn thiếu │",
        "Rút lại ngày 31/12/2025, người rút lại: ?; lý do: nhầm",
        "│ 6.3 ┆ Tỷ lệ xã ┆ = 100 % ┆ 100% ┆ tỷ lệ đơn vị có số đếm ≥ 4 mỗi quý ┆ Phòng VH&TT │",
        "ban-bo;2025-Q1;6.3;Tỷ lệ xã;%;'= 100%;giá trị: Số tin, bài;;;;;",
        "│ stt ┆ nhiệm vụ │",
        "│ Hội Nông dân huyện (hoinongdan) ┆ đoàn thể     ┆ năm 2024 │",
        "lỗi: giá trị 'huyen' không hợp lệ cho '--kind <LOẠI>'; các giá trị được dùng: 'office', 'organisation', 'commune'",
        "**Kết quả thực hiện Kế hoạch thực hiện Chiến lược quốc gia về Bình đẳng giới giai đoạn 2021-2025 trên địa bàn huyện Tam Đường, giai đoạn 2021-2025 (tổng kết)**",
        "Mức đạt so với chỉ tiêu năm 2025, năm 2025",
        "│ 1.1 ┆ ≥ 60 % ┆ 57,7 % │",
        "Biểu đồ 6.1: giá trị theo kỳ",
    ];
    for line in before {
        assert!(!old_wordings(line).is_empty(), "not caught: {line}");
    }
    for (old, _) in OLD_WORDINGS {
        assert!(
            before.iter().any(|line| line.contains(old)),
            "{old:?} has no example"
        );
    }
    assert!(old_wordings("│ 1.1 ┆ ≥ 60% ┆ đôn đốc báo cáo chậm ┆ STT │").is_empty());
}

/// Unit ids shown on their own (not as a file name, not what to type, not in
/// brackets after the unit's name), periods such as 2025-H1 and ISO days.
fn machine_forms(line: &str, units: &[String]) -> Vec<String> {
    let mut text = strip(line, &[]);
    text = drop_spans(&text, '(', ')');
    let mut found = Vec::new();
    for id in units {
        if replace_word(&text, id, "\u{0}") != text {
            found.push(format!("unit id {id:?}"));
        }
    }
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices('-') {
        let digits_before = at >= 4 && bytes[at - 4..at].iter().all(u8::is_ascii_digit);
        let after = &text[at + 1..];
        let period =
            after.starts_with(['H', 'Q']) && after[1..].starts_with(|c: char| c.is_ascii_digit());
        let day = after.len() >= 5
            && after.as_bytes()[..2].iter().all(u8::is_ascii_digit)
            && after.as_bytes()[2] == b'-';
        if digits_before && period {
            found.push(format!("period {:?}", &text[at - 4..at + 3]));
        }
        if digits_before && day {
            found.push(format!("day {:?}", &text[at - 4..at + 6]));
        }
    }
    found
}

/// Runs in Vietnamese in `sb`; returns (exit code, stdout, stderr).
fn vi(sb: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--lang", "vi", "--as-of", "2025-12-31"];
    all.extend_from_slice(args);
    sb.run(&all)
}

#[test]
fn the_toml_readers_messages_are_ours_in_vietnamese_with_their_line() {
    let sb = sandbox();
    let cases = [
        (
            "plan-string-number.toml",
            &format!(
                "plan-string-number.toml:{}:10: lỗi: kiểu giá trị không đúng: có văn bản \"109\", cần số",
                line_of(PLAN, "target = 109")
            ),
        ),
        (
            "plan-no-comma.toml",
            &format!(
                "plan-no-comma.toml:{}:19: lỗi: thiếu dấu phẩy giữa các phần tử của danh sách, cần `,`",
                line_of(PLAN, "aliases = [\"TTYT\"")
            ),
        ),
        (
            "plan-no-value.toml",
            &format!(
                "plan-no-value.toml:{}:9: lỗi: giá trị văn bản phải nằm trong dấu nháy kép",
                line_of(PLAN, "target = 109")
            ),
        ),
    ];
    for (plan, expected) in cases {
        let (code, out, err) = vi(&sb, &["check", "--plan", plan]);
        assert_eq!(code, 1, "{plan}: {out}{err}");
        assert!(err.contains(expected.as_str()), "{plan}:\n{err}");
        let (_, _, english) = sb.run(&["check", "--plan", plan]);
        assert!(
            english.contains("expected"),
            "{plan}: English keeps the reader's words:\n{english}"
        );
    }
}

#[test]
fn operating_system_errors_are_translated() {
    let sb = Sandbox::new();
    let (code, _, err) = vi(&sb, &["ingest", "missing.csv"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("missing.csv: lỗi: không đọc được tệp: không có tệp hoặc thư mục này (kiểm tra lại tên và thư mục)"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
    let (_, _, english) = sb.run(&["ingest", "missing.csv", "--as-of", "2025-12-31"]);
    assert!(
        english.contains("cannot read the file: no such file or folder"),
        "{english}"
    );
    sb.write(
        "r.csv",
        "unit,period,indicator,value\nthongke,2024,3.1,1.8\n",
    );
    let (code, _, err) = vi(&sb, &["ingest", "--data", "no-folder/data.csv", "r.csv"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("nguyên nhân: không có tệp hoặc thư mục này"),
        "{err}"
    );
}

#[test]
fn a_folder_given_as_the_data_file_is_refused_in_vietnamese() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path("data-folder")).unwrap();
    sb.write(
        "r.csv",
        "unit,period,indicator,value\nthongke,2024,3.1,1.8\n",
    );
    let (code, _, err) = vi(&sb, &["ingest", "--data", "data-folder", "r.csv"]);
    assert_eq!(code, 1);
    assert!(err.starts_with("lỗi: "), "{err}");
    assert!(
        !err.contains("data file") && !err.contains("regular"),
        "{err}"
    );
}

#[test]
fn template_o_says_what_it_wrote() {
    let sb = Sandbox::new();
    let (code, out, err) = vi(
        &sb,
        &[
            "template", "--unit", "ban-bo", "--period", "2025-H1", "-o", "f.csv",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "{out}");
    assert_eq!(err, "đã ghi biểu mẫu vào f.csv: gửi cho đơn vị điền\n");
    let (code, _, err) = sb.run(&[
        "template", "--unit", "ban-bo", "--period", "2025-H1", "-o", "g.csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err,
        "the form is written to g.csv: send it to the unit to fill in\n"
    );
}

#[test]
fn one_more_line_is_one_line_and_the_decimal_reading_has_a_comma() {
    let sb = Sandbox::new();
    sb.write(
        "r.csv",
        "unit,period,indicator,value\nthongke,2024,3.1,1.959\nBản Boo,2024,6.3,4\nBản Boo,2024-Q2,6.3,4\n",
    );
    let (_, _, err) = vi(&sb, &["ingest", "--dry-run", "r.csv"]);
    assert!(
        err.contains("không có đơn vị \"Bản Boo\" (cả ở dòng 4)\n"),
        "{err}"
    );
    assert!(
        err.contains(
            "là 1959 nếu dấu \",\" là dấu thập phân, là 1,959 nếu dấu \".\" là dấu thập phân"
        ),
        "{err}"
    );
    let (_, _, english) = sb.run(&["ingest", "--dry-run", "r.csv", "--as-of", "2025-12-31"]);
    assert!(
        english.contains("unknown unit \"Bản Boo\" (also on line 4)\n"),
        "{english}"
    );
    assert!(
        english.contains("1959 if \",\" is the decimal mark, 1.959 if \".\" is"),
        "{english}"
    );
}

#[test]
fn a_period_that_is_not_a_round_lists_the_rounds_as_typed_and_in_words() {
    let sb = Sandbox::new();
    let (code, _, err) = vi(&sb, &["status", "--period", "2025-H3"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("\"2025-H1\" (6 tháng đầu năm 2025), \"2025\" (năm 2025)"),
        "{err}"
    );
}

#[test]
fn a_table_column_names_a_unit_by_its_short_name_which_is_also_typed() {
    let sb = Sandbox::new();
    let (code, out, err) = vi(&sb, &["status", "--objective", "4", "--period", "2025"]);
    assert_eq!(code, 0, "{err}");
    let row = out.lines().find(|l| l.contains("│ 4.1 ")).unwrap();
    assert!(row.trim_end().ends_with("┆ TTYT huyện       │"), "{row}");
    let (code, out, err) = vi(&sb, &["plan", "--unit", "Hội LHPN huyện"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Hội Liên hiệp Phụ nữ huyện (hoiphunu)"),
        "{out}"
    );
    let (_, json, _) = sb.run(&["plan", "--unit", "ldtbxh", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["unit"]["short"]["vi"], "Phòng LĐ-TB&XH", "{json}");
}

#[test]
fn periods_are_typed_as_people_read_them() {
    let sb = Sandbox::new();
    sb.write(
        "r.csv",
        "đơn vị,kỳ,chỉ tiêu,tử số,mẫu số,giá trị,ngày gửi\n\
         Bản Bo,6 tháng đầu năm 2025,6.1,10,20,,01/06/2025\n\
         Bản Bo,quý I/2025,6.3,,,4,01/06/2025\n\
         Bản Bo,quý II/2025,6.3,,,5,01/06/2025\n",
    );
    let (code, out, err) = vi(&sb, &["ingest", "r.csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "r.csv: Bản Bo, 6 tháng đầu năm 2025, quý I/2025, quý II/2025: 3 số liệu mới"
        ),
        "{out}"
    );
    let words = vi(
        &sb,
        &[
            "overdue",
            "--period",
            "6 tháng đầu năm 2025",
            "--unit",
            "ban-bo",
            "--all",
        ],
    );
    let codes = vi(
        &sb,
        &[
            "overdue", "--period", "2025-H1", "--unit", "ban-bo", "--all",
        ],
    );
    assert_eq!(words.0, 0, "{}", words.2);
    assert_eq!(words, codes);
    let (code, out, err) = vi(
        &sb,
        &["history", "--unit", "Bản Bo", "--period", "quý II/2025"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("┆ quý II/2025 ┆ 6.3 "), "{out}");
    assert!(!out.contains("quý I/2025"), "{out}");
    let words = vi(
        &sb,
        &[
            "report",
            "--period",
            "6 tháng đầu năm 2025",
            "--format",
            "json",
        ],
    );
    let codes = vi(&sb, &["report", "--period", "2025-H1", "--format", "json"]);
    assert_eq!(words.0, 0, "{}", words.2);
    assert_eq!(words, codes);
    let (code, _, err) = vi(&sb, &["report", "--period", "quý I/2025"]);
    assert_eq!(code, 1);
    assert!(err.contains("\"2025-H1\" (6 tháng đầu năm 2025)"), "{err}");
}

/// Issue 26: a gap between percentages is "điểm phần trăm", never "điểm %".
#[test]
fn a_gap_between_percentages_is_in_percentage_points() {
    let sb = Sandbox::new();
    sb.write(
        "gddt.csv",
        "unit,period,indicator,numerator,denominator,submitted,group\n\
         gddt,2025,5.2a,50,50,2025-12-10,boys\n\
         gddt,2025,5.2a,49,50,2025-12-10,girls\n",
    );
    let (code, _, err) = vi(&sb, &["ingest", "gddt.csv"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = vi(&sb, &["status", "--objective", "5", "--period", "2025"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 điểm phần trăm"), "{out}");
    assert!(!out.contains("điểm %"), "{out}");
}
