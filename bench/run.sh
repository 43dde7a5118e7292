#!/usr/bin/env bash
# netdecode benchmark against tcpdump and tshark. See bench/README.md.
#
# usage: bench/run.sh [--profile]
#
# Environment: BENCH_PACKETS (default 1000000), BENCH_TSHARK_PACKETS
# (default 100000), BENCH_REPEAT (default 3; the best wall time of the
# runs is kept), BENCH_DIR (where the captures go; kept and reused when
# given, a fresh temporary directory removed at the end otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=0
[ "${1:-}" = "--profile" ] && profile=1

packets=${BENCH_PACKETS:-1000000}
tshark_packets=${BENCH_TSHARK_PACKETS:-100000}
repeat=${BENCH_REPEAT:-3}
if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d /tmp/netdecode-bench.XXXXXX)
  trap 'rm -rf "$work"' EXIT
fi

need() { command -v "$1" >/dev/null 2>&1 || { echo "bench: $1 is needed ($2)" >&2; exit 1; }; }
need python3 "to synthesize the captures"
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time, package 'time') is needed" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

echo "== build"
cargo build --release --quiet
nd="${CARGO_TARGET_DIR:-target}/release/netdecode"
[ -x "$nd" ] || { echo "bench: $nd was not built" >&2; exit 1; }

echo "== machine"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
have tcpdump && echo "$(tcpdump --version 2>&1 | head -2 | tr '\n' ' ')"
have tshark && echo "$(tshark --version 2>/dev/null | head -1)"
echo "netdecode: $($nd --version) ($(git rev-parse --short HEAD 2>/dev/null || echo '?'))"

# Synthesized, not captured: deterministic and quick. The same seed makes
# the smaller file a prefix of the larger ones.
synth() { # FILE PACKETS
  if [ -s "$1" ] && [ "$(cat "$1.count" 2>/dev/null)" = "$2" ]; then
    echo "reusing $1"
  else
    local t0=$SECONDS
    python3 bench/synth.py "$1" "$2" 1
    echo "$2" > "$1.count"
    echo "synthesized $1: $2 packets in $((SECONDS - t0)) s"
  fi
}
echo "== captures (synthesized by bench/synth.py, seed 1)"
F=$work/bench.pcap
F4=$work/bench4.pcap
FS=$work/bench-small.pcap
synth "$F" "$packets"
synth "$F4" "$((packets * 4))"
synth "$FS" "$tshark_packets"
ls -l "$F" "$F4" "$FS" | awk '{printf "%s  %d MB\n", $NF, $5/1e6}'

# measure LABEL PACKETS CMD... : runs CMD (stdout and stderr to
# /dev/null) $repeat times; sets WALL (best, s), USER/SYS (of that run, s)
# and RSS (largest peak, KiB), and prints them.
WALL=0; RSS=0
measure() {
  local label=$1 n=$2; shift 2
  local best="" bu="" bs="" rss=0 out=$work/time.out
  for _ in $(seq "$repeat"); do
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -f "%U %S %M" -o "$out" "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    local w=$(( (t1 - t0) / 1000000 ))
    read -r u s m < <(tail -n 1 "$out")
    if [ -z "$best" ] || [ "$w" -lt "$best" ]; then best=$w; bu=$u; bs=$s; fi
    [ "$m" -gt "$rss" ] && rss=$m
  done
  WALL=$best; RSS=$rss
  awk -v l="$label" -v w="$best" -v u="$bu" -v s="$bs" -v m="$rss" -v n="$n" 'BEGIN {
    printf "  %-44s %8.3f s  user %7.2f  sys %5.2f  %9.0f pkt/s  peak RSS %7.1f MiB\n",
      l, w/1000, u, s, (w > 0 ? n / (w/1000) : 0), m/1024 }'
}
ratio() { # LABEL OURS_WALL OURS_RSS THEIRS_WALL THEIRS_RSS THEIRS_NAME
  awk -v l="$1" -v ow="$2" -v orss="$3" -v tw="$4" -v trss="$5" -v t="$6" 'BEGIN {
    printf "  => %s: netdecode takes %.2fx the time of %s (%s), %.2fx its peak memory\n",
      l, ow/tw, t, (ow < tw ? sprintf("%.1fx faster", tw/ow) : sprintf("%.1fx slower", ow/tw)), orss/trss }'
}

export TZ=UTC
echo
echo "== default text: -n -r F > /dev/null ($packets packets, best of $repeat)"
measure "netdecode -n -r F" "$packets" "$nd" -n -r "$F"
nd_w=$WALL; nd_m=$RSS
if have tcpdump; then
  measure "tcpdump -n -r F" "$packets" tcpdump -n -r "$F"
  ratio "default text" "$nd_w" "$nd_m" "$WALL" "$RSS" tcpdump
else
  echo "  tcpdump is not installed: comparison skipped"
fi

echo
echo "== hex and ASCII: -n -X -r F > /dev/null"
measure "netdecode -n -X -r F" "$packets" "$nd" -n -X -r "$F"
nd_w=$WALL; nd_m=$RSS
if have tcpdump; then
  measure "tcpdump -n -X -r F" "$packets" tcpdump -n -X -r "$F"
  ratio "-X" "$nd_w" "$nd_m" "$WALL" "$RSS" tcpdump
else
  echo "  tcpdump is not installed: comparison skipped"
fi

echo
echo "== JSON: netdecode --json vs tshark -T json, on the first $tshark_packets packets"
measure "netdecode --json -r FS" "$tshark_packets" "$nd" --json -r "$FS"
nd_w=$WALL; nd_m=$RSS
if have tshark; then
  measure "tshark -r FS -T json" "$tshark_packets" tshark -n -r "$FS" -T json
  ratio "JSON" "$nd_w" "$nd_m" "$WALL" "$RSS" tshark
  echo "  (tshark decodes more layers and prints every field: not the same output, only the same job)"
else
  echo "  tshark is not installed: comparison skipped"
fi
measure "netdecode --json -r F (all packets)" "$packets" "$nd" --json -r "$F"

echo
echo "== memory flatness: netdecode -n -r, F vs a 4x larger file"
measure "netdecode -n -r F" "$packets" "$nd" -n -r "$F"
m1=$RSS
measure "netdecode -n -r F4 (4x)" "$((packets * 4))" "$nd" -n -r "$F4"
m4=$RSS
measure "netdecode --json -r F4 (4x)" "$((packets * 4))" "$nd" --json -r "$F4"
awk -v a="$m1" -v b="$m4" 'BEGIN { printf "  => peak RSS on 4x the packets: %.2fx (%.1f MiB -> %.1f MiB)\n", b/a, a/1024, b/1024 }'

echo
echo "== Parquet: netdecode --parquet DIR vs --json > /dev/null, on F ($packets packets)"
pq=$work/parquet.out
measure "netdecode --json -r F" "$packets" "$nd" --json -r "$F"
j_w=$WALL; j_m=$RSS
# A fresh directory each run: netdecode refuses one that holds Parquet files.
measure "netdecode -r F --parquet DIR" "$packets" sh -c 'rm -rf "$1" && exec "$2" -r "$3" --parquet "$1"' sh "$pq" "$nd" "$F"
p_w=$WALL; p_m=$RSS
ratio "Parquet vs JSON" "$p_w" "$p_m" "$j_w" "$j_m" "netdecode --json"
echo "  Parquet written: $(du -sb "$pq" | cut -f1) bytes in $(ls "$pq" | wc -l) file(s)"
measure "netdecode -r F4 --parquet DIR (4x)" "$((packets * 4))" sh -c 'rm -rf "$1" && exec "$2" -r "$3" --parquet "$1"' sh "$pq" "$nd" "$F4"
awk -v a="$p_m" -v b="$RSS" 'BEGIN { printf "  => Parquet peak RSS on 4x the packets: %.2fx (%.1f MiB -> %.1f MiB)\n", b/a, a/1024, b/1024 }'
rm -rf "$pq"

echo
echo "== same output? (first $tshark_packets packets, default text)"
if have tcpdump; then
  diff <("$nd" -n -r "$FS") <(tcpdump -n -r "$FS" 2>/dev/null) > "$work/text.diff" || true
  diffs=$(grep -c '^[<>]' "$work/text.diff" || true)
  if [ "$diffs" = 0 ]; then
    echo "  netdecode's text is identical to tcpdump's"
  else
    echo "  $diffs differing lines (diff <(netdecode -n -r FS) <(tcpdump -n -r FS)); first:"
    sed -n '1,6s/^/    /p' "$work/text.diff"
  fi
else
  echo "  tcpdump is not installed: not compared"
fi

if [ "$profile" = 1 ]; then
  echo
  echo "== profile: callgrind on the first 20000 packets"
  if have valgrind; then
    P=$work/profile.pcap
    python3 bench/synth.py "$P" 20000 1
    # Instructions executed: unlike wall time, not disturbed by a loaded
    # machine. (tcpdump -Z root: it would otherwise drop privileges and
    # valgrind could not write its output.)
    instr() { # NAME OUT CMD...
      local name=$1 out=$2; shift 2
      valgrind --tool=callgrind --callgrind-out-file="$out" "$@" >/dev/null 2>"$work/valgrind.err" \
        || { cat "$work/valgrind.err" >&2; return 1; }
      local n
      n=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
      printf "  %-28s %14d instructions  %8d per packet\n" "$name" "$n" "$((n / 20000))"
      INSTR=$n
    }
    instr "netdecode -n -r" "$work/callgrind.out" "$nd" -n -r "$P"; a=$INSTR
    if have tcpdump; then
      instr "tcpdump -n -r" "$work/callgrind-tcpdump.out" tcpdump -Z root -n -r "$P"; b=$INSTR
      awk -v a="$a" -v b="$b" 'BEGIN { printf "  => default text: netdecode executes %.2fx tcpdump'"'"'s instructions\n", a/b }'
    fi
    instr "netdecode -n -X -r" "$work/callgrind-x.out" "$nd" -n -X -r "$P"; a=$INSTR
    if have tcpdump; then
      instr "tcpdump -n -X -r" "$work/callgrind-tcpdump-x.out" tcpdump -Z root -n -X -r "$P"; b=$INSTR
      awk -v a="$a" -v b="$b" 'BEGIN { printf "  => -X: netdecode executes %.2fx tcpdump'"'"'s instructions\n", a/b }'
    fi
    echo "  -- netdecode -n -r, inclusive cost of its own functions:"
    callgrind_annotate --inclusive=yes "$work/callgrind.out" 2>/dev/null \
      | grep -E '^ *[0-9,]+ \(.*(netdecode::|pcap_next_ex)' \
      | sed -E 's| /[^ ]*/src/| src/|; s| \[[^]]*\]$||' | awk '!seen[$NF]++' | sed -n '1,16p' | cut -c1-150
    echo "  -- netdecode -n -r, exclusive cost, top 15:"
    callgrind_annotate "$work/callgrind.out" 2>/dev/null | grep -E '^ *[0-9,]+ \(' | sed -n '2,16p' \
      | sed -E 's| \[[^]]*\]$||' | cut -c1-150
  else
    echo "  valgrind is not installed: no profile"
  fi
fi
