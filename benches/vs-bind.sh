#!/usr/bin/env bash
# mxdrill side by side with BIND, in one run on the same input:
#  1. `mxdrill check` against `named-checkzone -i local` on a generated 100,000-record
#     zone with planted MX defects (benches/check-vs-bind.sh: same findings, medians of 7 taking turns);
#  2. `mxdrill serve` (query log on, to a file) against `named` with dnsperf on loopback:
#     three turns, medians of queries per second, their ratio and each server's CPU time;
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

if [ -z "${SERVE_ONLY:-}" ]; then
  echo "== check: mxdrill against named-checkzone"
  bash benches/check-vs-bind.sh
fi

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
# The server as it is usually run: its query log on, a line per query, written to a
# file (as `mxdrill serve >queries.log` would) rather than thrown away unformatted.
"$bin" serve --listen 127.0.0.1:5394 >"$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 50); do
  [ -s "$work/pid" ] && dig +short +tries=1 +time=1 @127.0.0.1 -p 5394 blossomflowers.example MX >/dev/null && break
  sleep 0.2
done
printf '%s\n' "blossomflowers.example MX" "www.blossomflowers.example A" "nosuch.blossomflowers.example MX" \
  "petalmail.example AAAA" "tidewater-logistics.example.net MX" "blossomflowers.example TXT" >"$work/queries"
qps() { dnsperf -s 127.0.0.1 -p "$1" -d "$work/queries" -l "${SECONDS_PER_RUN:-10}" -c 4 -Q 500000 2>&1 | awk '/Queries per second/ {print int($4)}'; }
# CPU time (user + system, in clock ticks) a process has used so far.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
: >"$work/runs"
# The machine's load counts: a loaded machine slows named (many threads) more than
# mxdrill, so compare ratios from runs at similar load.
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Three turns, taking turns (named first, then mxdrill), so that the load of the
# shared machine falls on both alike; the ratio of the medians is what counts.
for turn in 1 2 3; do
  for server in named mxdrill; do
    if [ "$server" = named ]; then port=5393 pid=$(cat "$work/pid"); else port=5394 pid=$serve_pid; fi
    before=$(ticks "$pid")
    q=$(qps "$port")
    cpu=$(( $(ticks "$pid") - before ))
    echo "$server $q $cpu" >>"$work/runs"
    awk -v s="$server" -v t="$turn" -v q="$q" -v c="$cpu" -v hz="$hz" \
      'BEGIN { printf "turn %d %-8s %8d queries/s, CPU %.2f s\n", t, s, q, c / hz }'
  done
done
bind_qps=$(awk '$1=="named" {print $2}' "$work/runs" | median)
ours_qps=$(awk '$1=="mxdrill" {print $2}' "$work/runs" | median)
bind_cpu=$(awk '$1=="named" {print $3}' "$work/runs" | median)
ours_cpu=$(awk '$1=="mxdrill" {print $3}' "$work/runs" | median)
echo "median of 3, named:         $bind_qps queries/s, CPU $(awk -v c="$bind_cpu" -v hz="$hz" 'BEGIN{printf "%.2f", c/hz}') s per run"
echo "median of 3, mxdrill serve: $ours_qps queries/s, CPU $(awk -v c="$ours_cpu" -v hz="$hz" 'BEGIN{printf "%.2f", c/hz}') s per run (query log on, $(wc -l <"$work/serve.log") lines written)"
awk -v a="$ours_qps" -v b="$bind_qps" 'BEGIN { printf "ratio mxdrill/named (medians): %.2f (target: at least 1.5)\n", a / b }'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "mxdrill serve resident memory: $(ps -o rss= -p "$serve_pid") KB"

[ -n "${SERVE_ONLY:-}" ] && exit 0
echo "== memory: mxdrill check on the bundled content"
/usr/bin/time -f "peak %M KB, %e s" "$bin" check >/dev/null
