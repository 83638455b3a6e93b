//! The port the app listens on inside the container.
//!
//! Precedence: `--port`, then the default 8000. Whatever is chosen becomes
//! `ENV PORT` and `EXPOSE`; the server and the health check read `PORT` at
//! run time, so `docker run -e PORT=…` changes it without a rebuild.

use crate::evidence::{Decided, Source, first_of};
use crate::settings::Settings;

pub const DEFAULT_PORT: u16 = 8000;

pub fn decide(settings: &Settings) -> Decided<u16> {
    let flag =
        settings.port.map(|port| Decided::new(port, Source::flag("--port"), "named on the command line"));
    let default =
        Decided::new(DEFAULT_PORT, Source::Default, "default; override with --port or PORT at run time");
    first_of(vec![flag], default).winner
}
