#!/usr/bin/env bash
# Issue 24 #12: an answer whose feedback was shown is never lost. Runs
# `mxdrill practice --plain` RUNS times (default 200), each with a data folder of
# its own, answers its questions, and `kill -9`s it the moment the K-th feedback
# line (`Correct.` / `Incorrect.`) reaches the pipe (K = 1, 2, 3 in turn); then
# counts the answers `mxdrill report --format csv` holds. Every shown feedback
# must be there: exits 1 if any run lost one.
#   benches/kill-after-feedback.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-200}
cargo build --release -q
bin=$PWD/target/release/mxdrill
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The attempts column of the CSV report, summed (fields may be quoted).
attempts() {
  python3 -c 'import csv,sys; print(sum(int(r["attempts"]) for r in csv.DictReader(sys.stdin)))'
}

shown=0 lost=0 late=0
for ((i = 0; i < runs; i++)); do
  data=$work/$i
  mkdir -p "$data"
  k=$((i % 3 + 1))
  coproc RUN { XDG_DATA_HOME=$data HOME=$data exec "$bin" practice --plain --kind choice --count 3 --seed "$i" 2>/dev/null; }
  pid=$RUN_PID
  # Its pipes, kept open here: bash forgets RUN once the process ends.
  exec {from}<&"${RUN[0]}" {to}>&"${RUN[1]}"
  printf '1\n1\n1\n' >&"$to"
  seen=0
  while IFS= read -r line <&"$from"; do
    case $line in
      Correct.* | Incorrect.*)
        seen=$((seen + 1))
        if ((seen == k)); then
          kill -9 "$pid" 2>/dev/null || late=$((late + 1))
          break
        fi
        ;;
    esac
  done
  wait "$pid" 2>/dev/null || true
  exec {from}<&- {to}>&-
  held=$(XDG_DATA_HOME=$data HOME=$data "$bin" report --format csv | attempts)
  shown=$((shown + seen))
  if ((held < seen)); then
    lost=$((lost + seen - held))
    echo "run $i: $seen feedback lines shown, $held answers saved"
  fi
  rm -rf "$data"
done
echo "$runs runs: $shown answers shown with feedback, $lost lost ($late runs ended before the kill)"
((lost == 0))
