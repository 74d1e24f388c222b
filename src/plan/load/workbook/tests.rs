//! The plan workbook read back: the plan it makes is the plan it was written
//! from, and each kind of problem is placed at its cell.

use super::*;
use crate::plan::load::{parse, parse_cells};

/// Writes `plan_text` as a workbook, reads it back, validates what it makes.
fn round_trip(plan_text: &str) -> (crate::plan::Plan, crate::plan::Plan) {
    let original = parse(plan_text, "plan.toml", Lang::En).expect("the plan is valid");
    let doc: toml::Table = toml::from_str(plan_text).unwrap();
    let bytes = crate::render::plan_workbook::workbook(Some(&doc)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let imported = read(&path, "plan.xlsx", Lang::En).unwrap_or_else(|p| panic!("{p:?}"));
    let back = parse_cells(&imported.text, &imported.cells, Lang::En)
        .unwrap_or_else(|p| panic!("{p:?}\n{}", imported.text));
    (original, back)
}

/// Everything the plan holds, but the lines `[previous]` was written on.
fn dump(plan: &crate::plan::Plan) -> String {
    let mut plan = plan.clone();
    if let Some(previous) = &mut plan.previous {
        previous.plan_line = 0;
        previous.data_line = 0;
        previous.renamed.iter_mut().for_each(|r| r.2 = 0);
        previous.formed.iter_mut().for_each(|f| f.2 = 0);
    }
    format!("{plan:#?}")
}

#[test]
fn the_shipped_plan_comes_back_from_its_workbook_unchanged() {
    let (original, back) = round_trip(include_str!("../../../../plan.toml"));
    assert_eq!(dump(&original), dump(&back));
}

#[test]
fn the_tests_plan_comes_back_from_its_workbook_unchanged() {
    let text = include_str!("../../../../tests/fixtures/plan-running-to-2025.toml");
    let (original, back) = round_trip(text);
    assert_eq!(dump(&original), dump(&back));
}

#[test]
fn what_a_unit_was_formed_from_comes_back() {
    let fixture = include_str!("../../../../tests/fixtures/plan-running-to-2025.toml");
    let unit = fixture.find("[[units]]").unwrap();
    let text = format!(
        "{}[[units]]\nformed_from = [\"old-a\", \"old-b\"]\nformed_from_outside = [\"Bản Giang\"]\n{}\n[previous]\nplan = \"old/plan.toml\"\n",
        &fixture[..unit],
        &fixture[unit + "[[units]]\n".len()..]
    );
    let (original, back) = round_trip(&text);
    assert!(format!("{back:?}").contains("old-b"));
    assert_eq!(dump(&original), dump(&back));
}

#[test]
fn the_dump_sees_a_changed_value() {
    // The comparison above can fail: one target changed is seen.
    let text = include_str!("../../../../plan.toml");
    let changed = text.replacen("target = 30", "target = 31", 1);
    let a = parse(text, "plan.toml", Lang::En).unwrap();
    let b = parse(&changed, "plan.toml", Lang::En).unwrap();
    assert_ne!(dump(&a), dump(&b));
}

#[test]
fn cells_are_read_as_their_columns_kind() {
    assert_eq!(
        cell_value(Kind::Int, &Data::Float(2021.0)),
        Ok(toml::Value::Integer(2021))
    );
    assert_eq!(
        cell_value(Kind::Int, &Data::Float(2021.5)),
        Err(Unfit::Whole)
    );
    assert_eq!(
        cell_value(Kind::Number, &Data::String("12,5".into())),
        Ok(toml::Value::Float(12.5))
    );
    assert_eq!(
        cell_value(Kind::Number, &Data::String("abc".into())),
        Err(Unfit::Number)
    );
    assert_eq!(
        cell_value(Kind::Bool, &Data::String("có".into())),
        Ok(toml::Value::Boolean(true))
    );
    assert_eq!(
        cell_value(Kind::Bool, &Data::String("maybe".into())),
        Err(Unfit::YesNo)
    );
    assert_eq!(
        cell_value(Kind::Text, &Data::Float(1415.0)),
        Ok(toml::Value::String("1415".into()))
    );
    let list = cell_value(Kind::List, &Data::String("a; b ;".into())).unwrap();
    assert_eq!(list, toml::Value::Array(vec!["a".into(), "b".into()]));
}
