//! The exec-form start command.
//!
//! gunicorn reads `PORT` itself (it binds `0.0.0.0:$PORT` when PORT is set
//! and no `--bind` is given) and `WEB_CONCURRENCY` for its worker count, so
//! it needs no shell. Everything that must expand `$PORT` runs as
//! `sh -c 'exec …'`, which hands PID 1 to the program. Explicit commands
//! (Procfile, `--command`) run as written, except that a server told to
//! listen on loopback, or not told where to listen, is made to bind
//! `0.0.0.0:$PORT`, and the plan says so.

use super::server::ServerKind;
use super::{Kind, Start};
use crate::data;
use crate::shell::{self, Word};

/// How the image starts its process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// `CMD`: `docker run IMAGE other command` replaces it (servers,
    /// workers, scripts).
    Cmd,
    /// `ENTRYPOINT`: a program whose `docker run IMAGE --help` arguments
    /// reach it, as with any command-line tool.
    Entrypoint,
}

pub struct Command {
    pub argv: Vec<String>,
    pub form: Form,
    /// What was changed in an explicit command, for the plan.
    pub notes: Vec<String>,
    /// `ENV` lines the runner needs (values without `$PORT`).
    pub env: Vec<(String, String)>,
}

pub fn command(start: &Start, server: ServerKind) -> Command {
    let mut notes = Vec::new();
    let mut env = Vec::new();
    let argv = match server {
        ServerKind::Gunicorn | ServerKind::GunicornUvicornWorker | ServerKind::GunicornAiohttp => {
            let mut argv: Vec<String> = ["gunicorn", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
                .map(String::from)
                .to_vec();
            match server {
                ServerKind::GunicornUvicornWorker => {
                    argv.extend(["--worker-class", "uvicorn_worker.UvicornWorker"].map(String::from));
                }
                ServerKind::GunicornAiohttp => {
                    argv.extend(["--worker-class", "aiohttp.GunicornWebWorker"].map(String::from));
                }
                _ => {}
            }
            if let Some(dir) = &start.app_dir {
                argv.extend(["--chdir".to_string(), format!("/app/{dir}")]);
            }
            argv.push(start.target.clone());
            argv
        }
        ServerKind::Uvicorn => {
            let mut words: Vec<Word> =
                ["uvicorn", "--host", "0.0.0.0", "--port", "$PORT"].map(Word::ours).to_vec();
            if let Some(dir) = &start.app_dir {
                words.extend([Word::ours("--app-dir"), Word::literal(dir)]);
            }
            match start.target.strip_suffix("()") {
                Some(factory) => words.extend([Word::ours("--factory"), Word::literal(factory)]),
                None => words.push(Word::literal(&start.target)),
            }
            shell::exec_line(&[], &words)
        }
        ServerKind::Runner => {
            let runner = data::frameworks().runner.iter().find(|r| r.name == start.framework);
            let Some(runner) = runner else {
                return Command {
                    argv: vec!["python".into(), start.target.clone()],
                    form: Form::Cmd,
                    notes,
                    env,
                };
            };
            // The runner's words are ours; the script is the project's.
            let words: Vec<Word> = runner
                .command
                .iter()
                .map(|w| {
                    if w.contains("{script}") {
                        Word::literal(w.replace("{script}", &start.target))
                    } else {
                        Word::ours(w.as_str())
                    }
                })
                .collect();
            let (dynamic, fixed): (Vec<_>, Vec<_>) = runner
                .env
                .iter()
                .map(|(k, v)| (k.clone(), Word::ours(v.as_str())))
                .partition(|(_, v)| v.expands());
            env = fixed.into_iter().map(|(k, v)| (k, v.as_str().to_string())).collect();
            if words.iter().any(Word::expands) || !dynamic.is_empty() {
                shell::exec_line(&dynamic, &words)
            } else {
                words.iter().map(|w| w.as_str().to_string()).collect()
            }
        }
        ServerKind::Python => vec!["python".into(), start.target.clone()],
        ServerKind::Celery => {
            let mut argv: Vec<String> = vec!["celery".into(), "-A".into(), start.target.clone()];
            if let Some(dir) = &start.app_dir {
                argv.extend(["--workdir".to_string(), format!("/app/{dir}")]);
            }
            argv.extend(["worker".to_string(), "--loglevel=INFO".to_string()]);
            argv
        }
        ServerKind::Cli => start.argv.iter().map(|w| w.as_str().to_string()).collect(),
        ServerKind::Command => {
            let mut words = start.argv.clone();
            if start.kind == Kind::Command {
                notes = bind_everywhere(&mut words);
            }
            let mut argv = shell::exec_line(&[], &words);
            if let (Some(around), Some(line)) = (&start.around, argv.last_mut()) {
                let mut served = line.clone();
                if around.pipeline {
                    // `exec` would end the pipe: the shell stays to run it.
                    served = served.strip_prefix("exec ").unwrap_or(&served).to_string();
                    notes.push(format!(
                        "the command ends in `{}`: the shell stays PID 1 to run it, so `docker stop`'s SIGTERM \
                         does not reach the server (it is killed after 10 s)",
                        around.after
                    ));
                }
                *line = [around.before.trim_end(), &served, &around.after]
                    .into_iter()
                    .filter(|part| !part.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            argv
        }
    };
    let form = if server == ServerKind::Cli { Form::Entrypoint } else { Form::Cmd };
    Command { argv, form, notes, env }
}

/// Make a server in an explicit command listen on `0.0.0.0:$PORT`: replace
/// a loopback host, add the bind a command lacks. Returns what changed.
fn bind_everywhere(words: &mut Vec<Word>) -> Vec<String> {
    let program = words.first().map(|w| shell::program_name(w).to_string()).unwrap_or_default();
    let mut notes = Vec::new();
    match program.as_str() {
        "gunicorn" | "hypercorn" => {
            if let Some(i) = option_index(words, &["-b", "--bind"]) {
                fix_loopback(words, i, &mut notes);
            } else {
                words.extend([Word::ours("--bind"), Word::ours("0.0.0.0:$PORT")]);
                notes.push(format!(
                    "{program} was not told where to listen; the image adds --bind 0.0.0.0:$PORT"
                ));
            }
        }
        "uvicorn" | "daphne" => {
            let host = if program == "daphne" { ["-b", "--bind"] } else { ["--host", "--host"] };
            match option_index(words, &host) {
                Some(i) => fix_loopback(words, i, &mut notes),
                None => {
                    words.extend([Word::ours(host[1]), Word::ours("0.0.0.0")]);
                    notes.push(format!(
                        "{program} listens on 127.0.0.1 by default; the image adds {} 0.0.0.0",
                        host[1]
                    ));
                }
            }
            if option_index(words, &["-p", "--port"]).is_none() {
                words.extend([Word::ours("--port"), Word::ours("$PORT")]);
                notes.push(format!("{program} was not told its port; the image adds --port $PORT"));
            }
        }
        // Both listen on 127.0.0.1 unless told otherwise.
        "granian" => host_and_port(words, "granian", &["--host"], &["--port"], &mut notes),
        "flask" if words.iter().any(|w| w == "run") => {
            host_and_port(words, "flask run", &["-h", "--host"], &["-p", "--port"], &mut notes);
        }
        // 0.0.0.0 already, but on 8080 unless told.
        "waitress-serve" => {
            let listens = words.iter().any(|w| {
                ["--listen", "--port", "--unix-socket"]
                    .iter()
                    .any(|o| w == o || w.starts_with(&format!("{o}=")))
            });
            if let Some(i) = option_index(words, &["--listen", "--host"]) {
                fix_loopback(words, i, &mut notes);
            }
            if !listens {
                words.insert(1, Word::ours("--port=$PORT"));
                notes.push(
                    "waitress-serve listens on 8080 unless told; the image adds --port=$PORT".to_string(),
                );
            }
        }
        // `python manage.py runserver [ADDRPORT]`: the development server
        // listens on 127.0.0.1:8000 unless given an address.
        _ if words.iter().any(|w| w.ends_with("manage.py")) && words.iter().any(|w| w == "runserver") => {
            let at = words.iter().position(|w| w == "runserver").unwrap_or_default() + 1;
            match words.get(at).filter(|w| !w.starts_with('-')) {
                Some(_) => fix_loopback(words, at, &mut notes),
                None => {
                    words.insert(at, Word::ours("0.0.0.0:$PORT"));
                    notes.push(
                        "Django's runserver listens on 127.0.0.1:8000 unless given an address; the image adds \
                         0.0.0.0:$PORT (it is the development server: gunicorn would serve better)"
                            .to_string(),
                    );
                }
            }
        }
        _ => {}
    }
    notes
}

/// A server that listens on 127.0.0.1 and its own port unless told:
/// loopback hosts become 0.0.0.0, a missing host and port are added.
fn host_and_port(
    words: &mut Vec<Word>,
    program: &str,
    host: &[&str],
    port: &[&str],
    notes: &mut Vec<String>,
) {
    let long =
        |names: &[&str]| names.iter().rfind(|n| n.starts_with("--")).copied().unwrap_or_default().to_string();
    match option_index(words, host) {
        Some(i) => fix_loopback(words, i, notes),
        None => {
            words.extend([Word::ours(long(host)), Word::ours("0.0.0.0")]);
            notes.push(format!(
                "{program} listens on 127.0.0.1 by default; the image adds {} 0.0.0.0",
                long(host)
            ));
        }
    }
    if option_index(words, port).is_none() {
        words.extend([Word::ours(long(port)), Word::ours("$PORT")]);
        notes.push(format!("{program} was not told its port; the image adds {} $PORT", long(port)));
    }
}

/// The index of the value of the first of `names` (`--bind X` or `--bind=X`).
fn option_index(words: &mut Vec<Word>, names: &[&str]) -> Option<usize> {
    for i in 0..words.len() {
        if names.contains(&words[i].as_str()) && i + 1 < words.len() {
            return Some(i + 1);
        }
        for name in names.iter().filter(|n| n.starts_with("--")) {
            if words[i].starts_with(&format!("{name}=")) {
                // The value keeps its own quoting: `--name='$(id)'` stays literal.
                let (flag, value) = (Word::ours(*name), words[i].replaced_prefix(name.len() + 1, ""));
                words.splice(i..=i, [flag, value]);
                return Some(i + 1);
            }
        }
    }
    None
}

fn fix_loopback(words: &mut [Word], i: usize, notes: &mut Vec<String>) {
    for loopback in ["127.0.0.1", "localhost"] {
        if words[i] == loopback || words[i].starts_with(&format!("{loopback}:")) {
            let fixed = format!("0.0.0.0{}", &words[i][loopback.len()..]);
            notes.push(format!(
                "`{}` listens on loopback, unreachable from outside the container; the image binds `{fixed}`",
                words[i].as_str()
            ));
            words[i] = words[i].replaced_prefix(loopback.len(), "0.0.0.0");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(kind: Kind, target: &str, argv: &[&str]) -> Start {
        Start {
            kind,
            interface: None,
            framework: "X".into(),
            target: target.into(),
            root: String::new(),
            app_dir: None,
            around: None,
            // As a Procfile line writes them.
            argv: argv.iter().map(|s| shell::split(s).unwrap().remove(0)).collect(),
            location: None,
        }
    }

    #[test]
    fn gunicorn_needs_no_shell() {
        let cmd = command(&start(Kind::Web, "server:application", &[]), ServerKind::Gunicorn);
        assert_eq!(
            cmd.argv,
            ["gunicorn", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-", "server:application"]
        );
    }

    #[test]
    fn uvicorn_factories_and_app_dirs() {
        let mut s = start(Kind::Web, "svc.main:create_app()", &[]);
        s.app_dir = Some("src".into());
        let cmd = command(&s, ServerKind::Uvicorn);
        assert_eq!(
            cmd.argv[2],
            "exec uvicorn --host 0.0.0.0 --port \"$PORT\" --app-dir src --factory svc.main:create_app"
        );
    }

    #[test]
    fn procfile_commands_get_a_bind_when_they_lack_one() {
        let cmd = command(&start(Kind::Command, "", &["gunicorn", "app:app"]), ServerKind::Command);
        assert_eq!(cmd.argv[2], "exec gunicorn app:app --bind \"0.0.0.0:$PORT\"");
        assert_eq!(cmd.notes.len(), 1);
        let cmd = command(
            &start(Kind::Command, "", &["uvicorn", "main:app", "--host=127.0.0.1", "--port", "8001"]),
            ServerKind::Command,
        );
        assert_eq!(cmd.argv[2], "exec uvicorn main:app --host 0.0.0.0 --port 8001");
        let cmd = command(&start(Kind::Command, "", &["python", "worker.py", "$QUEUE"]), ServerKind::Command);
        assert_eq!((cmd.argv[2].as_str(), cmd.notes.len()), ("exec python worker.py \"$QUEUE\"", 0));
    }

    #[test]
    fn every_server_we_know_listens_on_all_interfaces_and_port() {
        let line =
            |argv: &[&str]| command(&start(Kind::Command, "", argv), ServerKind::Command).argv[2].clone();
        assert_eq!(
            line(&["flask", "--app", "app", "run"]),
            "exec flask --app app run --host 0.0.0.0 --port \"$PORT\""
        );
        assert_eq!(
            line(&["flask", "run", "-h", "127.0.0.1", "-p", "5000"]),
            "exec flask run -h 0.0.0.0 -p 5000"
        );
        assert_eq!(
            line(&["granian", "--interface", "asgi", "main:app"]),
            "exec granian --interface asgi main:app --host 0.0.0.0 --port \"$PORT\""
        );
        assert_eq!(line(&["waitress-serve", "app:app"]), "exec waitress-serve \"--port=$PORT\" app:app");
        assert_eq!(
            line(&["waitress-serve", "--listen=localhost:9000", "app:app"]),
            "exec waitress-serve --listen 0.0.0.0:9000 app:app"
        );
        assert_eq!(
            line(&["python", "manage.py", "runserver"]),
            "exec python manage.py runserver \"0.0.0.0:$PORT\""
        );
        assert_eq!(
            line(&["python", "manage.py", "runserver", "127.0.0.1:8001"]),
            "exec python manage.py runserver 0.0.0.0:8001"
        );
        assert_eq!(
            line(&["python", "manage.py", "runserver", "0.0.0.0:8001", "--noreload"]),
            "exec python manage.py runserver 0.0.0.0:8001 --noreload"
        );
    }

    #[test]
    fn runners_expand_port_and_export_their_env() {
        let mut s = start(Kind::Script, "app.py", &[]);
        s.framework = "Gradio".into();
        let cmd = command(&s, ServerKind::Runner);
        assert_eq!(cmd.argv[2], "export GRADIO_SERVER_PORT=\"$PORT\"; exec python app.py");
        assert_eq!(cmd.env, vec![("GRADIO_SERVER_NAME".to_string(), "0.0.0.0".to_string())]);
        s.framework = "Streamlit".into();
        let cmd = command(&s, ServerKind::Runner);
        assert!(
            cmd.argv[2]
                .starts_with("exec streamlit run app.py --server.address 0.0.0.0 --server.port \"$PORT\""),
            "{}",
            cmd.argv[2]
        );
    }

    #[test]
    fn celery_workers() {
        let cmd = command(&start(Kind::Worker, "tasks:app", &[]), ServerKind::Celery);
        assert_eq!(cmd.argv, ["celery", "-A", "tasks:app", "worker", "--loglevel=INFO"]);
    }
}
