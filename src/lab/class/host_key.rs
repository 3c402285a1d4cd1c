//! The class server's host key: Ed25519, made on first use and kept, so that the
//! students' `known_hosts` entries stay valid from one class to the next.

use russh::keys::ssh_key::LineEnding;
use russh::keys::{Algorithm, HashAlg, PrivateKey};
use std::io::ErrorKind;
use std::path::Path;

/// Loads the key at `path`, or makes one there (and its folder) when there is none.
/// A file that is there but is not an unencrypted Ed25519 key in OpenSSH's format is
/// an error naming it: replacing it silently would change the server's identity.
pub fn load_or_make(path: &Path) -> Result<PrivateKey, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(path, &text),
        Err(e) if e.kind() == ErrorKind::NotFound => make(path),
        Err(e) => Err(format!("cannot read the host key {}: {e}", path.display())),
    }
}

fn parse(path: &Path, text: &str) -> Result<PrivateKey, String> {
    let bad = |why: String| {
        format!(
            "the host key {} is not usable: {why} (move it away to make a new one; \
             students will then be warned that the host key changed)",
            path.display()
        )
    };
    let key = PrivateKey::from_openssh(text).map_err(|e| bad(e.to_string()))?;
    if key.is_encrypted() {
        return Err(bad("it is encrypted".into()));
    }
    if key.algorithm() != Algorithm::Ed25519 {
        return Err(bad(format!("it is {}, not Ed25519", key.algorithm())));
    }
    Ok(key)
}

fn make(path: &Path) -> Result<PrivateKey, String> {
    let failed = |e: std::io::Error| format!("cannot write the host key {}: {e}", path.display());
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(failed)?;
    }
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519)
        .map_err(|e| format!("cannot make a host key: {e}"))?;
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| format!("cannot encode the host key: {e}"))?;
    match crate::platform::write_private(path, text.as_bytes()) {
        Ok(()) => Ok(key),
        // Another class started at the same moment made it first: use theirs.
        Err(e) if e.kind() == ErrorKind::AlreadyExists => load_or_make(path),
        Err(e) => Err(failed(e)),
    }
}

/// The key's fingerprint as `ssh` prints it: `SHA256:` and unpadded base64.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_and_loaded_after() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("class").join("host_key");
        let made = load_or_make(&path).expect("made");
        let loaded = load_or_make(&path).expect("loaded");
        assert_eq!(fingerprint(&made), fingerprint(&loaded));
        assert!(fingerprint(&made).starts_with("SHA256:"));
    }

    #[test]
    fn a_corrupt_key_is_an_error_naming_the_file_and_is_kept() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("host_key");
        std::fs::write(&path, "not a key").expect("written");
        let error = load_or_make(&path).expect_err("refused");
        assert!(error.contains(&path.display().to_string()), "{error}");
        assert_eq!(std::fs::read_to_string(&path).expect("kept"), "not a key");
    }
}
