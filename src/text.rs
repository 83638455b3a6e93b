//! Bytes → text, with one decision per encoding, never a panic.
//!
//! Manifests and other plain-text files: a UTF-8 byte-order mark is
//! dropped, UTF-16 with a byte-order mark is decoded (PowerShell's
//! `echo 3.12 > .python-version` writes UTF-16), anything else must be
//! UTF-8.
//!
//! Python sources follow Python's own rules (PEP 263): UTF-8 unless a
//! coding cookie on the first two lines names another encoding. Python
//! cannot import UTF-16 source, so such a file is not source. A NUL byte
//! outside UTF-16 means a binary file.

use std::fmt;

#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    NotUtf8,
    Binary,
    /// Python source that Python itself cannot read.
    NotPythonSource(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotUtf8 => f.write_str("it is not UTF-8 text"),
            Self::Binary => f.write_str("it is a binary file (it holds NUL bytes)"),
            Self::NotPythonSource(why) => f.write_str(why),
        }
    }
}

/// A manifest or other plain-text file.
pub fn decode_plain(bytes: &[u8]) -> Result<String, DecodeError> {
    if let Some(text) = utf16(bytes) {
        return Ok(text);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    std::str::from_utf8(bytes).map(str::to_string).map_err(|_| DecodeError::NotUtf8)
}

/// A Python source file, by Python's rules.
pub fn decode_python(bytes: &[u8]) -> Result<String, DecodeError> {
    if utf16(bytes).is_some() {
        return Err(DecodeError::NotPythonSource(
            "it is UTF-16, which Python cannot import as source".into(),
        ));
    }
    let (bytes, had_bom) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    let label =
        if had_bom { None } else { coding_cookie(bytes).map(|l| l.to_ascii_lowercase().replace('_', "-")) };
    match label.as_deref() {
        None | Some("utf-8" | "utf8" | "ascii" | "us-ascii") => {
            std::str::from_utf8(bytes).map(str::to_string).map_err(|_| {
                DecodeError::NotPythonSource(
                    "it is not UTF-8 and declares no other encoding (PEP 263)".into(),
                )
            })
        }
        Some(label) => {
            // Python's names (`latin-1`, `cp819`) mostly match WHATWG labels
            // once their separators go (`latin1`).
            let found = encoding_rs::Encoding::for_label(label.as_bytes())
                .or_else(|| encoding_rs::Encoding::for_label(label.replace('-', "").as_bytes()))
                .or_else(|| (label == "cp819" || label == "8859").then_some(encoding_rs::WINDOWS_1252));
            let Some(encoding) = found else {
                return Err(DecodeError::NotPythonSource(format!(
                    "its coding cookie names `{label}`, an encoding this tool cannot read"
                )));
            };
            let (text, _, had_errors) = encoding.decode(bytes);
            if had_errors {
                return Err(DecodeError::NotPythonSource(format!("it is not valid {label}")));
            }
            Ok(text.into_owned())
        }
    }
}

/// UTF-16 with a byte-order mark.
fn utf16(bytes: &[u8]) -> Option<String> {
    let encoding = match bytes {
        [0xFF, 0xFE, ..] => encoding_rs::UTF_16LE,
        [0xFE, 0xFF, ..] => encoding_rs::UTF_16BE,
        _ => return None,
    };
    let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
    (!had_errors).then(|| text.into_owned())
}

/// PEP 263: `# -*- coding: latin-1 -*-` (or `coding=`) on line 1 or 2.
fn coding_cookie(bytes: &[u8]) -> Option<String> {
    for line in bytes.split(|b| *b == b'\n').take(2) {
        let line = String::from_utf8_lossy(line);
        let trimmed = line.trim_start_matches([' ', '\t', '\x0c']);
        if !trimmed.starts_with('#') {
            continue;
        }
        let Some(at) = trimmed.find("coding") else { continue };
        let rest = &trimmed[at + "coding".len()..];
        let Some(rest) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('=')) else { continue };
        let name: String = rest
            .trim_start_matches([' ', '\t'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect();
        if !name.is_empty() {
            return Some(name);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_encodings() {
        assert_eq!(decode_plain(b"\xEF\xBB\xBF3.13\r\n").unwrap(), "3.13\r\n");
        let utf16le: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("3.12\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode_plain(&utf16le).unwrap(), "3.12\n");
        let utf16be: Vec<u8> =
            [0xFE, 0xFF].into_iter().chain("flask\n".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode_plain(&utf16be).unwrap(), "flask\n");
        assert_eq!(decode_plain(b"flask\0\n"), Err(DecodeError::Binary));
        assert_eq!(decode_plain(b"caf\xE9\n"), Err(DecodeError::NotUtf8));
    }

    #[test]
    fn python_follows_pep_263() {
        let latin = b"# -*- coding: latin-1 -*-\nname = 'caf\xE9'\n";
        assert_eq!(decode_python(latin).unwrap(), "# -*- coding: latin-1 -*-\nname = 'café'\n");
        assert!(
            decode_python(b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = '\x80'\n")
                .unwrap()
                .contains('€')
        );
        assert!(matches!(decode_python(b"x = 'caf\xE9'\n"), Err(DecodeError::NotPythonSource(_))));
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("x = 1\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert!(
            matches!(decode_python(&utf16), Err(DecodeError::NotPythonSource(why)) if why.contains("UTF-16"))
        );
        assert_eq!(decode_python(b"\x7fELF\x02\x01\x01\0\0\0"), Err(DecodeError::Binary));
        assert!(
            matches!(decode_python(b"# coding: klingon\nx = 1\n"), Err(DecodeError::NotPythonSource(why)) if why.contains("klingon"))
        );
    }
}
