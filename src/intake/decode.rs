//! Turning the raw bytes of an uploaded CSV file into NFC text.
//!
//! Spreadsheets typed on Vietnamese Windows arrive as UTF-8 (with or without
//! a BOM), as UTF-16 ("Unicode text" exports), or as legacy Windows-1258,
//! whose tone marks are combining characters. Everything downstream compares
//! strings, so the text handed back is always NFC.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Which encoding the bytes were read as, so the caller can tell the user
/// (and warn when a legacy encoding was involved).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEncoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with the `EF BB BF` mark Excel writes on "CSV UTF-8" export.
    Utf8Bom,
    /// UTF-16 little-endian, recognised by its `FF FE` mark.
    Utf16Le,
    /// UTF-16 big-endian, recognised by its `FE FF` mark.
    Utf16Be,
    /// Legacy Vietnamese Windows code page, only used when asked for.
    Windows1258,
}

/// Decoded file contents: NFC text without any byte-order mark.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The file's text, NFC-normalised, BOM removed.
    pub text: String,
    /// How the bytes were interpreted.
    pub encoding: SourceEncoding,
}

/// Why the bytes could not be read as text; positions let the user find the
/// offending spot in their file.
#[derive(Debug, Clone, PartialEq)]
pub enum DecodeError {
    /// Not valid UTF-8 and Windows-1258 was not asked for. 1-based line of
    /// the first bad byte, 1-based byte column in that line (counted after
    /// any UTF-8 BOM).
    InvalidUtf8 { line: usize, column: usize },
    /// A UTF-16 BOM but the rest is not valid UTF-16 (odd length, unpaired
    /// surrogate). 1-based line.
    InvalidUtf16 { line: usize },
}

/// Decode a whole file. A byte-order mark decides the encoding and wins over
/// `windows1258`; without one, `windows1258` selects the legacy code page and
/// otherwise the bytes must be UTF-8. Takes the buffer by value so valid
/// UTF-8 becomes a `String` without copying.
pub fn decode(mut bytes: Vec<u8>, windows1258: bool) -> Result<Decoded, DecodeError> {
    let (text, encoding) = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
        (utf8(bytes)?, SourceEncoding::Utf8Bom)
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        (
            utf16(&bytes[2..], u16::from_le_bytes)?,
            SourceEncoding::Utf16Le,
        )
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        (
            utf16(&bytes[2..], u16::from_be_bytes)?,
            SourceEncoding::Utf16Be,
        )
    } else if windows1258 {
        // Windows-1258 (as defined by WHATWG) maps every byte, so there is
        // nothing to report here.
        let (text, _had_errors) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(&bytes);
        (text.into_owned(), SourceEncoding::Windows1258)
    } else {
        (utf8(bytes)?, SourceEncoding::Utf8)
    };
    Ok(Decoded {
        text: to_nfc(text),
        encoding,
    })
}

/// Validate UTF-8 in place, locating the first bad byte on failure.
fn utf8(bytes: Vec<u8>) -> Result<String, DecodeError> {
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        let before = &err.as_bytes()[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        DecodeError::InvalidUtf8 {
            line,
            column: at - line_start + 1,
        }
    })
}

/// Decode BOM-less UTF-16 with the given byte order, strictly.
fn utf16(body: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    let units = body.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(body.len() / 2);
    for ch in char::decode_utf16(units) {
        match ch {
            Ok(ch) => text.push(ch),
            Err(_) => return Err(utf16_error(&text)),
        }
    }
    if !body.len().is_multiple_of(2) {
        return Err(utf16_error(&text));
    }
    Ok(text)
}

fn utf16_error(decoded_so_far: &str) -> DecodeError {
    DecodeError::InvalidUtf16 {
        line: decoded_so_far.bytes().filter(|&b| b == b'\n').count() + 1,
    }
}

/// Normalise to NFC, reusing the input when it already is NFC.
fn to_nfc(text: String) -> String {
    if is_nfc_fast(&text) {
        text
    } else {
        text.nfc().collect()
    }
}

/// Whether `text` is certainly NFC, fast: pure-ASCII stretches are skipped
/// with the word-at-a-time `str::is_ascii`. Chunks always end on an ASCII
/// byte; the quick check's state resets after an ASCII character, so chunks
/// can be checked independently.
fn is_nfc_fast(text: &str) -> bool {
    const CHUNK: usize = 16 * 1024;
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let mut end = (start + CHUNK).min(bytes.len());
        while end < bytes.len() && !bytes[end - 1].is_ascii() {
            end += 1;
        }
        // `end` follows an ASCII byte (or is the end), so it is a char boundary.
        let chunk = &text[start..end];
        if !chunk.is_ascii() {
            // The NFC quick-check algorithm (UAX #15), with table lookups
            // skipped for ASCII and precomposed Latin letters. "Maybe"
            // counts as not normalised: normalising is then merely redundant.
            let mut last_cc = 0;
            for c in chunk.chars() {
                if c.is_ascii() || is_plain_starter(c) {
                    last_cc = 0;
                    continue;
                }
                let cc = canonical_combining_class(c);
                if (last_cc > cc && cc != 0)
                    || is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes
                {
                    return false;
                }
                last_cc = cc;
            }
        }
        start = end;
    }
    true
}

/// Characters with canonical combining class 0 and NFC_Quick_Check = Yes
/// that dominate Vietnamese text: Latin-1, Latin Extended-A/B (ơ, ư, đ, ă)
/// and Latin Extended Additional (ả, ầ, ệ...), plus common punctuation,
/// currency signs (₫), arrows and maths operators. Verified against the
/// normalisation tables in the tests.
fn is_plain_starter(c: char) -> bool {
    matches!(
        c,
        '\u{80}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{20A0}'..='\u{20C0}' | '\u{2190}'..='\u{2225}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn utf16le_bom(s: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    fn utf16be_bom(s: &str) -> Vec<u8> {
        let mut out = vec![0xFE, 0xFF];
        out.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        out
    }

    fn nfc(s: &str) -> String {
        s.nfc().collect()
    }

    /// The form Vietnamese Windows types: letters the code page has
    /// precomposed (â, ô, ơ, è...) stay whole, the tone mark that does not
    /// fit becomes a separate combining character.
    fn cp1258_form(s: &str) -> String {
        let mut out = String::new();
        for c in s.nfc() {
            let mut buf = [0; 4];
            let (_, _, unmappable) = encoding_rs::WINDOWS_1258.encode(c.encode_utf8(&mut buf));
            if unmappable {
                // Split off the tone mark; what remains (e.g. "ê") is in
                // the code page. "ệ" decomposes as e + dot below + circumflex,
                // so the tone is not necessarily the last mark.
                let tones = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
                let parts: Vec<char> = c.to_string().nfd().collect();
                let tone = *parts.iter().find(|p| tones.contains(p)).unwrap();
                out.extend(parts.iter().copied().filter(|&p| p != tone).nfc());
                out.push(tone);
            } else {
                out.push(c);
            }
        }
        out
    }

    fn cp1258_bytes(s: &str) -> Vec<u8> {
        let form = cp1258_form(s);
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&form);
        assert!(!unmappable, "{s:?}");
        bytes.into_owned()
    }

    #[test]
    fn plain_starters_are_really_plain() {
        for c in ('\u{80}'..='\u{2FF}').chain('\u{1E00}'..='\u{22FF}') {
            if is_plain_starter(c) {
                assert_eq!(canonical_combining_class(c), 0, "{c:?}");
                assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            }
        }
        assert!(is_plain_starter('ệ') && is_plain_starter('ơ') && !is_plain_starter('\u{300}'));
    }

    #[test]
    fn plain_utf8() {
        let d = decode("Bản Bo,12\n".as_bytes().to_vec(), false).unwrap();
        assert_eq!(d.text, "Bản Bo,12\n");
        assert_eq!(d.encoding, SourceEncoding::Utf8);
    }

    #[test]
    fn utf8_bom_stripped_and_wins_over_flag() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend("Hồ Thầu".as_bytes());
        let d = decode(bytes, true).unwrap();
        assert_eq!(d.text, "Hồ Thầu");
        assert_eq!(d.encoding, SourceEncoding::Utf8Bom);
    }

    #[test]
    fn utf16_le_and_be() {
        let d = decode(utf16le_bom("Thèn Sin;5\r\n"), false).unwrap();
        assert_eq!(d.text, "Thèn Sin;5\r\n");
        assert_eq!(d.encoding, SourceEncoding::Utf16Le);
        let d = decode(utf16be_bom("Thèn Sin;5\r\n"), true).unwrap();
        assert_eq!(d.text, "Thèn Sin;5\r\n");
        assert_eq!(d.encoding, SourceEncoding::Utf16Be);
    }

    #[test]
    fn utf16_astral_pair() {
        let d = decode(utf16le_bom("a😀b"), false).unwrap();
        assert_eq!(d.text, "a😀b");
    }

    #[test]
    fn utf16_odd_length() {
        let mut bytes = utf16le_bom("a\nb\n");
        bytes.push(b'c');
        assert_eq!(
            decode(bytes, false),
            Err(DecodeError::InvalidUtf16 { line: 3 })
        );
    }

    #[test]
    fn utf16_unpaired_surrogate() {
        let mut bytes = utf16le_bom("x\ny");
        bytes.extend([0x00, 0xD8]); // lone high surrogate D800
        bytes.extend([b'z', 0]);
        assert_eq!(
            decode(bytes, false),
            Err(DecodeError::InvalidUtf16 { line: 2 })
        );
    }

    #[test]
    fn nfd_becomes_nfc() {
        let d = decode("Ba\u{309}n Bo".as_bytes().to_vec(), false).unwrap();
        assert_eq!(d.text, "Bản Bo");
        let d = decode("Ba\u{300}n Bo".as_bytes().to_vec(), false).unwrap();
        assert_eq!(d.text, "B\u{e0}n Bo");
        let d = decode(utf16le_bom("The\u{300}n Sin"), false).unwrap();
        assert_eq!(d.text, "Thèn Sin");
    }

    #[test]
    fn windows_1258_by_hand() {
        // Windows-1258 has no precomposed "ả"/"ầ"; tone marks are separate
        // combining bytes: 0xD2 = U+0309 (hook above), 0xCC = U+0300 (grave),
        // 0xE2 = "â", 0xD4 = "Ô", 0xF4 = "ô", 0xE8 = "è".
        let bytes = b"B\x61\xD2n Bo;Th\xE8n Sin;H\xF4\xCC Th\xE2\xCCu".to_vec();
        let d = decode(bytes, true).unwrap();
        assert_eq!(d.text, "Bản Bo;Thèn Sin;Hồ Thầu");
        assert_eq!(d.encoding, SourceEncoding::Windows1258);
    }

    #[test]
    fn windows_1258_via_encoder() {
        for word in ["Bản Bo", "Thèn Sin", "Hồ Thầu", "Đơn vị", "Ngày gửi"] {
            // The encoder does not decompose by itself, so feed it the
            // code page's mixed form ("ồ" = "ô" + U+0300).
            let d = decode(cp1258_bytes(word), true).unwrap();
            assert_eq!(d.text, word);
        }
    }

    #[test]
    fn windows_1258_not_used_without_flag() {
        let bytes = b"ok\nok\nTh\xE8n".to_vec();
        assert_eq!(
            decode(bytes, false),
            Err(DecodeError::InvalidUtf8 { line: 3, column: 3 })
        );
    }

    #[test]
    fn invalid_utf8_position() {
        let mut bytes = "a,b\r\nBản,2\r\nxyz,".as_bytes().to_vec();
        bytes.push(0xFF);
        bytes.extend(b",1\r\n");
        assert_eq!(
            decode(bytes, false),
            Err(DecodeError::InvalidUtf8 { line: 3, column: 5 })
        );
        // Truncated multi-byte sequence at the very start.
        assert_eq!(
            decode(vec![0xE1, 0xBA], false),
            Err(DecodeError::InvalidUtf8 { line: 1, column: 1 })
        );
        // Column counts after a stripped BOM.
        assert_eq!(
            decode(vec![0xEF, 0xBB, 0xBF, b'a', 0x80], false),
            Err(DecodeError::InvalidUtf8 { line: 1, column: 2 })
        );
    }

    #[test]
    fn empty_inputs() {
        assert_eq!(decode(vec![], false).unwrap().text, "");
        assert_eq!(decode(vec![], true).unwrap().text, "");
        let d = decode(vec![0xFF, 0xFE], false).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("", SourceEncoding::Utf16Le));
    }

    #[test]
    fn nfc_check_across_chunk_boundaries() {
        // A combining mark right after a long ASCII run and after a chunk's
        // worth of non-ASCII text must still be composed.
        let mut s = "a".repeat(16 * 1024 - 1);
        s.push_str("e\u{301}");
        s.push_str(&"ệ".repeat(10_000));
        s.push_str("o\u{302}\u{301}");
        let d = decode(s.clone().into_bytes(), false).unwrap();
        assert_eq!(d.text, nfc(&s));
        assert!(d.text.ends_with("ố"));
    }

    #[test]
    fn reorders_marks_into_canonical_order() {
        // Dot below (ccc 220) must come before acute (ccc 230).
        let d = decode("e\u{301}\u{323}".as_bytes().to_vec(), false).unwrap();
        assert_eq!(d.text, nfc("e\u{323}\u{301}"));
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256), flag: bool) {
            let _ = decode(bytes, flag);
        }

        #[test]
        fn arbitrary_bytes_after_bom_never_panic(
            bom in prop_oneof![Just(vec![0xEFu8, 0xBB, 0xBF]), Just(vec![0xFF, 0xFE]), Just(vec![0xFE, 0xFF])],
            rest in proptest::collection::vec(any::<u8>(), 0..256),
            flag: bool,
        ) {
            let mut bytes = bom;
            bytes.extend(rest);
            let _ = decode(bytes, flag);
        }

        #[test]
        fn strings_round_trip_as_nfc(s in any::<String>()) {
            let expected = nfc(&s);
            let d = decode(s.clone().into_bytes(), false).unwrap();
            prop_assert_eq!(&d.text, &expected);
            let d = decode(utf16le_bom(&s), false).unwrap();
            prop_assert_eq!(&d.text, &expected);
            prop_assert_eq!(d.encoding, SourceEncoding::Utf16Le);
            let d = decode(utf16be_bom(&s), true).unwrap();
            prop_assert_eq!(&d.text, &expected);
        }

        #[test]
        fn vietnamese_like_strings_round_trip(s in "[a-zA-Z ,;\n\u{300}\u{301}\u{303}\u{309}\u{323}ăâđêôơưĂÂĐÊÔƠƯ]{0,64}") {
            let expected = nfc(&s);
            let d = decode(s.into_bytes(), false).unwrap();
            prop_assert_eq!(d.text, expected);
        }

        #[test]
        fn windows_1258_round_trips(
            letters in proptest::collection::vec(
                ("[a-zA-Z ,;\n0-9ăâđêôơưĂÂĐÊÔƠƯ]", proptest::option::of("[\u{300}\u{301}\u{303}\u{309}\u{323}]")),
                0..32,
            )
        ) {
            // Vietnamese-shaped text: each letter carries at most one tone mark.
            let s: String = letters
                .iter()
                .map(|(base, tone)| {
                    if base.chars().all(char::is_alphabetic) {
                        format!("{base}{}", tone.as_deref().unwrap_or(""))
                    } else {
                        base.clone()
                    }
                })
                .collect();
            let d = decode(cp1258_bytes(&s), true).unwrap();
            prop_assert_eq!(d.text, nfc(&s));
        }
    }
}
