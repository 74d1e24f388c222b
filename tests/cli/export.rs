//! `gender-plan export` (issue 24, part 1): the figures in force as DHIS2
//! dataValueSets (JSON, CSV) and IHE ADX, on the example data as of 2025-06-30.

use crate::common::{SHIPPED_PLAN as PLAN, Sandbox, line_of};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

const AS_OF: &str = "2025-06-30";
/// 2025-06-30T00:00:00Z: when the example data is recorded, for the golden files.
const RECORDED: &str = "1751241600";

fn example() -> Sandbox {
    super::report::example_data_recorded(Some(RECORDED))
}

fn export(sb: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--as-of", AS_OF, "export"];
    all.extend_from_slice(args);
    sb.run(&all)
}

fn json_export(sb: &Sandbox, period: &str) -> Value {
    let (code, out, err) = export(sb, &["--format", "dhis2-json", "--period", period]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// Each format of the 2025-H1 round, against tests/fixtures/export/
/// (`GENDER_PLAN_BLESS=1` rewrites them).
#[test]
fn golden_files_of_each_format() {
    let sb = example();
    let bless = std::env::var_os("GENDER_PLAN_BLESS").is_some();
    for (format, name) in [
        ("dhis2-json", "2025-H1.json"),
        ("dhis2-csv", "2025-H1.csv"),
        ("adx", "2025-H1.xml"),
    ] {
        let (code, out, err) = export(&sb, &["--format", format, "--period", "2025-H1"]);
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("idScheme CODE"), "{err}");
        let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/export")
            .join(name);
        if bless {
            std::fs::write(&golden, &out).unwrap();
        }
        let expected = std::fs::read_to_string(&golden).unwrap();
        assert!(out == expected, "{name} differs from the golden file");
    }
}

/// The figures `history` marks current and counted (`counts`, the rule status
/// follows), as (unit, period, indicator, group) → the values they export.
fn counted_figures(
    sb: &Sandbox,
    period: &str,
) -> BTreeMap<(String, String, String, String), Vec<String>> {
    let (code, out, err) = sb.run(&[
        "--as-of", AS_OF, "history", "--period", period, "--format", "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let entries: Vec<Value> = serde_json::from_str(&out).unwrap();
    let mut figures = BTreeMap::new();
    for e in entries
        .iter()
        .filter(|e| e["state"] == "current" && e["counts"] == true)
    {
        let figure = &e["figure"];
        let values = match figure["kind"].as_str().unwrap() {
            "ratio" => vec![
                number(&figure["value"]["numerator"]),
                number(&figure["value"]["denominator"]),
            ],
            "number" => vec![number(&figure["value"])],
            "yes_no" => vec![figure["value"].as_bool().unwrap().to_string()],
            _ => continue,
        };
        let key = (
            e["unit"].as_str().unwrap().to_string(),
            e["period"]
                .as_str()
                .unwrap()
                .replace("-H", "S")
                .replace("-Q", "Q"),
            e["indicator"].as_str().unwrap().to_string(),
            e["group"].as_str().unwrap_or("").to_string(),
        );
        figures.insert(key, values);
    }
    figures
}

fn number(v: &Value) -> String {
    format!("{}", v.as_f64().unwrap())
}

#[test]
fn every_counted_figure_appears_once_with_its_value() {
    let sb = example();
    for period in ["2025-H1", "2024"] {
        let expected = counted_figures(&sb, period);
        assert!(expected.len() > 20, "{period}: {}", expected.len());
        let set = json_export(&sb, period);
        let mut seen: BTreeMap<(String, String, String, String), Vec<String>> = BTreeMap::new();
        for v in set["dataValues"].as_array().unwrap() {
            let element = v["dataElement"].as_str().unwrap();
            let indicator = element
                .trim_end_matches(".numerator")
                .trim_end_matches(".denominator");
            let key = (
                v["orgUnit"].as_str().unwrap().to_string(),
                v["period"].as_str().unwrap().to_string(),
                indicator.to_string(),
                v["categoryOptionCombo"].as_str().unwrap_or("").to_string(),
            );
            seen.entry(key)
                .or_default()
                .push(v["value"].as_str().unwrap().to_string());
        }
        assert_eq!(seen, expected, "{period}");
    }
}

/// `[exchange.dhis2]` giving a code to every id the example's export uses.
fn mapping_of(set: &Value) -> String {
    let mut indicators = BTreeMap::new();
    let mut units = std::collections::BTreeSet::new();
    let mut groups = std::collections::BTreeSet::new();
    for v in set["dataValues"].as_array().unwrap() {
        let element = v["dataElement"].as_str().unwrap();
        let ratio = element.ends_with(".numerator") || element.ends_with(".denominator");
        let id = element
            .trim_end_matches(".numerator")
            .trim_end_matches(".denominator");
        indicators.insert(id.to_string(), ratio);
        units.insert(v["orgUnit"].as_str().unwrap().to_string());
        if let Some(g) = v["categoryOptionCombo"].as_str() {
            groups.insert(g.to_string());
        }
    }
    let mut toml = String::from("\n[exchange.dhis2]\ndata_set = \"DS_GE\"\n");
    for (id, ratio) in &indicators {
        let codes = if *ratio {
            format!("numerator = \"DE_{id}_N\"\ndenominator = \"DE_{id}_D\"")
        } else {
            format!("value = \"DE_{id}\"")
        };
        toml += &format!("\n[[exchange.dhis2.indicators]]\nid = \"{id}\"\n{codes}\n");
    }
    for id in &units {
        toml += &format!("\n[[exchange.dhis2.units]]\nid = \"{id}\"\norg_unit = \"OU_{id}\"\n");
    }
    for g in &groups {
        toml += &format!(
            "\n[[exchange.dhis2.groups]]\ndimension = \"sex\"\ngroup = \"{g}\"\ncategory_option_combo = \"COC_{g}\"\n"
        );
    }
    toml
}

#[test]
fn the_mapping_names_every_value_by_its_codes() {
    let sb = example();
    let ours = json_export(&sb, "2025");
    assert!(ours.get("dataSet").is_none());
    sb.write("plan.toml", format!("{PLAN}{}", mapping_of(&ours)));
    let (code, out, err) = export(&sb, &["--format", "dhis2-json", "--period", "2025"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        !err.contains("idScheme"),
        "the note is for a plan without codes: {err}"
    );
    let mapped: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(mapped["dataSet"], "DS_GE");
    let (a, b) = (
        ours["dataValues"].as_array().unwrap(),
        mapped["dataValues"].as_array().unwrap(),
    );
    assert_eq!(a.len(), b.len());
    for (o, m) in a.iter().zip(b) {
        let element = o["dataElement"].as_str().unwrap();
        let code = match element.rsplit_once('.') {
            Some((id, "numerator")) => format!("DE_{id}_N"),
            Some((id, "denominator")) => format!("DE_{id}_D"),
            _ => format!("DE_{element}"),
        };
        assert_eq!(m["dataElement"], code.as_str());
        assert_eq!(
            m["orgUnit"],
            format!("OU_{}", o["orgUnit"].as_str().unwrap()).as_str()
        );
        if let Some(g) = o["categoryOptionCombo"].as_str() {
            assert_eq!(m["categoryOptionCombo"], format!("COC_{g}").as_str());
        }
        assert_eq!(m["value"], o["value"]);
    }
    let (code, out, _) = export(&sb, &["--format", "adx", "--period", "2025"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("dataSet=\"DS_GE\"") && out.contains("orgUnit=\"OU_"),
        "{out}"
    );
    // DHIS2 in, through the same mapping: the codes come back as our ids.
    sb.write("mapped.json", out_json(&mapped));
    let (code, out, err) = sb.run(&[
        "--data",
        "mapped.csv",
        "--as-of",
        AS_OF,
        "ingest",
        "mapped.json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let (_, again, _) = sb.run(&[
        "--data",
        "mapped.csv",
        "--as-of",
        AS_OF,
        "export",
        "--format",
        "dhis2-json",
        "--period",
        "2025",
    ]);
    let again: Value = serde_json::from_str(&again).unwrap();
    let values = |v: &Value| {
        let mut all: Vec<(String, String, String, String)> = v["dataValues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let text = |k: &str| d[k].as_str().unwrap_or("").to_string();
                (
                    text("dataElement"),
                    text("orgUnit"),
                    text("categoryOptionCombo"),
                    text("value"),
                )
            })
            .collect();
        all.sort();
        all
    };
    assert_eq!(
        values(&again),
        values(&mapped),
        "the same values, by the same codes"
    );
}

#[test]
fn a_mapping_that_leaves_an_exported_id_without_a_code_is_refused() {
    let sb = example();
    let ours = json_export(&sb, "2025-H1");
    let mapping =
        mapping_of(&ours).replace("org_unit = \"OU_noivu\"", "org_unit = \"OU_noivu\"\n# x");
    let without_noivu = mapping.replace(
        "\n[[exchange.dhis2.units]]\nid = \"noivu\"\norg_unit = \"OU_noivu\"\n# x\n",
        "",
    );
    assert_ne!(mapping, without_noivu);
    sb.write("plan.toml", format!("{PLAN}{without_noivu}"));
    let (code, out, err) = export(&sb, &["--format", "dhis2-json", "--period", "2025-H1"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains("unit noivu") && err.contains("[[exchange.dhis2.units]]"),
        "{err}"
    );
    let (code, _, err) = sb.run(&[
        "--lang", "vi", "--as-of", AS_OF, "export", "--format", "adx",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("không có mã đơn vị tổ chức của đơn vị noivu"),
        "{err}"
    );
}

#[test]
fn a_bad_mapping_is_refused_at_its_line_in_both_languages() {
    let sb = Sandbox::shipped();
    let bad = "\n[exchange.dhis2]\n\n[[exchange.dhis2.indicators]]\nid = \"9.9\"\nvalue = \"X\"\n\n\
               [[exchange.dhis2.indicators]]\nid = \"6.1\"\nvalue = \"X\"\n\n\
               [[exchange.dhis2.units]]\nid = \"ban-boo\"\norg_unit = \"Y\"\n\n\
               [[exchange.dhis2.groups]]\ndimension = \"sex\"\ngroup = \"girls\"\ncategory_option_combo = \"Z\"\n";
    let text = format!("{PLAN}{bad}");
    sb.write("plan.toml", &text);
    let line = |needle: &str| line_of(&text, needle);
    let expectations = [
        (
            line("id = \"9.9\""),
            "unknown indicator \"9.9\"",
            "chỉ tiêu \"9.9\" trong `[[exchange.dhis2.indicators]]` không có",
        ),
        (
            line("id = \"6.1\"\nvalue"),
            "indicator 6.1 is a ratio",
            "chỉ tiêu 6.1 là một tỷ lệ",
        ),
        (
            line("id = \"ban-boo\""),
            "unknown unit \"ban-boo\"",
            "đơn vị \"ban-boo\" không tồn tại",
        ),
        (
            line("group = \"girls\""),
            "has no group \"girls\"",
            "không có nhóm \"girls\"",
        ),
    ];
    for lang in ["en", "vi"] {
        let (code, _, err) = sb.run(&[
            "--lang", lang, "--as-of", AS_OF, "export", "--format", "adx",
        ]);
        assert_eq!(code, 1, "{err}");
        for (line, en, vi) in &expectations {
            let message = if lang == "en" { en } else { vi };
            let at = format!("plan.toml:{line}");
            assert!(
                err.lines().any(|l| l.contains(&at) && l.contains(message)),
                "{lang}: {message} at {at}:\n{err}"
            );
        }
    }
}

/// The rules of the ADX schema (IHE QRPH ADX 2015, adx_loose.xsd), checked on the
/// parsed document: the root in its namespace with an `exported` dateTime, groups
/// with `orgUnit` and an ISO start/duration `period`, data values with
/// `dataElement` and a decimal `value`, at most one `annotation` child.
#[test]
fn the_adx_message_follows_the_schema_and_holds_every_value() {
    let sb = example();
    let (code, out, err) = export(&sb, &["--format", "adx", "--period", "2025"]);
    assert_eq!(code, 0, "{err}");
    let doc = roxmltree::Document::parse(&out).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some("urn:ihe:qrph:adx:2015"));
    assert_eq!(root.tag_name().name(), "adx");
    chrono::NaiveDateTime::parse_from_str(root.attribute("exported").unwrap(), "%Y-%m-%dT%H:%M:%S")
        .unwrap();
    let mut values = 0;
    for group in root.children().filter(|n| n.is_element()) {
        assert_eq!(group.tag_name().name(), "group");
        assert!(!group.attribute("orgUnit").unwrap().trim().is_empty());
        let period = group.attribute("period").unwrap();
        let (start, duration) = period.split_once('/').unwrap();
        chrono::NaiveDate::parse_from_str(start, "%Y-%m-%d").unwrap();
        assert!(["P1Y", "P6M", "P3M"].contains(&duration), "{period}");
        for value in group.children().filter(|n| n.is_element()) {
            assert_eq!(value.tag_name().name(), "dataValue");
            assert!(!value.attribute("dataElement").unwrap().is_empty());
            let amount = value.attribute("value").unwrap();
            assert!(
                amount.parse::<f64>().is_ok() && !amount.contains(['e', 'E']),
                "{amount}"
            );
            let children: Vec<_> = value.children().filter(|n| n.is_element()).collect();
            assert!(
                children.len() <= 1 && children.iter().all(|c| c.tag_name().name() == "annotation")
            );
            values += 1;
        }
    }
    let set = json_export(&sb, "2025");
    assert_eq!(values, set["dataValues"].as_array().unwrap().len());
    assert!(
        out.contains("sex=\"female\""),
        "a group's figure carries its group"
    );
}

/// The CSV: DHIS2's header in its order, and no cell a spreadsheet would run.
#[test]
fn the_csv_has_dhis2s_header_and_runs_no_formula() {
    let sb = example();
    sb.write(
        "formula.csv",
        "unit,period,indicator,value,numerator,denominator,submitted,note\n\
         noivu,2025-H1,1.1,,16,26,2025-06-20,=HYPERLINK(\"http://x\")\n",
    );
    let (code, _, err) = sb.run(&["--as-of", AS_OF, "ingest", "--quiet", "formula.csv"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = export(&sb, &["--format", "dhis2-csv", "--period", "2025-H1"]);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header.join(","),
        "dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,comment,followup"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let corrected: Vec<_> = rows
        .iter()
        .filter(|r| &r[0] == "1.1.numerator" && &r[2] == "noivu")
        .collect();
    assert_eq!(corrected.len(), 1, "the correction is the one in force");
    assert_eq!(&corrected[0][5], "16");
    assert!(corrected[0][8].starts_with("'="), "{:?}", corrected[0]);
    for row in &rows {
        for cell in row.iter() {
            assert!(!cell.starts_with(['=', '+', '@']), "{row:?}");
        }
    }
}

/// A file the export wrote, as text.
fn read_text(sb: &Sandbox, name: &str) -> String {
    String::from_utf8(sb.read(name)).unwrap()
}

/// `export --format opensdg -o DIR` on the example data.
fn opensdg_export(sb: &Sandbox, folder: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["--format", "opensdg", "-o", folder];
    args.extend_from_slice(extra);
    export(sb, &args)
}

/// The Open SDG files of 5.2a (a ratio by sex) and 6.1 (with its communes'
/// values and codes), against tests/fixtures/export/opensdg/
/// (`GENDER_PLAN_BLESS=1` rewrites them).
#[test]
fn golden_open_sdg_files_of_two_indicators() {
    let sb = example();
    let (code, _, err) = opensdg_export(&sb, "open-sdg", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Open SDG"), "{err}");
    let bless = std::env::var_os("GENDER_PLAN_BLESS").is_some();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export/opensdg");
    for name in [
        "data/indicator_5-2a.csv",
        "meta/5-2a.yml",
        "data/indicator_6-1.csv",
        "meta/6-1.yml",
    ] {
        let out = read_text(&sb, &format!("open-sdg/{name}"));
        let golden = fixtures.join(name);
        if bless {
            std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
            std::fs::write(&golden, &out).unwrap();
        }
        let expected = std::fs::read_to_string(&golden).unwrap();
        assert!(
            out == expected,
            "{name} differs from the golden file:\n{out}"
        );
    }
}

/// The rows of an Open SDG CSV as (header → cell) maps.
fn open_sdg_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header.first().map(String::as_str),
        Some("Year"),
        "{header:?}"
    );
    assert_eq!(
        header.last().map(String::as_str),
        Some("Value"),
        "{header:?}"
    );
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// The headline row of each year (every disaggregation column blank) carries
/// the value `status` gives for that year, and each group's row its group's.
#[test]
fn each_headline_value_is_the_status_value_of_its_year() {
    let sb = example();
    let (code, _, err) = opensdg_export(&sb, "open-sdg", &[]);
    assert_eq!(code, 0, "{err}");
    let mut compared = 0;
    // The shipped plan ended on 30 June 2025: its last round, 2025-H1, is not a
    // year, and Open SDG's series leave it out (exchange::opensdg's note).
    for year in 2021..=2024 {
        let (code, out, err) = sb.run(&[
            "--as-of",
            AS_OF,
            "status",
            "--period",
            &year.to_string(),
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{err}");
        let items: Vec<Value> = serde_json::from_str(&out).unwrap();
        for (id, slug) in [("5.2a", "5-2a"), ("6.1", "6-1"), ("1.1", "1-1")] {
            let rows = open_sdg_rows(&read_text(
                &sb,
                &format!("open-sdg/data/indicator_{slug}.csv"),
            ));
            let item = items.iter().find(|i| i["indicator"] == id).unwrap();
            assert_eq!(item["period"], year.to_string());
            let headline: Vec<_> = rows
                .iter()
                .filter(|r| r["Year"] == year.to_string())
                .filter(|r| {
                    r.iter()
                        .all(|(k, v)| ["Year", "Value"].contains(&k.as_str()) || v.is_empty())
                })
                .collect();
            match item["value"].as_f64() {
                Some(value) => {
                    assert_eq!(headline.len(), 1, "{id} {year}");
                    // serde_json reads a float to within an ulp or two (without
                    // its `float_roundtrip` feature), hence the tolerance.
                    let ours: f64 = headline[0]["Value"].parse().unwrap();
                    assert!(
                        (ours - value).abs() <= 1e-12 * value.abs(),
                        "{id} {year}: {ours} vs {value}"
                    );
                    compared += 1;
                }
                None => assert!(headline.is_empty(), "{id} {year}: no value, no row"),
            }
        }
    }
    assert!(compared >= 8, "{compared}");
    let rows = open_sdg_rows(&read_text(&sb, "open-sdg/data/indicator_6-1.csv"));
    assert!(rows.iter().all(|r| r["Year"] != "2025"), "no 2025 value");
}

#[test]
fn the_metadata_parses_and_carries_the_target_and_direction() {
    let sb = example();
    let (code, _, err) = opensdg_export(&sb, "open-sdg", &[]);
    assert_eq!(code, 0, "{err}");
    let meta: serde_norway::Value =
        serde_norway::from_str(&read_text(&sb, "open-sdg/meta/5-2a.yml")).unwrap();
    assert_eq!(meta["indicator_number"], "5.2a");
    assert_eq!(meta["national_target"], "above 99 %");
    assert_eq!(meta["target_year"], 2025);
    assert_eq!(meta["auto_progress_calculation"], true);
    let options = &meta["progress_calculation_options"][0];
    assert_eq!(options["direction"], "positive");
    assert_eq!(options["target"].as_f64(), Some(99.0));
    assert_eq!(options["target_year"], 2025);
    let rows = open_sdg_rows(&read_text(&sb, "open-sdg/data/indicator_5-2a.csv"));
    assert!(rows.iter().any(|r| r["Sex"] == "female"), "{rows:?}");
}

#[test]
fn existing_files_are_not_overwritten_without_force() {
    let sb = example();
    let (code, _, err) = opensdg_export(&sb, "open-sdg", &[]);
    assert_eq!(code, 0, "{err}");
    let meta = "open-sdg/meta/6-1.yml";
    sb.write(meta, "kept\n");
    let (code, _, err) = opensdg_export(&sb, "open-sdg", &[]);
    assert_ne!(code, 0);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(read_text(&sb, meta), "kept\n");
    let (code, _, err) = sb.run(&[
        "--lang", "vi", "--as-of", AS_OF, "export", "--format", "opensdg", "-o", "open-sdg",
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("đã tồn tại"), "{err}");
    let (code, _, err) = opensdg_export(&sb, "open-sdg", &["--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(read_text(&sb, meta).contains("indicator_number"));
    let (code, out, err) = export(&sb, &["--format", "opensdg"]);
    assert_ne!(code, 0);
    assert!(out.is_empty() && err.contains("-o FOLDER"), "{err}");
}

/// A unit's name from plan.toml reaches the Open SDG CSV as text a spreadsheet
/// shows, never as a formula it runs.
#[test]
fn the_open_sdg_csv_runs_no_formula() {
    let sb = example();
    let plan = crate::common::edited_shipped_plan(
        "name.en = \"Thèn Sin commune\"",
        "name.en = \"=HYPERLINK(\\\"http://x\\\")\"",
    );
    sb.write("plan.toml", plan);
    let (code, _, err) = opensdg_export(&sb, "open-sdg", &[]);
    assert_eq!(code, 0, "{err}");
    let rows = open_sdg_rows(&read_text(&sb, "open-sdg/data/indicator_6-1.csv"));
    assert!(
        rows.iter()
            .any(|r| r["Geography"].starts_with("'=HYPERLINK")),
        "{rows:?}"
    );
    for row in &rows {
        for cell in row.values() {
            assert!(!cell.starts_with(['=', '+', '@']), "{row:?}");
        }
    }
}

/// `status --format json` of a period, as of [`AS_OF`], on the data file `data`.
fn status_json(sb: &Sandbox, data: &str, period: &str) -> Value {
    let (code, out, err) = sb.run(&[
        "--data", data, "--as-of", AS_OF, "status", "--period", period, "--format", "json",
    ]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// DHIS2 in (issue 24): the example's figures exported as dataValueSets (JSON,
/// then CSV), ingested into a fresh data file, give the same `status` (the year
/// before and the 2025-H1 round, outlook included).
#[test]
fn a_dhis2_export_ingested_into_a_fresh_data_file_gives_the_same_status() {
    let sb = example();
    let periods = ["2024", "2025-H1"];
    let original = periods.map(|p| status_json(&sb, "gender-plan-data.csv", p));
    for (format, name) in [("dhis2-json", "all.json"), ("dhis2-csv", "all.csv")] {
        let (code, out, err) = export(&sb, &["--format", format]);
        assert_eq!(code, 0, "{err}");
        sb.write(name, out);
        let data = format!("{name}.data.csv");
        let (code, out, err) = sb.run(&["--data", &data, "--as-of", AS_OF, "ingest", name]);
        assert_eq!(code, 0, "{name}:\n{out}{err}");
        let again = periods.map(|p| status_json(&sb, &data, p));
        assert!(again == original, "{format}: the status differs");
        // Again: recognised by its bytes, nothing to do.
        let (_, out, _) = sb.run(&["--data", &data, "--as-of", AS_OF, "ingest", name]);
        assert!(out.contains("already recorded"), "{out}");
    }
}

/// A DHIS2 file keyed elsewhere: its codes go back through the plan's ids; a code
/// the plan does not know, and a ratio's part without the other, are problems at
/// their lines, in both languages, and nothing is recorded.
#[test]
fn a_dhis2_file_with_an_unknown_code_or_half_a_ratio_is_refused_at_its_lines() {
    let sb = Sandbox::shipped();
    sb.write(
        "dhis2.json",
        r#"{
  "dataValues": [
    {"dataElement": "3.2a.numerator", "period": "2025S1", "orgUnit": "ban-bo", "value": "3", "lastUpdated": "2025-06-04T08:00:00Z"},
    {"dataElement": "3.2a.denominator", "period": "2025S1", "orgUnit": "ban-bo", "value": "5", "lastUpdated": "2025-06-04T08:00:00Z"},
    {"dataElement": "9.9", "period": "2025S1", "orgUnit": "ban-bo", "value": "1"},
    {"dataElement": "3.2b.numerator", "period": "2025S1", "orgUnit": "ban-bo", "value": "1"}
  ]
}"#,
    );
    let (code, out, err) = sb.run(&["--as-of", AS_OF, "ingest", "dhis2.json"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("dhis2.json:5: error: dataElement \"9.9\" is none of this plan's codes"),
        "{err}"
    );
    assert!(err.contains("dhis2.json:6: error:"), "{err}");
    assert!(
        !sb.path("gender-plan-data.csv").exists(),
        "nothing recorded"
    );
    let (_, _, err) = sb.run(&["--lang", "vi", "--as-of", AS_OF, "ingest", "dhis2.json"]);
    assert!(
        err.contains("dataElement \"9.9\" không phải mã nào của kế hoạch này"),
        "{err}"
    );
    // Without the two bad values, the ratio goes in as one figure, dated by DHIS2.
    let text = String::from_utf8(sb.read("dhis2.json")).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.contains("9.9") && !l.contains("3.2b"))
        .collect();
    sb.write("ok.json", kept.join("\n").replace("\"},\n  ]", "\"}\n  ]"));
    let (code, out, err) = sb.run(&["--as-of", AS_OF, "ingest", "ok.json"]);
    assert_eq!(code, 0, "{out}{err}");
    let (_, out, _) = sb.run(&[
        "--as-of",
        AS_OF,
        "history",
        "--unit",
        "ban-bo",
        "--indicator",
        "3.2a",
        "--format",
        "json",
    ]);
    let history: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        history[0]["figure"]["value"]["numerator"], 3.0,
        "{history:#}"
    );
    assert_eq!(
        history[0]["figure"]["value"]["denominator"], 5.0,
        "{history:#}"
    );
    assert_eq!(history[0]["submitted"], "2025-06-04", "{history:#}");
}

fn out_json(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap()
}

/// A DHIS2 file that is not valid JSON is refused at its line, and the Vietnamese
/// message says it in Vietnamese, not in the JSON parser's English.
#[test]
fn a_dhis2_file_that_is_not_json_is_refused_at_its_line_in_both_languages() {
    let sb = Sandbox::shipped();
    sb.write(
        "bad.json",
        "{\"dataValues\": [\n {\"dataElement\": \"6.1.numerator\", \"period\": \"2025S1\", \"orgUnit\": \"ban-bo\", \"value\": \"12\"\n]}\n",
    );
    let (code, _, err) = sb.run(&["--as-of", AS_OF, "ingest", "bad.json"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("bad.json:3: error: not a DHIS2 dataValueSets file"),
        "{err}"
    );
    let (_, _, err) = sb.run(&["--lang", "vi", "--as-of", AS_OF, "ingest", "bad.json"]);
    assert!(
        err.contains("bad.json:3: lỗi: không phải tệp số liệu xuất từ DHIS2: nội dung JSON không hợp lệ ở cột 1"),
        "{err}"
    );
    assert!(!err.contains("expected"), "no English in Vietnamese: {err}");
}
