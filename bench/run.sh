#!/usr/bin/env bash
# netdecode benchmark against tcpdump and tshark. See bench/README.md.
#
# usage: bench/run.sh [--profile]
#
# Environment: BENCH_PACKETS (the large files; default 1000000),
# BENCH_MEDIUM (default 15 % of that), BENCH_TSHARK_PACKETS (default
# 100000), BENCH_FLOWS (connections for flows vs tcpflow; default 6000),
# BENCH_REPEAT (default 3; the best wall time of the runs is kept),
# BENCH_REAL (a capture of real traffic from bench/mixed.sh; as root one is
# recorded when unset), BENCH_DIR (where the captures go; kept and reused
# when given, a fresh temporary directory removed at the end otherwise),
# NETDECODE (a binary to measure instead of building the release one).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=0
[ "${1:-}" = "--profile" ] && profile=1

packets=${BENCH_PACKETS:-1000000}
tshark_packets=${BENCH_TSHARK_PACKETS:-100000}
repeat=${BENCH_REPEAT:-3}
medium=${BENCH_MEDIUM:-$((packets * 3 / 20))}
flow_conns=${BENCH_FLOWS:-6000}
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
if [ -n "${NETDECODE:-}" ]; then
  nd=$NETDECODE
else
  cargo build --release --quiet
  nd="${CARGO_TARGET_DIR:-target}/release/netdecode"
fi
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
    python3 bench/synth.py "$1" "$2" 1 mixed
    echo "$2" > "$1.count"
    echo "synthesized $1: $2 packets in $((SECONDS - t0)) s"
  fi
}
echo "== captures (synthesized by bench/synth.py, seed 1, mixed: IPv6 and DNS included)"
F=$work/bench.pcap
F4=$work/bench4.pcap
FM=$work/bench-medium.pcap
FS=$work/bench-small.pcap
synth "$F" "$packets"
synth "$F4" "$((packets * 4))"
synth "$FM" "$medium"
synth "$FS" "$tshark_packets"
ls -l "$F" "$F4" "$FM" "$FS" | awk '{printf "%s  %d MB\n", $NF, $5/1e6}'

# The real-traffic corpus: BENCH_REAL (a capture bench/mixed.sh recorded),
# or, as root, a fresh recording; scaled up by bench/scale.py.
R="" RM=""
real=${BENCH_REAL:-}
if [ -z "$real" ] && [ "$(id -u)" = 0 ]; then
  real=$work/mixed.pcap
  if [ ! -s "$real" ]; then
    echo "recording real traffic between two namespaces (bench/mixed.sh)"
    bench/mixed.sh "$nd" "$real" > "$work/mixed.out" 2>&1 || { echo "  bench/mixed.sh failed:"; tail -5 "$work/mixed.out"; real=""; }
  fi
fi
if [ -n "$real" ] && [ -s "$real" ]; then
  R=$work/real.pcap; RM=$work/real-medium.pcap
  for pair in "$R:$packets" "$RM:$medium"; do
    f=${pair%%:*} n=${pair##*:}
    if [ ! -s "$f" ] || [ "$(cat "$f.count" 2>/dev/null)" != "$n" ]; then
      python3 bench/scale.py "$real" "$f" "$n"; echo "$n" > "$f.count"
    fi
  done
  ls -l "$R" "$RM" | awk '{printf "%s  %d MB\n", $NF, $5/1e6}'
else
  echo "no real-traffic corpus (set BENCH_REAL to a bench/mixed.sh capture, or run as root)"
fi

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
# Every ratio is also kept for the summary table at the end.
: > "$work/summary"
# note WORKLOAD PEER OURS_WALL THEIRS_WALL TARGET
note() { awk -v w="$1" -v p="$2" -v o="$3" -v t="$4" -v g="$5" 'BEGIN {
  printf "| %s | %s | %.2fx | %s |\n", w, p, (o > 0 ? t / o : 0), g }' >> "$work/summary"; }

# compare LABEL PACKETS TARGET PEER_CMD -- OUR_CMD: measures both (ours
# first), prints the ratio, notes it for the summary.
compare() {
  local label=$1 n=$2 target=$3; shift 3
  local peer=() ours=()
  while [ "$1" != "--" ]; do peer+=("$1"); shift; done
  shift; ours=("$@")
  measure "netdecode ${label}" "$n" "${ours[@]}"
  local ow=$WALL om=$RSS
  if have "${peer[0]}"; then
    measure "${peer[0]} ${label}" "$n" "${peer[@]}"
    ratio "$label" "$ow" "$om" "$WALL" "$RSS" "${peer[0]}"
    note "\`$label\`" "${peer[0]}" "$ow" "$WALL" "$target"
  else
    echo "  ${peer[0]} is not installed: comparison skipped"
  fi
}

# corpus NAME FILE MEDIUM_FILE: the text workloads of issue 15 on one corpus.
corpus() {
  local name=$1 L=$2 M=$3 nl nm
  nl=$(cat "$L.count"); nm=$(cat "$M.count")
  echo
  echo "== corpus: $name (large $nl packets, medium $nm; best of $repeat)"
  compare "-n ($name, large)" "$nl" ">= 3x" tcpdump -n -r "$L" -- "$nd" -n -r "$L"
  compare "-n -v ($name, large)" "$nl" ">= 3x" tcpdump -n -v -r "$L" -- "$nd" -n -v -r "$L"
  compare "-n -X ($name, medium)" "$nm" ">= 10x" tcpdump -n -X -r "$M" -- "$nd" -n -X -r "$M"
  compare "-q -n 'tcp port 80' ($name, large)" "$nl" ">= 4x" \
    tcpdump -q -n -r "$L" tcp port 80 -- "$nd" -q -n -r "$L" tcp port 80
  if "$nd" --help 2>/dev/null | grep -q -- '--threads'; then
    measure "netdecode -n --threads 1 ($name, large)" "$nl" "$nd" -n --threads 1 -r "$L"
    local t1=$WALL
    measure "netdecode -n (threads: default) ($name, large)" "$nl" "$nd" -n -r "$L"
    awk -v a="$t1" -v b="$WALL" 'BEGIN { printf "  => default threads: %.2fx the speed of one thread\n", a/b }'
  fi
  if "$nd" --help 2>/dev/null | grep -q -- '--parquet'; then
    measure "netdecode --json ($name, large)" "$nl" "$nd" --json -r "$L"
    local jw=$WALL
    rm -rf "$work/pq"
    measure "netdecode --parquet DIR ($name, large)" "$nl" sh -c 'rm -rf "$1"; exec "$2" -r "$3" --parquet "$1"' sh "$work/pq" "$nd" "$L"
    awk -v a="$jw" -v b="$WALL" 'BEGIN { printf "  => --parquet takes %.2fx the time of --json\n", b/a }'
    note "\`--parquet\` vs \`--json\` ($name, large)" "netdecode --json" "$WALL" "$jw" ">= 1x"
  fi
}

corpus synthetic "$F" "$FM"
if [ -n "$R" ]; then
  corpus real "$R" "$RM"
fi

echo
echo "== JSON: netdecode --json vs tshark -T json, on the first $tshark_packets packets"
compare "--json (synthetic, $tshark_packets packets)" "$tshark_packets" ">= 100x" \
  tshark -n -r "$FS" -T json -- "$nd" --json -r "$FS"
have tshark && echo "  (tshark decodes more layers and prints every field: not the same output, only the same job)"

echo
echo "== flows --write vs tcpflow: bench/flows.sh $flow_conns connections (tmpfs)"
env -u BENCH_DIR NETDECODE="$nd" bench/flows.sh "$flow_conns" "$repeat" | tee "$work/flows.out" | sed 's/^/  /'
awk '/^ratio netdecode\/tcpflow/ { print "| `flows --write`, '"$flow_conns"' connections | tcpflow | " sprintf("%.2fx", 1 / $4) " | >= 2.5x |" }' \
  "$work/flows.out" | tr -d ',' >> "$work/summary"

echo
echo "== memory flatness: netdecode -n -r and --json, F vs a 4x larger file"
measure "netdecode -n -r F" "$packets" "$nd" -n -r "$F"
m1=$RSS
measure "netdecode -n -r F4 (4x)" "$((packets * 4))" "$nd" -n -r "$F4"
m4=$RSS
measure "netdecode --json -r F4 (4x)" "$((packets * 4))" "$nd" --json -r "$F4"
mj=$RSS
awk -v a="$m1" -v b="$m4" 'BEGIN { printf "  => peak RSS on 4x the packets: %.2fx (%.1f MiB -> %.1f MiB)\n", b/a, a/1024, b/1024 }'
awk -v a="$m4" -v b="$mj" 'BEGIN { printf "| peak RSS, 4x file (text; json) | < 30 MB | %.1f MiB; %.1f MiB | < 30 MB |\n", a/1024, b/1024 }' >> "$work/summary"

echo
echo "== flat cost: -n on F against a file of as many packets from 30 000 client addresses in one /16"
FF=$work/bench-flat.pcap
if [ ! -s "$FF" ] || [ "$(cat "$FF.count" 2>/dev/null)" != "$packets" ]; then
  SYNTH_CLIENTS=30000 python3 bench/synth.py "$FF" "$packets" 1 mixed
  echo "$packets" > "$FF.count"
fi
measure "netdecode -n --threads 1 -r F" "$packets" "$nd" -n --threads 1 -r "$F"
f1=$WALL
measure "netdecode -n --threads 1 -r F (30 000 clients)" "$packets" "$nd" -n --threads 1 -r "$FF"
f2=$WALL
awk -v a="$f1" -v b="$f2" 'BEGIN { printf "  => 30 000 clients: %.2fx the time of 256\n", b/a }'
awk -v a="$f1" -v b="$f2" 'BEGIN { printf "| flat cost: `-n` time, 30 000 clients / 256 | | %.2fx | about 1x |\n", b/a }' >> "$work/summary"

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

echo
echo "== summary (speed ratio: the peer's time / netdecode's; above 1 netdecode is faster)"
echo "| workload | peer | ratio | target |"
echo "|---|---|---|---|"
cat "$work/summary"

if [ "$profile" = 1 ]; then
  echo
  echo "== profile: callgrind on the first 20000 packets"
  if have valgrind; then
    P=$work/profile.pcap
    python3 bench/synth.py "$P" 20000 1 mixed
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
