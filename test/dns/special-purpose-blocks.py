#!/usr/bin/env python3
"""Writes special-purpose-blocks.json: the first and last address of every block in IANA's IPv4
and IPv6 special-purpose address registries (plus the blocks SPEC adds: IPv4 multicast, fec0::/10,
ff00::/8), each with the kind and global flag SPEC gives it, and what Python's `ipaddress` says.

    python3 test/dns/special-purpose-blocks.py > test/dns/special-purpose-blocks.json

The expected kind of an address is the kind of the most specific SPEC block that holds it;
classify-address.test.ts checks our classifier against it and lists every disagreement with
Python that we keep on purpose.
"""
import ipaddress
import json
import sys

# (block, registry name) as IANA lists them, registry order; SPEC-only blocks marked as such.
REGISTRY = [
    ("0.0.0.0/8", "This network"),
    ("0.0.0.0/32", "This host on this network"),
    ("10.0.0.0/8", "Private-Use"),
    ("100.64.0.0/10", "Shared Address Space"),
    ("127.0.0.0/8", "Loopback"),
    ("169.254.0.0/16", "Link Local"),
    ("172.16.0.0/12", "Private-Use"),
    ("192.0.0.0/24", "IETF Protocol Assignments"),
    ("192.0.0.0/29", "IPv4 Service Continuity Prefix"),
    ("192.0.0.8/32", "IPv4 dummy address"),
    ("192.0.0.9/32", "Port Control Protocol Anycast"),
    ("192.0.0.10/32", "Traversal Using Relays around NAT Anycast"),
    ("192.0.0.170/32", "NAT64/DNS64 Discovery"),
    ("192.0.0.171/32", "NAT64/DNS64 Discovery"),
    ("192.0.2.0/24", "Documentation (TEST-NET-1)"),
    ("192.31.196.0/24", "AS112-v4"),
    ("192.52.193.0/24", "AMT"),
    ("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)"),
    ("192.168.0.0/16", "Private-Use"),
    ("192.175.48.0/24", "Direct Delegation AS112 Service"),
    ("198.18.0.0/15", "Benchmarking"),
    ("198.51.100.0/24", "Documentation (TEST-NET-2)"),
    ("203.0.113.0/24", "Documentation (TEST-NET-3)"),
    ("224.0.0.0/4", "Multicast (SPEC, not in the special-purpose registry)"),
    ("240.0.0.0/4", "Reserved"),
    ("255.255.255.255/32", "Limited Broadcast"),
    ("::1/128", "Loopback Address"),
    ("::/128", "Unspecified Address"),
    ("::ffff:0:0/96", "IPv4-mapped Address"),
    ("64:ff9b::/96", "IPv4-IPv6 Translat."),
    ("64:ff9b:1::/48", "IPv4-IPv6 Translat."),
    ("100::/64", "Discard-Only Address Block"),
    ("100:0:0:1::/64", "Dummy IPv6 Prefix"),
    ("2001::/23", "IETF Protocol Assignments"),
    ("2001::/32", "TEREDO"),
    ("2001:1::1/128", "Port Control Protocol Anycast"),
    ("2001:1::2/128", "Traversal Using Relays around NAT Anycast"),
    ("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast"),
    ("2001:2::/48", "Benchmarking"),
    ("2001:3::/32", "AMT"),
    ("2001:4:112::/48", "AS112-v6"),
    ("2001:10::/28", "Deprecated (previously ORCHID)"),
    ("2001:20::/28", "ORCHIDv2"),
    ("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix"),
    ("2001:db8::/32", "Documentation"),
    ("2002::/16", "6to4"),
    ("2620:4f:8000::/48", "Direct Delegation AS112 Service"),
    ("3fff::/20", "Documentation"),
    ("5f00::/16", "Segment Routing (SRv6) SIDs"),
    ("fc00::/7", "Unique-Local"),
    ("fe80::/10", "Link-Local Unicast"),
    ("fec0::/10", "Site-Local (SPEC, deprecated, not in the registry)"),
    ("ff00::/8", "Multicast (SPEC, not in the special-purpose registry)"),
]

# SPEC's kinds: the most specific block that holds an address gives its kind.
SPEC_KINDS = {
    4: [
        ("0.0.0.0/8", "this_network"),
        ("10.0.0.0/8", "private"),
        ("100.64.0.0/10", "cgnat"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link_local"),
        ("172.16.0.0/12", "private"),
        ("192.0.0.0/24", "ietf_protocol"),
        ("192.0.0.9/32", "global"),
        ("192.0.0.10/32", "global"),
        ("192.0.2.0/24", "documentation"),
        ("192.168.0.0/16", "private"),
        ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"),
        ("224.0.0.0/4", "multicast"),
        ("240.0.0.0/4", "reserved"),
        ("255.255.255.255/32", "broadcast"),
    ],
    6: [
        ("::/0", "reserved"),
        ("2000::/3", "global"),
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("::ffff:0:0/96", "ipv4_mapped"),
        ("64:ff9b::/96", "nat64"),
        ("64:ff9b:1::/48", "nat64_local"),
        ("100::/64", "discard"),
        ("2001::/23", "ietf_protocol"),
        ("2001::/32", "teredo"),
        ("2001:1::1/128", "global"),
        ("2001:1::2/128", "global"),
        ("2001:1::3/128", "global"),
        ("2001:2::/48", "benchmarking"),
        ("2001:3::/32", "global"),
        ("2001:4:112::/48", "global"),
        ("2001:10::/28", "orchid"),
        ("2001:20::/28", "global"),
        ("2001:30::/28", "global"),
        ("2001:db8::/32", "documentation"),
        ("2002::/16", "6to4"),
        ("3fff::/20", "documentation_3fff"),
        ("5f00::/16", "srv6_sid"),
        ("fc00::/7", "unique_local"),
        ("fe80::/10", "link_local"),
        ("fec0::/10", "site_local"),
        ("ff00::/8", "multicast"),
    ],
}


def spec_kind(address):
    best = None
    for cidr, kind in SPEC_KINDS[address.version]:
        network = ipaddress.ip_network(cidr)
        if address in network and (best is None or network.prefixlen > best[0]):
            best = (network.prefixlen, kind)
    return best[1] if best else "global"


rows = []
for cidr, name in REGISTRY:
    network = ipaddress.ip_network(cidr)
    for address in (network[0], network[-1]):
        kind = spec_kind(address)
        rows.append(
            {
                "block": cidr,
                "name": name,
                "address": address.compressed,
                "kind": kind,
                "global": kind == "global",
                "python_is_global": address.is_global,
            }
        )
json.dump(
    {"python": sys.version.split()[0], "addresses": rows}, sys.stdout, indent=2, ensure_ascii=False
)
print()
