#!/usr/bin/env bash
# Captures what the real dig, nslookup and host print when BIND's named serves the
# bundled zones, for tests/tools.rs. Needs Debian bind9 and bind9-dnsutils:
#   bash tests/tools/capture.sh
# named runs on 127.0.0.1 port 5391 with `recursion no; minimal-responses yes;`.
# Each line of queries.txt is one command (dig/nslookup/host and its arguments, with
# `@SERVER` standing for the server options); its output goes to expected/NN.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
port=5391
trap 'kill "$(cat "$work/named.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$here/expected"
rm -f "$here/expected"/*.txt

# The records block of each zone YAML file (BIND refuses the CNAME-and-other-data zone).
conf="$work/named.conf"
cat >"$conf" <<CONF
options {
  directory "$work";
  listen-on port $port { 127.0.0.1; };
  listen-on-v6 { none; };
  pid-file "$work/named.pid";
  recursion no;
  minimal-responses yes;
  dnssec-validation no;
};
CONF
for f in "$root"/zones/*.yaml; do
  name=$(basename "$f" .yaml)
  origin=$(awk '$1=="zone:"{print $2; exit}' "$f")
  awk -f "$root/tests/bind/records.awk" "$f" >"$work/$name.zone"
  named-checkzone -q "$origin" "$work/$name.zone" || continue
  printf 'zone "%s" { type primary; file "%s/%s.zone"; };\n' "$origin" "$work" "$name" >>"$conf"
done
named -c "$conf" -u "$(id -un)" -n 1 2>"$work/named.log" || { cat "$work/named.log"; exit 1; }
for _ in $(seq 50); do dig +short @127.0.0.1 -p $port blossomflowers.example SOA >/dev/null 2>&1 && break; sleep 0.1; done

n=0
while IFS= read -r line; do
  [ -z "$line" ] || [ "${line#\#}" != "$line" ] && continue
  n=$((n + 1))
  read -r tool args <<<"$line"
  case "$tool" in
    dig) server="@127.0.0.1 -p $port" ;;
    nslookup) server="-port=$port" ;;
    host) server="-p $port" ;;
  esac
  # shellcheck disable=SC2086
  case "$tool" in
    nslookup) $tool $server $args 127.0.0.1 ;;
    host) $tool $server $args 127.0.0.1 ;;
    *) $tool $server $args ;;
  esac >"$here/expected/$(printf %02d $n).txt" 2>&1 || true
  printf '%s\n' "$line" >"$here/expected/$(printf %02d $n).cmd"
done <"$here/queries.txt"
echo "captured $n commands into $here/expected"
