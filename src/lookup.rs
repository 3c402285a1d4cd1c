//! `mxdrill dig | nslookup | host ARGS...`: the lookup tools, answered from the world.

use mxdrill::cli::Cli;
use mxdrill::dns::tools::{self, Context, Tool};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

/// Runs one tool with its arguments.
pub fn run(cli: &Cli, tool: Tool, args: &[String]) -> ExitCode {
    let command = match tools::parse_args(tool, args) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let library = match mxdrill::play::load(&cli.content) {
        Ok(library) => library,
        Err(e) => {
            eprintln!("mxdrill: {e}");
            return ExitCode::from(2);
        }
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    // Any id will do; real clients pick one at random.
    let id = (now.subsec_nanos() % 65_536) as u16;
    let cx = Context {
        world: &library.world,
        now: now.as_secs(),
        id,
    };
    let (text, status) = tools::run(&command, &cx);
    let code = ExitCode::from(u8::try_from(status).unwrap_or(1));
    let name = match tool {
        Tool::Dig => "mxdrill dig",
        Tool::Nslookup => "mxdrill nslookup",
        Tool::Host => "mxdrill host",
    };
    mxdrill::output::finish(name, mxdrill::output::print(&text), code)
}
