//! Helpers shared by the integration tests.

use mxdrill::content::{self, Library, Source};

/// The bundled content plus the given (path, text) files, loaded.
pub fn load_with(files: &[(&str, &str)]) -> Library {
    let mut sources = content::bundled_sources();
    sources.extend(files.iter().map(|(path, text)| Source {
        path: (*path).into(),
        text: (*text).into(),
        bundled: false,
        unreadable: None,
    }));
    content::load(&sources)
}
