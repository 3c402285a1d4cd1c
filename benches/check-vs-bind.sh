#!/usr/bin/env bash
# mxdrill check against named-checkzone on a generated 100,000-record zone with
# planted MX defects: the same MX findings, then the wall time, CPU time and peak memory
# (max RSS) of each (medians of 7 runs, the two tools taking turns), their ratios and
# the targets of issue 27 (wall at most 0.35x, memory at most 1.0x named-checkzone's).
#   bash benches/check-vs-bind.sh [RECORDS]
#   RUNS=3 bash benches/check-vs-bind.sh   # the timed comparison three times over, and
#                                          # the median of the three runs' medians
set -euo pipefail
export LC_ALL=C # printf and awk read and write numbers with a point
cd "$(dirname "$0")/.."
records=${1:-100000}
runs=${RUNS:-1}
command -v named-checkzone >/dev/null || { echo "needs named-checkzone (apt-get install bind9-utils)"; exit 1; }
cargo build --release -q
bin=target/release/mxdrill
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
zone="$work/big.example.zone"

# Each group of 5 records: a mail domain with two MX, a host with A, a host with AAAA,
# a TXT. Every 997th group has an MX to an alias (L2), every 991st an MX to a name
# without addresses (L3), every 983rd an MX written as an address (L1).
awk -v n="$records" 'BEGIN {
  print "$ORIGIN big.example."; print "$TTL 3600"
  print "@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300"; print "@ IN NS ns1"; print "ns1 IN A 192.0.2.53"
  for (i = 0; i * 5 < n - 5; i++) {
    mx2 = "mx" i "b"
    if (i % 997 == 1) mx2 = "alias" i
    if (i % 991 == 2) mx2 = "nohost" i
    if (i % 983 == 3) mx2 = "198.51.100." (i % 250)
    printf "d%d IN MX 10 mx%d\nd%d IN MX 20 %s\n", i, i, i, mx2
    printf "mx%d IN A 192.0.2.%d\nmx%db IN AAAA 2001:db8::%x\n", i, i % 250, i, i
    if (i % 997 == 1) printf "alias%d IN CNAME mx%d\n", i, i
    else printf "d%d IN TXT \"v=spf1 mx -all\"\n", i
  }
}' >"$zone"
echo "zone: $(grep -c ' IN ' "$zone") records"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# One run: "wall_ms cpu_ms rss_kb" (cpu = user + system, mxdrill reads and lints on up
# to 4 threads; rss = peak resident memory, the binary and thread stacks included).
run_once() { # command...
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
  tail -1 "$work/time" | awk '{ printf "%d %d %d\n", $1 * 1000, ($2 + $3) * 1000, $4 }'
}

# The same findings: (check, owner, target) from each tool's words.
{ named-checkzone -i local big.example "$zone" 2>&1 || true; } | sed -n \
  -e "s/.*: warning: '\(.*\)': MX is an address/address \1/p" \
  -e "s|.*: \(.*\)/MX '\(.*\)' is a CNAME (illegal)|cname \1 \2|p" \
  -e "s|.*: \(.*\)/MX '\(.*\)' has no address records (A or AAAA)|noaddr \1 \2|p" | sort >"$work/bind.txt"
{ "$bin" check "$zone" || true; } | sed -n \
  -e "s/.*: warning: '\(.*\)': MX is an address.*/address \1/p" \
  -e "s|.*: \(.*\)/MX '\(.*\)' is a CNAME (illegal).*|cname \1 \2|p" \
  -e "s|.*: \(.*\)/MX '\(.*\)' has no address records (A or AAAA).*|noaddr \1 \2|p" | sort >"$work/ours.txt"
if diff -q "$work/bind.txt" "$work/ours.txt" >/dev/null; then
  echo "findings: identical ($(wc -l <"$work/ours.txt") MX findings)"
else
  echo "findings: DIFFERENT"; diff "$work/bind.txt" "$work/ours.txt" | head -20; exit 1
fi

# The two tools take turns, so that a busy moment on the machine falls on both.
col() { cut -d' ' -f"$2" "$1" | median; } # file column
for run in $(seq "$runs"); do
  rm -f "$work/bind.times" "$work/ours.times"
  for _ in 1 2 3 4 5 6 7; do
    run_once named-checkzone -i local big.example "$zone" >>"$work/bind.times"
    run_once "$bin" check "$zone" >>"$work/ours.times"
  done
  bind_ms=$(col "$work/bind.times" 1); bind_cpu=$(col "$work/bind.times" 2); bind_kb=$(col "$work/bind.times" 3)
  ours_ms=$(col "$work/ours.times" 1); ours_cpu=$(col "$work/ours.times" 2); ours_kb=$(col "$work/ours.times" 3)
  [ "$runs" -gt 1 ] && echo "run $run of $runs:"
  echo "named-checkzone -i local: ${bind_ms} ms wall, ${bind_cpu} ms CPU, $((bind_kb / 1024)) MB peak memory (medians of 7, taking turns)"
  echo "mxdrill check:            ${ours_ms} ms wall, ${ours_cpu} ms CPU, $((ours_kb / 1024)) MB peak memory ($(nproc) cores)"
  awk -v a="$ours_ms" -v b="$bind_ms" -v c="$ours_cpu" -v d="$bind_cpu" -v e="$ours_kb" -v f="$bind_kb" 'BEGIN {
    w = a / b; m = e / f
    printf "ratio mxdrill/named-checkzone: %.2f wall (target: at most 0.35, %s), %.2f CPU, %.2f memory (target: at most 1.0, %s)\n",
      w, (w <= 0.35 ? "met" : "NOT met"), c / d, m, (m <= 1.0 ? "met" : "NOT met")
    printf "%.4f %.4f %.4f\n", w, c / d, m > "/dev/stderr" }' 2>>"$work/ratios"
done
if [ "$runs" -gt 1 ]; then
  printf "medians of the %d runs' ratios: %.2f wall (target: at most 0.35), %.2f CPU, %.2f memory (target: at most 1.0)\n" \
    "$runs" "$(col "$work/ratios" 1)" "$(col "$work/ratios" 2)" "$(col "$work/ratios" 3)"
fi
