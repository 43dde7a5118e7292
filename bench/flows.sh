#!/usr/bin/env bash
# Benchmark: `netdecode flows --write` against `tcpflow -r -o` on one
# synthesized capture with thousands of connections, in one run.
#
#   bench/flows.sh [CONNECTIONS] [RUNS]      (defaults: 4000 connections, 3 runs)
#
# Generates the capture with bench/gen_flows.py (reordering and
# retransmissions included; about 20 KB per connection), warms the page
# cache, then runs each tool RUNS times, alternating, under
# `/usr/bin/time -v`, each into an empty directory. Reports the best wall
# time and the largest peak RSS of each tool, their ratios
# (netdecode / tcpflow: below 1 means netdecode is faster or smaller), and
# whether each tool's files hold every stream byte for byte
# (bench/check_streams.py). tcpflow is skipped, with a note, when it is
# not installed (apt-get install tcpflow).
#
# Environment: NETDECODE (a binary to use; default: cargo build --release),
# CONCURRENCY (connections open at once in the capture; default 64),
# BENCH_DIR (work directory; default: a fresh one under /dev/shm when it
# exists, so that the disk does not time the runs, else /tmp; removed at
# the end unless KEEP=1).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
conns="${1:-4000}"
runs="${2:-3}"

if [[ -z "${NETDECODE:-}" ]]; then
    (cd "$root" && cargo build --release --quiet)
    NETDECODE="${CARGO_TARGET_DIR:-$root/target}/release/netdecode"
fi
[[ -x /usr/bin/time ]] || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
tcpflow="$(command -v tcpflow || true)"

tmpbase=/tmp
[[ -d /dev/shm && -w /dev/shm ]] && tmpbase=/dev/shm
work="${BENCH_DIR:-$(mktemp -d "$tmpbase/netdecode-bench.XXXXXX")}"
mkdir -p "$work"
cleanup() { [[ "${KEEP:-0}" == 1 ]] || rm -rf "$work"; }
trap cleanup EXIT

pcap="$work/flows.pcap"
manifest="$work/manifest.json"
concurrency="${CONCURRENCY:-64}"
python3 "$here/gen_flows.py" "$pcap" "$manifest" --connections "$conns" \
    --concurrency "$concurrency"
size=$(stat -c %s "$pcap")
echo "capture: $pcap, $((size / 1000000)) MB, $conns connections, $concurrency at once"
cat "$pcap" > /dev/null   # page cache warm for both tools

# run NAME OUTDIR CMD...: one timed run; appends "NAME seconds kbytes" to $work/results.
run() {
    local name="$1" out="$2"
    shift 2
    rm -rf "$out"
    mkdir -p "$out"
    /usr/bin/time -v -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" || {
        echo "bench: $name failed:" >&2
        cat "$work/stderr.txt" "$work/time.txt" >&2
        exit 1
    }
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt" |
        awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    echo "$name $wall $rss" >> "$work/results"
    printf '  %-9s run: %6.2f s, peak RSS %7d KB\n' "$name" "$wall" "$rss"
}

: > "$work/results"
for ((i = 1; i <= runs; i++)); do
    run netdecode "$work/nd" "$NETDECODE" flows -r "$pcap" --write "$work/nd"
    if [[ -n "$tcpflow" ]]; then
        run tcpflow "$work/tf" "$tcpflow" -r "$pcap" -o "$work/tf"
    fi
done

python3 "$here/check_streams.py" "$manifest" "$work/nd" netdecode || true
if [[ -n "$tcpflow" ]]; then
    python3 "$here/check_streams.py" "$manifest" "$work/tf" tcpflow || true
else
    echo "tcpflow: not installed, no comparison (apt-get install tcpflow)"
fi

awk -v runs="$runs" '
    { if (!($1 in t) || $2 < t[$1]) t[$1] = $2; if ($3 > m[$1]) m[$1] = $3 }
    END {
        printf "best of %d runs:\n", runs
        for (k in t) printf "  %-9s %6.2f s  peak RSS %8.1f MB\n", k, t[k], m[k] / 1024
        if (("netdecode" in t) && ("tcpflow" in t)) {
            printf "ratio netdecode/tcpflow: time %.2f, peak RSS %.2f\n",
                t["netdecode"] / t["tcpflow"], m["netdecode"] / m["tcpflow"]
        }
    }' "$work/results"
