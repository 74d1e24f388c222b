//! `ingest`: what a submission may look like, every rule that rejects one (reported as
//! FILE:LINE with a hint, the data file untouched), and the data file itself: append
//! only, atomic, shared by concurrent writers.

use crate::common::{PLAN, Sandbox, committed_part};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Every run pins "today", so no test depends on the clock.
const AS_OF: &str = "2025-12-20";
const BOM: &[u8] = b"\xEF\xBB\xBF";
const HEADER: [&str; 19] = [
    "recorded_at",
    "unit",
    "period",
    "indicator",
    "value",
    "numerator",
    "denominator",
    "submitted",
    "note",
    "withdraws",
    "recorded_by",
    "group",
    "source_file",
    "source_hash",
    "via_file",
    "via_hash",
    "via_recorded_at",
    "via_recorded_by",
    "checksum",
];

/// `ingest --as-of AS_OF --data data.csv ARGS…`
fn ingest(sb: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["ingest", "--as-of", AS_OF, "--data", "data.csv"];
    all.extend_from_slice(args);
    sb.run(&all)
}

/// Ingests one file that must be accepted; returns stdout.
fn accepted(sb: &Sandbox, name: &str, content: impl AsRef<[u8]>, args: &[&str]) -> String {
    sb.write(name, content);
    let mut all = args.to_vec();
    all.push(name);
    let (code, out, err) = ingest(sb, &all);
    assert_eq!(code, 0, "{name} rejected:\n{out}{err}");
    assert!(err.is_empty(), "nothing on stderr when accepted: {err}");
    out
}

/// The rows of a data file, read as CSV, after checking its BOM and header.
fn rows_of(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes
        .strip_prefix(BOM)
        .expect("the data file starts with a UTF-8 BOM, for Excel");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(body);
    let header: Vec<&str> = reader.headers().expect("a header row").iter().collect();
    assert_eq!(header, HEADER);
    reader
        .records()
        .map(|r| r.expect("a CSV row").iter().map(String::from).collect())
        .collect()
}

fn data_rows(sb: &Sandbox) -> Vec<Vec<String>> {
    rows_of(&sb.read("data.csv"))
}

/// The latest row for a key: [value, numerator, denominator, submitted, note].
fn current<'a>(rows: &'a [Vec<String>], unit: &str, period: &str, indicator: &str) -> [&'a str; 5] {
    let row = rows
        .iter()
        .rev()
        .find(|r| r[1] == unit && r[2] == period && r[3] == indicator)
        .unwrap_or_else(|| panic!("no row for {unit}, {period}, {indicator} in {rows:#?}"));
    [&row[4], &row[5], &row[6], &row[7], &row[8]]
}

/// Asserts `location: error: …message…` followed by `  hint: …hint…`.
fn assert_problem(err: &str, location: &str, message: &str, hint: &str) {
    assert_problem_in(err, ("error", "hint"), location, message, hint);
}

fn assert_problem_vi(err: &str, location: &str, message: &str, hint: &str) {
    assert_problem_in(err, ("lỗi", "gợi ý"), location, message, hint);
}

fn assert_problem_in(
    err: &str,
    (error, hint_label): (&str, &str),
    location: &str,
    message: &str,
    hint: &str,
) {
    let prefix = format!("{location}: {error}: ");
    let lines: Vec<&str> = err.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(&prefix) && l.contains(message))
        .unwrap_or_else(|| panic!("no `{prefix}…{message}…` in:\n{err}"));
    let next = lines.get(at + 1).copied().unwrap_or("");
    assert!(
        next.starts_with(&format!("  {hint_label}: ")) && next.contains(hint),
        "hint {hint:?} missing after {:?}:\n{err}",
        lines[at]
    );
}

/// A file recorded first, so the data file has something to keep intact.
const GOOD: &str = "unit,period,indicator,numerator,denominator\nban-bo,2024,3.2a,1,2\n";

/// Records GOOD, then ingests `content` as bad.csv (with `args`) and asserts it is
/// rejected whole: exit status 1, nothing accepted, the data file byte-identical.
/// Returns stderr.
fn rejected(content: impl AsRef<[u8]>, args: &[&str]) -> String {
    let sb = Sandbox::new();
    accepted(&sb, "good.csv", GOOD, &[]);
    let before = sb.read("data.csv");
    sb.write("bad.csv", content);
    let mut all = args.to_vec();
    all.push("bad.csv");
    let (code, out, err) = ingest(&sb, &all);
    assert_eq!(code, 1, "expected a rejection:\n{out}{err}");
    assert!(
        out.starts_with("bad.csv: REJECTED (") || out.starts_with("bad.csv: BỊ TỪ CHỐI ("),
        "{out}"
    );
    assert!(
        out.contains("1 file(s): 0 accepted, 1 rejected") || out.contains("1 tệp: 0 tệp được nhận"),
        "{out}"
    );
    assert_eq!(
        sb.read("data.csv"),
        before,
        "a rejected file changed data.csv"
    );
    err
}

/// One rejection with one problem on `line` of bad.csv.
fn rejected_with(content: &str, line: usize, message: &str, hint: &str) {
    let err = rejected(content, &[]);
    assert_problem(&err, &format!("bad.csv:{line}"), message, hint);
}

/// A CSV of the given header and rows, comma-separated.
fn csv_text(header: &str, rows: &[&str]) -> String {
    let mut text = format!("{header}\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

/// Text as Vietnamese Windows saves it in code page 1258: letters the code page has
/// (â, ơ, Đ, è …) stay whole, and a tone mark it has no precomposed letter for
/// becomes a separate combining byte ("ả" = "a" + 0xD2).
fn windows_1258(text: &str) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut form = String::new();
    for c in text.nfc() {
        let mut buf = [0; 4];
        let (_, _, unmappable) = encoding_rs::WINDOWS_1258.encode(c.encode_utf8(&mut buf));
        if unmappable {
            let parts: Vec<char> = c.to_string().nfd().collect();
            let tone = *parts
                .iter()
                .find(|p| TONES.contains(p))
                .unwrap_or_else(|| panic!("{c:?} has no tone mark"));
            form.extend(parts.iter().copied().filter(|&p| p != tone).nfc());
            form.push(tone);
        } else {
            form.push(c);
        }
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&form);
    assert!(!unmappable, "{text:?} does not fit Windows-1258");
    bytes.into_owned()
}

// ---------------------------------------------------------------------------------
// Accepted inputs
// ---------------------------------------------------------------------------------

#[test]
fn english_headers_record_every_field() {
    let sb = Sandbox::new();
    let out = accepted(
        &sb,
        "ban-bo.csv",
        csv_text(
            "unit,period,indicator,value,numerator,denominator,submitted,note",
            &[
                "ban-bo,2025,3.2a,,3,4,2025-12-05,hai người chưa tiếp cận",
                "ban-bo,2025-Q4,6.3,5,,,2025-12-05,",
            ],
        ),
        &[],
    );
    assert_eq!(
        out,
        "ban-bo.csv: ban-bo, 2025, 2025-Q4: 2 new, 0 updated, 0 unchanged, 0 blank\n\
         1 file(s): 1 accepted, 0 rejected; 2 row(s): 2 new, 0 updated, 0 unchanged, 0 blank; \
         2 revision(s) written to data.csv\n"
    );
    let rows = data_rows(&sb);
    assert_eq!(rows.len(), 2);
    assert_eq!(
        current(&rows, "ban-bo", "2025", "3.2a"),
        ["", "3", "4", "2025-12-05", "hai người chưa tiếp cận"]
    );
    assert_eq!(
        current(&rows, "ban-bo", "2025-Q4", "6.3"),
        ["5", "", "", "2025-12-05", ""]
    );
}

/// The same two figures and note under three header layouts; after the first, each
/// file must read exactly the same (so it changes nothing).
#[test]
fn vietnamese_headers_with_and_without_diacritics_any_order_extra_columns_ignored() {
    let sb = Sandbox::new();
    let english = csv_text(
        "unit,period,indicator,value,numerator,denominator,submitted,note",
        &[
            "ban-bo,2025,3.2a,,3,4,2025-12-05,ghi chú",
            "ban-bo,2025-Q4,6.3,5,,,2025-12-05,",
        ],
    );
    let out = accepted(&sb, "en.csv", english, &[]);
    assert!(out.contains("2 new, 0 updated"), "{out}");

    let vietnamese = csv_text(
        "Đơn vị,Kỳ,Chỉ tiêu,Giá trị,Tử số,Mẫu số,Ngày gửi,Ghi chú",
        &[
            "ban-bo,2025,3.2a,,3,4,2025-12-05,ghi chú",
            "ban-bo,2025-Q4,6.3,5,,,2025-12-05,",
        ],
    );
    let out = accepted(&sb, "vi.csv", vietnamese, &[]);
    assert!(
        out.starts_with("vi.csv: ban-bo, 2025, 2025-Q4: 0 new, 0 updated, 2 unchanged, 0 blank\n"),
        "{out}"
    );

    // Plain-ASCII spellings, shuffled, with a row number and a signature column that
    // are not part of the format.
    let plain = csv_text(
        "STT,ghi_chu,mau_so,tu_so,gia_tri,chi_tieu,ky,don_vi,ngay_gui,Người lập",
        &[
            "1,ghi chú,4,3,,3.2a,2025,ban-bo,2025-12-05,Lò Thị Mai",
            "2,,,,5,6.3,2025-Q4,ban-bo,2025-12-05,Lò Thị Mai",
        ],
    );
    let out = accepted(&sb, "plain.csv", plain, &[]);
    assert!(
        out.starts_with(
            "plain.csv: ban-bo, 2025, 2025-Q4: 0 new, 0 updated, 2 unchanged, 0 blank\n"
        ),
        "{out}"
    );
    // Three submissions, each recorded whole.
    assert_eq!(data_rows(&sb).len(), 6);
}

#[test]
fn delimiters_comma_semicolon_and_tab() {
    let sb = Sandbox::new();
    let rows = [
        [
            "unit",
            "period",
            "indicator",
            "numerator",
            "denominator",
            "note",
        ],
        ["Bản Bo", "2025", "3.2a", "3", "4", "đủ"],
        ["Bản Bo", "2025", "6.1", "1200", "3400", ""],
    ];
    let with = |sep: &str| -> String {
        rows.iter()
            .map(|r| r.join(sep) + "\r\n")
            .collect::<String>()
    };
    let out = accepted(&sb, "comma.csv", with(","), &[]);
    assert!(out.contains(": 2 new, 0 updated, 0 unchanged"), "{out}");
    for (name, sep) in [("semicolon.csv", ";"), ("tab.csv", "\t")] {
        let out = accepted(&sb, name, with(sep), &[]);
        assert!(
            out.starts_with(&format!(
                "{name}: ban-bo, 2025: 0 new, 0 updated, 2 unchanged, 0 blank\n"
            )),
            "{out}"
        );
    }
    let rows = data_rows(&sb);
    assert_eq!(
        current(&rows, "ban-bo", "2025", "6.1")[1..3],
        ["1200", "3400"]
    );
}

/// Plain UTF-8 first; then the same text as UTF-8 with a BOM, as UTF-16LE ("Unicode
/// text", tab-separated) and as Windows-1258 must each read identically.
#[test]
fn encodings_utf8_bom_utf16le_and_windows_1258() {
    let sb = Sandbox::new();
    let text = "Đơn vị,Kỳ,Chỉ tiêu,Tử số,Mẫu số,Ghi chú\n\
                Xã Bản Bo,2025,3.2a,3,4,\"Đã hỗ trợ đầy đủ, kịp thời\"\n";
    let out = accepted(&sb, "utf8.csv", text, &[]);
    assert!(out.contains(": 1 new,"), "{out}");
    let rows = data_rows(&sb);
    assert_eq!(
        current(&rows, "ban-bo", "2025", "3.2a"),
        ["", "3", "4", AS_OF, "Đã hỗ trợ đầy đủ, kịp thời"]
    );

    let unchanged = |name: &str, bytes: Vec<u8>, args: &[&str]| {
        let out = accepted(&sb, name, bytes, args);
        assert!(
            out.starts_with(&format!(
                "{name}: ban-bo, 2025: 0 new, 0 updated, 1 unchanged, 0 blank\n"
            )),
            "{out}"
        );
    };
    unchanged("bom.csv", [BOM, text.as_bytes()].concat(), &[]);
    // Excel's "Unicode text": UTF-16LE with a BOM, tab-separated, CRLF.
    let tabbed = "Đơn vị\tKỳ\tChỉ tiêu\tTử số\tMẫu số\tGhi chú\r\n\
                  Xã Bản Bo\t2025\t3.2a\t3\t4\tĐã hỗ trợ đầy đủ, kịp thời\r\n";
    unchanged("utf16.csv", utf16le_with_bom(tabbed), &[]);
    // Excel's plain "CSV" on Vietnamese Windows.
    let legacy = windows_1258(text);
    assert!(std::str::from_utf8(&legacy).is_err());
    assert!(
        legacy.contains(&0xD2),
        "ả must be written as a + combining hook above (0xD2)"
    );
    unchanged("cp1258.csv", legacy, &["--encoding", "windows-1258"]);
    // Each file is a submission of its own, recorded whole; one figure is current.
    assert_eq!(data_rows(&sb).len(), 4);
}

/// Vietnamese text as Excel on Vietnamese Windows saves it: its letters and tone
/// marks decide the code page.
const VIETNAMESE_CSV: &str = "Đơn vị,Kỳ,Chỉ tiêu,Tử số,Mẫu số,Ghi chú\n\
                              Xã Bản Bo,2025,3.2a,3,4,\"Đã hỗ trợ đầy đủ, kịp thời\"\n";

/// A Windows-1258 file whose only letter outside ASCII, "è", Western Windows
/// writes with the same byte: its bytes do not decide the code page.
fn undecided_windows_1258() -> Vec<u8> {
    windows_1258(
        "unit,period,indicator,numerator,denominator,note\nthen-sin,2025,3.2a,1,2,Thèn Sin\n",
    )
}

/// Issue 19: a file is known by its bytes. A Windows-1258 file recorded with
/// --encoding is recognised, before anything decodes it, when its folder is
/// ingested again without the option, or with another.
#[test]
fn a_windows_1258_folder_ingested_again_without_the_option_is_already_recorded() {
    let sb = Sandbox::new();
    sb.write("reports/then-sin.csv", undecided_windows_1258());
    let (code, out, err) = ingest(&sb, &["reports"]);
    assert_eq!(
        code, 1,
        "the bytes decide nothing, so UTF-8 it must be:\n{out}{err}"
    );
    let (code, out, err) = ingest(&sb, &["--encoding", "windows-1258", "reports"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.starts_with("reports/then-sin.csv: then-sin, 2025: 1 new,"),
        "{out}"
    );
    let before = sb.read("data.csv");
    for args in [&[][..], &["--encoding", "utf-8"], &["--lang", "vi"]] {
        let mut all = args.to_vec();
        all.push("reports");
        let (code, out, err) = ingest(&sb, &all);
        assert_eq!(code, 0, "{args:?}:\n{out}{err}");
        assert!(err.is_empty(), "{err}");
        let first = out.lines().next().unwrap();
        if args.contains(&"vi") {
            assert!(
                first.starts_with("reports/then-sin.csv: Thèn Sin, năm 2025: đã ghi nhận ngày ")
                    && first.ends_with(" (tệp reports/then-sin.csv); không có gì thay đổi"),
                "{out}"
            );
        } else {
            assert!(
                first.starts_with("reports/then-sin.csv: then-sin, 2025: already recorded on ")
                    && first.ends_with(" (as reports/then-sin.csv); nothing to do"),
                "{args:?}: {out}"
            );
        }
        assert_eq!(sb.read("data.csv"), before);
    }
}

/// Issue 19: Excel's plain "CSV" from Vietnamese Windows is read without --encoding
/// when its bytes decide it, and the summary says which encoding was assumed.
#[test]
fn a_windows_1258_file_is_read_without_the_option_when_its_bytes_decide() {
    let sb = Sandbox::new();
    let bytes = windows_1258(VIETNAMESE_CSV);
    assert!(std::str::from_utf8(&bytes).is_err());
    let out = accepted(&sb, "cp1258.csv", &bytes, &["--received", AS_OF]);
    assert_eq!(
        out,
        "cp1258.csv: ban-bo, 2025: 1 new, 0 updated, 0 unchanged, 0 blank\n  \
         read as Windows-1258: the file is not UTF-8, and its bytes are Vietnamese as Excel on \
         Vietnamese Windows saves plain \"CSV\"; if its text reads wrong, give the encoding with \
         --encoding\n\
         1 file(s): 1 accepted, 0 rejected; 1 row(s): 1 new, 0 updated, 0 unchanged, 0 blank; \
         1 revision(s) written to data.csv\n"
    );
    assert_eq!(
        current(&data_rows(&sb), "ban-bo", "2025", "3.2a"),
        ["", "3", "4", AS_OF, "Đã hỗ trợ đầy đủ, kịp thời"]
    );
    let text = "Đơn vị,Kỳ,Chỉ tiêu,Tử số,Mẫu số\nHồ Thầu,2025,3.2a,1,2\n";
    let out = accepted(&sb, "ho-thau.csv", windows_1258(text), &["--lang", "vi"]);
    assert!(
        out.starts_with(
            "ho-thau.csv: Hồ Thầu, năm 2025: 1 số liệu mới, 0 cập nhật, 0 không đổi, 0 để trống\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "\n  đọc theo bảng mã Windows-1258: tệp không phải UTF-8, và nội dung tệp là chữ Việt \
             theo dạng \"CSV\" thường mà Excel trên Windows tiếng Việt lưu; nếu chữ trong tệp bị sai, \
             hãy ghi rõ bảng mã bằng --encoding\n"
        ),
        "{out}"
    );
}

/// Issue 19: --encoding decides when it is given: UTF-8 refuses what the bytes
/// would have read as Windows-1258, and Windows-1258 reads what they leave open,
/// without a word about an encoding assumed.
#[test]
fn the_encoding_option_decides_when_given() {
    let sb = Sandbox::new();
    sb.write("a.csv", windows_1258(VIETNAMESE_CSV));
    let (code, out, err) = ingest(&sb, &["--encoding", "utf-8", "a.csv"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("a.csv:1: error: not valid UTF-8"), "{err}");
    assert!(!sb.path("data.csv").exists());
    let out = accepted(&sb, "a.csv", windows_1258(VIETNAMESE_CSV), &[]);
    assert!(out.contains("\n  read as Windows-1258: "), "{out}");
    let out = accepted(
        &sb,
        "b.csv",
        undecided_windows_1258(),
        &["--encoding", "windows-1258"],
    );
    assert!(!out.contains("read as"), "{out}");
    assert_eq!(
        current(&data_rows(&sb), "then-sin", "2025", "3.2a")[4],
        "Thèn Sin"
    );
}

#[test]
fn units_by_id_name_without_diacritics_case_nfd_and_alias() {
    let sb = Sandbox::new();
    let text = csv_text(
        "unit,period,indicator,numerator,denominator",
        &[
            "ban-bo,2021,3.2a,1,2",
            "Bản Bo,2021,3.2b,1,2",
            "Ban Bo,2022,3.2a,1,2",
            "BẢN BO,2022,3.2b,1,2",
            "BAN-BO,2023,3.2a,1,2",
            "Ba\u{309}n Bo,2023,3.2b,1,2",
            "Xa\u{303} Ba\u{309}n Bo,2024,3.2a,1,2",
            "Xã Bản Bo,2024,3.2b,1,2",
            "UBND xã Bản Bo,2025,3.2a,1,2",
            "Bản Bo commune,2025,3.2b,1,2",
            "Phòng LĐTBXH,2024,2.1,10,20",
            "phong ldtbxh,2024-H1,2.1,10,20",
        ],
    );
    let out = accepted(&sb, "units.csv", text, &[]);
    assert!(
        out.starts_with(
            "units.csv: ban-bo, ldtbxh, 2021, 2022, 2023, 2024, 2025, 2024-H1: 12 new,"
        ),
        "{out}"
    );
    let rows = data_rows(&sb);
    let units: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    let mut expected = vec!["ban-bo"; 10];
    expected.extend(["ldtbxh", "ldtbxh"]);
    assert_eq!(units, expected);
}

#[test]
fn period_spellings() {
    let sb = Sandbox::new();
    let text = csv_text(
        "unit,period,indicator,value,numerator,denominator",
        &[
            "ban-bo,2025,3.2a,,1,2",
            "ban-bo,2025-H1,3.2a,,1,2",
            "ban-bo,2025S1,3.2b,,1,2",
            "ban-bo,2025-Q3,6.3,4,,",
            "ban-bo,2025Q4,6.3,4,,",
            "ban-bo,2024 q2,6.3,4,,",
        ],
    );
    accepted(&sb, "periods.csv", text, &[]);
    let periods: Vec<(String, String)> = data_rows(&sb)
        .into_iter()
        .map(|r| (r[2].clone(), r[3].clone()))
        .collect();
    let expected = [
        ("2025", "3.2a"),
        ("2025-H1", "3.2a"),
        ("2025-H1", "3.2b"),
        ("2025-Q3", "6.3"),
        ("2025-Q4", "6.3"),
        ("2024-Q2", "6.3"),
    ];
    assert_eq!(
        periods,
        expected.map(|(p, i)| (p.to_string(), i.to_string()))
    );
}

#[test]
fn decimal_comma_and_decimal_dot_read_the_same() {
    let sb = Sandbox::new();
    accepted(
        &sb,
        "comma.csv",
        "unit,period,indicator,value\nthongke,2025,3.1,\"1,7\"\n",
        &[],
    );
    assert_eq!(current(&data_rows(&sb), "thongke", "2025", "3.1")[0], "1.7");
    let out = accepted(
        &sb,
        "dot.csv",
        "unit;period;indicator;value\nthongke;2025;3.1;1.7\n",
        &[],
    );
    assert!(out.contains("1 unchanged, 0 blank\n"), "{out}");
}

#[test]
fn thousands_dots_are_settled_by_a_decimal_comma_elsewhere_in_the_file() {
    let sb = Sandbox::new();
    accepted(
        &sb,
        "thongke.csv",
        csv_text(
            "unit;period;indicator;value;numerator;denominator",
            &[
                "thongke;2025;3.1;1,5;;",
                "thongke;2025;5.4a;;40.000;100.000",
                "thongke;2025;5.4b;;1.250;2.500",
            ],
        ),
        &[],
    );
    let rows = data_rows(&sb);
    assert_eq!(current(&rows, "thongke", "2025", "3.1")[0], "1.5");
    assert_eq!(
        current(&rows, "thongke", "2025", "5.4a")[1..3],
        ["40000", "100000"]
    );
    assert_eq!(
        current(&rows, "thongke", "2025", "5.4b")[1..3],
        ["1250", "2500"]
    );

    // The other way round: a decimal dot makes "100,000" a hundred thousand.
    let sb = Sandbox::new();
    accepted(
        &sb,
        "thongke.csv",
        csv_text(
            "unit,period,indicator,value,numerator,denominator",
            &[
                "thongke,2025,3.1,1.5,,",
                "thongke,2025,5.4a,,\"40,000\",\"100,000\"",
            ],
        ),
        &[],
    );
    let rows = data_rows(&sb);
    assert_eq!(current(&rows, "thongke", "2025", "3.1")[0], "1.5");
    assert_eq!(
        current(&rows, "thongke", "2025", "5.4a")[1..3],
        ["40000", "100000"]
    );
}

#[test]
fn a_percent_sign_is_dropped() {
    let sb = Sandbox::new();
    accepted(
        &sb,
        "pct.csv",
        csv_text(
            "unit,period,indicator,value,numerator,denominator",
            &["thongke,2025,3.1,45 %,,", "thongke,2025,5.4a,,30%,60"],
        ),
        &[],
    );
    let rows = data_rows(&sb);
    assert_eq!(current(&rows, "thongke", "2025", "3.1")[0], "45");
    assert_eq!(current(&rows, "thongke", "2025", "5.4a")[1], "30");
}

#[test]
fn yes_no_words() {
    let sb = Sandbox::new();
    let cases = [
        ("2021", "yes", "yes"),
        ("2021-H1", "no", "no"),
        ("2022", "có", "yes"),
        ("2022-H1", "không", "no"),
        ("2023", "x", "yes"),
        ("2023-H1", "1", "yes"),
        ("2024", "0", "no"),
        ("2024-H1", "true", "yes"),
        ("2025", "false", "no"),
        ("2025-H1", "KHÔNG", "no"),
    ];
    let mut text = String::from("unit,period,indicator,value\n");
    for (period, word, _) in cases {
        text.push_str(&format!("gddt,{period},5.1,{word}\n"));
    }
    let out = accepted(&sb, "gddt.csv", text, &[]);
    assert!(out.contains(": 10 new, 0 updated"), "{out}");
    let rows = data_rows(&sb);
    for (period, word, stored) in cases {
        assert_eq!(current(&rows, "gddt", period, "5.1")[0], stored, "{word}");
    }
}

#[test]
fn submitted_dates_in_both_layouts_and_the_defaults() {
    let sb = Sandbox::new();
    let text = csv_text(
        "unit,period,indicator,numerator,denominator,submitted",
        &[
            "ban-bo,2025,3.2a,1,2,2025-12-05",
            "ban-bo,2025,3.2b,1,2,05/12/2025",
            "ban-bo,2025,6.1,1,2,",
        ],
    );
    accepted(&sb, "dates.csv", &text, &["--received", "07/12/2025"]);
    let rows = data_rows(&sb);
    assert_eq!(current(&rows, "ban-bo", "2025", "3.2a")[3], "2025-12-05");
    assert_eq!(current(&rows, "ban-bo", "2025", "3.2b")[3], "2025-12-05");
    assert_eq!(current(&rows, "ban-bo", "2025", "6.1")[3], "2025-12-07");

    // Without --received, a row without a date was received on the as-of date.
    let sb = Sandbox::new();
    accepted(&sb, "dates.csv", &text, &[]);
    assert_eq!(current(&data_rows(&sb), "ban-bo", "2025", "6.1")[3], AS_OF);
}

#[test]
fn narrative_row_for_a_unit_without_indicators() {
    let sb = Sandbox::new();
    let out = accepted(
        &sb,
        "tuphap.csv",
        "unit,period,indicator,value,note\n\
         Phòng Tư pháp,2025,,,\"Tổ chức 12 buổi tuyên truyền, phổ biến pháp luật\"\n",
        &[],
    );
    assert!(
        out.starts_with("tuphap.csv: tuphap, 2025: 1 new, 0 updated, 0 unchanged, 0 blank\n"),
        "{out}"
    );
    assert_eq!(
        current(&data_rows(&sb), "tuphap", "2025", ""),
        [
            "",
            "",
            "",
            AS_OF,
            "Tổ chức 12 buổi tuyên truyền, phổ biến pháp luật"
        ]
    );
}

/// Lines with no figure and no note are read, counted as blank, and record
/// nothing: they are not a report (issue 19).
#[test]
fn lines_left_empty_are_counted_as_blank_and_record_nothing() {
    let sb = Sandbox::new();
    let out = accepted(
        &sb,
        "blank.csv",
        csv_text(
            "unit,period,indicator,value,numerator,denominator",
            &[
                "ban-bo,2025,3.2a,,,",
                "ban-bo,2025-Q1,6.3, ,,",
                "ban-bo,2025,6.1,,300,1000",
            ],
        ),
        &[],
    );
    assert!(
        out.starts_with("blank.csv: ban-bo, 2025: 1 new, 0 updated, 0 unchanged, 2 blank\n"),
        "{out}"
    );
    assert!(
        out.contains("\n  2 line(s) left empty (no figure, no note): not recorded\n"),
        "{out}"
    );
    assert!(
        out.contains("; 3 row(s): 1 new, 0 updated, 0 unchanged, 2 blank; 1 revision(s) written"),
        "{out}"
    );
    let rows = data_rows(&sb);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        current(&rows, "ban-bo", "2025", "6.1")[1..3],
        ["300", "1000"]
    );
}

#[test]
fn a_blank_does_not_erase_a_recorded_figure() {
    let sb = Sandbox::new();
    accepted(
        &sb,
        "a.csv",
        "unit,period,indicator,value\nban-bo,2025-Q1,6.3,4\n",
        &[],
    );
    let out = accepted(
        &sb,
        "b.csv",
        "unit,period,indicator,value\nban-bo,2025-Q1,6.3,\n",
        &[],
    );
    assert!(
        out.contains("0 new, 0 updated, 0 unchanged, 1 blank"),
        "{out}"
    );
    // The blank says nothing: nothing is recorded, and the figure stays in force.
    assert_eq!(data_rows(&sb).len(), 1);
    let out = accepted(
        &sb,
        "c.csv",
        "unit,period,indicator,value,note\nban-bo,2025-Q1,6.3,4,\n",
        &[],
    );
    assert!(out.contains("0 new, 0 updated, 1 unchanged"), "{out}");
}

#[test]
fn accepted_output_in_vietnamese() {
    let sb = Sandbox::new();
    let out = accepted(&sb, "a.csv", GOOD, &["--lang", "vi", "--received", AS_OF]);
    assert_eq!(
        out,
        "a.csv: Bản Bo, năm 2024: 1 số liệu mới, 0 cập nhật, 0 không đổi, 0 để trống\n\
         1 tệp: 1 tệp được nhận, 0 tệp bị từ chối; 1 dòng: 1 số liệu mới, 0 cập nhật, 0 không đổi, 0 để trống; \
         đã ghi 1 bản ghi vào data.csv\n"
    );
    let out = accepted(&sb, "a.csv", GOOD, &["--lang", "vi"]);
    assert!(
        out.starts_with("a.csv: Bản Bo, năm 2024: đã ghi nhận ngày "),
        "{out}"
    );
    assert!(
        out.contains(" (tệp a.csv); không có gì thay đổi\n"),
        "{out}"
    );
}

// ---------------------------------------------------------------------------------
// Rejections: FILE:LINE: error + hint, exit 1, the data file untouched
// ---------------------------------------------------------------------------------

/// A file that is not UTF-8, whose bytes do not decide its encoding either (issue
/// 19), is refused with the option that reads it.
#[test]
fn invalid_utf8_names_the_encoding_option_and_the_line() {
    // "Thèn Sin" saved as Windows-1258 on line 3: "T", "h", then "è", 0xE8, the
    // line's third byte; Western Windows writes "è" the same, so the bytes do not
    // say which code page it is.
    let mut bytes = b"unit,period,indicator,numerator,denominator\nban-bo,2025,3.2a,1,2\n".to_vec();
    bytes.extend(windows_1258("Thèn Sin,2025,3.2b,1,2\n"));
    let err = rejected(&bytes, &[]);
    assert_problem(
        &err,
        "bad.csv:3",
        "not valid UTF-8 (byte 3 of the line)",
        "ingest it with --encoding windows-1258, or save it again as \"CSV UTF-8\"",
    );
    // The same bytes with the flag go in.
    let sb = Sandbox::new();
    accepted(&sb, "legacy.csv", &bytes, &["--encoding", "windows-1258"]);
    assert_eq!(data_rows(&sb).len(), 2);
}

#[test]
fn unknown_unit_with_a_suggestion() {
    rejected_with(
        "unit,period,indicator,numerator,denominator\nban-bo,2025,3.2a,1,2\nBan Boo,2025,3.2b,1,2\n",
        3,
        "unknown unit \"Ban Boo\"",
        "did you mean \"ban-bo\" (Bản Bo commune)? Use the unit's id or its name as in plan.toml",
    );
}

#[test]
fn unknown_unit_in_vietnamese() {
    let err = rejected(
        "unit,period,indicator,numerator,denominator\nBan Boo,2025,3.2b,1,2\n",
        &["--lang", "vi"],
    );
    assert_problem_vi(
        &err,
        "bad.csv:2",
        "không có đơn vị \"Ban Boo\"",
        "có phải ý bạn là \"ban-bo\" (Bản Bo)?",
    );
}

#[test]
fn unknown_indicator() {
    rejected_with(
        "unit,period,indicator,numerator,denominator\nban-bo,2025,3.2c,1,2\n",
        2,
        "unknown indicator \"3.2c\"",
        "`gender-plan plan` lists the indicators",
    );
}

#[test]
fn unit_not_a_contributor_names_who_is() {
    rejected_with(
        "unit,period,indicator,numerator,denominator\ntuphap,2025,4.1,110,100\n",
        2,
        "unit \"tuphap\" does not report indicator 4.1",
        "indicator 4.1 is reported by ttyt (District Health Centre) for that round; remove this row or check the indicator id",
    );
    rejected_with(
        "unit,period,indicator,numerator,denominator\nldtbxh,2025,3.2a,1,2\n",
        2,
        "unit \"ldtbxh\" does not report indicator 3.2a",
        "indicator 3.2a is reported by 13 units: tt-tam-duong, then-sin, ta-leng, …",
    );
}

#[test]
fn unreadable_period() {
    rejected_with(
        "unit,period,indicator,numerator,denominator\nban-bo,H1/2025,3.2a,1,2\n",
        2,
        "cannot read the period \"H1/2025\"",
        "write 2025 (annual report), 2025-H1 (6-month report) or 2025-Q3 (a quarter)",
    );
}

#[test]
fn period_outside_the_plan_years() {
    let err = rejected(
        "unit,period,indicator,numerator,denominator\nban-bo,2020,3.2a,1,2\nban-bo,2026-H1,3.2a,1,2\n",
        &[],
    );
    assert_problem(
        &err,
        "bad.csv:2",
        "period 2020 is outside the plan (2021–2025)",
        "check the year",
    );
    assert_problem(
        &err,
        "bad.csv:3",
        "period 2026-H1 is outside the plan (2021–2025)",
        "check the year",
    );
}

#[test]
fn period_outside_the_plan_years_in_vietnamese() {
    let err = rejected(
        "đơn vị,kỳ,chỉ tiêu,tử số,mẫu số\nban-bo,2020,3.2a,1,2\n",
        &["--lang", "vi"],
    );
    assert_problem_vi(
        &err,
        "bad.csv:2",
        "kỳ năm 2020 nằm ngoài thời gian của kế hoạch (2021–2025)",
        "kiểm tra lại năm",
    );
}

#[test]
fn quarterly_indicator_given_a_year() {
    rejected_with(
        "unit,period,indicator,value\nban-bo,2025,6.3,5\n",
        2,
        "indicator 6.3 is counted per quarter; period 2025 is not a quarter",
        "write one row per quarter: 2025-Q1, 2025-Q2, 2025-Q3, 2025-Q4",
    );
}

#[test]
fn round_indicator_given_a_quarter() {
    rejected_with(
        "unit,period,indicator,numerator,denominator\nban-bo,2025-Q2,3.2a,1,2\n",
        2,
        "indicator 3.2a is reported once per round, not per quarter: period 2025-Q2",
        "use 2025-H1 for the 6-month report or 2025 for the annual report",
    );
}

#[test]
fn second_half_year_is_not_a_reporting_period() {
    rejected_with(
        "unit,period,indicator,numerator,denominator\nban-bo,2025-H2,3.2a,1,2\n",
        2,
        "2025-H2 is not a reporting period",
        "the 6-month report is 2025-H1 and the annual report 2025",
    );
}

#[test]
fn value_not_a_number() {
    rejected_with(
        "unit,period,indicator,value\nban-bo,2025-Q1,6.3,bốn\n",
        2,
        "cannot read \"bốn\" as a number (value)",
        "write digits only, such as 1250, 1,7 or 45 %",
    );
}

#[test]
fn negative_count() {
    rejected_with(
        "unit,period,indicator,value\nban-bo,2025-Q1,6.3,-2\n",
        2,
        "negative count -2 for indicator 6.3",
        "counts cannot be below 0; check the sign",
    );
    rejected_with(
        "unit,period,indicator,numerator,denominator\nban-bo,2025,6.1,-3,10\n",
        2,
        "negative numerator -3 for indicator 6.1",
        "counts cannot be below 0",
    );
}

#[test]
fn zero_denominator_with_a_numerator() {
    rejected_with(
        "unit,period,indicator,numerator,denominator\nban-bo,2025,3.2a,2,0\n",
        2,
        "the denominator is 0 but the numerator is 2 for indicator 3.2a",
        "if there were no cases, write 0 in both cells",
    );
}

/// A commune that detected no victim in the period reports 0 of 0, or writes
/// "no cases" in the value cell: a complete report, recorded as 0 and 0.
#[test]
fn zero_of_zero_and_no_cases_are_recorded_as_no_cases() {
    let sb = Sandbox::new();
    accepted(
        &sb,
        "ban-bo.csv",
        "unit,period,indicator,numerator,denominator,value\nban-bo,2025,3.2a,0,0,\nban-bo,2025,3.2b,,,Không có trường hợp\n",
        &[],
    );
    let rows = data_rows(&sb);
    assert_eq!(current(&rows, "ban-bo", "2025", "3.2a")[1..3], ["0", "0"]);
    assert_eq!(current(&rows, "ban-bo", "2025", "3.2b")[1..3], ["0", "0"]);
}

#[test]
fn numerator_above_denominator_for_a_percentage() {
    rejected_with(
        "unit,period,indicator,numerator,denominator\nban-bo,2025,3.2a,5,4\n",
        2,
        "the numerator 5 is above the denominator 4 for indicator 3.2a, a percentage",
        "check whether the two were swapped",
    );
}

/// 4.1 is boys per 100 girls, also ×100 but not a percentage: more boys than girls
/// is the usual case.
#[test]
fn sex_ratio_with_more_boys_than_girls_is_accepted() {
    let sb = Sandbox::new();
    accepted(
        &sb,
        "ttyt.csv",
        "unit,period,indicator,numerator,denominator\nttyt,2025,4.1,560,500\n",
        &[],
    );
    assert_eq!(
        current(&data_rows(&sb), "ttyt", "2025", "4.1")[1..3],
        ["560", "500"]
    );
}

// No indicator of the shipped plan is a value-measure percentage (3.1, the only
// value measure, is in "times"), so the "value over 100 %" rule has no case here.

#[test]
fn ambiguous_number_shows_both_readings_and_names_the_option() {
    // 3.1 is a value (hours, times men's), so both readings are possible.
    let file = "unit,period,indicator,value\nthongke,2025,3.1,1.234\n";
    let err = rejected(file, &[]);
    assert_problem(
        &err,
        "bad.csv:2",
        "ambiguous number \"1.234\": 1234 if \",\" is the decimal mark, 1.234 if \".\" is",
        "say which with --decimal comma (Vietnamese: 1.234,5) or --decimal dot (1,234.5)",
    );

    let sb = Sandbox::new();
    accepted(&sb, "comma.csv", file, &["--decimal", "comma"]);
    assert_eq!(
        current(&data_rows(&sb), "thongke", "2025", "3.1")[0],
        "1234"
    );
    // The same bytes are the same file, already recorded: reading them otherwise
    // takes withdrawing the first reading and recording them --again.
    let out = accepted(&sb, "dot.csv", file, &["--decimal", "dot"]);
    assert!(out.contains("already recorded on "), "{out}");
    let (code, _, err) = sb.run(&[
        "withdraw",
        "--as-of",
        AS_OF,
        "--data",
        "data.csv",
        "--file",
        "comma.csv",
        "--reason",
        "read with the wrong decimal mark",
    ]);
    assert_eq!(code, 0, "{err}");
    let out = accepted(&sb, "dot.csv", file, &["--decimal", "dot", "--again"]);
    assert!(out.contains("1 new, 0 updated"), "{out}");
    assert_eq!(
        current(&data_rows(&sb), "thongke", "2025", "3.1")[0],
        "1.234"
    );
}

#[test]
fn submitted_after_the_as_of_date() {
    rejected_with(
        "unit,period,indicator,numerator,denominator,submitted\nban-bo,2025,3.2a,1,2,21/12/2025\n",
        2,
        "the submitted date 2025-12-21 is after the as-of date 2025-12-20",
        "a report cannot be sent in the future (--as-of sets today)",
    );
}

#[test]
fn submitted_before_the_plan_began() {
    rejected_with(
        "unit,period,indicator,numerator,denominator,submitted\nban-bo,2021,3.2a,1,2,2020-12-31\n",
        2,
        "the submitted date 2020-12-31 is before the plan began (2021-01-01)",
        "check the year of the date",
    );
}

#[test]
fn unreadable_submitted_date() {
    rejected_with(
        "unit,period,indicator,numerator,denominator,submitted\nban-bo,2025-H1,3.2a,1,2,31/06/2025\n",
        2,
        "cannot read the date \"31/06/2025\"",
        "and check that the day exists",
    );
}

#[test]
fn the_same_key_twice_in_one_file() {
    rejected_with(
        "unit,period,indicator,numerator,denominator\n\
         ban-bo,2025,3.2a,1,2\n\
         ban-bo,2025,6.1,1,2\n\
         Xã Bản Bo,2025,3.2a,1,2\n",
        4,
        "indicator 3.2a for ban-bo, 2025 appears twice (first on line 2)",
        "keep one row for each unit, period and indicator",
    );
}

#[test]
fn two_files_with_different_figures_for_one_key_are_both_rejected() {
    let sb = Sandbox::new();
    accepted(&sb, "good.csv", GOOD, &[]);
    let before = sb.read("data.csv");
    sb.write(
        "a.csv",
        "unit,period,indicator,numerator,denominator\nban-bo,2025,6.1,1,2\nban-bo,2025,3.2a,1,2\n",
    );
    sb.write(
        "b.csv",
        "unit,period,indicator,numerator,denominator\nban-bo,2025,3.2a,1,3\n",
    );
    let (code, out, err) = ingest(&sb, &["a.csv", "b.csv"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("a.csv: REJECTED (1 problem(s)"), "{out}");
    assert!(out.contains("b.csv: REJECTED (1 problem(s)"), "{out}");
    assert!(out.contains("2 file(s): 0 accepted, 2 rejected"), "{out}");
    let hint = "only one can be right: ask the unit which";
    assert_problem(
        &err,
        "a.csv:3",
        "indicator 3.2a for ban-bo, 2025: 1/2 here, but 1/3 in b.csv:2, both submitted 2025-12-20",
        hint,
    );
    assert_problem(
        &err,
        "b.csv:2",
        "indicator 3.2a for ban-bo, 2025: 1/3 here, but 1/2 in a.csv:3, both submitted 2025-12-20",
        hint,
    );
    assert_eq!(sb.read("data.csv"), before);

    // The same figure from two files is no conflict.
    sb.write(
        "c.csv",
        "unit,period,indicator,numerator,denominator\nban-bo,2025,3.2a,1,2\n",
    );
    let (code, out, err) = ingest(&sb, &["a.csv", "c.csv"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn all_problems_of_a_file_are_reported_at_once() {
    let err = rejected(
        "unit,period,indicator,value,numerator,denominator,submitted\n\
         ban-bo,2025,3.2a,,1,2,\n\
         Ban Boo,2025,3.2b,,1,2,\n\
         ban-bo,2025-H2,6.1,,1,2,\n\
         ban-bo,2025-Q1,6.3,bốn,,,\n\
         ban-bo,2025,3.2b,,5,4,\n\
         ban-bo,2024,3.2b,,1,2,31/06/2025\n",
        &[],
    );
    let errors: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 5, "{err}");
    for (line, message) in [
        (3, "unknown unit \"Ban Boo\""),
        (4, "2025-H2 is not a reporting period"),
        (5, "cannot read \"bốn\" as a number"),
        (6, "the numerator 5 is above the denominator 4"),
        (7, "cannot read the date \"31/06/2025\""),
    ] {
        assert!(
            errors
                .iter()
                .any(|l| l.starts_with(&format!("bad.csv:{line}: error: ")) && l.contains(message)),
            "line {line}: {message} missing:\n{err}"
        );
    }
    // In line order.
    let lines: Vec<usize> = errors
        .iter()
        .map(|l| l.split(':').nth(1).unwrap().parse().unwrap())
        .collect();
    assert_eq!(lines, [3, 4, 5, 6, 7]);
}

#[test]
fn the_rejected_count_is_on_stdout() {
    let sb = Sandbox::new();
    sb.write(
        "bad.csv",
        "unit,period,indicator,value\nban-bo,2025,6.3,5\nban-bo,2026-Q1,6.3,5\n",
    );
    let (code, out, _) = ingest(&sb, &["bad.csv"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "bad.csv: REJECTED (2 problem(s), nothing recorded from this file)\n\
         1 file(s): 0 accepted, 1 rejected; 0 row(s): 0 new, 0 updated, 0 unchanged, 0 blank\n"
    );
    assert!(!sb.path("data.csv").exists());
}

#[test]
fn a_rejected_file_does_not_stop_the_others() {
    let sb = Sandbox::new();
    sb.write(
        "reports/1-ban-bo.csv",
        "unit,period,indicator,numerator,denominator\nban-bo,2025,3.2a,1,2\n",
    );
    sb.write(
        "reports/2-bad.csv",
        "unit,period,indicator,numerator,denominator\nban-boo,2025,3.2a,1,2\n",
    );
    sb.write(
        "reports/3-ttyt.csv",
        "unit,period,indicator,numerator,denominator\nttyt,2025,4.1,110,100\n",
    );
    let (code, out, err) = ingest(&sb, &["reports/"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("2-bad.csv: REJECTED (1 problem(s), nothing recorded from this file)"),
        "{out}"
    );
    assert!(
        out.ends_with(
            "3 file(s): 2 accepted, 1 rejected; 2 row(s): 2 new, 0 updated, 0 unchanged, 0 blank; \
             2 revision(s) written to data.csv\n"
        ),
        "{out}"
    );
    assert!(
        err.contains("2-bad.csv:2: error: unknown unit \"ban-boo\""),
        "{err}"
    );
    let rows = data_rows(&sb);
    assert_eq!(rows.len(), 2);
    current(&rows, "ban-bo", "2025", "3.2a");
    current(&rows, "ttyt", "2025", "4.1");
}

// ---------------------------------------------------------------------------------
// The data file
// ---------------------------------------------------------------------------------

#[test]
fn data_file_is_csv_with_the_documented_header() {
    let sb = Sandbox::new();
    let content = "unit,period,indicator,value,numerator,denominator,submitted,note\n\
                   ban-bo,2025,3.2a,,3,4,05/12/2025,\"có \"\"dấu\"\", phẩy\"\n\
                   gddt,2025,5.1,có,,,,\n";
    accepted(&sb, "r.csv", content, &[]);
    let rows = data_rows(&sb);
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert_eq!(row.len(), HEADER.len());
        chrono::DateTime::parse_from_rfc3339(&row[0])
            .unwrap_or_else(|e| panic!("recorded_at {:?}: {e}", row[0]));
        assert_eq!(row[9], "", "not a withdrawal");
        assert_eq!(row[10], "tester", "recorded by the login name");
        assert_eq!(row[11], "", "the whole, not a group");
        assert_eq!(row[12], "r.csv");
        assert_eq!(row[13].len(), 16);
        assert!(
            row[13].bytes().all(|b| b.is_ascii_hexdigit()),
            "{}",
            row[13]
        );
    }
    assert_eq!(
        rows[0][1..9],
        [
            "ban-bo",
            "2025",
            "3.2a",
            "",
            "3",
            "4",
            "2025-12-05",
            "có \"dấu\", phẩy"
        ]
    );
    assert_eq!(
        rows[1][1..9],
        ["gddt", "2025", "5.1", "yes", "", "", AS_OF, ""]
    );
}

/// Includes a blank row. The file's content is recorded already, whatever its
/// name: nothing to do, and the summary says when it was recorded.
#[test]
fn ingesting_the_same_file_again_changes_nothing() {
    let sb = Sandbox::new();
    let content = "unit,period,indicator,value,numerator,denominator\n\
                   ban-bo,2025,3.2a,,3,4\n\
                   ban-bo,2025-Q1,6.3,5,,\n\
                   ban-bo,2025,6.1,,,\n";
    let out = accepted(&sb, "r.csv", content, &[]);
    assert!(
        out.contains(": 2 new, 0 updated, 0 unchanged, 1 blank\n"),
        "{out}"
    );
    let before = sb.read("data.csv");
    for name in ["r.csv", "copy of r.csv"] {
        let out = accepted(&sb, name, content, &[]);
        let (first, rest) = out.split_once('\n').unwrap();
        assert!(
            first.starts_with(&format!(
                "{name}: ban-bo, 2025, 2025-Q1: already recorded on "
            )) && first.ends_with(" (as r.csv); nothing to do"),
            "{out}"
        );
        // Known by its bytes, it is not read again: it counts the 2 figures
        // recorded from it (its empty line never was).
        assert_eq!(
            rest,
            "1 file(s): 1 accepted, 0 rejected; \
             2 row(s): 0 new, 0 updated, 0 unchanged, 0 blank, 2 already recorded\n"
        );
        assert_eq!(sb.read("data.csv"), before);
    }
}

/// Issue 19: the summary's counts add up to the rows of the files accepted: a file
/// already recorded and a second copy in one run count their rows too, and
/// superseded and blank rows are counted once each.
#[test]
fn the_summary_counts_add_up_to_the_rows_read() {
    let sb = Sandbox::new();
    let first = "unit,period,indicator,value,numerator,denominator,submitted\n\
                 ban-bo,2025,3.2a,,3,4,2025-06-10\n\
                 ban-bo,2025-Q1,6.3,5,,,2025-06-10\n";
    accepted(&sb, "first.csv", first, &[]);
    // An earlier-submitted figure for 3.2a (superseded), a blank, a new figure.
    let earlier = "unit,period,indicator,value,numerator,denominator,submitted\n\
                   ban-bo,2025,3.2a,,2,4,2025-06-01\n\
                   ban-bo,2025,6.1,,,,2025-06-01\n\
                   ban-bo,2025-Q2,6.3,7,,,2025-06-01\n";
    sb.write("earlier.csv", earlier);
    sb.write("copy of earlier.csv", earlier);
    for lang in ["en", "vi"] {
        let args = [
            "--lang",
            lang,
            "--dry-run",
            "first.csv",
            "earlier.csv",
            "copy of earlier.csv",
        ];
        let (code, out, err) = ingest(&sb, &args);
        assert_eq!(code, 0, "{out}{err}");
        let last = out.lines().last().unwrap();
        let expected = match lang {
            "en" => {
                "3 file(s): 3 accepted, 0 rejected; 8 row(s): 1 new, 0 updated, 0 unchanged, \
                 1 blank, 1 superseded, 2 already recorded, 3 in a file repeated (dry run: nothing \
                 was written)"
            }
            _ => {
                "3 tệp: 3 tệp được nhận, 0 tệp bị từ chối; 8 dòng: 1 số liệu mới, 0 cập nhật, \
                 0 không đổi, 1 để trống, 1 đã có số liệu gửi sau thay thế, 2 đã ghi nhận trước \
                 đây, 3 trong tệp trùng nội dung (chạy thử: không ghi gì)"
            }
        };
        assert_eq!(last, expected, "{out}");
    }
}

/// A corrected file is a submission of its own: all its rows are recorded (so that
/// withdrawing either file later leaves the other's figures whole), and the
/// summary counts what changes.
#[test]
fn a_correction_is_recorded_whole_and_one_figure_changes() {
    let sb = Sandbox::new();
    let v1 = "unit,period,indicator,value,numerator,denominator\n\
              ban-bo,2025,3.2a,,3,4\n\
              ban-bo,2025-Q1,6.3,5,,\n\
              ban-bo,2025,6.1,,100,400\n";
    accepted(&sb, "r.csv", v1, &[]);
    let before = sb.read("data.csv");
    let v2 = v1.replace(",,100,400", ",,120,400");
    let out = accepted(&sb, "r.csv", v2, &["--received", AS_OF]);
    assert_eq!(
        out,
        "r.csv: ban-bo, 2025, 2025-Q1: 0 new, 1 updated, 2 unchanged, 0 blank\n\
         1 file(s): 1 accepted, 0 rejected; 3 row(s): 0 new, 1 updated, 2 unchanged, 0 blank; \
         3 revision(s) written to data.csv\n"
    );
    let after = sb.read("data.csv");
    assert!(
        after.starts_with(&before),
        "append-only: the old rows stay as they were"
    );
    let rows = rows_of(&after);
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[2][1..7], ["ban-bo", "2025", "6.1", "", "100", "400"]);
    assert_eq!(rows[5][1..7], ["ban-bo", "2025", "6.1", "", "120", "400"]);
    assert_eq!(current(&rows, "ban-bo", "2025", "6.1")[1], "120");
}

#[test]
fn dry_run_writes_nothing_but_counts_the_same() {
    let content = "unit,period,indicator,value,numerator,denominator\n\
                   ban-bo,2025,3.2a,,3,4\n\
                   ban-bo,2025,6.1,,,\n";
    let sb = Sandbox::new();
    let dry = accepted(&sb, "r.csv", content, &["--dry-run", "--received", AS_OF]);
    assert!(
        !sb.path("data.csv").exists(),
        "a dry run created the data file"
    );
    assert_eq!(
        dry,
        "r.csv: ban-bo, 2025: 1 new, 0 updated, 0 unchanged, 1 blank\n  \
         1 line(s) left empty (no figure, no note): not recorded\n\
         1 file(s): 1 accepted, 0 rejected; 2 row(s): 1 new, 0 updated, 0 unchanged, 1 blank \
         (dry run: nothing was written)\n"
    );
    let real = accepted(&sb, "r.csv", content, &["--received", AS_OF]);
    assert_eq!(
        real,
        "r.csv: ban-bo, 2025: 1 new, 0 updated, 0 unchanged, 1 blank\n  \
         1 line(s) left empty (no figure, no note): not recorded\n\
         1 file(s): 1 accepted, 0 rejected; 2 row(s): 1 new, 0 updated, 0 unchanged, 1 blank; \
         1 revision(s) written to data.csv\n"
    );
    // Against an existing data file: the counts of a real run, the file untouched.
    let before = sb.read("data.csv");
    let dry = accepted(
        &sb,
        "r2.csv",
        content.replace(",3,4", ",3,5"),
        &["--dry-run"],
    );
    assert!(
        dry.contains("r2.csv: ban-bo, 2025: 0 new, 1 updated, 0 unchanged, 1 blank\n"),
        "{dry}"
    );
    assert_eq!(sb.read("data.csv"), before);
}

/// Writes data.csv with three rows (lines 2–4), then replaces it with `damage(bytes)`
/// and asserts an ingest is refused with `data.csv:LINE` and leaves it as it was.
fn refused_data_file(damage: impl Fn(&[u8]) -> Vec<u8>, location: &str, message: &str) {
    let sb = Sandbox::new();
    accepted(
        &sb,
        "r.csv",
        "unit,period,indicator,value,numerator,denominator\n\
         ban-bo,2025,3.2a,,3,4\n\
         ban-bo,2025-Q1,6.3,5,,\n\
         ban-bo,2025,6.1,,100,400\n",
        &[],
    );
    let damaged = damage(&sb.read("data.csv"));
    sb.write("data.csv", &damaged);
    sb.write(
        "new.csv",
        "unit,period,indicator,value\nban-bo,2025-Q2,6.3,4\n",
    );
    let (code, out, err) = ingest(&sb, &["new.csv"]);
    assert_eq!(code, 1, "{out}{err}");
    assert_problem(
        &err,
        location,
        message,
        "the data file is written only by `gender-plan ingest`; restore it from a backup",
    );
    assert!(
        err.ends_with("1 problem(s) found; nothing was changed\n"),
        "{err}"
    );
    assert_eq!(
        sb.read("data.csv"),
        damaged,
        "a damaged data file was changed"
    );
}

#[test]
fn damaged_data_file_truncated_mid_row() {
    // Cut inside the submitted date of the last row.
    refused_data_file(
        |b| b[..b.len() - 55].to_vec(),
        "data.csv:4",
        "damaged row: 8 fields instead of 19",
    );
}

#[test]
fn damaged_data_file_truncated_in_its_last_field() {
    refused_data_file(
        |b| b[..b.len() - 5].to_vec(),
        "data.csv:4",
        "damaged checksum",
    );
}

#[test]
fn damaged_data_file_with_a_garbage_line() {
    refused_data_file(
        |b| {
            let text = String::from_utf8(b.to_vec()).unwrap();
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            lines.insert(2, "these figures were checked by phone\n");
            lines.concat().into_bytes()
        },
        "data.csv:3",
        "damaged row: 1 fields instead of 19",
    );
}

#[test]
fn damaged_data_file_with_a_wrong_header() {
    refused_data_file(
        |b| {
            String::from_utf8(b.to_vec())
                .unwrap()
                .replacen("recorded_at,unit", "recorded,unit", 1)
                .into_bytes()
        },
        "data.csv:1",
        "this is not a gender-plan data file: the first line must be recorded_at,unit,period,indicator,value,numerator,denominator,submitted,note,withdraws,recorded_by,group,source_file,source_hash,via_file,via_hash,via_recorded_at,via_recorded_by,checksum",
    );
}

/// An empty data file (created by hand, say) is started afresh, header first.
#[test]
fn an_empty_data_file_gets_its_header() {
    for empty in [&b""[..], BOM] {
        let sb = Sandbox::new();
        sb.write("data.csv", empty);
        accepted(&sb, "r.csv", GOOD, &[]);
        let rows = data_rows(&sb);
        assert_eq!(rows.len(), 1);
        accepted(
            &sb,
            "r2.csv",
            "unit,period,indicator,value\nban-bo,2025-Q1,6.3,4\n",
            &[],
        );
        assert_eq!(data_rows(&sb).len(), 2);
    }
}

/// An editor may save the data file without its final line break; the next rows
/// still start on a line of their own.
#[test]
fn a_data_file_without_a_final_line_break_stays_valid() {
    let sb = Sandbox::new();
    accepted(&sb, "r.csv", GOOD, &[]);
    let mut bytes = sb.read("data.csv");
    assert_eq!(bytes.pop(), Some(b'\n'));
    sb.write("data.csv", &bytes);
    accepted(
        &sb,
        "r2.csv",
        "unit,period,indicator,value\nban-bo,2025-Q1,6.3,4\n",
        &[],
    );
    let rows = data_rows(&sb);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][1..5], ["ban-bo", "2025-Q1", "6.3", "4"]);
    // And it still loads.
    let out = accepted(
        &sb,
        "r3.csv",
        "unit,period,indicator,value,note\nban-bo,2025-Q1,6.3,4,\n",
        &[],
    );
    assert!(out.contains("1 unchanged"), "{out}");
}

// ---------------------------------------------------------------------------------
// Concurrency and crashes
// ---------------------------------------------------------------------------------

fn binary() -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("gender-plan"));
    cmd.env_remove("GENDER_PLAN")
        .env_remove("GENDER_PLAN_DATA")
        .env_remove("GENDER_PLAN_LANG")
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    cmd
}

/// Every key of the shipped plan's communes: 13 communes × (3 ratio indicators × 10
/// rounds + 20 quarters of 6.3), split into two files by commune.
fn commune_files() -> (String, String) {
    let communes: Vec<&str> = PLAN
        .split("\n[[units]]")
        .filter(|block| block.contains("kind = \"commune\""))
        .filter_map(|block| block.split("id = \"").nth(1)?.split('"').next())
        .collect();
    assert_eq!(communes.len(), 13);
    let mut files = (
        String::from("unit,period,indicator,value,numerator,denominator\n"),
        String::from("unit,period,indicator,value,numerator,denominator\n"),
    );
    for (n, unit) in communes.iter().enumerate() {
        let file = if n % 2 == 0 {
            &mut files.0
        } else {
            &mut files.1
        };
        for year in 2021..=2025 {
            for period in [format!("{year}"), format!("{year}-H1")] {
                for indicator in ["3.2a", "3.2b", "6.1"] {
                    file.push_str(&format!("{unit},{period},{indicator},,{n},{}\n", n + 10));
                }
            }
            for q in 1..=4 {
                file.push_str(&format!("{unit},{year}-Q{q},6.3,{},,\n", (n + q) % 6));
            }
        }
    }
    files
}

#[test]
fn two_concurrent_ingests_both_land() {
    let (a, b) = commune_files();
    for round in 0..3 {
        let sb = Sandbox::new();
        sb.write("a.csv", &a);
        sb.write("b.csv", &b);
        let spawn = |file: &str| {
            binary()
                .current_dir(sb.root())
                .args(["ingest", "--as-of", AS_OF, "--data", "data.csv", file])
                .spawn()
                .unwrap()
        };
        let mut first = spawn("a.csv");
        let mut second = spawn("b.csv");
        assert!(first.wait().unwrap().success(), "round {round}");
        assert!(second.wait().unwrap().success(), "round {round}");
        let rows = data_rows(&sb);
        assert_eq!(rows.len(), 13 * 50, "round {round}");
        let keys: std::collections::BTreeSet<(&str, &str, &str)> = rows
            .iter()
            .map(|r| (r[1].as_str(), r[2].as_str(), r[3].as_str()))
            .collect();
        assert_eq!(keys.len(), 13 * 50, "round {round}");
        current(&rows, "tt-tam-duong", "2025-Q4", "6.3");
        current(&rows, "then-sin", "2025-Q4", "6.3");
    }
}

/// The shipped plan with `n` extra communes c0001…, so @commune indicators have many
/// contributors and a submission can be large.
fn plan_with_communes(n: usize) -> String {
    let mut plan = String::from(PLAN);
    for i in 1..=n {
        plan.push_str(&format!(
            "\n[[units]]\nid = \"c{i:04}\"\nkind = \"commune\"\nname.vi = \"Xã {i}\"\nname.en = \"Commune {i}\"\n"
        ));
    }
    plan
}

/// Every key of communes c0001…c{n}: 50 rows each.
fn big_submission(n: usize, salt: usize) -> String {
    let mut text = String::from("unit,period,indicator,value,numerator,denominator\n");
    for i in 1..=n {
        for year in 2021..=2025 {
            for period in [format!("{year}"), format!("{year}-H1")] {
                for indicator in ["3.2a", "3.2b", "6.1"] {
                    let (num, den) = ((i + salt) % 7, 10 + (i + year as usize) % 5);
                    text.push_str(&format!("c{i:04},{period},{indicator},,{num},{den}\n"));
                }
            }
            for q in 1..=4 {
                text.push_str(&format!(
                    "c{i:04},{year}-Q{q},6.3,{},,\n",
                    (i + q + salt) % 6
                ));
            }
        }
    }
    text
}

/// The rows without their recorded_at time, which differs from run to run, and
/// without their checksum, which follows from it.
fn without_times(bytes: &[u8]) -> Vec<Vec<String>> {
    rows_of(bytes)
        .into_iter()
        .map(|mut r| {
            r.remove(0);
            r.pop();
            r
        })
        .collect()
}

/// A killed ingest leaves the data file as it was before, or as a finished run leaves
/// it: never half written. Some kills land at fixed early times (while it reads),
/// the others at points of the write, timed from when its temporary copy appears.
#[cfg(unix)]
#[test]
fn a_killed_ingest_leaves_the_data_file_before_or_after() {
    const COMMUNES: usize = 1000; // 50 keys each: 50,000 rows, a 4 MB data file
    let sb = Sandbox::new();
    let plan = plan_with_communes(COMMUNES);
    sb.write("plan.toml", &plan);
    sb.write("small.csv", big_submission(40, 3));
    sb.write("big.csv", big_submission(COMMUNES, 0));
    sb.write(
        "probe.csv",
        "unit,period,indicator,value\nban-bo,2025-Q1,6.3,4\n",
    );
    let run = |data: &str, file: &str, dry: bool| {
        let mut cmd = binary();
        cmd.current_dir(sb.root())
            .args(["ingest", "--as-of", AS_OF, "--data", data, file]);
        if dry {
            cmd.arg("--dry-run");
        }
        cmd
    };
    // The data file can still be read: a dry run loads all of it.
    let loads = |data: &str| run(data, "probe.csv", true).status().unwrap().success();
    let temp = |data: &str, pid: u32| sb.path(&format!("{data}.tmp-{pid}"));
    // Waits until the ingest has started writing: its temporary copy exists (the
    // first write to a file), or the data file has grown (an append).
    let wait_for_write = |child: &mut std::process::Child, data: &str, from: u64| {
        let path = temp(data, child.id());
        let started =
            || path.exists() || std::fs::metadata(sb.path(data)).is_ok_and(|m| m.len() > from);
        let deadline = Instant::now() + Duration::from_secs(60);
        while !started() && child.try_wait().unwrap().is_none() {
            assert!(
                Instant::now() < deadline,
                "the ingest never started writing"
            );
            std::thread::sleep(Duration::from_micros(200));
        }
    };

    // Before: a smaller ingest. After: the big one on top of it, uninterrupted, timing
    // how long its write takes.
    assert!(
        run("data.csv", "small.csv", false)
            .status()
            .unwrap()
            .success()
    );
    let before = sb.read("data.csv");
    assert_eq!(rows_of(&before).len(), 40 * 50);
    assert!(loads("data.csv"));
    sb.write("after.csv", &before);
    let from = before.len() as u64;
    let mut child = run("after.csv", "big.csv", false).spawn().unwrap();
    wait_for_write(&mut child, "after.csv", from);
    let writing = Instant::now();
    assert!(child.wait().unwrap().success());
    let write_time = writing.elapsed();
    let after = without_times(&sb.read("after.csv"));
    assert_eq!(after.len(), 40 * 50 + COMMUNES * 50);

    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    let early = [5, 60, 150, 300].map(|ms| (false, Duration::from_millis(ms)));
    let writing = [0.0, 0.5, 0.9, 1.2].map(|f| (true, write_time.mul_f64(f)));
    for (when_writing, delay) in early.into_iter().chain(writing) {
        sb.write("data.csv", &before);
        let mut child = run("data.csv", "big.csv", false).spawn().unwrap();
        if when_writing {
            wait_for_write(&mut child, "data.csv", from);
        }
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL; fails only if it has already exited
        child.wait().unwrap();
        let _ = std::fs::remove_file(temp("data.csv", child.id()));
        // What readers see: rows after the last commit are an unfinished write.
        let state = committed_part(&sb.read("data.csv"), &plan);
        let what = format!(
            "killed {delay:?} after {}",
            if when_writing {
                "writing began"
            } else {
                "start"
            }
        );
        if state == before {
            // The same bytes as the "before" file, which loads.
            *outcomes.entry("before").or_default() += 1;
        } else {
            assert_eq!(
                without_times(&state),
                after,
                "{what}: neither before nor after"
            );
            assert!(loads("data.csv"), "{what}: the data file no longer loads");
            *outcomes.entry("after").or_default() += 1;
        }
    }
    eprintln!("killed ingests left: {outcomes:?}; the write took {write_time:?}");
}

#[test]
fn quiet_lists_only_rejected_files_and_the_total() {
    let sb = Sandbox::new();
    sb.write("good.csv", "unit,period,indicator\ntuphap,2025-H1,\n");
    sb.write("bad.csv", "unit,period,indicator\nnobody,2025-H1,\n");
    let (code, out, err) = ingest(&sb, &["--quiet", "good.csv", "bad.csv"]);
    assert_eq!(code, 1);
    assert!(!out.contains("good.csv"), "{out}");
    assert!(out.contains("bad.csv: REJECTED"), "{out}");
    assert!(out.contains("2 file(s): 1 accepted, 1 rejected"), "{out}");
    assert!(
        err.contains("bad.csv:2: error: unknown unit \"nobody\""),
        "{err}"
    );
}

#[test]
fn a_temporary_copy_left_by_a_killed_ingest_is_removed_by_the_next() {
    let sb = Sandbox::new();
    // What a killed ingest leaves: the start of a copy of the data file.
    sb.write("data.csv.tmp-99999", b"\xEF\xBB\xBFrecorded_at,unit,per");
    accepted(
        &sb,
        "a.csv",
        "unit,period,indicator,note\ntuphap,2025-H1,,report attached\n",
        &[],
    );
    assert!(!sb.path("data.csv.tmp-99999").exists());
    assert!(sb.path("data.csv").exists());
}

#[test]
fn patterns_are_expanded_for_shells_that_do_not() {
    let sb = Sandbox::new();
    sb.write("reports/a.csv", "unit,period,indicator\ntuphap,2025-H1,\n");
    sb.write("reports/b.csv", "unit,period,indicator\ncongan,2025-H1,\n");
    let (code, out, err) = ingest(&sb, &["reports/*.csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 file(s): 2 accepted, 0 rejected"), "{out}");
    let (code, _, err) = ingest(&sb, &["nothing/*.csv"]);
    assert_eq!(code, 1);
    assert!(err.contains("no file matches nothing/*.csv"), "{err}");
}

#[test]
fn the_same_figure_in_two_files_of_one_run_is_recorded_once() {
    let sb = Sandbox::new();
    let header = "unit,period,indicator,numerator,denominator";
    sb.write("a.csv", format!("{header}\nnoivu,2025,1.1,16,26\n"));
    sb.write(
        "b.csv",
        format!("{header}\nnoivu,2025,1.1,16,26\nnoivu,2024,1.1,14,26\n"),
    );
    let (code, out, err) = ingest(&sb, &["a.csv", "b.csv"]);
    assert_eq!(code, 0, "{err}");
    // Both are recorded whole; one figure for 2025 is in force.
    assert!(
        out.contains("a.csv: noivu, 2025: 0 new, 0 updated, 1 unchanged, 0 blank\n"),
        "{out}"
    );
    assert!(
        out.contains("b.csv: noivu, 2024, 2025: 2 new, 0 updated, 0 unchanged, 0 blank\n"),
        "{out}"
    );
    assert_eq!(data_rows(&sb).len(), 3);
}

#[test]
fn a_corrected_file_ingested_after_the_original_updates_only_what_changed() {
    let sb = Sandbox::new();
    let header = "unit,period,indicator,numerator,denominator,note";
    sb.write(
        "v1.csv",
        format!("{header}\nnoivu,2025,1.1,16,26,\nnoivu,2024,1.1,14,26,\n"),
    );
    ingest(&sb, &["v1.csv"]);
    // Same figures for 2024 but a note added; 2025 corrected.
    sb.write(
        "v2.csv",
        format!("{header}\nnoivu,2025,1.1,17,26,\nnoivu,2024,1.1,14,26,checked\n"),
    );
    let (code, out, err) = ingest(&sb, &["v2.csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("v2.csv: noivu, 2024, 2025: 0 new, 2 updated, 0 unchanged, 0 blank\n"),
        "{out}"
    );
    assert_eq!(
        data_rows(&sb).len(),
        4,
        "append-only: the first two revisions stay"
    );
}

#[test]
fn damaged_data_file_whose_first_row_lost_its_hash() {
    refused_data_file(
        |b| {
            let text = String::from_utf8(b.to_vec()).unwrap();
            let mut lines: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
            // Cut the first row's last field, and only it (the row before nothing else).
            let row = &mut lines[1];
            let cut = row.rfind(',').unwrap() + 1;
            row.replace_range(cut.., "\n");
            lines.concat().into_bytes()
        },
        "data.csv:2",
        "damaged checksum \"\"",
    );
}

#[test]
fn a_damaged_workbook_is_refused_with_how_to_save_it_again() {
    // The first bytes of an .xlsx file (a zip archive) and of an old .xls file, then
    // nothing a workbook reader can use; also under a .csv name, since a workbook is
    // known by its content.
    for (name, bytes) in [
        (
            "report.xlsx",
            b"PK\x03\x04\x14\x00\x06\x00rest of the archive".to_vec(),
        ),
        (
            "report.xls",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
        ),
        (
            "report.csv",
            b"PK\x03\x04\x14\x00\x06\x00rest of the archive".to_vec(),
        ),
    ] {
        let err = rejected_named(name, &bytes);
        assert!(
            err.contains(&format!("{name}: error: cannot read this workbook")),
            "{err}"
        );
        assert!(err.contains("save it again as .xlsx"), "{err}");
    }
}

/// Writes `bytes` as `name`, ingests it, asserts rejection; returns stderr.
fn rejected_named(name: &str, bytes: &[u8]) -> String {
    let sb = Sandbox::new();
    sb.write(name, bytes);
    let (code, out, err) = ingest(&sb, &[name]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(!sb.path("data.csv").exists(), "nothing recorded");
    err
}

#[test]
fn a_file_that_uses_both_conventions_cannot_settle_an_ambiguous_number() {
    // "1,5" says decimal comma, "2,500.5" says decimal dot: "1.234" stays open.
    let file = "unit,period,indicator,value,numerator,denominator\n\
                thongke,2025,5.4b,,\"2,500.5\",9000\n\
                thongke,2025,3.1,1.234,,\n\
                thongke,2025-H1,3.1,\"1,5\",,\n";
    let err = rejected(file, &[]);
    assert_problem(
        &err,
        "bad.csv:3",
        "ambiguous number \"1.234\": 1234 if \",\" is the decimal mark, 1.234 if \".\" is (this file uses both: \"1,5\" and \"2,500.5\")",
        "say which with --decimal comma",
    );
}

// ---------------------------------------------------------------------------------
// Figures by group (5.2a and 5.2b by sex)
// ---------------------------------------------------------------------------------

/// A row per sex, the group named by id, name or alias in any case; recorded with
/// the group's id in the data file's `group` column.
#[test]
fn figures_by_sex_are_recorded_with_their_group() {
    let sb = Sandbox::new();
    accepted(
        &sb,
        "gddt.csv",
        "đơn vị;kỳ;chỉ tiêu;giới tính;tử số;mẫu số;ngày gửi\n\
         gddt;2025;5.2a;Trẻ em trai;447;449;06/12/2025\n\
         gddt;2025;5.2a;NỮ;418;423;06/12/2025\n\
         gddt;2025;5.2b;boys;336;369;06/12/2025\n\
         gddt;2025;5.2b;female;315;348;06/12/2025\n\
         gddt;2025;5.2b;;651;717;06/12/2025\n",
        &[],
    );
    let rows = data_rows(&sb);
    let groups: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[3].as_str(), r[11].as_str(), r[5].as_str()))
        .collect();
    assert_eq!(
        groups,
        [
            ("5.2a", "male", "447"),
            ("5.2a", "female", "418"),
            ("5.2b", "male", "336"),
            ("5.2b", "female", "315"),
            ("5.2b", "", "651"),
        ]
    );
}

#[test]
fn unknown_group() {
    rejected_with(
        "unit,period,indicator,group,numerator,denominator\ngddt,2025,5.2a,children,5,6\n",
        2,
        "unknown group \"children\" for indicator 5.2a (by sex)",
        "write one of: male, female; or leave it empty for the total",
    );
}

#[test]
fn group_on_an_indicator_not_reported_by_group() {
    rejected_with(
        "unit,period,indicator,group,numerator,denominator\nban-bo,2025,6.1,nữ,5,6\n",
        2,
        "indicator 6.1 is not reported by group, but this row names the group \"nữ\"",
        "leave the group cell empty for this indicator",
    );
}

/// Boys and girls are parts of the total: together they cannot exceed it.
#[test]
fn groups_that_add_up_to_more_than_the_total() {
    rejected_with(
        "unit,period,indicator,group,numerator,denominator\n\
         gddt,2025,5.2a,,860,870\n\
         gddt,2025,5.2a,male,447,449\n\
         gddt,2025,5.2a,female,418,423\n",
        2,
        "the groups of indicator 5.2a add up to 865 of 872, more than this total of 860 of 870",
        "the groups (from line 3) are parts of the total",
    );
}

#[test]
fn the_same_group_twice() {
    rejected_with(
        "unit,period,indicator,group,numerator,denominator\n\
         gddt,2025,5.2a,male,447,449\n\
         gddt,2025,5.2a,trai,446,449\n",
        3,
        "indicator 5.2a (male) for gddt, 2025 appears twice (first on line 2)",
        "keep one row for each unit, period and indicator",
    );
}
