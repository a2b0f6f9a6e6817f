//! Finding where a key stands in a TOML source, so errors name a line.
//!
//! Uses toml_edit's spans (the same parser toml uses), so comments,
//! multi-line strings and inline tables cannot mislead it.

use std::ops::Range;

use toml_edit::{ImDocument, Item, Table, TableLike, Value};

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

pub fn path_to_string(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// 1-based line of a byte offset.
pub fn line_of_offset(source: &str, offset: usize) -> usize {
    let end = offset.min(source.len());
    source.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

pub struct Located {
    doc: Option<ImDocument<String>>,
    source: String,
}

impl Located {
    pub fn new(source: &str) -> Located {
        Located {
            doc: ImDocument::parse(source.to_string()).ok(),
            source: source.to_string(),
        }
    }

    /// The line of `path`: the key's own line if present, else the line of
    /// the nearest enclosing table that is present, else `None`.
    pub fn line(&self, path: &[Seg]) -> Option<usize> {
        let doc = self.doc.as_ref()?;
        let mut best: Option<Range<usize>> = None;
        let mut item = doc.as_item();
        for seg in path {
            let next = match seg {
                Seg::Key(k) => {
                    let table = item.as_table_like()?;
                    let span = key_span(table, k);
                    let next = table.get(k);
                    if let Some(span) = span.or_else(|| next.and_then(Item::span)) {
                        best = Some(span);
                    }
                    next
                }
                Seg::Index(i) => {
                    let next = item.get(*i);
                    if let Some(span) = next.and_then(item_span) {
                        best = Some(span);
                    }
                    next
                }
            };
            match next {
                Some(next) => item = next,
                None => break,
            }
        }
        best.map(|span| line_of_offset(&self.source, span.start))
    }

    /// The innermost key whose key or value covers `offset`.
    pub fn key_at(&self, offset: usize) -> Vec<Seg> {
        let mut path = Vec::new();
        if let Some(doc) = &self.doc {
            descend(doc.as_table(), offset, &mut path);
        }
        path
    }
}

fn key_span(table: &dyn TableLike, key: &str) -> Option<Range<usize>> {
    table.get_key_value(key).and_then(|(k, _)| k.span())
}

fn item_span(item: &Item) -> Option<Range<usize>> {
    match item {
        Item::Table(t) => t.span(),
        other => other.span(),
    }
}

fn covers(span: Option<Range<usize>>, offset: usize) -> bool {
    span.is_some_and(|s| s.start <= offset && offset < s.end.max(s.start + 1))
}

fn descend(table: &Table, offset: usize, path: &mut Vec<Seg>) -> bool {
    descend_like(table, offset, path)
}

fn descend_like(table: &dyn TableLike, offset: usize, path: &mut Vec<Seg>) -> bool {
    for (key, item) in table.iter() {
        let key_span = key_span(table, key);
        path.push(Seg::Key(key.to_string()));
        if descend_item(item, offset, path) {
            return true;
        }
        if covers(key_span, offset) || covers(item.span(), offset) {
            return true;
        }
        path.pop();
    }
    false
}

fn descend_item(item: &Item, offset: usize, path: &mut Vec<Seg>) -> bool {
    match item {
        Item::Table(t) => descend(t, offset, path),
        Item::ArrayOfTables(array) => {
            // A table of an array covers from its header to the next one.
            let starts: Vec<usize> = array
                .iter()
                .filter_map(|t| t.span().map(|s| s.start))
                .collect();
            for (i, t) in array.iter().enumerate() {
                path.push(Seg::Index(i));
                if descend(t, offset, path) {
                    return true;
                }
                let start = starts.get(i).copied().unwrap_or(usize::MAX);
                let end = starts.get(i + 1).copied().unwrap_or(usize::MAX);
                if start <= offset && offset < end {
                    return true;
                }
                path.pop();
            }
            false
        }
        Item::Value(Value::InlineTable(t)) => descend_like(t, offset, path),
        Item::Value(Value::Array(a)) => {
            for (i, v) in a.iter().enumerate() {
                if covers(v.span(), offset) {
                    path.push(Seg::Index(i));
                    return true;
                }
            }
            false
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "# comment = not a key\n[kiosk]\nid = \"A\"\n\n[devices.fingerprint]\nbaud = 1\n\n[[certificate]]\nkind = \"a\"\n[[certificate]]\nkind = \"b\"\n";

    fn key(s: &str) -> Seg {
        Seg::Key(s.into())
    }

    #[test]
    fn lines_of_keys() {
        let l = Located::new(SOURCE);
        assert_eq!(l.line(&[key("kiosk"), key("id")]), Some(3));
        assert_eq!(
            l.line(&[key("devices"), key("fingerprint"), key("baud")]),
            Some(6)
        );
        assert_eq!(
            l.line(&[key("certificate"), Seg::Index(1), key("kind")]),
            Some(11)
        );
        // Absent key: its table's line.
        assert_eq!(l.line(&[key("kiosk"), key("site")]), Some(2));
        assert_eq!(l.line(&[key("backend"), key("url")]), None);
    }

    #[test]
    fn key_at_offsets() {
        let l = Located::new(SOURCE);
        let at = |needle: &str| path_to_string(&l.key_at(SOURCE.find(needle).unwrap()));
        assert_eq!(at("1\n"), "devices.fingerprint.baud");
        assert_eq!(at("\"b\""), "certificate[1].kind");
        assert_eq!(at("\"A\""), "kiosk.id");
    }
}
