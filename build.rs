//! Embeds every file under `templates/` in the binary, so a new template
//! (a package manager's install partial) needs no list kept by hand. The
//! generated `$OUT_DIR/templates.rs` is a slice of `(name, contents)`,
//! sorted by name, that `src/render.rs` includes as `BUILTIN`.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=templates");
    let mut names = Vec::new();
    collect(Path::new("templates"), "", &mut names);
    names.sort();
    let mut out = String::from("&[\n");
    for name in &names {
        writeln!(
            out,
            "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/templates/\", {name:?}))),"
        )
        .expect("writing to a String cannot fail");
    }
    out.push_str("]\n");
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    fs::write(Path::new(&dir).join("templates.rs"), out).expect("write templates.rs");
}

/// Template names relative to `templates/`, with `/` separators.
fn collect(dir: &Path, prefix: &str, names: &mut Vec<String>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.expect("read a templates/ entry");
        let name = entry.file_name().into_string().expect("template names are UTF-8");
        let path = entry.path();
        if path.is_dir() {
            collect(&path, &format!("{prefix}{name}/"), names);
        } else if name.ends_with(".j2") {
            names.push(format!("{prefix}{name}"));
        }
    }
}
