//! Reading the data file: its header and layout, each row checked as it streams
//! in (`RowReader`), the checksum chain followed to the last commit.

use super::*;

/// What a withdrawal row takes back, as written.
pub(super) enum Target<'a> {
    Key,
    Source(&'a str),
}

/// One row as read from the data file, borrowing its text.
pub(super) struct Parsed<'a> {
    /// Its line in the file.
    pub(super) line: u64,
    pub(super) key: Key,
    pub(super) figure: Figure,
    pub(super) submitted: NaiveDate,
    pub(super) note: Option<&'a str>,
    pub(super) withdraws: Option<Target<'a>>,
    pub(super) origin: OriginRef<'a>,
}

pub(super) struct OriginRef<'a> {
    pub(super) file: &'a str,
    pub(super) hash: &'a str,
    pub(super) recorded: &'a str,
    pub(super) by: &'a str,
    /// The `via_*` cells: file, hash, recorded, by; all empty for a row not rolled up.
    pub(super) via: [&'a str; 4],
}

impl OriginRef<'_> {
    pub(super) fn to_owned(&self) -> Origin {
        let [file, hash, recorded, by] = self.via;
        Origin {
            file: self.file.to_string(),
            hash: self.hash.to_string(),
            recorded: self.recorded.to_string(),
            by: self.by.to_string(),
            via: (!hash.is_empty()).then(|| Via {
                file: file.to_string(),
                hash: hash.to_string(),
                recorded: recorded.to_string(),
                by: by.to_string(),
            }),
        }
    }

    /// Whether its `via_*` cells say what `via` says.
    pub(super) fn via_is(&self, via: Option<&Via>) -> bool {
        match via {
            None => self.via[1].is_empty(),
            Some(v) => [&*v.file, &*v.hash, &*v.recorded, &*v.by] == self.via,
        }
    }
}

/// Parses the data file as it streams in, into a [`Store`]. `size` is only a hint
/// for reserving memory.
pub fn parse(
    input: impl io::Read,
    size: u64,
    file: &str,
    plan: &Plan,
    lang: Lang,
) -> Result<Store, Diagnostic> {
    let mut store = Store::default();
    // Rows are about 90 bytes; reserving avoids copying the vector as it grows.
    store.revisions.reserve((size / 80) as usize);
    let mut committed = Checkpoint::default();
    let reading = read_revisions(input, file, plan, lang, |event| {
        store.apply(&mut committed, event)
    })?;
    store.orphans = reading.orphans;
    store.commit = reading.commit;
    Ok(store)
}

/// Parses another office's data file, as [`parse`] does (every row checked, the
/// checksum chain followed, an unfinished write left out), with each revision's
/// line in the file, for what a roll-up says of it.
pub fn parse_with_lines(
    input: impl io::Read,
    file: &str,
    plan: &Plan,
    lang: Lang,
) -> Result<(Store, Vec<u64>), Diagnostic> {
    let mut store = Store::default();
    let mut lines = Vec::new();
    let mut committed = Checkpoint::default();
    let reading = read_revisions(input, file, plan, lang, |event| {
        match &event {
            Event::Row(parsed) => lines.push(parsed.line),
            Event::Unfinished => lines.truncate(committed.revisions),
            Event::Commit => {}
        }
        store.apply(&mut committed, event)
    })?;
    store.orphans = reading.orphans;
    store.commit = reading.commit;
    Ok((store, lines))
}

/// Where each of [`HEADER`]'s columns is in a file, from its header.
#[derive(Debug, Clone, Copy)]
pub(super) struct Layout {
    /// Column of [`HEADER`] → its position in the file, if the file has it.
    pub(super) positions: [Option<usize>; HEADER.len()],
    pub(super) width: usize,
    /// Whether text cells are quoted ([`text::quote_cell`]) and rows chained by a
    /// checksum: files of the v4 layout and after.
    pub(super) current: bool,
    /// Whether it is [`HEADER`] itself, which new rows can be appended to.
    pub(super) latest: bool,
}

impl Layout {
    pub(super) fn of(header: &[&str]) -> Layout {
        Layout {
            positions: HEADER.map(|name| header.iter().position(|h| *h == name)),
            width: header.len(),
            current: header == HEADER || header == HEADER_V4,
            latest: header == HEADER,
        }
    }
}

/// The data file's layout, from its header: the current one or an earlier
/// release's.
pub(super) fn read_header(
    reader: &mut csv::Reader<impl io::Read>,
    record: &mut csv::ByteRecord,
    file: &str,
    lang: Lang,
) -> Result<Option<Layout>, Diagnostic> {
    let read = reader.read_byte_record(record);
    let is = |header: &[&str]| record.iter().eq(header.iter().map(|h| h.as_bytes()));
    match read {
        Ok(false) => Ok(None),
        Ok(true) if is(&HEADER) => Ok(Some(Layout::of(&HEADER))),
        Ok(true) if is(&HEADER_V4) => Ok(Some(Layout::of(&HEADER_V4))),
        Ok(true) if is(&HEADER_V3) => Ok(Some(Layout::of(&HEADER_V3))),
        Ok(true) if is(&HEADER_V2) => Ok(Some(Layout::of(&HEADER_V2))),
        Ok(true) if is(&HEADER_V1) => Ok(Some(Layout::of(&HEADER_V1))),
        Ok(true) | Err(_) => Err(damaged(
            file,
            1,
            tr!(
                lang,
                "this is not a gender-plan data file: the first line must be {}",
                "đây không phải tệp dữ liệu của gender-plan: dòng đầu phải là {}",
                HEADER.join(",")
            ),
            lang,
        )),
    }
}

/// What reading the data file hands its visitor, in order.
#[allow(clippy::large_enum_variant)] // handed over by value, one at a time, never kept
pub(super) enum Event<'a> {
    Row(Parsed<'a>),
    /// The rows so far are a finished write: the one before ends with a commit.
    Commit,
    /// The rows since the last commit are an unfinished write: drop them.
    Unfinished,
}

/// The end of the last finished write of a data file of the current layout: the
/// row whose checksum carries the commit mark ([`Chain::next`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Commit {
    /// Bytes from the start of the file to the end of that row's line.
    pub end: u64,
    /// Its line (where it starts).
    pub line: u64,
    /// The line the row after it starts on: its own line's next, unless a cell
    /// of it (a note) holds line breaks.
    pub(super) after: u64,
    /// Its checksum, which the next write's rows continue.
    pub(super) checksum: [u8; 16],
    /// Whether the file is of the layout written now ([`HEADER`]), so that new rows
    /// are appended after the commit; a v4 file is upgraded by a copy instead.
    pub latest: bool,
}

/// What was read besides the rows.
#[derive(Default)]
pub(super) struct Reading {
    pub(super) orphans: Vec<Orphan>,
    pub(super) commit: Option<Commit>,
}

/// Where a reading starts in the data file: at its beginning, or after the last
/// commit an index holds ([`index`]).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Start {
    pub(super) byte: u64,
    /// Lines before it.
    pub(super) line: u64,
}

pub(super) fn csv_reader<R: io::Read>(input: R) -> csv::Reader<Tail<R>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(Tail::new(input))
}

/// Reads and checks every row of the data file (the byte-order mark, if any, is
/// skipped by the csv reader), handing each to `visit`.
pub(super) fn read_revisions(
    input: impl io::Read,
    file: &str,
    plan: &Plan,
    lang: Lang,
    visit: impl FnMut(Event),
) -> Result<Reading, Diagnostic> {
    let mut reader = csv_reader(input);
    let mut record = csv::ByteRecord::new();
    let Some(layout) = read_header(&mut reader, &mut record, file, lang)? else {
        return Ok(Reading::default());
    };
    let rows = RowReader::new(plan, file, lang, layout);
    read_body(reader, rows, Start::default(), None, visit)
}

/// Reads the rows from `start` to the end, after the commit `commit` (None at the
/// start of a file).
///
/// In a file with a commit mark, what follows the last one is a write still
/// going on or one a kill interrupted: its rows are handed over, then taken back
/// ([`Event::Unfinished`]), and its last row cut short ends the reading rather
/// than failing it. A file without a mark (written by an earlier release) is read
/// whole, as it always was.
pub(super) fn read_body<R: io::Read>(
    mut reader: csv::Reader<Tail<R>>,
    mut rows: RowReader,
    start: Start,
    mut commit: Option<Commit>,
    mut visit: impl FnMut(Event),
) -> Result<Reading, Diagnostic> {
    let layout = rows.layout;
    let mut record = csv::ByteRecord::new();
    // Orphans found by the end of the last commit.
    let mut committed_orphans = 0;
    let mut pending = false;
    loop {
        match read_row(&mut reader, &mut record, &mut rows, start, &mut visit) {
            Ok(None) => break,
            Ok(Some(false)) => pending = true,
            Ok(Some(true)) => {
                let checksum = rows.chain.last.expect("a commit is a link of the chain");
                commit = Some(Commit {
                    end: start.byte + reader.position().byte(),
                    line: start.line + record.position().map_or(0, |p| p.line()),
                    after: start.line + reader.position().line(),
                    checksum,
                    latest: rows.layout.latest,
                });
                committed_orphans = rows.orphans.len();
                pending = false;
                visit(Event::Commit);
            }
            // The last row of the file cut short after the last commit: the end of
            // an unfinished write, not damage. A whole row that does not match
            // its checksum is a hand edit wherever it is.
            Err(_) if commit.is_some() && cut_short(&record, &layout, &mut reader) => {
                pending = true;
                break;
            }
            Err(problem) => return Err(problem),
        }
    }
    if pending && commit.is_some() {
        rows.orphans.truncate(committed_orphans);
        visit(Event::Unfinished);
    }
    Ok(Reading {
        orphans: rows.orphans,
        commit,
    })
}

/// Whether a damaged row is the last of the file, cut short: what a write stopped
/// in the middle of a row leaves. It has fewer cells than the header or no whole
/// checksum last, and it does not end its line: the file ends without a line
/// break, or inside a quoted cell. A whole line of the wrong shape (`garbage`
/// added by hand) is damage.
pub(super) fn cut_short(
    record: &csv::ByteRecord,
    layout: &Layout,
    reader: &mut csv::Reader<Tail<impl io::Read>>,
) -> bool {
    let short = record.len() < layout.width
        || !text(raw_column(record, layout, CHECKSUM)).is_some_and(is_hash);
    let start = record.position().map_or(0, |p| p.byte());
    let at_end = matches!(
        reader.read_byte_record(&mut csv::ByteRecord::new()),
        Ok(false)
    );
    short && at_end && reader.get_ref().ends_unfinished(start)
}

/// A reader that keeps the last bytes it read, so that the last row of a file can
/// be looked at as written.
pub(super) struct Tail<R> {
    pub(super) inner: R,
    /// The last bytes read (at least [`Tail::KEEP`] of them, once there are).
    pub(super) kept: Vec<u8>,
    /// Bytes read in all.
    pub(super) total: u64,
}

impl<R> Tail<R> {
    /// More than the longest row the tool writes (15 cells of at most 32,767
    /// characters, mostly short).
    const KEEP: usize = 1 << 18;

    pub(super) fn new(inner: R) -> Self {
        Tail {
            inner,
            kept: Vec::new(),
            total: 0,
        }
    }

    /// Whether the bytes from `start` to the end do not end a line: no line
    /// break last, or one inside a quoted cell (an odd number of quotes).
    pub(super) fn ends_unfinished(&self, start: u64) -> bool {
        let from_end = self.total.saturating_sub(start) as usize;
        let Some(row) = self
            .kept
            .len()
            .checked_sub(from_end)
            .map(|at| &self.kept[at..])
        else {
            // Longer than any row the tool writes: not one of its rows.
            return false;
        };
        let quotes = row.iter().filter(|&&b| b == b'"').count();
        !row.ends_with(b"\n") || quotes % 2 == 1
    }
}

impl<R: io::Read> io::Read for Tail<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.kept.extend_from_slice(&buf[..n]);
        self.total += n as u64;
        if self.kept.len() > 2 * Self::KEEP {
            let drop = self.kept.len() - Self::KEEP;
            self.kept.drain(..drop);
        }
        Ok(n)
    }
}

/// Reads the next row: None at the end, or whether it is a commit.
pub(super) fn read_row(
    reader: &mut csv::Reader<impl io::Read>,
    record: &mut csv::ByteRecord,
    rows: &mut RowReader,
    start: Start,
    visit: &mut impl FnMut(Event),
) -> Result<Option<bool>, Diagnostic> {
    match reader.read_byte_record(record) {
        Ok(true) => {}
        Ok(false) => return Ok(None),
        Err(e) => {
            let line = start.line + e.position().map_or(0, |p| p.line());
            let e = crate::i18n::csv_error_text(&e, rows.lang);
            return Err(damaged(
                rows.file,
                line,
                tr!(rows.lang, "damaged row: {e}", "dòng bị hỏng: {e}"),
                rows.lang,
            ));
        }
    }
    let line = start.line + record.position().map_or(0, |p| p.line());
    let width = rows.layout.width;
    if record.len() != width {
        let n = record.len();
        return Err(rows.bad(
            line,
            tr!(
                rows.lang,
                "damaged row: {n} fields instead of {width}",
                "dòng bị hỏng: {n} trường thay vì {width}"
            ),
        ));
    }
    rows.read(record, line, visit).map(Some)
}

pub(super) fn text(field: &[u8]) -> Option<&str> {
    std::str::from_utf8(field).ok()
}

/// Turns data-file rows into [`Parsed`] revisions. Rows come in runs of one unit,
/// one source, one ingest: what equals the row before is not looked up or checked
/// again.
pub(super) struct RowReader<'p> {
    pub(super) plan: &'p Plan,
    pub(super) file: &'p str,
    pub(super) lang: Lang,
    pub(super) units: FxHashMap<&'p [u8], u16>,
    pub(super) indicators: FxHashMap<&'p [u8], u16>,
    pub(super) dates: FxHashMap<[u8; 10], NaiveDate>,
    pub(super) periods: FxHashMap<Vec<u8>, Period>,
    pub(super) last_unit: Option<(Vec<u8>, u16)>,
    /// recorded_at, source_file, source_hash, recorded_by of the row before.
    /// recorded, file, hash, by, then the `via_*` cells: file, hash, recorded, by.
    pub(super) last_origin: Option<[String; 8]>,
    pub(super) layout: Layout,
    pub(super) chain: Chain,
    /// Rows for ids the plan does not have.
    pub(super) orphans: Vec<Orphan>,
}

/// A data-file row for a unit or indicator id the plan does not have (renamed
/// without `former_ids`, or removed): left out of every report, listed by `check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orphan {
    pub line: u64,
    pub unit: String,
    pub period: String,
    pub indicator: String,
    /// Whether the unit is the plan's (so the indicator is the unknown id).
    pub known_unit: bool,
}

impl Orphan {
    /// Whether the revision is for a period outside the plan's years (an earlier
    /// plan's figure, say): no report of this plan would count it anyway, so its
    /// id is no problem of this plan.
    pub fn outside(&self, plan: &Plan) -> bool {
        crate::domain::period::Period::parse(&self.period)
            .is_some_and(|p| !(plan.meta.start_year..=plan.meta.end_year).contains(&p.year()))
    }
}

/// Columns, by their place in [`HEADER`].
pub(super) const RECORDED: usize = 0;
pub(super) const UNIT: usize = 1;
pub(super) const PERIOD: usize = 2;
pub(super) const INDICATOR: usize = 3;
pub(super) const VALUE: usize = 4;
pub(super) const NUMERATOR: usize = 5;
pub(super) const DENOMINATOR: usize = 6;
pub(super) const SUBMITTED: usize = 7;
pub(super) const NOTE: usize = 8;
pub(super) const WITHDRAWS: usize = 9;
pub(super) const RECORDED_BY: usize = 10;
pub(super) const GROUP: usize = 11;
pub(super) const SOURCE_FILE: usize = 12;
pub(super) const SOURCE_HASH: usize = 13;
pub(super) const VIA_FILE: usize = 14;
pub(super) const VIA_HASH: usize = 15;
pub(super) const VIA_RECORDED: usize = 16;
pub(super) const VIA_BY: usize = 17;
pub(super) const CHECKSUM: usize = 18;

/// The checksum chain of the data file's rows ([`HEADER`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Chain {
    /// The checksum of the last row (16 hex digits), None before the first.
    pub(super) last: Option<[u8; 16]>,
}

/// What the checksum of the last row of a write is also computed over: the
/// commit mark ([`Chain::next`]).
pub(super) const COMMIT_MARK: &[u8] = b"\x1Dcommit";

impl Chain {
    /// The checksum of a row of these cells (every column but the checksum, as
    /// written), following the rows so far; it becomes the last. The last row of
    /// each write is a commit (`commit`): its checksum also covers
    /// [`COMMIT_MARK`], so a reader tells a finished write from rows a killed
    /// writer left behind, and no hand edit can move the mark without breaking
    /// the chain.
    pub(super) fn next(&mut self, cells: &[&[u8]], commit: bool) -> &[u8; 16] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut hasher = Sha256::new();
        if let Some(last) = &self.last {
            hasher.update(last);
        }
        for cell in cells {
            hasher.update(cell);
            hasher.update([0x1F]); // unit separator: cells cannot run together
        }
        if commit {
            hasher.update(COMMIT_MARK);
        }
        let digest = hasher.finalize();
        let mut hex = [0u8; 16];
        for (i, byte) in digest[..8].iter().enumerate() {
            hex[2 * i] = HEX[usize::from(byte >> 4)];
            hex[2 * i + 1] = HEX[usize::from(byte & 0xF)];
        }
        self.last.insert(hex)
    }
}

/// A column of a row by its place in [`HEADER`], as it was given to the writer; a
/// column the file's release did not have reads as empty.
pub(super) fn column<'r>(record: &'r csv::ByteRecord, layout: &Layout, column: usize) -> &'r [u8] {
    let raw = raw_column(record, layout, column);
    if layout.current {
        text::unquote_cell(raw)
    } else {
        raw
    }
}

/// A column of a row as it stands in the file.
pub(super) fn raw_column<'r>(
    record: &'r csv::ByteRecord,
    layout: &Layout,
    column: usize,
) -> &'r [u8] {
    layout.positions[column]
        .and_then(|i| record.get(i))
        .unwrap_or_default()
}

impl<'p> RowReader<'p> {
    pub(super) fn new(plan: &'p Plan, file: &'p str, lang: Lang, layout: Layout) -> Self {
        RowReader {
            plan,
            file,
            lang,
            layout,
            // Ids, and the ids units and indicators had before a rename.
            units: plan
                .units
                .iter()
                .enumerate()
                .flat_map(|(i, u)| {
                    std::iter::once(&u.id)
                        .chain(&u.former_ids)
                        .map(move |id| (id.as_bytes(), i as u16))
                })
                .collect(),
            indicators: plan
                .indicators
                .iter()
                .enumerate()
                .flat_map(|(i, ind)| {
                    std::iter::once(&ind.id)
                        .chain(&ind.former_ids)
                        .map(move |id| (id.as_bytes(), i as u16))
                })
                .collect(),
            dates: FxHashMap::default(),
            periods: FxHashMap::default(),
            last_unit: None,
            orphans: Vec::new(),
            last_origin: None,
            chain: Chain::default(),
        }
    }

    /// Checks the row's checksum against the chain so far: whether the row ends
    /// a write (a commit).
    pub(super) fn check_chain(
        &mut self,
        record: &csv::ByteRecord,
        line: u64,
    ) -> Result<bool, Diagnostic> {
        let layout = self.layout;
        let written = raw_column(record, &layout, CHECKSUM);
        if !text(written).is_some_and(is_hash) {
            // A row cut short (a truncated file ends inside its last field) or edited.
            let shown = text::excerpt(&String::from_utf8_lossy(written));
            return Err(self.bad(
                line,
                tr!(
                    self.lang,
                    "damaged checksum \"{shown}\" (16 hex digits expected)",
                    "mã kiểm tra bị hỏng \"{shown}\" (cần 16 chữ số hệ 16)"
                ),
            ));
        }
        // The cells the file's layout has, as written: a v4 row's lack the `via_*`.
        let mut cells: [&[u8]; CHECKSUM] = [b""; CHECKSUM];
        let mut n = 0;
        for i in (0..CHECKSUM).filter(|&i| layout.positions[i].is_some()) {
            cells[n] = raw_column(record, &layout, i);
            n += 1;
        }
        let cells = &cells[..n];
        let before = self.chain.clone();
        if self.chain.next(cells, false).as_slice() == written {
            return Ok(false);
        }
        self.chain = before;
        if self.chain.next(cells, true).as_slice() == written {
            return Ok(true);
        }
        Err(self.bad(
            line,
            tr!(
                self.lang,
                "the checksum does not match: this row, or the one before it, was changed, removed or moved by hand (a figure is corrected by ingesting a corrected file, and taken back with `gender-plan withdraw`)",
                "mã kiểm tra không khớp: dòng này, hoặc dòng ngay trước nó, đã bị sửa, xóa hoặc di chuyển bằng tay (sửa số liệu bằng cách nhập tệp đã sửa, rút lại số liệu bằng `gender-plan withdraw`)"
            ),
        ))
    }

    pub(super) fn bad(&self, line: u64, what: String) -> Diagnostic {
        damaged(self.file, line, what, self.lang)
    }

    /// Reads one row, handing it to `visit`: whether it ends a write.
    pub(super) fn read(
        &mut self,
        record: &csv::ByteRecord,
        line: u64,
        visit: &mut impl FnMut(Event),
    ) -> Result<bool, Diagnostic> {
        let layout = self.layout;
        let field = |i: usize| column(record, &layout, i);
        // A row for an id the plan no longer has is kept aside, not refused: the
        // data file stays readable after the plan changes.
        let (Some(unit), Some(indicator)) =
            (self.unit(field(UNIT)), self.indicator(field(INDICATOR)))
        else {
            let text = |i: usize| String::from_utf8_lossy(field(i)).into_owned();
            let known_unit = self.unit(field(UNIT)).is_some();
            self.orphans.push(Orphan {
                line,
                unit: text(UNIT),
                period: text(PERIOD),
                indicator: text(INDICATOR),
                known_unit,
            });
            // Still a link of the checksum chain.
            return if layout.current {
                self.check_chain(record, line)
            } else {
                Ok(false)
            };
        };
        let key = Key {
            unit,
            period: self.period(field(PERIOD), line)?,
            indicator,
            group: self.group(field(GROUP), indicator, line)?,
        };
        let submitted = self.submitted(field(SUBMITTED), line)?;
        let withdraws = self.withdraws(field(WITHDRAWS), line)?;
        let figure = match withdraws {
            None => self.figure(record, key.indicator, line)?,
            Some(_) => self.no_figure(record, line)?,
        };
        let note = match field(NOTE) {
            b"" => None,
            raw => Some(text(raw).ok_or_else(|| {
                self.bad(
                    line,
                    tr!(
                        self.lang,
                        "the note is not UTF-8",
                        "ghi chú không phải UTF-8"
                    ),
                )
            })?),
        };
        self.origin(record, line)?;
        // After the row's own checks, which name what is wrong more precisely.
        let commit = layout.current && self.check_chain(record, line)?;
        let [
            recorded,
            file,
            hash,
            by,
            via_file,
            via_hash,
            via_recorded,
            via_by,
        ] = self.last_origin.as_ref().expect("set just above");
        visit(Event::Row(Parsed {
            line,
            key,
            figure,
            submitted,
            note,
            withdraws,
            origin: OriginRef {
                file,
                hash,
                recorded,
                by,
                via: [via_file, via_hash, via_recorded, via_by],
            },
        }));
        Ok(commit)
    }

    /// The unit an id names (or named before a rename); None for an id the plan
    /// does not have.
    pub(super) fn unit(&mut self, raw: &[u8]) -> Option<u16> {
        if let Some((id, unit)) = &self.last_unit
            && id.as_slice() == raw
        {
            return Some(*unit);
        }
        let unit = *self.units.get(raw)?;
        self.last_unit = Some((raw.to_vec(), unit));
        Some(unit)
    }

    /// The indicator an id names: Some(None) for no indicator (a narrative
    /// report), None for an id the plan does not have.
    pub(super) fn indicator(&self, raw: &[u8]) -> Option<Option<u16>> {
        if raw.is_empty() {
            return Some(None);
        }
        self.indicators.get(raw).map(|i| Some(*i))
    }

    /// A group id of the indicator's breakdown (1-based), or 0 for the whole.
    pub(super) fn group(
        &self,
        raw: &[u8],
        indicator: Option<u16>,
        line: u64,
    ) -> Result<u8, Diagnostic> {
        if raw.is_empty() {
            return Ok(0);
        }
        let found = indicator.and_then(|i| {
            let indicator = &self.plan.indicators[i as usize];
            let dimension = &self.plan.dimensions[indicator.disaggregation? as usize];
            let at = dimension
                .groups
                .iter()
                .position(|g| g.id.as_bytes() == raw)?;
            Some(at as u8 + 1)
        });
        found.ok_or_else(|| {
            self.bad(
                line,
                tr!(
                    self.lang,
                    "group \"{}\" is not a group of this indicator in the plan",
                    "nhóm \"{}\" không phải một nhóm của chỉ tiêu này trong kế hoạch",
                    text::excerpt(&String::from_utf8_lossy(raw))
                ),
            )
        })
    }

    pub(super) fn period(&mut self, raw: &[u8], line: u64) -> Result<Period, Diagnostic> {
        if let Some(p) = self.periods.get(raw) {
            return Ok(*p);
        }
        let p = text(raw).and_then(Period::parse).ok_or_else(|| {
            self.bad(
                line,
                tr!(
                    self.lang,
                    "damaged period \"{}\"",
                    "kỳ bị hỏng \"{}\"",
                    text::excerpt(&String::from_utf8_lossy(raw))
                ),
            )
        })?;
        self.periods.insert(raw.to_vec(), p);
        Ok(p)
    }

    pub(super) fn submitted(&mut self, raw: &[u8], line: u64) -> Result<NaiveDate, Diagnostic> {
        let cache_key = <[u8; 10]>::try_from(raw).ok();
        if let Some(d) = cache_key.and_then(|k| self.dates.get(&k)) {
            return Ok(*d);
        }
        let d = text(raw)
            .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
            .ok_or_else(|| {
                self.bad(
                    line,
                    tr!(
                        self.lang,
                        "damaged date \"{}\"",
                        "ngày bị hỏng \"{}\"",
                        text::excerpt(&String::from_utf8_lossy(raw))
                    ),
                )
            })?;
        if let Some(k) = cache_key {
            self.dates.insert(k, d);
        }
        Ok(d)
    }

    pub(super) fn number(&self, raw: &[u8], line: u64) -> Result<Option<f64>, Diagnostic> {
        if raw.is_empty() {
            return Ok(None);
        }
        text(raw)
            .and_then(|t| t.parse::<f64>().ok())
            .filter(|v| v.is_finite())
            .map(Some)
            .ok_or_else(|| {
                self.bad(
                    line,
                    tr!(
                        self.lang,
                        "damaged number \"{}\"",
                        "số bị hỏng \"{}\"",
                        text::excerpt(&String::from_utf8_lossy(raw))
                    ),
                )
            })
    }

    /// The figure of a row that is not a withdrawal, as the indicator's measure
    /// reads it.
    pub(super) fn figure(
        &self,
        record: &csv::ByteRecord,
        indicator: Option<u16>,
        line: u64,
    ) -> Result<Figure, Diagnostic> {
        let field = |i: usize| column(record, &self.layout, i);
        let lang = self.lang;
        Ok(
            match indicator.map(|i| self.plan.indicators[i as usize].measure) {
                None => Figure::Narrative,
                Some(Measure::Ratio { .. }) => match (
                    self.number(field(NUMERATOR), line)?,
                    self.number(field(DENOMINATOR), line)?,
                ) {
                    (None, None) => Figure::Blank,
                    (Some(numerator), Some(denominator)) => Figure::Ratio {
                        numerator,
                        denominator,
                    },
                    _ => {
                        return Err(self.bad(
                            line,
                            tr!(
                                lang,
                                "damaged row: a numerator without a denominator",
                                "dòng bị hỏng: có tử số mà không có mẫu số"
                            ),
                        ));
                    }
                },
                Some(Measure::YesNo) => match field(VALUE) {
                    b"" => Figure::Blank,
                    b"yes" => Figure::YesNo(true),
                    b"no" => Figure::YesNo(false),
                    other => {
                        return Err(self.bad(
                            line,
                            tr!(
                                lang,
                                "damaged yes/no value \"{}\"",
                                "giá trị có/không bị hỏng \"{}\"",
                                text::excerpt(&String::from_utf8_lossy(other))
                            ),
                        ));
                    }
                },
                Some(_) => self
                    .number(field(VALUE), line)?
                    .map_or(Figure::Blank, Figure::Number),
            },
        )
    }

    /// A withdrawal carries no figure.
    pub(super) fn no_figure(
        &self,
        record: &csv::ByteRecord,
        line: u64,
    ) -> Result<Figure, Diagnostic> {
        let empty = [VALUE, NUMERATOR, DENOMINATOR]
            .iter()
            .all(|&i| column(record, &self.layout, i).is_empty());
        if !empty {
            return Err(self.bad(
                line,
                tr!(
                    self.lang,
                    "damaged row: a withdrawal with a figure",
                    "dòng bị hỏng: dòng rút lại số liệu mà vẫn có số liệu"
                ),
            ));
        }
        Ok(Figure::Blank)
    }

    pub(super) fn withdraws<'r>(
        &self,
        raw: &'r [u8],
        line: u64,
    ) -> Result<Option<Target<'r>>, Diagnostic> {
        match raw {
            b"" => Ok(None),
            b"*" => Ok(Some(Target::Key)),
            raw => match text(raw).filter(|h| is_hash(h)) {
                Some(hash) => Ok(Some(Target::Source(hash))),
                None => Err(self.bad(
                    line,
                    tr!(
                        self.lang,
                        "damaged withdrawal \"{}\" (* or 16 hex digits expected)",
                        "dòng rút lại bị hỏng \"{}\" (cần * hoặc 16 chữ số hệ 16)",
                        text::excerpt(&String::from_utf8_lossy(raw))
                    ),
                )),
            },
        }
    }

    /// Checks and keeps the row's origin, unless it is the row before's.
    pub(super) fn origin(&mut self, record: &csv::ByteRecord, line: u64) -> Result<(), Diagnostic> {
        let layout = self.layout;
        let field = |i: usize| column(record, &layout, i);
        const CELLS: [usize; 8] = [
            RECORDED,
            SOURCE_FILE,
            SOURCE_HASH,
            RECORDED_BY,
            VIA_FILE,
            VIA_HASH,
            VIA_RECORDED,
            VIA_BY,
        ];
        let same = self.last_origin.as_ref().is_some_and(|last| {
            CELLS
                .iter()
                .zip(last)
                .all(|(&i, kept)| field(i) == kept.as_bytes())
        });
        if same {
            return Ok(());
        }
        let hash = text(field(SOURCE_HASH)).unwrap_or_default();
        // Always 16 hex digits when written: anything else is a row cut short (a
        // truncated file ends inside its last field) or edited.
        if !is_hash(hash) {
            return Err(self.bad(
                line,
                tr!(
                    self.lang,
                    "damaged source hash \"{shown}\" (16 hex digits expected)",
                    "mã băm nguồn bị hỏng \"{shown}\" (cần 16 chữ số hệ 16)",
                    shown = text::excerpt(hash)
                ),
            ));
        }
        let via_hash = text(field(VIA_HASH)).unwrap_or_default();
        if !via_hash.is_empty() && !is_hash(via_hash) {
            return Err(self.bad(
                line,
                tr!(
                    self.lang,
                    "damaged hash of the data file rolled up \"{shown}\" (16 hex digits expected)",
                    "mã băm của tệp dữ liệu tổng hợp bị hỏng \"{shown}\" (cần 16 chữ số hệ 16)",
                    shown = text::excerpt(via_hash)
                ),
            ));
        }
        let owned = |i: usize| String::from_utf8_lossy(field(i)).into_owned();
        self.last_origin = Some(CELLS.map(owned));
        Ok(())
    }
}

pub(super) fn is_hash(text: &str) -> bool {
    text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit())
}
