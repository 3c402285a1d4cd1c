#!/usr/bin/env python3
"""Writes the reverse zones (zones/reverse-*.yaml) from the forward zones in zones/.

Every MX target of every bundled zone that has an A or AAAA record gets a PTR back to
its own name, so the pair is forward-confirmed (FCrDNS). Where several zones give one
address to different hosts, the address's PTR names the host that the most MX records
point at (ties: the alphabetically first name). OVERRIDES below lists the addresses whose
PTR deliberately names something else (a scenario needs the mismatch).

Usage: python3 scripts/reverse-zones.py   (then: mxdrill check; commit zones/reverse-*.yaml)
"""
import ipaddress
import pathlib
import re
from collections import Counter, defaultdict

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
SKIP = "reverse-"  # our own output

# address -> (PTR target, why). The mismatch scenario: see zones/reverse-*.yaml descriptions.
OVERRIDES = {
    # Saltmarsh Bakery runs its one mail server on a business line; the ISP that holds
    # 192.0.2.0/24 never changed the generic PTR, so the server's HELO name
    # (mail.saltmarsh-bakery.example.org) and its PTR disagree.
    "192.0.2.182": "static-192-0-2-182.broadband.example.net.",
}

# The reverse zones: one per documentation /24, one for 2001:db8::/32.
V4 = ["192.0.2", "198.51.100", "203.0.113"]
V6_ZONE = "8.b.d.0.1.0.0.2.ip6.arpa"


def parse(origin, text):
    """(owner, type, data) of a master file, enough for the bundled zones."""
    out = []
    owner = origin
    for raw in text.splitlines():
        line = raw.split(";", 1)[0].rstrip()
        if not line.strip():
            continue
        words = line.split()
        if words[0] == "$ORIGIN":
            origin = absolute(words[1], origin)
            continue
        if words[0].startswith("$"):
            continue
        if not line[0].isspace():
            owner = absolute(words[0], origin)
            words = words[1:]
        while words and (words[0].isdigit() or words[0].upper() == "IN"):
            words = words[1:]
        if not words:
            continue
        out.append((owner, words[0].upper(), words[1:], origin))
    return out


def absolute(name, origin):
    if name == "@":
        return origin
    return name.lower() if name.endswith(".") else f"{name}.{origin}".lower()


def main():
    addresses = defaultdict(set)  # name -> addresses
    mx_targets = Counter()
    for path in sorted((ROOT / "zones").glob("*.yaml")):
        if path.name.startswith(SKIP):
            continue
        doc = yaml.safe_load(path.read_text())
        origin = doc["zone"].rstrip(".").lower() + "."
        for owner, rtype, data, org in parse(origin, doc["records"]):
            if rtype in ("A", "AAAA"):
                addresses[owner].add(ipaddress.ip_address(data[0]))
            elif rtype == "MX" and len(data) == 2 and data[1] != ".":
                mx_targets[absolute(data[1], org)] += 1
    ptr = {}  # address -> name
    for name in sorted(mx_targets, key=lambda n: (-mx_targets[n], n)):
        for ip in addresses.get(name, ()):
            ptr.setdefault(ip, name)
    for ip, name in OVERRIDES.items():
        ptr[ipaddress.ip_address(ip)] = name
    for prefix in V4:
        zone = ".".join(reversed(prefix.split("."))) + ".in-addr.arpa"
        net = ipaddress.ip_network(prefix + ".0/24")
        write(f"reverse-{prefix.replace('.', '-')}", zone, f"{net}", V4_TEXT.format(net=net),
              [(str(ip).rsplit(".", 1)[1], name, ip) for ip, name in sorted(ptr.items(), key=lambda p: (p[0].version, p[0])) if ip in net])
    net = ipaddress.ip_network("2001:db8::/32")
    rows = []
    for ip, name in sorted(ptr.items(), key=lambda p: (p[0].version, p[0])):
        if ip.version == 6 and ip in net:
            nibbles = ip.reverse_pointer.removesuffix("." + V6_ZONE)
            rows.append((nibbles, name, ip))
    write("reverse-2001-db8", V6_ZONE, f"{net}", V6_TEXT, rows)


V4_TEXT = """The reverse zone of {net}. Every sample mail host numbered in this block has a PTR
  record naming the host, and that name's A record gives the same address back, so
  the pair is forward-confirmed (FCrDNS). The zone is published by whoever holds the address
  block (an ISP or hosting provider), not by the domains; in this lab its name servers are
  ns1 and ns2.petalmail.example."""
V6_TEXT = """The reverse zone of the IPv6 documentation prefix 2001:db8::/32, cut at the /32 (eight
  nibbles: 8.b.d.0.1.0.0.2.ip6.arpa). Each sample mail host with an AAAA record has a
  PTR of 32 nibbles, least significant first, naming the host. The zone is published by
  the prefix's holder, not by the domains; in this lab its name servers are
  ns1 and ns2.petalmail.example."""

SALTMARSH = """ One exception on purpose: 192.0.2.182, Saltmarsh Bakery's mail server
  (HELO mail.saltmarsh-bakery.example.org), still has its ISP's generic PTR
  static-192-0-2-182.broadband.example.net, so its PTR does not match its HELO name."""


def write(stem, zone, net, text, rows):
    if any(str(ip) == "192.0.2.182" for _, _, ip in rows):
        text = text.rstrip() + "\n " + SALTMARSH
    width = max(len(owner) for owner, _, _ in rows)
    lines = [
        "# yaml-language-server: $schema=../docs/schema/zone.json",
        "# Generated by scripts/reverse-zones.py from the forward zones; edit the script, not this file.",
        f"zone: {zone}",
        f"title: Reverse zone for {net}, the PTR records of the sample mail hosts",
        "description: >-",
        "  " + text,
        "records: |",
        "  $TTL 3600",
        f"  {'@':<{width}} IN SOA ns1.petalmail.example. hostmaster.petalmail.example. 2026120801 7200 3600 1209600 3600",
        f"  {'@':<{width}} IN NS  ns1.petalmail.example.",
        f"  {'@':<{width}} IN NS  ns2.petalmail.example.",
    ]
    for owner, name, ip in rows:
        lines.append(f"  {owner:<{width}} IN PTR {name}   ; {ip}")
    (ROOT / "zones" / f"{stem}.yaml").write_text("\n".join(lines) + "\n")


main()
