#!/usr/bin/env bash
# Runs real Postfix and real Exim through every case of tests/mta (cases.txt and every
# bundled predict question) and stores what each did as tests/mta/expected/CASE.MTA.txt:
# the addresses it contacted in order, its first-run outcome and its log lines.
# Needs root (network, mount and PID namespaces); installs what it needs (setup.sh).
#   bash tests/mta/capture.sh
# The capture fails if the simulator disagrees with a real MTA: fix the simulator (or
# explain the case) and capture again.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
bash "$here/setup.sh"
rm -f "$here"/expected/*.txt
MXDRILL_MTA_CAPTURE=1 MXDRILL_REQUIRE_MTA=1 \
  cargo test --test mta the_simulator_agrees_with_the_live_mtas -- --nocapture
echo "captured $(ls "$here/expected" | wc -l) files into $here/expected"
