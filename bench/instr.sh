#!/usr/bin/env bash
# Instruction counts (callgrind) of netdecode and tcpdump side by side on a
# synthesized mixed capture (IPv4 and IPv6 TCP, UDP, ICMP, ARP and DNS:
# `bench/synth.py F N 1 mixed`). Instruction counts are repeatable on a
# loaded machine where wall times are not. See bench/README.md.
#
# usage: bench/instr.sh [NETDECODE_BINARY]
# Environment: INSTR_PACKETS (default 10000), BENCH_DIR (where the capture
# and the callgrind outputs go; default /tmp/netdecode-instr).
set -euo pipefail
cd "$(dirname "$0")/.."
nd=${1:-${CARGO_TARGET_DIR:-target}/release/netdecode}
n=${INSTR_PACKETS:-10000}
work=${BENCH_DIR:-/tmp/netdecode-instr}
mkdir -p "$work"
command -v valgrind >/dev/null || { echo "instr: valgrind is needed" >&2; exit 1; }
F=$work/mixed-$n.pcap
[ -s "$F" ] || python3 bench/synth.py "$F" "$n" 1 mixed
export TZ=UTC
count() { # OUT CMD...
  local out=$1; shift
  valgrind --tool=callgrind --callgrind-out-file="$out" "$@" >/dev/null 2>"$out.err" \
    || { cat "$out.err" >&2; return 1; }
  callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'
}
echo "capture: $F ($n packets; $(TZ=UTC tcpdump -n -r "$F" 2>/dev/null | grep -c ' IP6 ') IPv6, $(TZ=UTC tcpdump -n -r "$F" 2>/dev/null | grep -c '\.53[: ]') DNS)"
printf "%-12s %14s %10s %14s %10s %7s\n" flags netdecode per-pkt tcpdump per-pkt ratio
for flags in "-n" "-n -v" "-n -X" "--json"; do
  tag=$(printf '%s' "$flags" | tr -d ' -')
  # shellcheck disable=SC2086
  a=$(count "$work/cg-nd-$tag.out" "$nd" $flags -r "$F")
  if [ "$flags" = "--json" ]; then
    printf "%-12s %14d %10d %14s %10s %7s\n" "$flags" "$a" "$((a / n))" - - -
    continue
  fi
  if [ "${INSTR_SKIP_TCPDUMP:-0}" = 1 ]; then
    printf "%-12s %14d %10d\n" "$flags" "$a" "$((a / n))"
    continue
  fi
  # -Z root: tcpdump would drop privileges and valgrind could not write.
  # shellcheck disable=SC2086
  b=$(count "$work/cg-td-$tag.out" tcpdump -Z root $flags -r "$F")
  awk -v f="$flags" -v a="$a" -v b="$b" -v n="$n" 'BEGIN {
    printf "%-12s %14d %10d %14d %10d %6.2fx\n", f, a, a / n, b, b / n, b / a }'
done
echo "(ratio: tcpdump's instructions / netdecode's; > 1 means netdecode executes fewer)"
