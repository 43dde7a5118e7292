#!/usr/bin/env bash
# Installs what building and testing netdecode needs on Debian/Ubuntu, when
# it is missing: libpcap's headers always; with --test, also the tools the
# test suite uses (tcpdump for the differential tests; iproute2, ethtool,
# ping, curl and python3 for the live-capture tests; dnsmasq and busybox's
# udhcpc for the live test of `netdecode dhcp`; GNU time for the
# memory test of flows; Python's duckdb module from PyPI for the Parquet
# test); with --fixtures, also the tools the fixture
# scripts run (keepalived, avahi-daemon, mdns-scan, llmnrd and dig for
# fixtures/make-ipproto-captures.sh, lldpd for make-link-captures.sh;
# dhclient and arping for fixtures/make-watch-captures.sh, dumpcap for
# make-captures.sh, ISC dhcpd for make-dhcp6-captures.sh, ntpsec and socat
# for make-udpapps-captures.sh, socat for make-tunnel-captures.sh); with
# --bench, also what bench/run.sh compares against or records with
# (tshark, tcpflow, valgrind, and dig for bench/mixed.sh). As root it
# runs apt-get; otherwise sudo;
# elsewhere it prints what to install and fails (headers) or warns (tools).
set -euo pipefail

want_test=0
want_fixtures=0
[ "${1:-}" = "--test" ] && want_test=1
want_bench=0
[ "${1:-}" = "--fixtures" ] && want_test=1 && want_fixtures=1
[ "${1:-}" = "--bench" ] && want_test=1 && want_bench=1

have_headers() { [ -f /usr/include/pcap.h ] || [ -f /usr/include/pcap/pcap.h ] || [ -f /usr/local/include/pcap.h ]; }

missing=()
have_headers || missing+=(libpcap-dev)
if [ "$want_test" = 1 ]; then
  command -v tcpdump >/dev/null 2>&1 || [ -x /usr/sbin/tcpdump ] || missing+=(tcpdump)
  command -v ip >/dev/null 2>&1 || [ -x /usr/sbin/ip ] || [ -x /sbin/ip ] || missing+=(iproute2)
  command -v ethtool >/dev/null 2>&1 || [ -x /usr/sbin/ethtool ] || [ -x /sbin/ethtool ] || missing+=(ethtool)
  command -v ping >/dev/null 2>&1 || [ -x /usr/bin/ping ] || [ -x /bin/ping ] || missing+=(iputils-ping)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  [ -x /usr/bin/time ] || missing+=(time)
  command -v dnsmasq >/dev/null 2>&1 || [ -x /usr/sbin/dnsmasq ] || missing+=(dnsmasq-base)
  command -v busybox >/dev/null 2>&1 || [ -x /bin/busybox ] || missing+=(busybox)
fi
if [ "$want_fixtures" = 1 ]; then
  command -v keepalived >/dev/null 2>&1 || [ -x /usr/sbin/keepalived ] || missing+=(keepalived)
  command -v avahi-daemon >/dev/null 2>&1 || [ -x /usr/sbin/avahi-daemon ] || missing+=(avahi-daemon)
  command -v mdns-scan >/dev/null 2>&1 || missing+=(mdns-scan)
  command -v llmnrd >/dev/null 2>&1 || [ -x /usr/sbin/llmnrd ] || missing+=(llmnrd)
  command -v dig >/dev/null 2>&1 || missing+=(bind9-dnsutils)
  command -v lldpd >/dev/null 2>&1 || [ -x /usr/sbin/lldpd ] || missing+=(lldpd)
  command -v dhclient >/dev/null 2>&1 || [ -x /usr/sbin/dhclient ] || [ -x /sbin/dhclient ] || missing+=(isc-dhcp-client)
  command -v arping >/dev/null 2>&1 || [ -x /usr/sbin/arping ] || missing+=(iputils-arping)
  command -v dumpcap >/dev/null 2>&1 || missing+=(wireshark-common)
  command -v dhcpd >/dev/null 2>&1 || [ -x /usr/sbin/dhcpd ] || missing+=(isc-dhcp-server)
  command -v ntpd >/dev/null 2>&1 || [ -x /usr/sbin/ntpd ] || missing+=(ntpsec)
  command -v ntpdig >/dev/null 2>&1 || missing+=(ntpsec-ntpdig)
  command -v socat >/dev/null 2>&1 || missing+=(socat)
fi
if [ "$want_bench" = 1 ]; then
  command -v tshark >/dev/null 2>&1 || missing+=(tshark)
  command -v tcpflow >/dev/null 2>&1 || missing+=(tcpflow)
  command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)
  command -v dig >/dev/null 2>&1 || missing+=(bind9-dnsutils)
fi

# Python packages (PyPI), for the tests: duckdb reads the Parquet output.
install_python_modules() {
  command -v python3 >/dev/null 2>&1 || return 0
  python3 -c 'import duckdb' 2>/dev/null && return 0
  echo "netdecode: installing the Python module duckdb (pip)" >&2
  python3 -m pip install --quiet duckdb >&2 \
    || python3 -m pip install --quiet --break-system-packages duckdb >&2 \
    || echo "netdecode: could not install duckdb: run 'python3 -m pip install duckdb'" >&2
}

if [ "${#missing[@]}" -eq 0 ]; then
  [ "$want_test" = 1 ] && install_python_modules
  exit 0
fi

echo "netdecode: installing missing packages: ${missing[*]}" >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "netdecode: no apt-get here; install the libpcap development headers (and, for the tests, tcpdump, iproute2, ethtool, ping) with your package manager" >&2
  have_headers || exit 1
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1; then
  run=(sudo)
else
  echo "netdecode: not root and no sudo: run 'apt-get install ${missing[*]}' as root" >&2
  have_headers || exit 1
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq >&2 || true
if ! "${run[@]}" apt-get install -y -qq "${missing[@]}" >&2; then
  echo "netdecode: could not install ${missing[*]}" >&2
  have_headers || exit 1
fi
[ "$want_test" = 1 ] && install_python_modules
exit 0
