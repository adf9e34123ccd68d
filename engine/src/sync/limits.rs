//! Bounds on Automerge bytes from elsewhere, checked before Automerge parses them.
//!
//! Automerge's binary format is compact in two ways an attacker can abuse: columns may be
//! DEFLATE-compressed, and every column is run-length encoded, so a few bytes can say "this
//! value, ten billion times". Parsing such bytes takes memory or time without limit, before any
//! role check runs. [`check_change`] and [`check_document`] read just the chunk headers and the
//! run lengths, inflating compressed columns through a size cap, and refuse anything past the
//! bounds in plain words. Honest copies are far inside them: a whole year of a review is a few
//! hundred thousand operations.
//!
//! Northstar sends changes uncompressed (`Change::raw_bytes`), so a compressed change chunk in
//! an envelope is refused outright; documents (snapshots, `.automerge` files) may compress
//! their columns, and are inflated through the cap.

use std::io::Read;

/// Why bytes were refused before parsing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Limit {
    /// The chunk structure does not add up.
    #[error("its Automerge data is damaged")]
    Damaged,
    /// Well formed, but past a bound; the words say which.
    #[error("{0}")]
    Exceeded(String),
}

fn compressed() -> Limit {
    Limit::Exceeded("one of its changes is compressed, which Northstar never sends".into())
}

/// Operations one change may hold (a long paste is one per character).
pub const MAX_CHANGE_OPS: u64 = 1_000_000;
/// Operations a whole document may hold.
pub const MAX_DOCUMENT_OPS: u64 = 8_000_000;
/// Bytes a document's compressed columns may inflate to, all together.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;

const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
const DOCUMENT: u8 = 0;
const CHANGE: u8 = 1;
const COMPRESSED_CHANGE: u8 = 2;
const DEFLATE_BIT: u32 = 0b1000;

/// Checks one change chunk (as an envelope carries it) before Automerge parses it.
pub fn check_change(bytes: &[u8]) -> Result<(), Limit> {
    let mut input = Input(bytes);
    let (kind, body) = input.chunk()?;
    if !input.0.is_empty() {
        return Err(Limit::Damaged);
    }
    match kind {
        CHANGE => change_rows(body, MAX_CHANGE_OPS).map(drop),
        COMPRESSED_CHANGE => Err(compressed()),
        _ => Err(Limit::Damaged),
    }
}

/// Checks a whole document (a snapshot, or an `.automerge` file) before Automerge loads it:
/// a document chunk and any change chunks after it.
pub fn check_document(bytes: &[u8]) -> Result<(), Limit> {
    let mut input = Input(bytes);
    let mut rows = 0u64;
    let mut inflated = 0u64;
    while !input.0.is_empty() {
        let (kind, body) = input.chunk()?;
        rows += match kind {
            DOCUMENT => document_rows(body, &mut inflated)?,
            CHANGE => change_rows(body, MAX_CHANGE_OPS)?,
            COMPRESSED_CHANGE => {
                let plain = inflate(body, &mut inflated)?;
                change_rows(&plain, MAX_CHANGE_OPS)?
            }
            _ => return Err(Limit::Damaged),
        };
        if rows > MAX_DOCUMENT_OPS {
            return Err(too_many(MAX_DOCUMENT_OPS));
        }
    }
    Ok(())
}

fn too_many(cap: u64) -> Limit {
    Limit::Exceeded(format!(
        "it holds more than {cap} operations, far more than any review"
    ))
}

/// The largest row count of the change's columns (its number of operations).
fn change_rows(body: &[u8], cap: u64) -> Result<u64, Limit> {
    let mut i = Input(body);
    let deps = i.uleb()?;
    i.take(deps.checked_mul(32).ok_or_else(damaged)?)?;
    i.prefixed()?; // actor
    i.uleb()?; // seq
    i.uleb()?; // start op
    i.sleb()?; // time
    i.prefixed()?; // message
    for _ in 0..i.uleb()? {
        i.prefixed()?; // other actors
    }
    let columns = i.columns()?;
    let mut max = 0;
    for (spec, len) in columns {
        let data = i.take(len)?;
        if spec & DEFLATE_BIT != 0 {
            return Err(compressed());
        }
        max = max.max(column_rows(spec, data, cap)?);
    }
    Ok(max)
}

/// The row count of a document chunk's op columns, inflating compressed ones through the cap.
fn document_rows(body: &[u8], inflated: &mut u64) -> Result<u64, Limit> {
    let mut i = Input(body);
    for _ in 0..i.uleb()? {
        i.prefixed()?; // actors
    }
    let heads = i.uleb()?;
    i.take(heads.checked_mul(32).ok_or_else(damaged)?)?;
    let change_columns = i.columns()?;
    let op_columns = i.columns()?;
    let mut max = 0;
    for (spec, len) in change_columns.into_iter().chain(op_columns) {
        let data = i.take(len)?;
        let rows = if spec & DEFLATE_BIT != 0 {
            column_rows(spec, &inflate(data, inflated)?, MAX_DOCUMENT_OPS)?
        } else {
            column_rows(spec, data, MAX_DOCUMENT_OPS)?
        };
        max = max.max(rows);
    }
    Ok(max)
}

/// Inflates `data`, counting what it inflates to against the shared cap.
fn inflate(data: &[u8], inflated: &mut u64) -> Result<Vec<u8>, Limit> {
    let room = MAX_INFLATED_BYTES.saturating_sub(*inflated);
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(data)
        .take(room + 1)
        .read_to_end(&mut out)
        .map_err(|_| damaged())?;
    *inflated += out.len() as u64;
    if *inflated > MAX_INFLATED_BYTES {
        return Err(Limit::Exceeded(format!(
            "it would unpack to more than {} MiB, far more than any review",
            MAX_INFLATED_BYTES / (1024 * 1024)
        )));
    }
    Ok(out)
}

/// How many rows a column's run-length encoding spells out, stopping past `cap`.
fn column_rows(spec: u32, data: &[u8], cap: u64) -> Result<u64, Limit> {
    let mut i = Input(data);
    let mut rows = 0u64;
    let mut add = |n: u64| {
        rows = rows.saturating_add(n);
        if rows > cap {
            Err(too_many(cap))
        } else {
            Ok(())
        }
    };
    match spec & 0b111 {
        // Raw values: their count is set by the value-metadata column, checked on its own.
        7 => {}
        // Booleans: alternating run lengths of false and true.
        4 => {
            while !i.0.is_empty() {
                add(i.uleb()?)?;
            }
        }
        kind => {
            while !i.0.is_empty() {
                let n = i.sleb()?;
                if n > 0 {
                    i.value(kind)?;
                    add(n as u64)?;
                } else if n < 0 {
                    let literals = n.unsigned_abs();
                    add(literals)?;
                    for _ in 0..literals {
                        i.value(kind)?;
                    }
                } else {
                    add(i.uleb()?)?; // a run of nulls
                }
            }
        }
    }
    Ok(rows)
}

fn damaged() -> Limit {
    Limit::Damaged
}

/// A cursor over bytes; every read is bounds-checked.
struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn take(&mut self, n: u64) -> Result<&'a [u8], Limit> {
        let n = usize::try_from(n).map_err(|_| damaged())?;
        if n > self.0.len() {
            return Err(damaged());
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn uleb(&mut self) -> Result<u64, Limit> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.take(1)?.first().ok_or_else(damaged)?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(damaged())
    }

    fn sleb(&mut self) -> Result<i64, Limit> {
        let mut value = 0i64;
        for shift in (0..64).step_by(7) {
            let byte = *self.take(1)?.first().ok_or_else(damaged)?;
            value |= i64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                if shift + 7 < 64 && byte & 0x40 != 0 {
                    value |= -1i64 << (shift + 7);
                }
                return Ok(value);
            }
        }
        Err(damaged())
    }

    fn prefixed(&mut self) -> Result<&'a [u8], Limit> {
        let n = self.uleb()?;
        self.take(n)
    }

    /// One value of a run-length column of `kind` (2 and 1 and 0 and 6: unsigned; 3: signed
    /// deltas; 5: strings).
    fn value(&mut self, kind: u32) -> Result<(), Limit> {
        match kind {
            3 => self.sleb().map(drop),
            5 => self.prefixed().map(drop),
            _ => self.uleb().map(drop),
        }
    }

    /// A column list: its count, then each column's spec and byte length.
    fn columns(&mut self) -> Result<Vec<(u32, u64)>, Limit> {
        let n = self.uleb()?;
        let mut out = Vec::new();
        for _ in 0..n {
            let spec = u32::try_from(self.uleb()?).map_err(|_| damaged())?;
            out.push((spec, self.uleb()?));
        }
        Ok(out)
    }

    /// One chunk: magic, checksum, type and length-prefixed body.
    fn chunk(&mut self) -> Result<(u8, &'a [u8]), Limit> {
        if self.take(4)? != MAGIC {
            return Err(Limit::Damaged);
        }
        self.take(4)?; // checksum, which Automerge checks itself
        let kind = *self.take(1)?.first().ok_or_else(damaged)?;
        let body = self.prefixed()?;
        Ok((kind, body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ObjType, ROOT};

    fn doc_with_text(n: usize) -> AutoCommit {
        let mut doc = AutoCommit::new();
        let text = doc.put_object(ROOT, "t", ObjType::Text).unwrap();
        doc.splice_text(&text, 0, 0, &"a".repeat(n)).unwrap();
        doc
    }

    #[test]
    fn honest_changes_and_documents_pass() {
        let mut doc = doc_with_text(5_000);
        for c in doc.get_changes(&[]) {
            check_change(c.raw_bytes()).unwrap();
        }
        check_document(&doc.save()).unwrap();
        check_document(&doc.save_nocompress()).unwrap();
    }

    #[test]
    fn a_compressed_change_is_refused_and_a_long_run_is_counted() {
        let mut doc = doc_with_text(5_000);
        let change = doc.get_changes(&[]).pop().unwrap();
        let mut compressed = change.clone();
        let bytes = compressed.bytes().to_vec();
        assert_eq!(bytes[8], COMPRESSED_CHANGE, "big enough to be compressed");
        assert!(check_change(&bytes)
            .unwrap_err()
            .to_string()
            .contains("compressed"));
        let body = Input(change.raw_bytes()).chunk().unwrap().1;
        assert_eq!(change_rows(body, MAX_CHANGE_OPS).unwrap(), 5_001);
        assert!(change_rows(body, 100)
            .unwrap_err()
            .to_string()
            .contains("more than 100"));
    }

    #[test]
    fn damaged_bytes_are_refused_not_panicked_on() {
        let doc = doc_with_text(300).save();
        for cut in 0..doc.len() {
            let _ = check_document(&doc[..cut]);
        }
        assert_eq!(check_document(b"not automerge"), Err(Limit::Damaged));
        assert!(check_change(&[]).is_err());
    }
}
