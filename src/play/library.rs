//! Loading the content once, the same way for every command: the bundled banks and
//! zones plus every `--content` folder.

use crate::content::{self, Diagnostic, Library, Pos, Source};
use crate::dns::World;
use hickory_proto::rr::{Name, RecordType};
use std::path::PathBuf;

/// The mail domain shown first (the study text's story), when it is loaded.
const SHOWCASE: &str = "blossomflowers.example.";

/// Bundled content plus every folder in `dirs`; a folder that cannot be read is
/// a usage error.
pub fn sources(dirs: &[PathBuf]) -> Result<Vec<Source>, Diagnostic> {
    let mut sources = content::bundled_sources();
    if let Some(missing) = dirs.iter().find(|d| !d.exists()) {
        return Err(Diagnostic::error(
            &missing.display().to_string(),
            Pos::line(1),
            "no such file or folder",
        ));
    }
    // A file named twice (a folder and a path inside it) is read once.
    let paths: Vec<&std::path::Path> = dirs.iter().map(PathBuf::as_path).collect();
    sources.extend(content::read_paths(&paths)?);
    Ok(sources)
}

/// Loads the bundled content and the `dirs`; `Err` is one line for the user.
pub fn load(dirs: &[PathBuf]) -> Result<Library, String> {
    sources(dirs)
        .map(|s| content::load(&s))
        .map_err(|d| format!("{}: {}", d.path, d.message))
}

/// The zones with MX records, the showcase domain first.
pub fn mail_domains(world: &World) -> Vec<Name> {
    let mut domains: Vec<Name> = world
        .zones()
        .iter()
        .filter(|z| !world.records(&z.origin, RecordType::MX).is_empty())
        .map(|z| z.origin.clone())
        .collect();
    if let Some(i) = domains.iter().position(|d| d.to_string() == SHOWCASE) {
        let showcase = domains.remove(i);
        domains.insert(0, showcase);
    }
    domains
}

/// Whether the simulator can present `domain`: `Err` says why not, in the
/// learner's words: there is no such zone, or the zone has no MX records.
pub fn presentable(world: &World, domain: &str) -> Result<(), String> {
    let wanted = domain.trim_end_matches('.').to_ascii_lowercase();
    let same = |name: &Name| crate::ground::bare(name).to_ascii_lowercase() == wanted;
    let domains = mail_domains(world);
    if domains.iter().any(same) {
        return Ok(());
    }
    let few: Vec<String> = domains.iter().take(3).map(crate::ground::bare).collect();
    let choose = format!(
        "zones with MX records to present: {}, … ({} in all)",
        few.join(", "),
        domains.len()
    );
    match world.zones().iter().any(|z| same(&z.origin)) {
        true => Err(format!("{domain} has no MX records to present; {choose}")),
        false => Err(format!("no such zone: {domain}; {choose}")),
    }
}

/// The domain to suggest in examples (`dig DOMAIN MX`): the showcase when loaded,
/// else the first mail domain, else any zone.
pub fn showcase_domain(world: &World) -> String {
    mail_domains(world)
        .first()
        .or_else(|| world.zones().first().map(|z| &z.origin))
        .map_or_else(|| "example.com".into(), content::bare)
}
