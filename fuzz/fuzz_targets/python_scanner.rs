//! The entrypoint scanner on arbitrary Python-ish text: decoding (PEP 263),
//! parsing with Ruff's parser, summarizing, and the app, Django and script
//! detection over the result. Never a panic, whatever the source.
#![no_main]

use containerize::detect::apps::{self, SourceModule};
use containerize::detect::{django, python_source, scripts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = containerize::text::decode_python(data) else { return };
    let summary = python_source::summarize(&source);
    let modules = vec![
        SourceModule { path: "app.py".into(), root: String::new(), module: "app".into(), summary: summary.clone() },
        SourceModule { path: "manage.py".into(), root: String::new(), module: "manage".into(), summary },
    ];
    let _ = apps::find(&modules);
    let _ = django::find(&modules);
    let _ = scripts::runner_scripts(&modules);
});
