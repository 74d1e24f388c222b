//! The plan as a workbook, both ways: `plan --format xlsx` then `plan import`
//! gives back the same plan (also after LibreOffice has saved the workbook),
//! `plan new` writes a blank workbook LibreOffice opens, with its drop-down
//! lists, and every kind of problem of an imported workbook is placed at its
//! cell in both languages.

use crate::common::{PLAN, SHIPPED_PLAN, Sandbox, soffice};

const AS_OF: &str = "--as-of=2025-06-05";

/// Every view of the plan `plan` gives as JSON: heading and indicators, tasks,
/// matrix, and the duties of each unit of `ids`.
fn views(sb: &Sandbox, plan: &str, ids: &[String]) -> Vec<String> {
    let mut args: Vec<Vec<&str>> = vec![vec![], vec!["--tasks"], vec!["--matrix"]];
    args.extend(ids.iter().map(|id| vec!["--unit", id.as_str()]));
    args.iter()
        .map(|extra| {
            let mut all = vec!["--plan", plan, AS_OF, "plan", "--format", "json"];
            all.extend(extra);
            let (code, out, err) = sb.run(&all);
            assert_eq!(code, 0, "{all:?}: {err}");
            out
        })
        .collect()
}

/// The ids of the units of a plan written with `[[units]]`.
fn unit_ids(sb: &Sandbox, plan: &str) -> Vec<String> {
    let text = String::from_utf8(sb.read(plan)).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    let units = doc["units"].as_array().unwrap();
    units
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_string())
        .collect()
}

/// plan.toml → workbook (→ LibreOffice, if `through_office`) → plan.toml; the
/// two plans show the same in every view.
fn assert_round_trip(plan_text: &str, through_office: Option<&str>) {
    let sb = Sandbox::empty();
    sb.write("plan.toml", plan_text);
    assert_round_trip_in(&sb, through_office);
}

/// [`assert_round_trip`] of the plan.toml (and any units file) in `sb`.
fn assert_round_trip_in(sb: &Sandbox, through_office: Option<&str>) {
    let (code, _, err) = sb.run(&[AS_OF, "plan", "--format", "xlsx", "-o", "plan.xlsx"]);
    assert_eq!(code, 0, "{err}");
    let workbook = match through_office {
        Some(soffice) => sb.convert(soffice, "plan.xlsx", "xlsx"),
        None => "plan.xlsx".to_string(),
    };
    let (code, _, err) = sb.run(&[AS_OF, "plan", "import", &workbook, "-o", "back.toml"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = sb.run(&["--plan", "back.toml", AS_OF, "check"]);
    assert!(code == 0 || code == 1, "{out}{err}");
    assert!(out.contains("back.toml: valid"), "{out}{err}");
    let ids = unit_ids(sb, "back.toml");
    let before = views(sb, "plan.toml", &ids);
    let after = views(sb, "back.toml", &ids);
    assert!(before.len() > 3);
    for (a, b) in before.iter().zip(&after) {
        assert_eq!(a, b);
    }
}

#[test]
fn the_shipped_plan_comes_back_from_its_workbook() {
    assert_round_trip(SHIPPED_PLAN, None);
}

#[test]
fn the_tests_plan_comes_back_from_its_workbook() {
    assert_round_trip(PLAN, None);
}

#[test]
fn the_lai_chau_example_comes_back_from_its_workbook_with_what_its_units_were_formed_from() {
    let plan = include_str!("../../examples/lai-chau-2026-2030/plan.toml");
    assert!(plan.contains("formed_from ="));
    // Its [previous] is the shipped plan, two folders up; here beside it.
    let sb = Sandbox::empty();
    let from = "plan = \"../../plan.toml\"";
    assert!(plan.contains(from));
    sb.write(
        "plan.toml",
        plan.replacen(from, "plan = \"previous.toml\"", 1),
    );
    sb.write("previous.toml", SHIPPED_PLAN);
    assert_round_trip_in(&sb, None);
}

#[test]
fn a_plan_with_a_units_file_comes_back_with_its_units_as_rows() {
    let sb = Sandbox::empty();
    let (plan, units) = crate::plan::plan_with_units_file();
    sb.write("plan.toml", &plan);
    sb.write("units.csv", &units);
    assert_round_trip_in(&sb, None);
    let back = String::from_utf8(sb.read("back.toml")).unwrap();
    assert!(back.contains("[[units]]") && !back.contains("units.csv"));
}

#[test]
fn the_shipped_plan_comes_back_after_libreoffice_saved_its_workbook() {
    let Some(soffice) = soffice() else { return };
    assert_round_trip(SHIPPED_PLAN, Some(soffice));
}

#[test]
fn the_tests_plan_comes_back_after_libreoffice_saved_its_workbook() {
    let Some(soffice) = soffice() else { return };
    assert_round_trip(PLAN, Some(soffice));
}

#[test]
fn a_changed_cell_changes_the_imported_plan() {
    // The round trip compares something: a target edited in the plan shows.
    let sb = Sandbox::empty();
    sb.write("plan.toml", PLAN);
    sb.write("other.toml", PLAN.replacen("target = 60", "target = 61", 1));
    let ids = unit_ids(&sb, "plan.toml");
    assert_ne!(
        views(&sb, "plan.toml", &ids),
        views(&sb, "other.toml", &ids)
    );
}

/// A workbook written from `plan_text` as it is (it need not be a valid plan).
fn workbook_of(sb: &Sandbox, plan_text: &str) {
    let doc: toml::Table = toml::from_str(plan_text).unwrap();
    let bytes = gender_plan::render::plan_workbook::workbook(Some(&doc)).unwrap();
    sb.write("plan.xlsx", bytes);
}

/// `plan import` in both languages: refused, nothing written, each message's
/// location; returns (English stderr, Vietnamese stderr).
fn refused(sb: &Sandbox) -> (String, String) {
    let mut said = Vec::new();
    for lang in ["en", "vi"] {
        let (code, _, err) = sb.run(&[
            "--lang",
            lang,
            AS_OF,
            "plan",
            "import",
            "plan.xlsx",
            "-o",
            "new.toml",
        ]);
        assert_eq!(code, 1, "{err}");
        assert!(!sb.path("new.toml").exists());
        said.push(err);
    }
    (said.remove(0), said.remove(0))
}

/// The letter of the column headed `header` in a sheet of plan.xlsx.
fn column_of(sb: &Sandbox, sheet: &str, header: &str) -> String {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(sb.path("plan.xlsx")).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    let c = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .position(|h| matches!(h, calamine::Data::String(s) if s == header));
    let c = c.unwrap_or_else(|| panic!("no {header} in {sheet}"));
    ((b'A' + c as u8) as char).to_string()
}

#[test]
fn a_number_that_is_not_one_is_refused_at_its_cell() {
    let sb = Sandbox::empty();
    workbook_of(
        &sb,
        &PLAN.replacen("target = 60", "target = \"sáu mươi\"", 1),
    );
    let column = column_of(&sb, "Chỉ tiêu", "Chỉ tiêu");
    let row = 2 + PLAN[..PLAN.find("target = 60").unwrap()]
        .matches("[[indicators]]")
        .count()
        - 1;
    let (en, vi) = refused(&sb);
    let at = format!("plan.xlsx[Chỉ tiêu]!{column}{row}");
    assert!(
        en.contains(&format!("{at}: error: this cell is not a number")),
        "{en}"
    );
    assert!(
        vi.contains(&format!("{at}: lỗi: ô này không phải một số")),
        "{vi}"
    );
}

#[test]
fn an_unknown_unit_is_refused_at_its_cell() {
    let sb = Sandbox::empty();
    let from = "responsible = \"ldtbxh\"";
    assert!(PLAN.contains(from));
    workbook_of(&sb, &PLAN.replacen(from, "responsible = \"khong-co\"", 1));
    let row = 2 + PLAN[..PLAN.find(from).unwrap()]
        .matches("[[indicators]]")
        .count()
        - 1;
    let (en, vi) = refused(&sb);
    let at = format!("plan.xlsx[Phân công]!B{row}");
    assert!(en.contains(&at) && en.contains("khong-co"), "{en}");
    assert!(vi.contains(&at) && vi.contains("khong-co"), "{vi}");
}

/// The plan with its first unit's `key = value` line replaced.
fn first_unit_edited(from: &str, to: &str) -> String {
    let start = PLAN.find("[[units]]").unwrap();
    let at = start + PLAN[start..].find(from).unwrap();
    format!("{}{to}{}", &PLAN[..at], &PLAN[at + from.len()..])
}

#[test]
fn a_bad_kind_and_a_bad_date_are_refused_at_their_cells() {
    let sb = Sandbox::empty();
    let kind = PLAN[PLAN.find("[[units]]").unwrap()..]
        .lines()
        .find(|l| l.starts_with("kind"))
        .unwrap();
    let plan = first_unit_edited(kind, "kind = \"xa\"\nends = \"2025-13-45\"");
    workbook_of(&sb, &plan);
    let (en, vi) = refused(&sb);
    let kind_at = format!("plan.xlsx[Đơn vị]!{}2", column_of(&sb, "Đơn vị", "Loại"));
    let ends_at = format!(
        "plan.xlsx[Đơn vị]!{}2",
        column_of(&sb, "Đơn vị", "Ngày kết thúc")
    );
    for said in [&en, &vi] {
        assert!(said.contains(&kind_at), "{said}");
        assert!(said.contains(&ends_at), "{said}");
    }
    assert!(vi.contains("lỗi:") && !vi.contains("error:"), "{vi}");
}

#[test]
fn a_missing_sheet_an_unknown_sheet_and_an_unknown_header_are_each_named() {
    let sb = Sandbox::empty();
    let mut book = rust_xlsxwriter::Workbook::new();
    let general = book.add_worksheet().set_name("Thông tin chung").unwrap();
    general.write_string(0, 0, "Mục").unwrap();
    general.write_string(0, 1, "Giá trị").unwrap();
    let units = book.add_worksheet().set_name("Đơn vị").unwrap();
    units.write_string(0, 0, "Mã").unwrap();
    units.write_string(0, 1, "Tên gọi lạ").unwrap();
    book.add_worksheet().set_name("Sheet1").unwrap();
    sb.write("plan.xlsx", book.save_to_buffer().unwrap());
    let (en, vi) = refused(&sb);
    for sheet in ["Mục tiêu", "Chỉ tiêu", "Lịch báo cáo"] {
        assert!(
            en.contains(&format!(
                "plan.xlsx[{sheet}]: error: the sheet \"{sheet}\" is missing"
            )),
            "{en}"
        );
        assert!(
            vi.contains(&format!("plan.xlsx[{sheet}]: lỗi: thiếu trang \"{sheet}\"")),
            "{vi}"
        );
    }
    assert!(
        en.contains("plan.xlsx[Sheet1]: error: unknown sheet"),
        "{en}"
    );
    assert!(
        en.contains("plan.xlsx[Đơn vị]!B1: error: unknown column \"Tên gọi lạ\""),
        "{en}"
    );
    assert!(
        vi.contains("plan.xlsx[Đơn vị]!B1: lỗi: cột \"Tên gọi lạ\" không hợp lệ"),
        "{vi}"
    );
}

#[test]
fn an_existing_file_is_not_overwritten_without_force() {
    let sb = Sandbox::new();
    sb.write("plan.xlsx", "");
    let (code, _, err) = sb.run(&[AS_OF, "plan", "--format", "xlsx", "-o", "plan.xlsx"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--force"), "{err}");
    let (code, _, err) = sb.run(&[
        AS_OF,
        "plan",
        "--format",
        "xlsx",
        "-o",
        "plan.xlsx",
        "--force",
    ]);
    assert_eq!(code, 0, "{err}");
    sb.write("kept.toml", "kept");
    let (code, _, err) = sb.run(&[AS_OF, "plan", "import", "plan.xlsx", "-o", "kept.toml"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(sb.read("kept.toml"), b"kept");
}

/// A part of an xlsx file, as text.
fn part(sb: &Sandbox, file: &str, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(sb.path(file)).unwrap()).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn a_blank_workbook_has_its_lists_protected_headers_and_instructions() {
    let sb = Sandbox::new();
    let (code, _, err) = sb.run(&[AS_OF, "plan", "new", "-o", "blank.xlsx"]);
    assert_eq!(code, 0, "{err}");
    let workbook = part(&sb, "blank.xlsx", "xl/workbook.xml");
    let doc = roxmltree::Document::parse(&workbook).unwrap();
    let names: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("sheet"))
        .filter_map(|n| n.attribute("name"))
        .collect();
    assert_eq!(names[0], "Hướng dẫn");
    let units = 1 + names.iter().position(|n| *n == "Đơn vị").unwrap();
    let indicators = 1 + names.iter().position(|n| *n == "Chỉ tiêu").unwrap();
    let lists = |sheet: usize| {
        let xml = part(
            &sb,
            "blank.xlsx",
            &format!("xl/worksheets/sheet{sheet}.xml"),
        );
        let doc = roxmltree::Document::parse(&xml).unwrap();
        assert!(
            doc.descendants().any(|n| n.has_tag_name("sheetProtection")),
            "sheet {sheet} protected"
        );
        doc.descendants()
            .filter(|n| n.has_tag_name("formula1"))
            .filter_map(|n| n.text().map(str::to_string))
            .collect::<Vec<_>>()
    };
    let unit_lists = lists(units).join(" ");
    assert!(
        unit_lists.contains("office,organisation,commune"),
        "{unit_lists}"
    );
    let indicator_lists = lists(indicators).join(" ");
    for words in ["ratio,value,yes/no,share", "higher,lower", "round,quarter"] {
        assert!(indicator_lists.contains(words), "{indicator_lists}");
    }
    let assignment = 1 + names.iter().position(|n| *n == "Phân công").unwrap();
    assert!(
        lists(assignment).join(" ").contains("'Đơn vị'!$A$2"),
        "unit ids listed"
    );
    let Some(soffice) = soffice() else { return };
    let csv = sb.convert(
        soffice,
        "blank.xlsx",
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
    );
    let text = String::from_utf8(sb.read(&csv)).unwrap();
    assert!(
        text.contains("Kế hoạch thực hiện Chiến lược quốc gia"),
        "{text}"
    );
}

#[test]
fn a_blank_workbook_imports_to_the_problems_of_an_empty_plan() {
    let sb = Sandbox::new();
    sb.run(&[AS_OF, "plan", "new", "-o", "plan.xlsx"]);
    let (en, vi) = refused(&sb);
    assert!(
        en.contains("plan.xlsx: error: missing field `plan`"),
        "{en}"
    );
    assert!(vi.contains("plan.xlsx: lỗi: thiếu khóa `plan`"), "{vi}");
}

#[test]
fn a_repeated_unit_id_names_the_cell_of_the_first() {
    let sb = Sandbox::empty();
    let start = PLAN.find("[[units]]").unwrap();
    let ids: Vec<&str> = PLAN[start..]
        .lines()
        .filter_map(|l| l.strip_prefix("id = "))
        .take(2)
        .collect();
    let second = start + PLAN[start..].find(&format!("id = {}", ids[1])).unwrap();
    let plan = format!(
        "{}id = {}{}",
        &PLAN[..second],
        ids[0],
        &PLAN[second + 5 + ids[1].len()..]
    );
    workbook_of(&sb, &plan);
    let (en, vi) = refused(&sb);
    assert!(
        en.contains("plan.xlsx[Đơn vị]!A3: error: duplicate unit id"),
        "{en}"
    );
    assert!(en.contains("the first one is in cell [Đơn vị]!A2"), "{en}");
    assert!(vi.contains("mã này đã dùng ở ô [Đơn vị]!A2"), "{vi}");
}

#[test]
fn a_value_under_no_header_is_refused_not_lost() {
    let sb = Sandbox::empty();
    let mut book = rust_xlsxwriter::Workbook::new();
    let objectives = book.add_worksheet().set_name("Mục tiêu").unwrap();
    objectives.write_string(0, 0, "Số").unwrap();
    objectives.write_number(1, 0, 1).unwrap();
    objectives.write_string(1, 3, "lạc cột").unwrap();
    sb.write("plan.xlsx", book.save_to_buffer().unwrap());
    let (en, vi) = refused(&sb);
    assert!(
        en.contains("plan.xlsx[Mục tiêu]!D2: error: this value is in a column without a header"),
        "{en}"
    );
    assert!(
        vi.contains("plan.xlsx[Mục tiêu]!D2: lỗi: giá trị này nằm trong cột không có tiêu đề"),
        "{vi}"
    );
}

#[test]
fn no_text_of_the_plan_becomes_a_formula_in_its_workbook() {
    let sb = Sandbox::empty();
    let formula = "=HYPERLINK(\\\"http://example.com\\\",\\\"x\\\")";
    let plan = PLAN.replacen(
        "document_number = \"Số: /KH-UBND\"",
        &format!("document_number = \"{formula}\""),
        1,
    );
    assert!(plan.contains("HYPERLINK"));
    workbook_of(&sb, &plan);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(sb.path("plan.xlsx")).unwrap()).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    let mut seen = false;
    for name in names.iter().filter(|n| n.starts_with("xl/worksheets/")) {
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut xml).unwrap();
        assert!(!xml.contains("<f>"), "{name} holds a formula");
    }
    let mut strings = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/sharedStrings.xml").unwrap(),
        &mut strings,
    )
    .unwrap();
    seen |= strings.contains("=HYPERLINK");
    assert!(seen, "the text is kept, as text");
}

/// `[exchange.dhis2]` (issue 24) has its own sheets and comes back whole: a plan's
/// codes for the systems above are not lost on the way through a workbook.
#[test]
fn the_dhis2_codes_come_back_from_the_workbook() {
    let sb = Sandbox::empty();
    let mapping = "\n[exchange.dhis2]\ndata_set = \"DS_GE\"\n\n\
                   [[exchange.dhis2.indicators]]\nid = \"6.1\"\nnumerator = \"GE_6_1_N\"\ndenominator = \"GE_6_1_D\"\n\n\
                   [[exchange.dhis2.indicators]]\nid = \"6.3\"\nvalue = \"GE_6_3\"\n\n\
                   [[exchange.dhis2.units]]\nid = \"ban-bo\"\norg_unit = \"VN_BANBO\"\n\n\
                   [[exchange.dhis2.groups]]\ndimension = \"sex\"\ngroup = \"female\"\ncategory_option_combo = \"FEMALE\"\n";
    sb.write("plan.toml", format!("{PLAN}{mapping}"));
    assert_round_trip_in(&sb, None);
    let exchange = |name: &str| {
        let doc: toml::Table = toml::from_str(&String::from_utf8(sb.read(name)).unwrap()).unwrap();
        doc["exchange"].clone()
    };
    assert_eq!(exchange("back.toml"), exchange("plan.toml"));
}
