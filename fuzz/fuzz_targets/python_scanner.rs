//! The entrypoint scanner on arbitrary Python-ish text: decoding (PEP 263),
//! parsing with Ruff's parser, summarizing, and the app, Django and script
//! detection over the result. Never a panic, whatever the source. The
//! routes found go into the health probe as Python literals, and the app
//! targets into the start command as shell words: each must read back as
//! the value it was (a JSON string, one `sh` word).
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
    for app in apps::find(&modules) {
        for route in &app.routes {
            let literal = containerize::sinks::python::string(&route.path);
            assert_eq!(serde_json::from_str::<String>(&literal).ok().as_deref(), Some(route.path.as_str()));
        }
        let word = containerize::shell::Word::literal(app.target.spec());
        assert_eq!(containerize::shell::split(&word.quoted()), Some(vec![word]));
    }
    let _ = django::find(&modules);
    let _ = scripts::runner_scripts(&modules);
});
