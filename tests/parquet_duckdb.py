#!/usr/bin/env python3
"""DuckDB reads netdecode's Parquet: for every fixture, the rows DuckDB
reads from `netdecode --parquet DIR` are as many as the JSON lines of
`netdecode --json` for the same file, and a set of fields (envelope, link,
network, transport and application layers) are equal, row by row.

Usage: parquet_duckdb.py NETDECODE FIXTURE... (run by tests/parquet_duckdb.rs)
Prints one line per fixture; exits 1 on the first difference.
"""
import json
import subprocess
import sys
import tempfile
from datetime import datetime, timezone

import duckdb

# (SQL expression over the Parquet row, function of the JSON line)
def j(*path):
    def get(line):
        v = line
        for p in path:
            if isinstance(p, int):
                if not isinstance(v, list) or len(v) <= p:
                    return None
                v = v[p]
            else:
                if not isinstance(v, dict) or p not in v:
                    return None
                v = v[p]
        return v
    return get

FIELDS = [
    ("n", j("n")),
    ("caplen", j("caplen")),
    ("len", j("len")),
    ("linktype", j("linktype")),
    ("layers", j("layers")),
    ("truncated", j("truncated")),
    ("stop.layer", j("stop", "layer")),
    ("stop.reason", j("stop", "reason")),
    ("community_id", j("community_id")),
    ("ethernet.src", j("ethernet", "src")),
    ("ethernet.dst", j("ethernet", "dst")),
    ("ethernet.ethertype", j("ethernet", "ethertype")),
    ("len(vlan)", lambda l: len(l["vlan"]) if "vlan" in l else None),
    ("vlan[1].id", j("vlan", 0, "id")),
    ("arp.op", j("arp", "op")),
    ("arp.sender_proto", j("arp", "sender_proto")),
    ("ipv4.src", j("ipv4", "src")),
    ("ipv4.dst", j("ipv4", "dst")),
    ("ipv4.ttl", j("ipv4", "ttl")),
    ("ipv4.proto", j("ipv4", "proto")),
    ("ipv4.flags.df", j("ipv4", "flags", "df")),
    ("ipv6.src", j("ipv6", "src")),
    ("ipv6.dst", j("ipv6", "dst")),
    ("ipv6.hop_limit", j("ipv6", "hop_limit")),
    ("len(ipv6.ext)", lambda l: len(l["ipv6"]["ext"]) if "ext" in l.get("ipv6", {}) else None),
    ("tcp.src_port", j("tcp", "src_port")),
    ("tcp.dst_port", j("tcp", "dst_port")),
    ("tcp.seq", j("tcp", "seq")),
    ("tcp.ack", j("tcp", "ack")),
    ("tcp.flags.syn", j("tcp", "flags", "syn")),
    ("tcp.window", j("tcp", "window")),
    ("tcp.payload_len", j("tcp", "payload_len")),
    ("tcp.options[1].kind", j("tcp", "options", 0, "kind")),
    ("udp.src_port", j("udp", "src_port")),
    ("udp.dst_port", j("udp", "dst_port")),
    ("udp.length", j("udp", "length")),
    ("icmp.type", j("icmp", "type")),
    ("icmp.code", j("icmp", "code")),
    ("icmp.name", j("icmp", "name")),
    ("icmpv6.type", j("icmpv6", "type")),
    ("icmpv6.name", j("icmpv6", "name")),
    ("dns.id", j("dns", "id")),
    ("dns.response", j("dns", "response")),
    ("dns.questions[1].name", j("dns", "questions", 0, "name")),
    ("dns.answers[1].data.address", j("dns", "answers", 0, "data", "address")),
    ("dhcp.message_type", j("dhcp", "message_type")),
    ("dhcp.xid", j("dhcp", "xid")),
    ("json_extract(dhcp.options, '$.server_id')::VARCHAR",
     lambda l: None if "server_id" not in l.get("dhcp", {}).get("options", {})
     else json.dumps(l["dhcp"]["options"]["server_id"], separators=(",", ":"))),
    ("ntp.mode", j("ntp", "mode")),
    ("ntp.stratum", j("ntp", "stratum")),
    ("syslog.severity_name", j("syslog", "severity_name")),
    ("http.first_line", j("http", "first_line")),
    # Tunnel headers: typed structs since schema version 2.
    ("vxlan.vni", j("vxlan", "vni")),
    ("vxlan.vni_valid", j("vxlan", "vni_valid")),
    ("vxlan_gpe.next_protocol", j("vxlan_gpe", "next_protocol")),
    ("vxlan_gpe.vni", j("vxlan_gpe", "vni")),
    ("geneve.vni", j("geneve", "vni")),
    ("geneve.protocol", j("geneve", "protocol")),
    ("len(geneve.options)", lambda l: len(l["geneve"]["options"]) if "options" in l.get("geneve", {}) else None),
    ("geneve.options[1].class", j("geneve", "options", 0, "class")),
    ("gre.version", j("gre", "version")),
    ("gre.protocol", j("gre", "protocol")),
    ("gre.flags.key", j("gre", "flags", "key")),
    ("gre.key", j("gre", "key")),
    ("gre.call_id", j("gre", "call_id")),
    ("gre.length", j("gre", "length")),
    ("len(mpls.labels)", lambda l: len(l["mpls"]["labels"]) if "mpls" in l else None),
    ("mpls.labels[1].label", j("mpls", "labels", 0, "label")),
    ("mpls.labels[1].bottom", j("mpls", "labels", 0, "bottom")),
    ("mpls.payload", j("mpls", "payload")),
]


def epoch_ns(line):
    """The JSON time stamp as nanoseconds since the epoch."""
    ts = line["ts"]
    main, frac = ts.rstrip("Z").split(".")
    dt = datetime.strptime(main, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)
    secs = int(dt.timestamp())
    return secs * 1_000_000_000 + int(frac.ljust(9, "0"))


def check(netdecode, fixture):
    out = subprocess.run([netdecode, "-r", fixture, "--json"], capture_output=True, check=True)
    lines = [json.loads(l) for l in out.stdout.decode().splitlines()]
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([netdecode, "-r", fixture, "--parquet", d + "/pq"], check=True)
        con = duckdb.connect()
        con.execute("SET TimeZone = 'UTC'")
        glob = d + "/pq/*.parquet"
        count = con.execute(f"SELECT count(*) FROM read_parquet('{glob}')").fetchone()[0]
        if count != len(lines):
            sys.exit(f"{fixture}: DuckDB reads {count} rows, --json prints {len(lines)} lines")
        exprs = ", ".join(e for e, _ in FIELDS)
        rows = con.execute(
            f"SELECT epoch_ns(ts::TIMESTAMP_NS), {exprs} FROM read_parquet('{glob}') ORDER BY n"
        ).fetchall()
    compared = 0
    for line, row in zip(lines, rows):
        if row[0] != epoch_ns(line):
            sys.exit(f"{fixture} #{line['n']}: ts {row[0]} != {line['ts']}")
        for (expr, get), got in zip(FIELDS, row[1:]):
            want = get(line)
            if isinstance(got, tuple):
                got = list(got)
            if got != want:
                sys.exit(f"{fixture} #{line['n']}: {expr}: DuckDB {got!r}, JSON {want!r}")
            compared += want is not None
    print(f"{fixture}: {count} rows, {compared} non-null values equal")
    return compared


def main():
    netdecode, fixtures = sys.argv[1], sys.argv[2:]
    if not fixtures:
        sys.exit("no fixtures given")
    total = sum(check(netdecode, f) for f in fixtures)
    print(f"duckdb {duckdb.__version__}: {len(fixtures)} fixtures, {total} values equal")


if __name__ == "__main__":
    main()
