#!/usr/bin/env bash
# Proves the crate as published builds and carries its content (issue 22):
#   1. `cargo package` packs exactly the files of Cargo.toml's `include` list, unpacks the
#      .crate under target/package/ and builds it there (with Cargo.lock);
#   2. `cargo install --locked` installs the binary from that unpacked crate (the dev
#      profile, so it reuses step 1's build instead of compiling everything again);
#   3. the installed binary runs once from an empty folder: the bundled questions and
#      zones must be inside it, not read from the source tree.
# Uses the project's target dir, so the dependencies `cargo test` built are reused.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

target="$PWD/target"
version=$(cargo pkgid | sed 's/.*[@#]//')
crate="$target/package/mxdrill-$version"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# --allow-dirty: a developer may run this before committing; CI's clone is clean anyway.
cargo package --locked --allow-dirty --target-dir "$target"
echo "package.sh: $(tar -tzf "$target/package/mxdrill-$version.crate" | wc -l) files in mxdrill-$version.crate"

cargo install --locked --debug --path "$crate" --root "$scratch/root" --target-dir "$target"

# From an empty folder, with a home of its own: only what is compiled in can answer.
mkdir "$scratch/elsewhere"
cd "$scratch/elsewhere"
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/home/data"
mxdrill="$scratch/root/bin/mxdrill"
"$mxdrill" --version
# `check` without paths checks the bundled content: every bank and zone in the .crate.
bundled=$(tar -tzf "$target/package/mxdrill-$version.crate" | grep -cE '^[^/]+/(questions|zones)/[^/]+\.(yaml|yml|zone)$')
summary=$("$mxdrill" check | tail -n 1)
echo "$summary"
if [[ "$summary" != "$bundled files checked: 0 errors"* ]]; then
  echo "package.sh: expected the $bundled bundled banks and zones to be checked" >&2
  exit 1
fi
answer=$("$mxdrill" dig blossomflowers.example MX)
echo "$answer"
if ! grep -qE '^blossomflowers\.example\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+MX[[:space:]]+[0-9]+ ' <<<"$answer"; then
  echo "package.sh: the installed mxdrill has no MX answer for blossomflowers.example" >&2
  exit 1
fi

echo "package.sh: ok in $(($(date +%s) - started)) s"
