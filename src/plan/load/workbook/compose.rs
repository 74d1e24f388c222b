//! The rows of the plan workbook's sheets as one TOML document: first a tree
//! (tables, arrays, values with their cells), then its text, each value's span
//! recorded with the cell it came from.

use super::{ReadSheet, Row, problems};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::plan::load::position::{CellAt, CellMap};
use crate::plan::load::shape::{ROOT, Shape};
use crate::plan::sheets::Layout;

/// A part of the document: a value from a cell, a table (from a row, when it is
/// an entry), or an array.
pub enum Node {
    Leaf(toml::Value, CellAt),
    Table(Vec<(String, Node)>, Option<CellAt>),
    Array(Vec<Node>),
}

type Entries = Vec<(String, Node)>;

/// The document the sheets make: parents before the rows that name them.
pub(super) fn tree(
    read: &[ReadSheet],
    cells: &CellMap,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) -> Entries {
    let mut root = Entries::new();
    let mut ordered: Vec<&ReadSheet> = read.iter().collect();
    ordered.sort_by_key(|s| {
        matches!(
            s.def.layout,
            Layout::Children { .. } | Layout::Columns { .. }
        )
    });
    for sheet in ordered {
        for row in &sheet.rows {
            let row_at = CellAt {
                sheet: sheet.index,
                row: row.row,
                column: None,
            };
            add_row(
                &mut root,
                &sheet.def.layout,
                row,
                row_at,
                cells,
                lang,
                problems,
            );
        }
    }
    root
}

/// A row into the document where its sheet's layout puts it.
fn add_row(
    root: &mut Entries,
    layout: &Layout,
    row: &Row,
    row_at: CellAt,
    cells: &CellMap,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) {
    match layout {
        Layout::Pairs(_) => insert_values(root, row, cells, lang, problems),
        Layout::Rows(path) => {
            let entry = entry_of(row, row_at, cells, lang, problems);
            if let Some(array) = array_at(root, path) {
                array.push(entry);
            }
        }
        Layout::Keyed(path) => match keyed_path(path, row) {
            Some(kind_path) => {
                let entry = entry_of(row, row_at, cells, lang, problems);
                if let Some(array) = array_at(root, &kind_path) {
                    array.push(entry);
                }
            }
            None => problems.push(problems::unknown_key(cells, row_at, row, layout, lang)),
        },
        Layout::Children { parent, field } => match parent_of(root, parent, row) {
            Some(entries) => {
                let entry = entry_of(row, row_at, cells, lang, problems);
                if let Some(array) = array_in(entries, field) {
                    array.push(entry);
                }
            }
            None => problems.push(problems::unknown_key(cells, row_at, row, layout, lang)),
        },
        Layout::Columns { parent, .. } => match parent_of(root, parent, row) {
            Some(entries) => insert_values(entries, row, cells, lang, problems),
            None => problems.push(problems::unknown_key(cells, row_at, row, layout, lang)),
        },
    }
}

/// A row's values as an entry of an array: a table placed at the row.
fn entry_of(
    row: &Row,
    at: CellAt,
    cells: &CellMap,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) -> Node {
    let mut entries = Entries::new();
    insert_values(&mut entries, row, cells, lang, problems);
    Node::Table(entries, Some(at))
}

fn insert_values(
    entries: &mut Entries,
    row: &Row,
    cells: &CellMap,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) {
    for (path, value, at) in &row.values {
        if insert(entries, path, Node::Leaf(value.clone(), *at)).is_err() {
            problems.push(problems::given_twice(cells, *at, path, lang));
        }
    }
}

/// Puts a value at a dotted path; Err when the path already holds one, or a
/// value where a table must be.
fn insert(entries: &mut Entries, path: &str, node: Node) -> Result<(), ()> {
    match path.split_once('.') {
        None if entries.iter().any(|(k, _)| k == path) => Err(()),
        None => {
            entries.push((path.to_string(), node));
            Ok(())
        }
        Some((first, rest)) => match table_in(entries, first) {
            Some(inner) => insert(inner, rest, node),
            None => Err(()),
        },
    }
}

/// The table at `key`, made when absent; None when the key holds something else.
fn table_in<'a>(entries: &'a mut Entries, key: &str) -> Option<&'a mut Entries> {
    let i = match entries.iter().position(|(k, _)| k == key) {
        Some(i) => i,
        None => {
            entries.push((key.to_string(), Node::Table(Vec::new(), None)));
            entries.len() - 1
        }
    };
    match &mut entries[i].1 {
        Node::Table(inner, _) => Some(inner),
        _ => None,
    }
}

/// The array at a dotted path, made when absent (None when the path holds a
/// value: never, as sheets only ever make tables and arrays there).
fn array_at<'a>(root: &'a mut Entries, path: &str) -> Option<&'a mut Vec<Node>> {
    match path.split_once('.') {
        None => array_in(root, path),
        Some((first, rest)) => array_at(table_in(root, first)?, rest),
    }
}

fn array_in<'a>(entries: &'a mut Entries, key: &str) -> Option<&'a mut Vec<Node>> {
    let i = match entries.iter().position(|(k, _)| k == key) {
        Some(i) => i,
        None => {
            entries.push((key.to_string(), Node::Array(Vec::new())));
            entries.len() - 1
        }
    };
    match &mut entries[i].1 {
        Node::Array(items) => Some(items),
        _ => None,
    }
}

/// The entry of the `parent` array whose id is the row's key.
fn parent_of<'a>(root: &'a mut Entries, parent: &str, row: &Row) -> Option<&'a mut Entries> {
    let (key, _) = row.key.as_ref()?;
    let id = key.as_str()?.trim();
    array_at(root, parent)?
        .iter_mut()
        .find_map(|entry| match entry {
            Node::Table(entries, _) if id_of(entries) == Some(id) => Some(entries),
            _ => None,
        })
}

fn id_of(entries: &Entries) -> Option<&str> {
    entries.iter().find_map(|(k, node)| match node {
        Node::Leaf(value, _) if k == "id" => value.as_str().map(str::trim),
        _ => None,
    })
}

/// The array a row of a keyed sheet goes to (`unit_tasks.commune`).
fn keyed_path(path: &str, row: &Row) -> Option<String> {
    let kind = row.key.as_ref()?.0.as_str()?.trim().to_string();
    let Some(Shape::Table(kinds)) = crate::plan::sheets::shape_at(path) else {
        return None;
    };
    kinds
        .iter()
        .any(|(k, _)| *k == kind)
        .then(|| format!("{path}.{kind}"))
}

/// The document's text: the tables and arrays of tables in plan.toml's order,
/// every value's span recorded in `cells`.
pub(super) fn text(root: &Entries, cells: &mut CellMap) -> String {
    let mut out = Writer {
        text: String::new(),
        cells,
    };
    out.text
        .push_str("# A plan imported from a plan workbook by `gender-plan plan import`.\n");
    let Shape::Table(order) = &ROOT else {
        return out.text;
    };
    for (key, _) in order.iter() {
        if let Some((_, node)) = root.iter().find(|(k, _)| k == key) {
            out.top(key, node);
        }
    }
    out.text
}

struct Writer<'a> {
    text: String,
    cells: &'a mut CellMap,
}

impl Writer<'_> {
    fn top(&mut self, key: &str, node: &Node) {
        match node {
            Node::Table(entries, _) => {
                self.text.push_str(&format!("\n[{key}]\n"));
                self.body(entries, "");
            }
            Node::Array(items) => {
                for item in items {
                    let start = self.text.len();
                    self.text.push_str(&format!("\n[[{key}]]\n"));
                    if let Node::Table(entries, at) = item {
                        self.body(entries, "");
                        self.place(start + 1..self.text.len(), *at);
                    }
                }
            }
            Node::Leaf(..) => {
                self.text.push_str(&format!("{key} = "));
                self.value(node);
                self.text.push('\n');
            }
        }
    }

    /// A table's values as `key = value` lines, nested tables as dotted keys.
    fn body(&mut self, entries: &Entries, prefix: &str) {
        for (key, node) in entries {
            match node {
                Node::Table(inner, _) => self.body(inner, &format!("{prefix}{key}.")),
                Node::Array(items) => {
                    self.text.push_str(&format!("{prefix}{key} = [\n"));
                    for item in items {
                        self.text.push_str("  ");
                        self.value(item);
                        self.text.push_str(",\n");
                    }
                    self.text.push_str("]\n");
                }
                Node::Leaf(..) => {
                    self.text.push_str(&format!("{prefix}{key} = "));
                    self.value(node);
                    self.text.push('\n');
                }
            }
        }
    }

    /// A value: a cell's, or an entry of an array as an inline table.
    fn value(&mut self, node: &Node) {
        let start = self.text.len();
        match node {
            Node::Leaf(value, at) => {
                self.text.push_str(&value.to_string());
                self.place(start..self.text.len(), Some(*at));
            }
            Node::Table(entries, at) => {
                self.text.push_str("{ ");
                self.inline(entries, "");
                self.text.push_str(" }");
                self.place(start..self.text.len(), *at);
            }
            Node::Array(items) => {
                self.text.push('[');
                for item in items {
                    self.value(item);
                    self.text.push_str(", ");
                }
                self.text.push(']');
            }
        }
    }

    fn inline(&mut self, entries: &Entries, prefix: &str) {
        for (i, (key, node)) in entries.iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            match node {
                Node::Table(inner, _) => self.inline(inner, &format!("{prefix}{key}.")),
                _ => {
                    self.text.push_str(&format!("{prefix}{key} = "));
                    self.value(node);
                }
            }
        }
    }

    fn place(&mut self, span: std::ops::Range<usize>, at: Option<CellAt>) {
        if let Some(at) = at {
            self.cells.record(span, at);
        }
    }
}
