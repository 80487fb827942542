//! The server's settings and the command line that sets them.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// The usage text printed by `--help` and after a bad flag.
pub const USAGE: &str = "\
Usage: wasm-put-devserver [OPTIONS]

Serves the wasm-put demo (ROOT/www/ and ROOT/pkg/) and the test API
(/resources, /echo, /status, /delay, /flaky, ...) over HTTP/1.1.

Options:
  --host HOST              address to listen on [default: 127.0.0.1]
  --port PORT              port to listen on; 0 picks a free one [default: 8080]
  --root DIR               folder that holds www/ and pkg/ [default: .]
  --max-body BYTES         largest request body stored or echoed back [default: 16777216]
  --max-resources N        most resources kept by PUT /resources/{id} [default: 1000]
  --max-total-bytes BYTES  most bytes kept by all resources together [default: 268435456]
  --stop-after SECS        exit by itself after SECS seconds (fractions allowed)
  --quiet                  do not log one line per request to stderr
  -h, --help               print this help and exit

The first line on stdout is `wasm-put dev server listening on http://HOST:PORT/`.";

/// Everything the server needs to know to run.
///
/// `Config::default()` gives the same values as running the binary with no flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Address to listen on: an IP address or a host name. Defaults to `127.0.0.1`.
    pub host: String,
    /// Port to listen on; `0` asks the system for a free one. Defaults to `8080`.
    pub port: u16,
    /// Folder that holds `www/` (served at `/`) and `pkg/` (served at `/pkg/`).
    /// Defaults to the current directory.
    pub root: PathBuf,
    /// Largest request body, in bytes, that `PUT /resources/{id}` stores and
    /// `/echo-body` sends back; larger ones get `413`. Defaults to 16 MiB.
    pub max_body: u64,
    /// Most resources the store keeps at once; storing one more gets `507`.
    /// Defaults to 1000.
    pub max_resources: usize,
    /// Most bytes all stored resources may take together; going past it gets `507`.
    /// Defaults to 256 MiB.
    pub max_total_bytes: u64,
    /// When set, the server stops by itself after this long.
    pub stop_after: Option<Duration>,
    /// How long a client may take to send a request's head (request line and
    /// headers) once the server starts reading it; past that the connection is
    /// closed. A guard against slow-loris clients. Defaults to 15 seconds; no flag
    /// sets it.
    pub header_read_timeout: Duration,
    /// When `true`, nothing is logged per request (the binary logs one line per
    /// request to stderr otherwise).
    pub quiet: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".to_owned(),
            port: 8080,
            root: PathBuf::from("."),
            max_body: 16 * 1024 * 1024,
            max_resources: 1000,
            max_total_bytes: 256 * 1024 * 1024,
            stop_after: None,
            header_read_timeout: Duration::from_secs(15),
            quiet: false,
        }
    }
}

/// Why [`Config::from_args`] gave no configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgsError {
    /// `--help` or `-h` was given: print [`USAGE`] and exit successfully.
    Help,
    /// A flag was unknown, lacked its value, or had a value that does not parse.
    Invalid(String),
}

impl fmt::Display for ArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgsError::Help => f.write_str("help requested"),
            ArgsError::Invalid(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ArgsError {}

impl Config {
    /// Reads the command line, without the program name (e.g.
    /// `Config::from_args(std::env::args().skip(1))`).
    ///
    /// Flags take their value either as the next argument (`--port 0`) or after an
    /// equals sign (`--port=0`). Flags not given keep their [`Default`] values.
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Config, ArgsError> {
        let mut config = Config::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if arg == "-h" || arg == "--help" {
                return Err(ArgsError::Help);
            }
            if arg == "--quiet" {
                config.quiet = true;
                continue;
            }
            let (flag, inline_value) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => {
                    (flag.to_owned(), Some(value.to_owned()))
                }
                _ => (arg.clone(), None),
            };
            let known = [
                "--host",
                "--port",
                "--root",
                "--max-body",
                "--max-resources",
                "--max-total-bytes",
                "--stop-after",
            ];
            if !known.contains(&flag.as_str()) {
                return Err(ArgsError::Invalid(if flag.starts_with('-') {
                    format!("unknown flag `{flag}`")
                } else {
                    format!("unexpected argument `{arg}` (this program takes flags only)")
                }));
            }
            let value = match inline_value.or_else(|| args.next()) {
                Some(value) => value,
                None => return Err(ArgsError::Invalid(format!("`{flag}` needs a value"))),
            };
            match flag.as_str() {
                "--host" => {
                    if value.trim().is_empty() {
                        return Err(ArgsError::Invalid(
                            "`--host` needs a non-empty value".to_owned(),
                        ));
                    }
                    config.host = value;
                }
                "--port" => config.port = number(&flag, &value, "a port from 0 to 65535")?,
                "--root" => config.root = PathBuf::from(value),
                "--max-body" => config.max_body = number(&flag, &value, "a number of bytes")?,
                "--max-resources" => config.max_resources = number(&flag, &value, "a count")?,
                "--max-total-bytes" => {
                    config.max_total_bytes = number(&flag, &value, "a number of bytes")?
                }
                _ => {
                    let secs: f64 = number(&flag, &value, "a number of seconds")?;
                    match Duration::try_from_secs_f64(secs) {
                        Ok(duration) => config.stop_after = Some(duration),
                        Err(_) => {
                            return Err(ArgsError::Invalid(format!(
                                "`--stop-after` wants a number of seconds of zero or more, got `{value}`"
                            )))
                        }
                    }
                }
            }
        }
        Ok(config)
    }
}

/// Parses a flag's value, naming the flag and what it wants on failure.
fn number<T: std::str::FromStr>(flag: &str, value: &str, wanted: &str) -> Result<T, ArgsError> {
    value
        .trim()
        .parse()
        .map_err(|_| ArgsError::Invalid(format!("`{flag}` wants {wanted}, got `{value}`")))
}
