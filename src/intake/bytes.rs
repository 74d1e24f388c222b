//! A file known by its bytes, before anything decodes or parses it.
//!
//! The data file names each recorded file by the SHA-256 of its raw bytes (the
//! first 16 hex digits, its `source_hash`), so a file already recorded is
//! recognised by hashing it, whatever its encoding and whatever options it was
//! read with. The same pass says whether a text file is UTF-8; one that is not,
//! and has no byte-order mark, is given to a detector (chardetng, Firefox's) once
//! more, which may name Vietnamese Windows' code page 1258 with confidence.

use super::source::MAX_FILE_BYTES;
use super::workbook::looks_like_workbook;
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// What a file's bytes say before it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// The first 16 hex digits of the SHA-256 of the file's bytes, as the data
    /// file's `source_hash` holds it.
    pub hash: String,
    pub text: Text,
}

/// What the bytes say of how a file's text is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// UTF-8, or a byte-order mark or a workbook decides it: nothing to guess.
    Settled,
    /// Not UTF-8, and the bytes name Windows-1258 with no hint that they are
    /// Vietnamese: the plain "CSV" Excel saves on Vietnamese Windows.
    Windows1258,
    /// Not UTF-8, and the bytes do not decide the encoding.
    Undecided,
}

/// The first 16 hex digits of a SHA-256: how the data file names a file's content.
/// The first bytes of a regular file (up to `n`), to know what it is; None for
/// what is not a regular file (a fifo would block: reading it refuses it) or
/// cannot be opened.
pub fn head(path: &Path, n: usize) -> Option<Vec<u8>> {
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let mut start = Vec::with_capacity(n);
    std::fs::File::open(path)
        .ok()?
        .take(n as u64)
        .read_to_end(&mut start)
        .ok()?;
    Some(start)
}

/// The first 16 hex digits of the SHA-256 of bytes held whole.
pub fn hash_of(bytes: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(bytes);
    short_hash(hasher)
}

pub fn short_hash(hasher: Sha256) -> String {
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The file's fingerprint: its hash, and for a text file that is not UTF-8 what
/// its encoding is (`detect`: only when no `--encoding` decides it). None for what
/// is not a regular file of at most [`MAX_FILE_BYTES`], or cannot be read: reading
/// it says why.
pub fn fingerprint(path: &Path, detect: bool) -> Option<Fingerprint> {
    let mut file = open_regular(path)?;
    let mut hasher = Sha256::new();
    let mut utf8 = Utf8Check::default();
    let mut head = Vec::with_capacity(8);
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer).ok()?;
        if n == 0 {
            break;
        }
        let chunk = &buffer[..n];
        if head.len() < 8 {
            head.extend(chunk.iter().take(8 - head.len()));
        }
        hasher.update(chunk);
        utf8.feed(chunk);
    }
    let settled = utf8.is_valid() || has_mark(&head) || looks_like_workbook(&head);
    let text = match settled {
        true => Text::Settled,
        false if detect && names_windows_1258(path) => Text::Windows1258,
        false => Text::Undecided,
    };
    Some(Fingerprint {
        hash: short_hash(hasher),
        text,
    })
}

/// The file opened, if it is a regular file no larger than a submission may be
/// (checked again once open: a fifo would block, a device never end).
fn open_regular(path: &Path) -> Option<File> {
    let fits = |meta: std::fs::Metadata| meta.is_file() && meta.len() <= MAX_FILE_BYTES;
    if !fits(std::fs::metadata(path).ok()?) {
        return None;
    }
    let file = File::open(path).ok()?;
    fits(file.metadata().ok()?).then_some(file)
}

/// A UTF-8 or UTF-16 byte-order mark, which decides the encoding by itself.
fn has_mark(head: &[u8]) -> bool {
    head.starts_with(b"\xEF\xBB\xBF")
        || head.starts_with(&[0xFF, 0xFE])
        || head.starts_with(&[0xFE, 0xFF])
}

/// Whether the detector, told nothing of where the file comes from, names
/// Windows-1258. Given the Vietnamese top-level domain as a hint it names that
/// code page for almost any bytes; without one it does so only when the bytes are
/// Vietnamese letters and tone marks as that code page writes them, so its answer
/// is the bytes' own.
fn names_windows_1258(path: &Path) -> bool {
    let Some(mut file) = open_regular(path) else {
        return false;
    };
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                detector.feed(&buffer[..n], false);
            }
            Err(_) => return false,
        }
    }
    detector.feed(&[], true);
    detector.guess(None, Utf8Detection::Deny) == encoding_rs::WINDOWS_1258
}

/// UTF-8 validation of a stream, chunk by chunk: a character split between two
/// chunks is completed from the next.
#[derive(Default)]
struct Utf8Check {
    /// The start of a character the last chunk ended in.
    pending: Vec<u8>,
    invalid: bool,
}

impl Utf8Check {
    fn feed(&mut self, mut chunk: &[u8]) {
        while !self.invalid && !self.pending.is_empty() && !chunk.is_empty() {
            self.pending.push(chunk[0]);
            chunk = &chunk[1..];
            match std::str::from_utf8(&self.pending) {
                Ok(_) => self.pending.clear(),
                Err(e) if e.error_len().is_some() => self.invalid = true,
                Err(_) => {} // still incomplete
            }
        }
        if self.invalid || !self.pending.is_empty() {
            return;
        }
        if let Err(e) = std::str::from_utf8(chunk) {
            match e.error_len() {
                Some(_) => self.invalid = true,
                None => self.pending.extend_from_slice(&chunk[e.valid_up_to()..]),
            }
        }
    }

    /// Valid UTF-8 to the end: no bad byte, no character left unfinished.
    fn is_valid(&self) -> bool {
        !self.invalid && self.pending.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn valid_in_chunks(bytes: &[u8], size: usize) -> bool {
        let mut check = Utf8Check::default();
        for chunk in bytes.chunks(size.max(1)) {
            check.feed(chunk);
        }
        check.is_valid()
    }

    #[test]
    fn a_character_split_between_chunks_is_valid() {
        let text = "Bản Bo, Hồ Thầu, Thèn Sin".as_bytes();
        for size in 1..8 {
            assert!(valid_in_chunks(text, size), "chunks of {size}");
        }
        assert!(!valid_in_chunks(b"caf\xE9 ok", 2));
        // A character left unfinished at the end is not UTF-8.
        assert!(!valid_in_chunks(&text[..3], 2), "B and half of ả");
    }

    proptest! {
        #[test]
        fn chunked_validation_agrees_with_the_whole(
            bytes in proptest::collection::vec(any::<u8>(), 0..64),
            text in "\\PC{0,24}",
            size in 1usize..9,
        ) {
            prop_assert_eq!(valid_in_chunks(&bytes, size), std::str::from_utf8(&bytes).is_ok());
            prop_assert!(valid_in_chunks(text.as_bytes(), size));
        }
    }

    fn fingerprint_of(bytes: &[u8]) -> Fingerprint {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, bytes).unwrap();
        fingerprint(&path, true).unwrap()
    }

    #[test]
    fn the_hash_is_of_the_raw_bytes() {
        let bytes = b"unit,note\nban-bo,Th\xE8n Sin\n";
        let mut expected = Sha256::new();
        expected.update(bytes);
        assert_eq!(fingerprint_of(bytes).hash, short_hash(expected));
    }

    /// The hash a format gives once a file is read (what the data file records)
    /// is the fingerprint's, whatever the encoding: recorded files stay known.
    #[test]
    fn the_fingerprint_is_the_hash_the_reading_records() {
        use crate::i18n::Lang;
        use crate::intake::source::{OpenOptions, open};
        let dir = tempfile::tempdir().unwrap();
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a\tb\r\n1\t2\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let workbook = include_bytes!("../../tests/fixtures/workbooks/ban-giang.xlsx");
        let files: [(&str, &[u8], bool); 5] = [
            ("utf8.csv", "a,b\nBản Bo,2\n".as_bytes(), false),
            ("bom.csv", "\u{feff}a,b\nBản Bo,2\n".as_bytes(), false),
            ("utf16.csv", &utf16, false),
            ("cp1258.csv", b"a,b\nBa\xD2n Bo,2\n", true),
            ("w.xlsx", workbook, false),
        ];
        for (name, bytes, windows1258) in files {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let options = OpenOptions {
                windows1258,
                lang: Lang::En,
                plan: None,
            };
            let opened = open(name, &path, &options).ok().unwrap();
            for table in opened.tables {
                table.rows.for_each(drop);
            }
            let print = fingerprint(&path, true).unwrap();
            assert_eq!((opened.hash)(), print.hash, "{name}");
        }
    }

    #[test]
    fn vietnamese_windows_bytes_name_their_code_page() {
        // "Đơn vị,Kỳ\nXã Bản Bo,2025": Đ = D0, ơ = F5, ị = i + F2 (dot below),
        // ỳ = y + CC (grave), ã = a + DE (tilde), ả = a + D2 (hook above).
        let bytes = b"\xD0\xF5n vi\xF2,Ky\xCC\nXa\xDE Ba\xD2n Bo,2025\n";
        assert_eq!(fingerprint_of(bytes).text, Text::Windows1258);
        // UTF-8, a mark, or a workbook: nothing to guess.
        assert_eq!(fingerprint_of("Xã Bản Bo".as_bytes()).text, Text::Settled);
        assert_eq!(fingerprint_of(b"\xFF\xFEa\x00").text, Text::Settled);
        assert_eq!(fingerprint_of(b"PK\x03\x04\xFF\xFF").text, Text::Settled);
        // A single letter the Western code page has too decides nothing.
        assert_eq!(
            fingerprint_of(b"a,b\nTh\xE8n Sin,1\n").text,
            Text::Undecided
        );
    }
}
