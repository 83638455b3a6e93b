//! The requirements.txt grammar (comments, continuations, options, PEP 508
//! requirements, URLs and paths, `${VAR}` references) on arbitrary text:
//! it may reject a line, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = containerize::text::decode_plain(data) {
        let _ = containerize::detect::requirements::parse_text(&text, "requirements.txt");
    }
});
