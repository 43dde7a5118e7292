#!/usr/bin/env bash
# Runs the mutation fuzzer (examples/fuzz.rs) for SECONDS over the packets
# of fixtures/ (debug build: arithmetic overflow panics too).
#   bench/fuzz.sh SECONDS [SEED] [DIR]
# Exit 1 and a fuzz-crash-SEED-N.pcap on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bench/fuzz.sh SECONDS [SEED] [DIR]" >&2; exit 2; }
exec cargo run -q --example fuzz -- "$@"
