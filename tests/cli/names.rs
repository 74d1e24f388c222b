//! Every option that names a unit or an indicator accepts what ingest accepts in a
//! file (id, name, alias, any case, with or without diacritics) and, on a miss,
//! gives the same "did you mean" hint.

use crate::common::Sandbox;

const AS_OF: &str = "2025-12-20";

/// Commands with a unit option, with the arguments they need besides it.
const UNIT_OPTIONS: [&[&str]; 6] = [
    &["status"],
    &["overdue", "--period", "2025-H1"],
    &["template", "--period", "2025-H1"],
    &["plan"],
    &["history"],
    &["notes", "--period", "2025-H1"],
];

const INDICATOR_OPTIONS: [&[&str]; 2] = [&["status"], &["history"]];

fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    sb.write(
        "g.csv",
        "unit,period,indicator,numerator,denominator\nban-bo,2025-H1,3.2a,1,2\n",
    );
    let (code, out, err) = sb.run(&["ingest", "g.csv", "--as-of", AS_OF, "--data", "d.csv"]);
    assert_eq!(code, 0, "{out}{err}");
    sb
}

/// Ingest's verdict on a unit or indicator spelling: None if accepted, else its hint.
fn ingest_hint(sb: &Sandbox, unit: &str, indicator: &str) -> Option<String> {
    sb.write(
        "n.csv",
        format!("unit,period,indicator,numerator,denominator\n\"{unit}\",2025,{indicator},1,2\n"),
    );
    let (code, _, err) = sb.run(&[
        "ingest",
        "--dry-run",
        "n.csv",
        "--as-of",
        AS_OF,
        "--data",
        "d.csv",
    ]);
    (code != 0).then(|| {
        let hint = err.lines().find_map(|l| l.strip_prefix("  hint: "));
        hint.unwrap_or_else(|| panic!("a hint in {err}"))
            .to_string()
    })
}

/// A command's verdict: None if it ran, else the hint after "unknown …; ".
fn command_hint(sb: &Sandbox, args: &[&str], option: &str, name: &str) -> Option<String> {
    let mut all = args.to_vec();
    all.extend([option, name, "--as-of", AS_OF, "--data", "d.csv"]);
    let (code, out, err) = sb.run(&all);
    (code != 0).then(|| {
        let (_, hint) = err
            .split_once("; ")
            .unwrap_or_else(|| panic!("{all:?}: {out}{err}"));
        hint.trim_end().to_string()
    })
}

#[test]
fn unit_options_accept_what_ingest_accepts() {
    let sb = sandbox();
    for spelling in [
        "ban-bo",
        "Bản Bo",
        "BAN-BO",
        "ban bo",
        "xã Bản Bo",
        "Bản Boo",
        "zzz",
    ] {
        let ingest = ingest_hint(&sb, spelling, "3.2a");
        for args in UNIT_OPTIONS {
            assert_eq!(
                command_hint(&sb, args, "--unit", spelling),
                ingest,
                "{args:?} --unit {spelling:?}"
            );
        }
    }
    assert!(
        ingest_hint(&sb, "Bản Boo", "3.2a")
            .unwrap()
            .contains("did you mean \"ban-bo\"")
    );
}

#[test]
fn indicator_options_accept_what_ingest_accepts() {
    let sb = sandbox();
    for spelling in ["3.2a", "3.2A", " 3.2a ", "3.3b", "9"] {
        let ingest = ingest_hint(&sb, "ban-bo", spelling);
        for args in INDICATOR_OPTIONS {
            assert_eq!(
                command_hint(&sb, args, "--indicator", spelling),
                ingest,
                "{args:?} --indicator {spelling:?}"
            );
        }
    }
    assert!(
        ingest_hint(&sb, "ban-bo", "3.3b")
            .unwrap()
            .contains("did you mean 3.2b")
    );
}

/// Names in time (issue 22): after the July 2025 merger "Bản Bo" is the name of
/// the old commune until 30 June 2025 and of the new one from 1 July. A name on the
/// command line is the unit that bore it on the as-of day; a figure's, the unit
/// that bore it in its period, or both are named with their dates.
#[test]
fn a_name_two_units_bore_is_the_one_of_the_day_asked_about() {
    let sb = Sandbox::empty();
    sb.write("plan.toml", crate::common::plan_after_the_2025_merger());
    let id_of = |args: &[&str], day: &str| {
        let mut all = args.to_vec();
        all.extend(["--unit", "Bản Bo", "--as-of", day, "--format", "json"]);
        let (code, out, err) = sb.run(&all);
        assert_eq!(code, 0, "{all:?}: {err}");
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        json["unit"]["id"].as_str().unwrap().to_string()
    };
    assert_eq!(id_of(&["plan"], "2025-12-20"), "xa-ban-bo");
    assert_eq!(id_of(&["plan"], "2025-05-20"), "ban-bo");
    // Both bore it in 2025: a figure of 2025 named so is refused, naming both.
    let withdraw = |lang: &str| {
        sb.run(&[
            "--lang",
            lang,
            "withdraw",
            "--unit",
            "Bản Bo",
            "--period",
            "2025",
            "--indicator",
            "6.1",
            "--reason",
            "x",
            "--dry-run",
            "--as-of",
            AS_OF,
            "--data",
            "data.csv",
        ])
    };
    let (code, _, err) = withdraw("en");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("\"Bản Bo\" was the name of 2 units in 2025: Bản Bo commune (ban-bo, until 2025-06-30); Bản Bo commune (xa-ban-bo, from 2025-07-01); name the one you mean by its id"),
        "{err}"
    );
    let (_, _, err) = withdraw("vi");
    assert!(
        err.contains("Bản Bo (ban-bo, cũ, đến 30/06/2025); Bản Bo (xa-ban-bo, mới, từ 01/07/2025)"),
        "{err}"
    );
    // The plan's changes tell the namesakes apart.
    let (_, out, _) = sb.run(&["plan", "--matrix", "--as-of", AS_OF]);
    assert!(
        out.contains("Khun Há commune (khun-ha, until 2025-06-30) ends after this day; its duties pass to Khun Há commune (xa-khun-ha, from 2025-07-01)"),
        "{out}"
    );
}

/// A folder with the shipped plan after the July 2025 merger.
fn merged() -> Sandbox {
    let sb = Sandbox::empty();
    sb.write("plan.toml", crate::common::plan_after_the_2025_merger());
    sb
}

const ROWS_HEADER: &str = "unit,period,indicator,numerator,denominator,value,submitted";

/// Ingests a CSV file of these rows, in `lang`: (exit code, stderr).
fn ingest_rows(sb: &Sandbox, lang: &str, name: &str, rows: &[&str]) -> (i32, String) {
    sb.write(name, format!("{ROWS_HEADER}\n{}\n", rows.join("\n")));
    let (code, _, err) = sb.run(&[
        "--lang", lang, "ingest", name, "--as-of", AS_OF, "--data", "data.csv",
    ]);
    (code, err)
}

/// The unit each recorded figure is of, by period: [(period, unit id)].
fn recorded_units(sb: &Sandbox) -> Vec<(String, String)> {
    let (code, out, err) = sb.run(&[
        "history", "--format", "json", "--as-of", AS_OF, "--data", "data.csv",
    ]);
    assert_eq!(code, 0, "{err}");
    let entries: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let text = |e: &serde_json::Value, k: &str| e[k].as_str().unwrap().to_string();
    entries
        .iter()
        .map(|e| (text(e, "period"), text(e, "unit")))
        .collect()
}

/// Names in time, in a file (issue 22): a name in a submission is the unit that
/// bore it in the figure's period, not on the round's due date. In 2025 both
/// communes called Bản Bo bore it, so a 2025 figure under that name is refused at
/// its line, naming both with their dates and saying to write the id.
#[test]
fn a_name_in_a_file_is_the_unit_that_bore_it_in_the_figures_period() {
    let sb = merged();
    let rows = [
        "Bản Bo,2025-H1,6.1,100,1000,,01/06/2025",
        "Xã Bản Bo,2025-Q3,6.3,,,5,10/12/2025",
        "bản bo,2025,6.1,300,1000,,10/12/2025",
    ];
    let (code, err) = ingest_rows(&sb, "en", "a.csv", &rows);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("a.csv:4: error: \"bản bo\" was the name of 2 units in 2025: Bản Bo commune (ban-bo, until 2025-06-30); Bản Bo commune (xa-ban-bo, from 2025-07-01)\n  hint: in the unit column, write the id of the unit whose figures these are: ban-bo or xa-ban-bo"),
        "{err}"
    );
    assert_eq!(err.matches(": error: ").count(), 1, "{err}");
    let (code, err) = ingest_rows(&sb, "vi", "a.csv", &rows);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("a.csv:4: lỗi: \"bản bo\" là tên của 2 đơn vị trong năm 2025: Bản Bo (ban-bo, cũ, đến 30/06/2025); Bản Bo (xa-ban-bo, mới, từ 01/07/2025)\n  gợi ý: ghi vào cột đơn vị mã của đơn vị có số liệu này: ban-bo hoặc xa-ban-bo"),
        "{err}"
    );
    // Without the year's row: the half-year is the old commune's, the third
    // quarter the new one's; and the year's figure is taken under its id.
    let (code, err) = ingest_rows(&sb, "en", "b.csv", &rows[..2]);
    assert_eq!(code, 0, "{err}");
    let (code, err) = ingest_rows(
        &sb,
        "en",
        "c.csv",
        &["xa-ban-bo,2025,6.1,300,1000,,10/12/2025"],
    );
    assert_eq!(code, 0, "{err}");
    let mut units = recorded_units(&sb);
    units.sort();
    let pair = |p: &str, u: &str| (p.to_string(), u.to_string());
    assert_eq!(
        units,
        [
            pair("2025", "xa-ban-bo"),
            pair("2025-H1", "ban-bo"),
            pair("2025-Q3", "xa-ban-bo")
        ]
    );
}

/// The same in a workbook: the problem is at the unit's cell.
#[test]
fn a_name_two_units_bore_is_refused_at_its_cell_in_a_workbook() {
    let sb = merged();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Báo cáo").unwrap();
    let rows: [[&str; 5]; 3] = [
        ["đơn vị", "kỳ", "chỉ tiêu", "tử số", "mẫu số"],
        ["Tả Lèng", "2025-H1", "6.1", "1", "2"],
        ["Tả Lèng", "2025", "6.1", "1", "2"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    workbook.save(sb.path("w.xlsx")).unwrap();
    let (code, _, err) = sb.run(&["ingest", "w.xlsx", "--as-of", AS_OF, "--data", "data.csv"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("w.xlsx[Báo cáo]!A3: error: \"Tả Lèng\" was the name of 2 units in 2025: Tả Lèng commune (ta-leng, until 2025-06-30); Tả Lèng commune (xa-ta-leng, from 2025-07-01)"),
        "{err}"
    );
    assert_eq!(err.matches(": error: ").count(), 1, "{err}");
}

/// One definition of names in time: what ingest makes of a name in a file for a
/// period, the command line makes of it for that period (`withdraw --period`):
/// the same unit, or the same refusal naming the same units.
#[test]
fn the_command_line_and_a_file_read_a_name_alike() {
    let sb = merged();
    let cases = [
        ("Bản Bo", "2024", "6.1", ",10,20,"),
        ("Bản Bo", "2025-H1", "6.1", ",10,20,"),
        ("Bình Lư", "2025-Q3", "6.3", ",,,5"),
        ("Khun Há", "2025", "6.1", ",10,20,"),
    ];
    for (i, (name, period, indicator, figure)) in cases.into_iter().enumerate() {
        let row = format!("{name},{period},{indicator}{figure},10/12/2025");
        let (code, ingest_err) = ingest_rows(&sb, "en", &format!("{i}.csv"), &[&row]);
        let (wcode, out, err) = sb.run(&[
            "withdraw",
            "--unit",
            name,
            "--period",
            period,
            "--indicator",
            indicator,
            "--reason",
            "x",
            "--dry-run",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--data",
            "data.csv",
        ]);
        if code == 0 {
            assert_eq!(wcode, 0, "{row}: {err}");
            let json: serde_json::Value = serde_json::from_str(&out).unwrap();
            let unit = json["figures"][0]["unit"].as_str().unwrap().to_string();
            assert!(
                recorded_units(&sb).contains(&(period.to_string(), unit.clone())),
                "{row}: withdraw names {unit}"
            );
        } else {
            assert_eq!(
                wcode, 1,
                "{row}: ingest refused ({ingest_err}), withdraw did not"
            );
            // The units listed after "… units in 2025: ".
            let units = |text: &str| {
                let (_, rest) = text.split_once(" units in ").unwrap();
                let (_, list) = rest.split_once(": ").unwrap();
                let list = list.lines().next().unwrap();
                list.trim_end_matches("; name the one you mean by its id")
                    .to_string()
            };
            assert_eq!(units(&ingest_err), units(&err), "{row}");
        }
    }
    // Both outcomes were seen.
    let periods: Vec<String> = recorded_units(&sb).into_iter().map(|(p, _)| p).collect();
    assert_eq!(periods.len(), 3, "{periods:?}");
}

/// After the merger, with the old Bản Bo's half-year and the new one's year
/// recorded (by id).
fn merged_with_figures() -> Sandbox {
    let sb = merged();
    let rows = [
        "ban-bo,2025-H1,6.1,100,1000,,01/06/2025",
        "xa-ban-bo,2025,6.1,300,1000,,10/12/2025",
        "xa-ban-bo,2025-Q3,6.3,,,5,10/12/2025",
    ];
    let (code, err) = ingest_rows(&sb, "en", "f.csv", &rows);
    assert_eq!(code, 0, "{err}");
    sb
}

/// A command's standard output, in `lang`, as of AS_OF on the data file.
fn output(sb: &Sandbox, lang: &str, args: &[&str]) -> String {
    let mut all = vec!["--lang", lang, "--as-of", AS_OF, "--data", "data.csv"];
    all.extend_from_slice(args);
    let (code, out, err) = sb.run(&all);
    assert!(code == 0 || code == 3, "{all:?}: {err}");
    out
}

/// Namesakes told apart wherever shown (issue 22): a unit that ended or started
/// during the plan carries its dates, in both languages, in overdue, status,
/// history and the report; a unit that lasts the whole plan is shown as before,
/// and JSON keeps the ids.
#[test]
fn namesakes_are_told_apart_wherever_they_are_shown() {
    let sb = merged_with_figures();
    let (old_en, new_en) = (
        "Bản Bo commune (ban-bo, until 2025-06-30)",
        "Bản Bo commune (xa-ban-bo, from 2025-07-01)",
    );
    let (old_vi, new_vi) = (
        "Bản Bo (ban-bo, cũ, đến 30/06/2025)",
        "Bản Bo (xa-ban-bo, mới, từ 01/07/2025)",
    );
    for (lang, old, new, office) in [
        ("en", old_en, new_en, "District Health Centre (ttyt) "),
        ("vi", old_vi, new_vi, "Trung tâm Y tế huyện (ttyt) "),
    ] {
        let h1 = output(&sb, lang, &["overdue", "--period", "2025-H1", "--all"]);
        assert!(h1.contains(old) && h1.contains(office), "{h1}");
        let year = output(&sb, lang, &["overdue", "--period", "2025", "--all"]);
        assert!(year.contains(new), "{year}");
        // 6.3 for 2025: the old commune's quarters I and II, the new one's III and IV.
        let status = output(
            &sb,
            lang,
            &["status", "--indicator", "6.3", "--period", "2025"],
        );
        assert!(status.contains(old) && status.contains(new), "{status}");
    }
    let history = output(&sb, "en", &["history", "--indicator", "6.1"]);
    assert!(
        history.contains("Bản Bo commune (until 2025-06-30) ")
            && history.contains("Bản Bo commune (from 2025-07-01) "),
        "{history}"
    );
    let history = output(&sb, "vi", &["history", "--indicator", "6.1"]);
    assert!(
        history.contains("Bản Bo (cũ, đến 30/06/2025) ")
            && history.contains("Bản Bo (mới, từ 01/07/2025) "),
        "{history}"
    );
    // The report's compliance tables and the units' notes.
    for (period, en, vi) in [
        (
            "2025-H1",
            "Bản Bo commune (until 2025-06-30)",
            "Bản Bo (cũ, đến 30/06/2025)",
        ),
        (
            "2025",
            "Bản Bo commune (from 2025-07-01)",
            "Bản Bo (mới, từ 01/07/2025)",
        ),
    ] {
        for (lang, name) in [("en", en), ("vi", vi)] {
            let args = ["report", "--period", period, "--format", "markdown"];
            let report = output(&sb, lang, &args);
            assert!(
                report.contains(&format!("| {name} |")),
                "{lang} {period}: {report}"
            );
        }
    }
    // JSON keeps the ids.
    let json = output(
        &sb,
        "vi",
        &[
            "overdue", "--period", "2025-H1", "--all", "--format", "json",
        ],
    );
    let items: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert!(items.iter().any(|i| i["unit"] == "ban-bo"), "{json}");
}
