//! A console script the project declares, run as its maintainer's own
//! Dockerfile runs it. A server that ships as a command (a CalDAV server, a
//! dashboard) is a CLI to the code and a service to its users: the options
//! that make it serve are in the maintainer's `ENTRYPOINT`/`CMD`, nowhere
//! else. Taken only when those options bind a port, so a command that
//! merely runs a tool stays a CLI.

use crate::detect::Facts;
use crate::detect::maintainer_dockerfile::bound_port;
use crate::evidence::Located;

/// The words that run `script` as a server, from the script on (the
/// interpreter and paths of the maintainer's image dropped), with the line
/// of the Dockerfile that says so, and the port they bind.
pub fn served(facts: &Facts, script: &str) -> Option<(Located<Vec<String>>, u16)> {
    served_by(facts.maintainer_dockerfile.command.as_ref()?, script)
}

fn served_by(command: &Located<Vec<String>>, script: &str) -> Option<(Located<Vec<String>>, u16)> {
    let words = &command.value;
    let base = |w: &String| crate::shell::program_name(w).to_string();
    let at = words.iter().position(|w| base(w) == script)?;
    // Only `exec` or a Python interpreter may run it.
    if !words[..at].iter().map(base).all(|w| w == "exec" || w.starts_with("python")) {
        return None;
    }
    let mut argv = vec![script.to_string()];
    argv.extend(words[at + 1..].iter().cloned());
    let (port, _) = bound_port(&argv[1..])?;
    Some((Located::new(argv, command.location.clone()), port))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::Location;

    fn served_from(words: &[&str]) -> Option<Vec<String>> {
        let words = words.iter().map(|w| (*w).to_string()).collect();
        served_by(&Located::new(words, Location::at("Dockerfile", 9)), "notes").map(|(c, _)| c.value)
    }

    #[test]
    fn only_the_projects_script_run_with_a_bound_port_is_served() {
        let want = Some(vec!["notes".to_string(), "--hosts".into(), "0.0.0.0:5232".into()]);
        assert_eq!(served_from(&["/venv/bin/python", "/venv/bin/notes", "--hosts", "0.0.0.0:5232"]), want);
        assert_eq!(served_from(&["notes", "--hosts", "0.0.0.0:5232"]), want);
        let command =
            Located::new(vec!["notes".into(), "--port".into(), "9000".into()], Location::at("Dockerfile", 9));
        assert_eq!(served_by(&command, "notes").map(|(_, port)| port), Some(9000));
        assert_eq!(served_from(&["notes", "--help"]), None, "binds nothing: still a CLI");
        assert_eq!(served_from(&["./boot.sh", "notes", "--port", "9000"]), None, "run by something else");
        assert_eq!(served_from(&["gunicorn", "-b", "0.0.0.0:9000", "app:app"]), None);
    }
}
