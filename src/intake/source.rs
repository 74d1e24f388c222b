//! The seam between file formats and the validation of a submission.
//!
//! A format turns a file into one or more [`Table`]s of [`SourceRow`]s (a CSV file
//! is one table; a workbook has one per sheet) and says where each row is in the
//! file. Everything after that (finding the header, reading rows, checking figures)
//! is the same for every format. As in hledger's `Reader`, a format is a name, the
//! file extensions it claims, and an opening function: adding one touches
//! [`FORMATS`] and a module of its own.

use super::{csv_source, workbook};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::tr;
use chrono::NaiveDate;
use std::path::Path;

/// One cell as a format gives it: typed where the format keeps types.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRef<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    /// A spreadsheet error value (`#DIV/0!`, `#REF!`): a formula that failed.
    Error(&'a str),
}

impl<'a> CellRef<'a> {
    /// The cell as people read it, for names, periods, ids and notes. A number is
    /// written in full (`2025`, `4.1`): a period or an indicator id typed into a
    /// spreadsheet becomes a number cell.
    pub fn text(self) -> std::borrow::Cow<'a, str> {
        use std::borrow::Cow;
        match self {
            CellRef::Empty => Cow::Borrowed(""),
            CellRef::Text(t) | CellRef::Error(t) => Cow::Borrowed(t.trim()),
            CellRef::Number(n) => Cow::Owned(n.to_string()),
            CellRef::Date(d) => Cow::Owned(d.to_string()),
            CellRef::Bool(b) => Cow::Borrowed(if b { "TRUE" } else { "FALSE" }),
        }
    }

    pub fn is_empty(self) -> bool {
        match self {
            CellRef::Empty => true,
            CellRef::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// One row of a table, with where it is in the file.
#[derive(Debug)]
pub struct SourceRow {
    /// 1-based line of a CSV file, or row of a worksheet.
    pub line: u32,
    pub cells: Cells,
}

#[derive(Debug)]
pub enum Cells {
    /// A CSV record: every cell is text.
    Text(csv::StringRecord),
    /// A worksheet row, typed: the sheet's cells (shared by its rows, never copied)
    /// and the row's 0-based index among the sheet's rows with cells.
    Typed(std::rc::Rc<workbook::Sheet>, usize),
}

impl SourceRow {
    /// The cell at a 0-based position in the row (Empty past its end).
    pub fn get(&self, index: usize) -> CellRef<'_> {
        match &self.cells {
            Cells::Text(record) => record.get(index).map_or(CellRef::Empty, CellRef::Text),
            Cells::Typed(sheet, row) => sheet.get(*row, index),
        }
    }

    pub fn len(&self) -> usize {
        match &self.cells {
            Cells::Text(record) => record.len(),
            Cells::Typed(sheet, row) => sheet.row_len(*row),
        }
    }

    pub fn is_empty(&self) -> bool {
        (0..self.len()).all(|i| self.get(i).is_empty())
    }
}

/// Why reading a table stopped early.
#[derive(Debug)]
pub enum Stop {
    /// The file cannot be read on: this problem alone is reported.
    Fatal(Diagnostic),
    /// This row cannot be read; the problem is reported with the others found so far.
    Row(u32, String, String),
    /// This row is wrong as a whole (a quote left open swallowed rows): the problem
    /// is reported and reading goes on with the next row.
    Skip(u32, String, String),
}

/// A sequence of rows: a CSV file, or one worksheet.
pub struct Table<'a> {
    /// The worksheet's name; None for a CSV file.
    pub sheet: Option<String>,
    /// 1-based column of the table's first cell in the sheet (cells before it are empty).
    pub first_column: usize,
    /// About how many rows the table has, to reserve room for them at once.
    pub expected_rows: usize,
    /// Whether it is the instructions sheet of the tool's own form (passed over
    /// without a word when it has no header, as it never has).
    pub form_instructions: bool,
    pub rows: Box<dyn Iterator<Item = Result<SourceRow, Stop>> + 'a>,
}

/// A file opened by its format.
pub struct Opened<'a> {
    pub tables: Vec<Table<'a>>,
    /// Sheets not read, and why (hidden, a chart, empty).
    pub skipped: Vec<(String, String)>,
    /// The file's hash, once its tables have been read to the end.
    pub hash: Box<dyn FnOnce() -> String + 'a>,
}

/// How a file is decoded before its rows are read.
pub struct OpenOptions<'p> {
    pub windows1258: bool,
    pub lang: Lang,
    /// The plan, whose `[exchange.dhis2]` codes a DHIS2 file is read through.
    pub plan: Option<&'p crate::plan::Plan>,
}

/// A file format units send reports in.
pub struct Format {
    pub name: &'static str,
    /// Lower-case extensions, without the dot.
    pub extensions: &'static [&'static str],
    pub open: for<'a> fn(&'a str, &'a Path, &OpenOptions) -> Result<Opened<'a>, Diagnostic>,
}

pub const FORMATS: [Format; 3] = [
    Format {
        name: "CSV",
        extensions: &["csv", "tsv"],
        open: csv_source::open,
    },
    Format {
        name: "workbook",
        extensions: &["xlsx", "xlsm", "xls", "ods"],
        open: workbook::open,
    },
    Format {
        name: "DHIS2 dataValueSets",
        extensions: &["json"],
        open: super::dhis2::open,
    },
];

/// The format a file name claims, if any.
pub fn format_of_name(path: &Path) -> Option<&'static Format> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    FORMATS
        .iter()
        .find(|f| f.extensions.contains(&extension.as_str()))
}

/// Why a file found in a folder is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// `~$report.xlsx`: Excel's, while the workbook is open.
    ExcelLock,
    /// `.~lock.report.ods#`: LibreOffice's, while the file is open.
    LibreOfficeLock,
    /// A name starting with a dot.
    Hidden,
    Folder,
    /// An extension no format claims.
    NotAReport,
    /// The data file gender-plan writes, kept beside the reports.
    DataFile,
}

impl Skip {
    pub fn reason(self, lang: Lang) -> String {
        match self {
            Skip::ExcelLock => lang
                .pick(
                    "a lock file Excel keeps while the workbook is open, not a report",
                    "tệp khóa Excel tạo khi đang mở bảng tính, không phải báo cáo",
                )
                .to_string(),
            Skip::LibreOfficeLock => lang
                .pick(
                    "a lock file LibreOffice keeps while the file is open, not a report",
                    "tệp khóa LibreOffice tạo khi đang mở tệp, không phải báo cáo",
                )
                .to_string(),
            Skip::Hidden => lang.pick("a hidden file", "tệp ẩn").to_string(),
            Skip::Folder => lang
                .pick(
                    "a folder: folders inside are not read (name it to read it)",
                    "thư mục con: không được đọc (ghi tên thư mục để đọc)",
                )
                .to_string(),
            Skip::DataFile => lang
                .pick(
                    "the data file gender-plan writes, not a report",
                    "tệp dữ liệu do gender-plan ghi, không phải báo cáo",
                )
                .to_string(),
            Skip::NotAReport => tr!(
                lang,
                "not a report file: {} files are read",
                "không phải tệp báo cáo: chỉ đọc các tệp {}",
                known_extensions()
            ),
        }
    }
}

/// Whether a file found in a folder is read (and as what), or why not.
pub fn classify(path: &Path) -> Result<&'static Format, Skip> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with("~$") {
        Err(Skip::ExcelLock)
    } else if name.starts_with(".~lock.") {
        Err(Skip::LibreOfficeLock)
    } else if name.starts_with('.') {
        Err(Skip::Hidden)
    } else if path.is_dir() {
        Err(Skip::Folder)
    } else {
        format_of_name(path).ok_or(Skip::NotAReport)
    }
}

/// Every extension read, for messages: ".csv, .tsv, .txt, .xlsx, …".
pub fn known_extensions() -> String {
    FORMATS
        .iter()
        .flat_map(|f| f.extensions.iter())
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The largest submission read, in bytes: a national file of two million rows is
/// about 80 MB; a district's report is a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// The longest cell, in characters: Excel's own limit for a cell.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Refuses what is not a regular file, or is larger than [`MAX_FILE_BYTES`].
fn check_size(file: &str, meta: &std::fs::Metadata, lang: Lang) -> Result<(), Diagnostic> {
    if !meta.is_file() {
        return Err(Diagnostic::new(
            file,
            tr!(
                lang,
                "not a regular file (a device, a pipe or a folder): only files are read",
                "không phải tệp thường (thiết bị, ống hoặc thư mục): chỉ đọc các tệp"
            ),
        )
        .hint(tr!(
            lang,
            "give the path of the report file itself",
            "hãy chỉ đường dẫn của chính tệp báo cáo"
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        let mb = meta.len() >> 20;
        let limit = MAX_FILE_BYTES >> 20;
        return Err(Diagnostic::new(
            file,
            tr!(
                lang,
                "the file is {mb} MB, more than the {limit} MB a submission may be",
                "tệp có dung lượng {mb} MB, lớn hơn mức {limit} MB cho phép của một báo cáo"
            ),
        )
        .hint(tr!(
            lang,
            "check that this is a report; split a very large one into several files",
            "kiểm tra đây có phải tệp báo cáo không; chia tệp quá lớn thành nhiều tệp"
        )));
    }
    Ok(())
}

/// Opens a file by what it holds, not only by its name: a workbook renamed to
/// `.csv` (or sent without an extension) is read as the workbook it is.
pub fn open<'a>(
    file: &'a str,
    path: &'a Path,
    options: &OpenOptions,
) -> Result<Opened<'a>, Diagnostic> {
    let lang = options.lang;
    // Only a regular file is opened: a fifo would block the run and a device
    // (a link to /dev/zero) would never end.
    let meta = std::fs::metadata(path).map_err(|e| cannot_read(file, &e, lang))?;
    check_size(file, &meta, lang)?;
    let mut opened = std::fs::File::open(path).map_err(|e| cannot_read(file, &e, lang))?;
    let meta = opened.metadata().map_err(|e| cannot_read(file, &e, lang))?;
    check_size(file, &meta, lang)?;
    let mut head = [0u8; 128];
    let n = std::io::Read::read(&mut opened, &mut head).map_err(|e| cannot_read(file, &e, lang))?;
    let by_content = if workbook::looks_like_workbook(&head[..n]) {
        &FORMATS[1]
    } else if super::dhis2::looks_like_dhis2(&head[..n]) {
        &FORMATS[2]
    } else {
        &FORMATS[0]
    };
    (by_content.open)(file, path, options)
}

pub fn cannot_read(file: &str, e: &std::io::Error, lang: Lang) -> Diagnostic {
    let e = crate::i18n::os_error_text(e, lang);
    Diagnostic::new(
        file,
        tr!(lang, "cannot read the file: {e}", "không đọc được tệp: {e}"),
    )
    .hint(tr!(
        lang,
        "check the file's name and that it is not open in another program",
        "kiểm tra tên tệp và tệp không bị chương trình khác mở"
    ))
}

/// Whether two paths name the same file (through links, `..` or another
/// spelling); false when either does not exist.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_in_a_folder_are_read_or_skipped_for_a_reason() {
        let read = |name: &str| classify(Path::new(name)).map(|f| f.name);
        assert_eq!(read("a.csv"), Ok("CSV"));
        assert_eq!(read("A.CSV"), Ok("CSV"));
        assert_eq!(read("b.tsv"), Ok("CSV"));
        for name in ["r.xlsx", "r.xlsm", "r.xls", "r.ods", "R.XLSX"] {
            assert_eq!(read(name), Ok("workbook"), "{name}");
        }
        assert_eq!(read("~$r.xlsx"), Err(Skip::ExcelLock));
        assert_eq!(read(".~lock.r.ods#"), Err(Skip::LibreOfficeLock));
        assert_eq!(read(".DS_Store"), Err(Skip::Hidden));
        assert_eq!(read(".hidden.csv"), Err(Skip::Hidden));
        assert_eq!(read("notes.docx"), Err(Skip::NotAReport));
        assert_eq!(read("README"), Err(Skip::NotAReport));
        assert!(Skip::NotAReport.reason(Lang::En).contains(".xlsx"));
    }
}
