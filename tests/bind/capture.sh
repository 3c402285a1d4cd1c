#!/usr/bin/env bash
# Captures what BIND's linter says about every test zone and every bundled zone, for
# tests/bind_parity.rs. Needs named-checkzone (Debian bind9-utils). Run from anywhere:
#   bash tests/bind/capture.sh
# Output: tests/bind/expected/<name>.txt, the exact output of
#   named-checkzone -i local <origin> <file>
# where <file> is named <name>.zone (for YAML zones: the `records:` block, extracted).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$here/expected"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
rm -f "$out"/*.txt

capture() { # name origin file
  (cd "$(dirname "$3")" && named-checkzone -i local "$2" "$(basename "$3")" || true) >"$out/$1.txt" 2>&1
}

for f in "$here"/zones/*.zone; do
  name=$(basename "$f" .zone)
  origin=$(awk 'toupper($1)=="$ORIGIN"{print $2; exit}' "$f")
  capture "$name" "$origin" "$f"
done

# The records block of a zone YAML file: the indented lines after `records: |`.
for f in "$root"/zones/*.yaml; do
  name=$(basename "$f" .yaml)
  origin=$(awk '$1=="zone:"{print $2; exit}' "$f")
  awk -f "$root/tests/bind/records.awk" "$f" >"$work/$name.zone"
  capture "$name" "$origin" "$work/$name.zone"
done
echo "captured $(ls "$out" | wc -l) zones into $out"
