#!/usr/bin/env bash
# Installs what the live conformance run (tests/mta.rs) needs, as root:
#   - Exim from Debian's exim4-daemon-light (it becomes the system MTA; its daemon is not
#     started: a policy-rc.d that refuses service starts is in place during the install),
#   - Postfix 3.7 unpacked, not installed (it conflicts with Exim), into target/mta/postfix,
#   - iproute2 (ip) and python3 for the harness.
# Idempotent; safe to rerun. Usage: bash tests/mta/setup.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dest="$root/target/mta/postfix"

need=()
command -v exim >/dev/null || need+=(exim4-daemon-light)
command -v ip >/dev/null || need+=(iproute2)
command -v python3 >/dev/null || need+=(python3)
command -v unshare >/dev/null || need+=(util-linux)
if [ ${#need[@]} -gt 0 ] || [ ! -x "$dest/usr/sbin/postfix" ]; then
  apt-get update -qq
fi
if [ ${#need[@]} -gt 0 ]; then
  # No daemon may start on the machine: refuse service starts while installing.
  policy=/usr/sbin/policy-rc.d
  made_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  [ -n "$made_policy" ] && rm -f "$policy"
fi
if [ ! -x "$dest/usr/sbin/postfix" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download -qq postfix >/dev/null 2>&1 && chmod 644 postfix_*.deb)
  rm -rf "$dest" && mkdir -p "$dest"
  dpkg -x "$work"/postfix_*.deb "$dest"
fi
echo "exim $(exim -bV | awk 'NR==1{print $3}'), postfix $(LD_LIBRARY_PATH="$dest/usr/lib/postfix" "$dest/usr/sbin/postconf" -d -h mail_version 2>/dev/null) in $dest"
