//! A Python minor version such as `3.13`, parsed once where it is read
//! (a flag, a configuration key, `.python-version`, `runtime.txt`) and
//! compared as numbers from then on, so `3.9 < 3.13` and nothing re-parses
//! a string. Images are chosen by minor version: a patch is not part of it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PythonMinor {
    pub major: u8,
    pub minor: u8,
}

impl PythonMinor {
    pub const fn new(major: u8, minor: u8) -> Self {
        Self { major, minor }
    }
}

impl FromStr for PythonMinor {
    type Err = String;

    /// `3.13`; not `3.13.1`, `3`, or `3.x`.
    fn from_str(text: &str) -> Result<Self, String> {
        let invalid = || format!("`{text}` must be a minor version such as `3.13`");
        let (major, minor) = text.split_once('.').ok_or_else(invalid)?;
        let number = |part: &str| {
            // `u8::from_str` accepts a leading `+`; a version does not.
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            part.parse::<u8>().map_err(|_| invalid())
        };
        Ok(Self { major: number(major)?, minor: number(minor)? })
    }
}

impl fmt::Display for PythonMinor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// As `"3.13"`, the way every file writes it.
impl Serialize for PythonMinor {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PythonMinor {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_orders_and_prints_as_written() {
        let v: PythonMinor = "3.13".parse().unwrap();
        assert_eq!(v, PythonMinor::new(3, 13));
        assert_eq!(v.to_string(), "3.13");
        assert!(PythonMinor::new(3, 9) < v, "numbers, not strings");
        for bad in ["3", "3.13.1", "3.x", "", ".13", "3.+1", "3.300"] {
            assert!(bad.parse::<PythonMinor>().is_err(), "{bad}");
        }
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"3.13\"");
        let back: PythonMinor = serde_json::from_str("\"3.9\"").unwrap();
        assert_eq!(back, PythonMinor::new(3, 9));
    }
}
