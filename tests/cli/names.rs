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
