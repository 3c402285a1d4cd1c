#!/usr/bin/env bash
# mxdrill side by side with BIND, in one run on the same input:
#  1. `mxdrill check` against `named-checkzone -i local` on a generated 100,000-record
#     zone with planted MX defects (benches/check-vs-bind.sh: same findings, medians of 7 taking turns);
#  2. `mxdrill serve` against `named` with dnsperf on loopback (queries per second);
#  3. peak memory of `mxdrill check` on the bundled content and of the server.
# Installs bind9, bind9-utils, bind9-dnsutils and dnsperf if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for tool in named:bind9 named-checkzone:bind9-utils dig:bind9-dnsutils dnsperf:dnsperf; do
  command -v "${tool%%:*}" >/dev/null || need+=("${tool#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi
cargo build --release -q
bin=$PWD/target/release/mxdrill

echo "== check: mxdrill against named-checkzone"
bash benches/check-vs-bind.sh

echo "== serve: mxdrill against named, dnsperf on loopback"
work=$(mktemp -d)
cleanup() { kill "$(cat "$work/pid" 2>/dev/null)" 2>/dev/null || true; kill "${serve_pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for f in zones/*.yaml; do
  origin=$(awk '$1=="zone:"{print $2; exit}' "$f")
  awk -f tests/bind/records.awk "$f" >"$work/$origin.zone"
  named-checkzone -q "$origin" "$work/$origin.zone" && echo "zone \"$origin\" { type primary; file \"$work/$origin.zone\"; };" >>"$work/zones.conf"
done
cat >"$work/named.conf" <<CONF
options { directory "$work"; listen-on port 5393 { 127.0.0.1; }; listen-on-v6 { none; }; pid-file "$work/pid"; recursion no; minimal-responses yes; dnssec-validation no; };
include "$work/zones.conf";
CONF
named -c "$work/named.conf" -u "$(id -un)"
"$bin" serve --listen 127.0.0.1:5394 >/dev/null 2>&1 &
serve_pid=$!
sleep 1
printf '%s\n' "blossomflowers.example MX" "www.blossomflowers.example A" "nosuch.blossomflowers.example MX" \
  "petalmail.example AAAA" "tidewater-logistics.example.net MX" "blossomflowers.example TXT" >"$work/queries"
qps() { dnsperf -s 127.0.0.1 -p "$1" -d "$work/queries" -l 10 -c 4 -Q 500000 2>&1 | awk '/Queries per second/ {print int($4)}'; }
bind_qps=$(qps 5393)
ours_qps=$(qps 5394)
echo "named:         $bind_qps queries/s"
echo "mxdrill serve: $ours_qps queries/s"
awk -v a="$ours_qps" -v b="$bind_qps" 'BEGIN { printf "ratio mxdrill/named: %.2f (target: at least 1.0)\n", a / b }'
echo "mxdrill serve resident memory: $(ps -o rss= -p "$serve_pid") KB"

echo "== memory: mxdrill check on the bundled content"
/usr/bin/time -f "peak %M KB, %e s" "$bin" check >/dev/null
