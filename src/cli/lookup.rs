//! `mxdrill dig | nslookup | host ARGS...`: the lookup tools, answered from the world.

use super::args::Cli;
use super::policy::{self, Done, Out, Stop};
use mxdrill::dns::tools::{self, Context, Tool};
use std::io::Write;

/// Runs one tool with its arguments; the status is the tool's own.
pub fn run(cli: &Cli, tool: Tool, args: &[String], out: &mut Out) -> Done {
    let command = tools::parse_args(tool, args).map_err(Stop::ToolUsage)?;
    let library = policy::library(cli)?;
    let now = policy::clock();
    // Any id will do; real clients pick one at random.
    let id = (now.subsec_nanos() % 65_536) as u16;
    let cx = Context {
        world: &library.world,
        now: now.as_secs(),
        id,
    };
    let (text, status) = tools::run(&command, &cx);
    let status = u8::try_from(status).unwrap_or(1);
    out.decide(status);
    out.write_all(text.as_bytes())?;
    Ok(status)
}
