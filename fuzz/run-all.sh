#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600), two at a time, from seed corpora
# built out of the bundled zones and banks, typical queries and typical commands.
#   bash fuzz/run-all.sh [SECONDS]
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain, or the stable
# one with RUSTC_BOOTSTRAP=1. Findings land in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
toolchain=+nightly
rustup toolchain list 2>/dev/null | grep -q '^nightly' || { toolchain=""; export RUSTC_BOOTSTRAP=1; }
cargo $toolchain fuzz build -O
bin=target/x86_64-unknown-linux-gnu/release

mkdir -p corpus/{dns_packets,tool_commands,bank_yaml,zone_files} artifacts/{dns_packets,tool_commands,bank_yaml,zone_files}
for f in ../zones/*.yaml; do awk -f ../tests/bind/records.awk "$f" >"corpus/zone_files/$(basename "$f" .yaml)"; done
cp ../questions/*.yaml corpus/bank_yaml/
i=0
while read -r line; do printf '%s' "$line" >"corpus/tool_commands/seed$i"; i=$((i + 1)); done <<'LINES'
dig blossomflowers.example MX
dig +short -t AXFR petalmail.example
nslookup -type=mx petalmail.example
host -t mx blossomflowers.example
dig @127.0.0.1 -p 53 +noall +answer www.blossomflowers.example AAAA
nslookup -q=txt blossomflowers.example 192.0.2.1
Resolve-DnsName -Type MX blossomflowers.example
dig -x 192.0.2.25
LINES
python3 - <<'PY'
import struct
def query(name, qtype, edns=False):
    packet = struct.pack('>HHHHHH', 0x1234, 0x0100, 1, 0, 0, 1 if edns else 0)
    for label in name.split('.'):
        packet += bytes([len(label)]) + label.encode()
    packet += b'\0' + struct.pack('>HH', qtype, 1)
    if edns:
        packet += b'\0' + struct.pack('>HHIH', 41, 4096, 0, 0)
    return packet
seeds = [('blossomflowers.example', 15, False), ('blossomflowers.example', 15, True),
         ('www.blossomflowers.example', 1, False), ('nosuch.petalmail.example', 28, True),
         ('petalmail.example', 255, False), ('tidewater-logistics.example.net', 252, False)]
for i, seed in enumerate(seeds):
    open(f'corpus/dns_packets/seed{i}', 'wb').write(query(*seed))
PY

run() { # target [libFuzzer options]
  local target=$1; shift
  "$bin/$target" "corpus/$target" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
    -artifact_prefix="artifacts/$target/" -print_final_stats=1 "$@" >"$target.log" 2>&1 \
    && echo "$target: clean, $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$target.log")" \
    || { echo "$target: FOUND A PROBLEM, see fuzz/$target.log and fuzz/artifacts/$target/"; return 1; }
}
status=0
run dns_packets & run zone_files & wait -n || status=1; wait -n || status=1
# The bundled banks are 80 KB: cut to 8 KB they still cover the format, ten times faster.
run tool_commands & run bank_yaml -max_len=8192 & wait -n || status=1; wait -n || status=1
exit $status
