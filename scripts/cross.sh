#!/usr/bin/env bash
# Issue 22: mxdrill on Windows and macOS, checked on this Linux machine.
#
# 1. Builds mxdrill.exe for x86_64-pc-windows-gnu (mingw's linker) and runs it under
#    Wine: every command below must print what the Linux build prints (after CRLF,
#    `\` in paths, query ids and clocks are normalised), the plain mode must keep
#    every answer, and `serve` must answer the Linux dig over UDP and TCP, also
#    after a client vanished (WSAECONNRESET on Windows).
# 2. Runs the platform module's unit tests (src/platform) and the store's under Wine.
# 3. Type-checks aarch64-apple-darwin and x86_64-apple-darwin.
#
# Rust's std for the targets comes from rustup (prebuilt). Debian's rustc-web could
# build std itself (-Zbuild-std), but bookworm's is Rust 1.85 and mxdrill needs a
# newer one (File::lock, let chains); see the closing note of issue 22.
#
# Wine 8.0 lacks ProcessPrng (Rust's std imports it): a test-only shim DLL beside
# the exe forwards it to SystemFunction036 (scripts/cross/process-prng.c).
#
# Usage: bash scripts/cross.sh     (MXDRILL_REQUIRE_CROSS=1: a missing tool fails)
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
out=$PWD/target/cross
win=x86_64-pc-windows-gnu
mkdir -p "$out"

phase() { echo "== cross: $* ($((SECONDS - started)) s)"; }
missing() {
  if [ "${MXDRILL_REQUIRE_CROSS:-0}" = 1 ]; then
    echo "cross: $*" >&2
    exit 1
  fi
  echo "warning: cross check skipped: $*" >&2
  exit 0
}

# --- What it needs -----------------------------------------------------------------
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64)
command -v wine >/dev/null || need+=(wine wine64)
command -v dig >/dev/null || need+=(bind9-dnsutils)
# ring's C for the macOS type-check (see scripts/macos-typecheck/README.md).
clang=$(command -v clang || command -v clang-14 || command -v clang-16 || true)
[ -n "$clang" ] || need+=(clang)
llvm_ar=$(command -v llvm-ar || command -v llvm-ar-14 || command -v llvm-ar-16 || true)
[ -n "$llvm_ar" ] || need+=(llvm)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null; } \
    || missing "could not install ${need[*]}"
fi
rustup target add "$win" aarch64-apple-darwin x86_64-apple-darwin >/dev/null 2>&1 \
  || missing "rustup could not add the Windows and macOS targets"

# --- Builds --------------------------------------------------------------------------
phase "building for macOS (type-check)"
clang=$(command -v clang || command -v clang-14 || command -v clang-16)
llvm_ar=$(command -v llvm-ar || command -v llvm-ar-14 || command -v llvm-ar-16)
mac_cflags="-nostdinc -isystem $("$clang" -print-resource-dir)/include -I$PWD/scripts/macos-typecheck"
for mac in aarch64-apple-darwin x86_64-apple-darwin; do
  triple=${mac//-/_}
  env "CC_$triple=$clang" "AR_$triple=$llvm_ar" "CFLAGS_$triple=$mac_cflags" \
    cargo check --quiet --release --target "$mac" --target-dir "$out/build"
done

phase "clippy for Windows (the platform module's Windows half)"
cargo clippy --quiet --release --target "$win" --target-dir "$out/build" -- -D warnings

phase "building mxdrill.exe"
cargo build --quiet --release --target "$win" --target-dir "$out/build"
cargo build --quiet # the Linux build to compare with: the one `cargo test` made
bin=$out/bin
mkdir -p "$bin"
cp "$out/build/$win/release/mxdrill.exe" "$bin/"
x86_64-w64-mingw32-gcc -O2 -shared -o "$bin/bcryptprimitives.dll" scripts/cross/process-prng.c -ladvapi32
linux=$PWD/target/debug/mxdrill
exe=$bin/mxdrill.exe

phase "building the platform and store tests for Windows"
# The library's unit tests (src/platform among them) and tests/progress.rs (the store:
# atomic writes, the lock, two writers).
cargo test --quiet --release --target "$win" --target-dir "$out/build" --lib --test progress \
  --no-run --message-format=json 2>/dev/null \
  | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' >"$out/test-exes"
lib_tests=$(grep '/mxdrill-' "$out/test-exes" | head -n 1)
store_tests=$(grep '/progress-' "$out/test-exes" | head -n 1)
[ -n "$lib_tests" ] && [ -n "$store_tests" ] || { echo "cross: the Windows tests did not build" >&2; exit 1; }
cp "$lib_tests" "$bin/unit-tests.exe"
cp "$store_tests" "$bin/store-tests.exe"

# --- Wine ----------------------------------------------------------------------------
export WINEPREFIX=$out/wine WINEDEBUG=-all WINEARCH=win64
# Our shim first; no Mono or Gecko installers.
export WINEDLLOVERRIDES="bcryptprimitives=n,b;mscoree,mshtml="
phase "starting Wine"
wineboot --init >/dev/null 2>&1 || true
win_data=$(ls -d "$WINEPREFIX"/drive_c/users/*/AppData/Roaming 2>/dev/null | head -n 1)
[ -n "$win_data" ] || { echo "cross: Wine made no AppData folder" >&2; exit 1; }
rm -rf "$win_data/mxdrill"
export XDG_DATA_HOME=$out/linux-data
rm -rf "$XDG_DATA_HOME"

phase "the platform and store tests under Wine"
for run in "unit-tests.exe platform:: progress:: content::read" "store-tests.exe"; do
  (cd "$bin" && wine $run) >"$out/tests.log" 2>&1 \
    || { cat "$out/tests.log"; echo "cross: $run failed under Wine" >&2; exit 1; }
  echo "$run: $(grep -E '^test result' "$out/tests.log")"
done

# Output as both builds print it: CR dropped, path separators one way, and what
# differs by run (query ids, clocks, the temporary folder) masked.
normalise() {
  tr -d '\r' | sed -E \
    -e 's#\\\\#/#g; s#\\#/#g' \
    -e 's/id: [0-9]+/id: ID/; s/COOKIE: [0-9a-f]+/COOKIE: C/; s/^;; WHEN: .*/;; WHEN: -/; s/^;; Query time: .*/;; Query time: -/' \
    -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:]{8}Z?/TIME/g'
}

failures=0
compare() { # NAME STDIN-FILE ARGS...: the same output and exit status from both builds
  local name=$1 input=$2
  shift 2
  local l w
  set +e
  "$linux" "$@" <"$input" 2>&1 | normalise >"$out/$name.linux"
  l=${PIPESTATUS[0]}
  wine "$exe" "$@" <"$input" 2>&1 | normalise >"$out/$name.windows"
  w=${PIPESTATUS[0]}
  set -e
  if [ "$l" != "$w" ] || ! cmp -s "$out/$name.linux" "$out/$name.windows"; then
    echo "cross: $name differs (exit $l on Linux, $w on Windows):" >&2
    diff -u "$out/$name.linux" "$out/$name.windows" | head -n 40 >&2
    failures=$((failures + 1))
  else
    echo "same: $name ($(wc -l <"$out/$name.linux") lines, exit $l)"
  fi
}

phase "comparing the CLI with the Linux build"
none=/dev/null
compare check-bundled $none check
compare check-fixtures $none check tests/fixtures/encoding tests/fixtures/bad-records.yaml
compare check-json $none check --json tests/fixtures
compare check-answers $none check --answers
compare dig $none dig blossomflowers.example MX
compare dig-short $none dig +short MX blossomflowers.example
compare dig-nx $none dig nosuch.blossomflowers.example A
compare nslookup $none nslookup -type=mx blossomflowers.example
compare host $none host -t mx blossomflowers.example
# Seeds given: a seed left to the clock differs between the two runs.
compare simulate $none simulate info@blossomflowers.example --state mail.petalmail.example=down --seed 11
compare simulate-json $none simulate --json info@blossomflowers.example --profile exim --seed 3
compare preview-json $none preview --json
for format in moodle-xml gift markdown; do
  compare "export-$format" $none export --format "$format" --seed 5
done
printf '1\n2\n1\n' >"$out/answers.txt"
compare practice-plain "$out/answers.txt" practice --plain --count 3 --seed 7 --kind choice
compare report-csv $none report --format csv
compare report-json $none report --format json
kept=$(wine "$exe" report --format csv 2>/dev/null | tr -d '\r' | tail -n +2 | grep -c . || true)
if [ "$kept" != 3 ]; then
  echo "cross: Windows kept $kept of 3 answers" >&2
  failures=$((failures + 1))
else
  echo "kept: 3 of 3 answers on Windows"
fi

phase "serve under Wine, asked by the Linux dig"
port=$((20000 + RANDOM % 20000))
wine "$exe" serve --listen "127.0.0.1:$port" >"$out/serve.log" 2>&1 &
server=$!
ask() { dig +time=2 +tries=1 -p "$port" @127.0.0.1 "$@" blossomflowers.example MX; }
up=0
for _ in $(seq 60); do
  if ask +short >/dev/null 2>&1 && [ -n "$(ask +short 2>/dev/null)" ]; then
    up=1
    break
  fi
  sleep 0.5
done
served() { # NAME DIG-OPTIONS...: the Wine server's answer is the bundled world's
  local name=$1
  shift
  if ask "$@" >"$out/$name.dig" 2>&1 && grep -q 'ANSWER SECTION' "$out/$name.dig" \
    && [ "$(ask +short "$@")" = "$("$linux" dig +short blossomflowers.example MX)" ]; then
    echo "served: $name"
  else
    echo "cross: the Wine server did not answer $name" >&2
    cat "$out/$name.dig" >&2
    failures=$((failures + 1))
  fi
}
if [ $up = 1 ]; then
  served udp
  served tcp +tcp
  # A client that vanishes before its reply: the reply meets an ICMP port
  # unreachable, and Windows reports WSAECONNRESET on the server's next read.
  python3 - "$port" <<'PY'
import socket, sys
query = bytes.fromhex("abcd01000001000000000000") + b"\x0eblossomflowers\x07example\x00\x00\x0f\x00\x01"
for _ in range(5):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(query, ("127.0.0.1", int(sys.argv[1])))
    s.close()
PY
  served udp-after-vanished-clients
else
  echo "cross: the Wine server did not start" >&2
  cat "$out/serve.log" >&2
  failures=$((failures + 1))
fi
kill "$server" 2>/dev/null || true
wineserver -k 2>/dev/null || true
wait 2>/dev/null || true

phase "done"
if [ $failures -gt 0 ]; then
  echo "cross: $failures differences between the Windows and Linux builds" >&2
  exit 1
fi
echo "cross: Windows build matches Linux; macOS targets type-check ($((SECONDS - started)) s)"
