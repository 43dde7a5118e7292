#!/usr/bin/env bash
# Records a capture of mixed real traffic between two network namespaces
# joined by a veth pair (offloads off) and compares netdecode's text with
# tcpdump's line by line in -n, -n -v, -n -vv, -n -e and -n -X (issue 11,
# "a whole capture"). Root only; traffic stays inside the namespaces.
#
#   sudo bench/mixed.sh [NETDECODE] [OUT.pcap]
#
# The traffic: ARP, ping and ping -6, HTTP over IPv4 and IPv6 (python3
# http.server, curl), bulk TCP (a 2 MB download), DNS over UDP and TCP
# (dnsmasq, dig), syslog (logger -n), DHCP (busybox udhcpc against dnsmasq),
# and ping through a VXLAN device over the veth. No VLAN: this kernel has no
# vlan devices (the VLAN fixtures are built in code).
# Prints, per mode, the lines compared and the lines that differ; exits 1
# when any line differs.
set -euo pipefail
cd "$(dirname "$0")/.."
ND=${1:-target/release/netdecode}
OUT=${2:-$(mktemp -d)/mixed.pcap}
. fixtures/netns.sh
fx_init mixed.sh ip ethtool tcpdump dnsmasq dig curl python3 logger busybox ping
[ -x "$ND" ] || cargo build --release

S=mx-srv C=mx-cli
s() { ip netns exec "$S" "$@"; }
c() { ip netns exec "$C" "$@"; }
fx_ns "$S" "$C"
for ns in "$S" "$C"; do
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0
done
fx_veth "$S" mx-s 02:00:00:90:00:01 "$C" mx-c 02:00:00:90:00:02
s ip addr add 10.90.0.1/24 dev mx-s; s ip -6 addr add fd00:90::1/64 dev mx-s nodad
c ip -6 addr add fd00:90::2/64 dev mx-c nodad
s ip link set mx-s up; c ip link set mx-c up
# VXLAN over the veth (the client's address comes from DHCP below).
s ip link add vx0 address 02:00:00:90:01:01 type vxlan id 4242 local 10.90.0.1 remote 10.90.0.100 dstport 4789 dev mx-s
fx_offloads_off "$S" vx0
s ip addr add 192.168.90.1/24 dev vx0; s ip link set vx0 up

head -c 2000000 /dev/urandom > "$TMP/bulk.bin"
echo '<html>hello</html>' > "$TMP/index.html"
cat > "$TMP/hosts" <<'EOF'
10.90.0.1 srv.mx.test
fd00:90::1 srv.mx.test
EOF
s dnsmasq --no-daemon --conf-file=/dev/null --no-resolv --no-hosts --addn-hosts="$TMP/hosts" \
    --interface=mx-s --bind-interfaces --dhcp-range=10.90.0.100,10.90.0.100,1h \
    --mx-host=mx.test,srv.mx.test,10 --txt-record=mx.test,"v=mixed" --log-facility=/dev/null &
s sh -c "cd '$TMP' && exec python3 -m http.server --bind :: 8080" >/dev/null 2>&1 &
s sh -c "exec busybox syslogd -n -O /dev/null -R 0 -L 2>/dev/null" &
s sh -c "exec python3 -c 'import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind((\"0.0.0.0\",514));[s.recv(4096) for _ in iter(int,1)]'" &
sleep 1

ip netns exec "$C" tcpdump -i mx-c -w "$OUT" -U -s 0 >/dev/null 2>&1 &
TD=$!
sleep 1
c busybox udhcpc -i mx-c -n -q -f -s /bin/true >/dev/null 2>&1 || true
c ip addr add 10.90.0.100/24 dev mx-c 2>/dev/null || true
c ip link add vx0 address 02:00:00:90:01:02 type vxlan id 4242 local 10.90.0.100 remote 10.90.0.1 dstport 4789 dev mx-c
fx_offloads_off "$C" vx0
c ip addr add 192.168.90.2/24 dev vx0; c ip link set vx0 up
c ping -c 2 -i 0.2 10.90.0.1 >/dev/null
c ping -6 -c 2 -i 0.2 fd00:90::1 >/dev/null
c ping -c 2 -i 0.2 192.168.90.1 >/dev/null || true
c dig +tries=1 +time=2 @10.90.0.1 srv.mx.test A >/dev/null
c dig +tries=1 +time=2 @10.90.0.1 srv.mx.test AAAA >/dev/null
c dig +tries=1 +time=2 @10.90.0.1 mx.test MX >/dev/null
c dig +tries=1 +time=2 +tcp @10.90.0.1 mx.test TXT >/dev/null
c dig +tries=1 +time=2 @fd00:90::1 nosuch.mx.test A >/dev/null || true
c curl -s -o /dev/null http://10.90.0.1:8080/index.html
c curl -s -o /dev/null "http://[fd00:90::1]:8080/index.html"
c curl -s -o /dev/null http://10.90.0.1:8080/bulk.bin
c logger -n 10.90.0.1 -P 514 -d -p local3.notice "mixed capture from the client"
c logger -n 10.90.0.1 -P 514 -d --rfc5424 -p user.err "rfc5424 line"
sleep 1
kill -TERM "$TD"; wait "$TD" 2>/dev/null || true

status=0
echo "capture: $OUT ($(tcpdump -r "$OUT" 2>/dev/null | wc -l) packets)"
for flags in "-n" "-n -v" "-n -vv" "-n -e" "-n -X"; do
    # shellcheck disable=SC2086
    TZ=UTC tcpdump $flags -r "$OUT" 2>/dev/null > "$TMP/t.txt"
    # shellcheck disable=SC2086
    TZ=UTC "$ND" $flags -r "$OUT" 2>/dev/null > "$TMP/n.txt"
    lines=$(wc -l < "$TMP/t.txt")
    differ=$(diff "$TMP/t.txt" "$TMP/n.txt" | grep -c '^<' || true)
    echo "$flags: $lines lines, $differ differ"
    if [ "$differ" != 0 ]; then
        status=1
        diff "$TMP/t.txt" "$TMP/n.txt" | head -6
    fi
done
exit "$status"
