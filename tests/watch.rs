//! `netdecode dhcp` and `netdecode neighbors` on the fixtures: the findings
//! each capture must raise, with the packet numbers that prove them, the
//! transactions and their outcomes, the exit statuses (0: nothing found,
//! 3: findings, 1 and 2: errors), and snapshots of the text reports.
//!
//! The real captures come from fixtures/make-watch-captures.sh, the built
//! ones from examples/build-form-fixtures/watch.rs; fixtures/README.md
//! says what each holds. The packet numbers below are those of the
//! committed captures (a regenerated capture may order simultaneous
//! answers differently).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use serde_json::Value;

/// Runs netdecode, returns (JSON lines, exit status).
fn json_run(args: &[&str]) -> (Vec<Value>, i32) {
    // Options come before the filter expression.
    let mut a = args.to_vec();
    a.insert(1, "--json");
    let run = common::run(&a);
    let (out, err, code) = run.into_parts();
    assert!(err.is_empty(), "stderr: {err}");
    let lines = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    (lines, code)
}

fn fixture(name: &str) -> String {
    common::fixture(name).to_str().unwrap().to_string()
}

/// The findings: (name, packets).
fn findings(lines: &[Value]) -> Vec<(String, Vec<u64>)> {
    lines
        .iter()
        .filter(|o| o["type"] == "finding")
        .map(|o| {
            let packets = o["packets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_u64().unwrap())
                .collect();
            (o["finding"].as_str().unwrap().to_string(), packets)
        })
        .collect()
}

fn of_type<'a>(lines: &'a [Value], t: &str) -> Vec<&'a Value> {
    lines.iter().filter(|o| o["type"] == t).collect()
}

fn f(name: &str, packets: &[u64]) -> (String, Vec<u64>) {
    (name.to_string(), packets.to_vec())
}

fn transaction_by_id(lines: &[Value], id: u64) -> &Value {
    of_type(lines, "transaction")
        .into_iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no transaction {id}"))
}

#[test]
fn two_servers_with_overlapping_ranges() {
    let file = fixture("dhcp-two-servers.pcap");
    let (lines, code) = json_run(&["dhcp", "-r", &file]);
    assert_eq!(code, 3);
    assert_eq!(
        findings(&lines),
        [
            f("multiple-servers", &[2, 3]),
            f("different-options", &[2, 3]),
            f("different-options", &[2, 3]),
            f("overlapping-ranges", &[2, 3, 7]),
        ]
    );
    let opts: Vec<&str> = of_type(&lines, "finding")
        .iter()
        .filter_map(|o| o["option"].as_str())
        .collect();
    assert_eq!(opts, ["router", "dns"]);
    let ranges = &of_type(&lines, "finding")[3]["ranges"];
    assert_eq!(ranges[0]["server"]["id"], "10.88.0.1");
    assert_eq!(
        (ranges[0]["low"].as_str(), ranges[0]["high"].as_str()),
        (Some("10.88.0.130"), Some("10.88.0.130"))
    );
    assert_eq!(
        (ranges[1]["low"].as_str(), ranges[1]["high"].as_str()),
        (Some("10.88.0.125"), Some("10.88.0.180"))
    );
    // Three clients, each offered by both servers, each acknowledged.
    let ts = of_type(&lines, "transaction");
    assert_eq!(ts.len(), 3);
    for t in &ts {
        assert_eq!(t["outcome"], "ack");
        assert_eq!(t["offers"].as_array().unwrap().len(), 2);
        let chosen = t["requested"]["offer"].as_u64().unwrap() as usize;
        assert_eq!(
            t["offers"][chosen]["server"]["id"],
            t["ack"]["server"]["id"]
        );
        assert!(t["ack"]["after_ns"].as_u64().unwrap() > 0);
    }
    assert_eq!(ts[0]["host_name"], "pc1");
    assert_eq!(ts[0]["vendor_class"], "netdecode-fixture");
    // The servers, with the ranges they handed out and their options.
    let servers = of_type(&lines, "server");
    assert_eq!(servers.len(), 2);
    let s1 = servers
        .iter()
        .find(|s| s["server"]["id"] == "10.88.0.1")
        .unwrap();
    assert_eq!(s1["range"]["low"], "10.88.0.110");
    assert_eq!(s1["range"]["high"], "10.88.0.140");
    assert_eq!(s1["routers"][0], "10.88.0.1");
    assert_eq!(s1["offers"], 3);
    assert_eq!(s1["allowed"], Value::Null);
    let summary = of_type(&lines, "summary");
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0]["last"], true);
    assert_eq!(summary[0]["transactions"], 3);
    assert_eq!(summary[0]["findings"], 4);
}

#[test]
fn allowed_servers_raise_the_rogue() {
    let file = fixture("dhcp-two-servers.pcap");
    for allowed in ["10.88.0.1", "02:00:00:88:00:01"] {
        let (lines, code) = json_run(&["dhcp", "-r", &file, "--allowed-server", allowed]);
        assert_eq!(code, 3);
        let rogue: Vec<_> = of_type(&lines, "finding")
            .into_iter()
            .filter(|o| o["finding"] == "unauthorized-server")
            .collect();
        assert_eq!(rogue.len(), 1, "{allowed}");
        assert_eq!(rogue[0]["server"]["id"], "10.88.0.2");
        assert_eq!(rogue[0]["packets"], serde_json::json!([2]));
        let servers = of_type(&lines, "server");
        let allowed_flags: Vec<_> = servers.iter().map(|s| s["allowed"].clone()).collect();
        assert!(
            allowed_flags.contains(&Value::Bool(true))
                && allowed_flags.contains(&Value::Bool(false))
        );
    }
    // Both allowed: the other findings stay, no rogue.
    let (lines, _) = json_run(&[
        "dhcp",
        "-r",
        &file,
        "--allowed-server",
        "10.88.0.1",
        "--allowed-server",
        "10.88.0.2",
    ]);
    assert!(!findings(&lines)
        .iter()
        .any(|(n, _)| n == "unauthorized-server"));
}

#[test]
fn one_server_is_no_finding() {
    let file = fixture("dhcp-one-server.pcap");
    let (lines, code) = json_run(&["dhcp", "-r", &file]);
    assert_eq!(code, 0, "nothing found: exit status 0");
    assert!(findings(&lines).is_empty());
    let ts = of_type(&lines, "transaction");
    let kinds: Vec<(&str, &str)> = ts
        .iter()
        .map(|t| (t["kind"].as_str().unwrap(), t["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [("lease", "ack"), ("renew", "ack"), ("lease", "ack")]
    );
    // The renewal: a unicast REQUEST from the leased address, its ACK.
    assert_eq!(ts[1]["packets"], serde_json::json!([5, 6]));
    assert_eq!(ts[1]["requested"]["addr"], "10.88.0.130");
    // Allowed, the one server is no finding either.
    let (_, code) = json_run(&["dhcp", "-r", &file, "--allowed-server", "10.88.0.1"]);
    assert_eq!(code, 0);
}

#[test]
fn nak_decline_and_a_client_without_a_lease() {
    let file = fixture("dhcp-problems.pcap");
    let (lines, code) = json_run(&["dhcp", "-r", &file]);
    assert_eq!(code, 3);
    assert_eq!(
        findings(&lines),
        [
            f("nak", &[1, 2]),
            f("decline", &[10, 13]),
            f("no-ack", &[22, 25, 27]),
        ]
    );
    let nak = &of_type(&lines, "finding")[0];
    assert!(nak["message"].as_str().unwrap().contains("wrong network"));
    assert_eq!(nak["requested"], "192.168.99.99");
    let t1 = transaction_by_id(&lines, 1);
    assert_eq!(
        (t1["kind"].as_str(), t1["outcome"].as_str()),
        (Some("reboot"), Some("nak"))
    );
    assert_eq!(t1["nak"]["message"], "wrong network");
    // After the NAK, the same client starts over and gets a lease.
    let t2 = transaction_by_id(&lines, 2);
    assert_eq!(t2["client"], t1["client"]);
    assert_eq!(t2["outcome"], "ack");
    // The DECLINE: acknowledged 10.88.0.140, found in use, declined; then
    // a new lease.
    let t3 = transaction_by_id(&lines, 3);
    assert_eq!(t3["outcome"], "decline");
    assert_eq!(t3["decline"]["addr"], "10.88.0.140");
    assert_eq!(t3["ack"]["packet"], 10);
    let t4 = transaction_by_id(&lines, 4);
    assert_eq!(
        (t4["outcome"].as_str(), t4["ack"]["addrs"][0].as_str()),
        (Some("ack"), Some("10.88.0.121"))
    );
    // The ignored client: three DISCOVERs, no answer.
    let t5 = transaction_by_id(&lines, 5);
    assert_eq!(
        (t5["outcome"].as_str(), t5["discovers"].as_u64()),
        (Some("no_answer"), Some(3))
    );
    let no_ack = &of_type(&lines, "finding")[2];
    assert_eq!(
        (no_ack["client"].as_str(), no_ack["tries"].as_u64()),
        (Some("02:00:00:88:02:03"), Some(3))
    );
}

#[test]
fn dhcpv6_transactions_and_servers() {
    let file = fixture("dhcp6-two-servers.pcap");
    let (lines, code) = json_run(&["dhcp", "-r", &file]);
    assert_eq!(code, 3);
    assert_eq!(
        findings(&lines),
        [
            f("multiple-servers", &[2, 3]),
            f("different-options", &[2, 3]),
            f("overlapping-ranges", &[2, 3, 7, 8]),
        ]
    );
    let ts = of_type(&lines, "transaction");
    assert_eq!(ts.len(), 2);
    for (t, addr) in ts.iter().zip(["2001:db8:88::150", "2001:db8:88::160"]) {
        assert_eq!(t["family"], "dhcpv6");
        assert_eq!(t["outcome"], "ack");
        // SOLICIT/ADVERTISE and REQUEST/REPLY have their own IDs.
        assert_eq!(t["xids"].as_array().unwrap().len(), 2);
        assert_eq!(t["offers"].as_array().unwrap().len(), 2);
        assert_eq!(t["ack"]["addrs"][0], addr);
        assert!(t["client"].as_str().unwrap().starts_with("duid "));
    }
}

#[test]
fn vlans_relays_and_dhcpv6_failures() {
    let file = fixture("dhcp-watch-forms.pcap");
    let (lines, code) = json_run(&[
        "dhcp",
        "-r",
        &file,
        "--allowed-server",
        "10.99.0.10",
        "--allowed-server",
        "02:00:00:5a:0a:fe",
    ]);
    assert_eq!(code, 3);
    let found = findings(&lines);
    // VLAN 10's server is allowed by MAC, VLAN 20's is not; VLAN 30 has two
    // servers with different masks.
    for expected in [
        f("unauthorized-server", &[6]),
        f("multiple-servers", &[10, 11]),
        f("different-options", &[10, 11]),
        f("multiple-servers", &[15, 16]),
        f("unauthorized-server", &[16]),
        f("nak", &[30, 31]),
        f("decline", &[33, 34]),
        f("no-ack", &[25, 26, 27]),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    assert!(
        !found.contains(&f("unauthorized-server", &[2])),
        "allowed by MAC"
    );
    assert!(
        !found.contains(&f("unauthorized-server", &[15])),
        "allowed by IP through a relay"
    );
    let fs = of_type(&lines, "finding");
    let mask = fs.iter().find(|o| o["option"] == "subnet-mask").unwrap();
    assert_eq!(mask["segment"]["vlans"], serde_json::json!([30]));
    // The relayed official server and the local one share the segment.
    let both = fs
        .iter()
        .find(|o| o["finding"] == "multiple-servers" && o["packets"] == serde_json::json!([15, 16]))
        .unwrap();
    assert_eq!(both["segment"]["vlans"], serde_json::json!([]));
    assert_eq!(both["servers"][0]["relayed"], true);
    assert_eq!(both["servers"][0]["ip"], "10.40.0.1");
    assert_eq!(both["servers"][1]["relayed"], false);
    // Seen between relay and server: that relay's segment.
    let t5 = transaction_by_id(&lines, 5);
    assert_eq!(t5["segment"]["relay"], "10.50.0.1");
    assert_eq!(t5["relay"], "10.50.0.1");
    assert_eq!(t5["outcome"], "ack");
    let t6 = transaction_by_id(&lines, 6);
    assert_eq!(
        (t6["kind"].as_str(), t6["outcome"].as_str()),
        (Some("inform"), Some("ack"))
    );
    let t7 = transaction_by_id(&lines, 7);
    assert_eq!(
        (
            t7["kind"].as_str(),
            t7["outcome"].as_str(),
            t7["requests"].as_u64()
        ),
        (Some("reboot"), Some("no_reply"), Some(3))
    );
    // DHCPv6 through a relay: unwrapped, on the relay's link.
    let t8 = transaction_by_id(&lines, 8);
    assert_eq!(t8["segment"]["relay"], "2001:db8:60::1");
    assert_eq!(t8["offers"][0]["status"], 2);
    let t9 = transaction_by_id(&lines, 9);
    assert_eq!(
        (t9["kind"].as_str(), t9["outcome"].as_str()),
        (Some("renew"), Some("nak"))
    );
    assert_eq!(t9["nak"]["status"], 3);
    let t10 = transaction_by_id(&lines, 10);
    assert_eq!(t10["decline"]["addr"], "2001:db8:60::78");
    // One server per VLAN, one on VLAN 30 twice: the table has each.
    let segs: Vec<String> = of_type(&lines, "server")
        .iter()
        .map(|s| s["segment"].to_string())
        .collect();
    assert_eq!(segs.len(), 8);
}

#[test]
fn address_conflicts_over_arp() {
    let file = fixture("arp-conflict.pcap");
    let (lines, code) = json_run(&["neighbors", "-r", &file]);
    assert_eq!(code, 3);
    assert_eq!(
        findings(&lines),
        [
            f("duplicate-address", &[2, 3]),
            f("probe-answered", &[4, 5]),
            f("announced-change", &[7, 9]),
            f("mac-flip", &[10, 12, 14]),
        ]
    );
    let fs = of_type(&lines, "finding");
    assert_eq!(fs[0]["ip"], "10.89.0.5");
    assert_eq!(fs[1]["prober"], "02:00:00:89:00:0d");
    assert_eq!(fs[2]["new_mac"], "02:00:00:89:00:0b");
    assert_eq!(
        fs[3]["addrs"],
        serde_json::json!(["10.89.0.10", "10.89.0.11"])
    );
    // The pairs: 10.89.0.5 twice.
    let pairs = of_type(&lines, "pair");
    let five: Vec<_> = pairs.iter().filter(|p| p["ip"] == "10.89.0.5").collect();
    assert_eq!(five.len(), 2);
    assert_eq!(five[0]["mac"], "02:00:00:89:00:0b");
    assert_eq!(five[0]["announced"], 1);
    // The burst of 40 requests is a storm over 20 a second, not over 100.
    let (lines, _) = json_run(&["neighbors", "-r", &file, "--storm-rate", "20"]);
    let storm: Vec<_> = of_type(&lines, "finding")
        .into_iter()
        .filter(|o| o["finding"] == "arp-storm")
        .collect();
    assert_eq!(storm.len(), 1);
    assert_eq!(storm[0]["requests"], 21);
    assert_eq!(storm[0]["top_mac"], "02:00:00:89:00:0e");
    assert_eq!(storm[0]["packets"].as_array().unwrap().len(), 12);
    assert_eq!(storm[0]["more_packets"], 9);
}

#[test]
fn ipv6_duplicate_address_detection() {
    let file = fixture("nd-dad.pcap");
    let (lines, code) = json_run(&["neighbors", "-r", &file]);
    assert_eq!(code, 3);
    assert_eq!(
        findings(&lines),
        [
            f("dad-failed", &[1, 2]),
            f("duplicate-address", &[6, 8]),
            f("announced-change", &[6, 8]),
        ]
    );
    let dad = &of_type(&lines, "finding")[0];
    assert_eq!(dad["ip"], "2001:db8:89::5");
    assert_eq!(
        (dad["prober"].as_str(), dad["owner"].as_str()),
        (Some("02:00:00:89:06:0b"), Some("02:00:00:89:06:0a"))
    );
    let pairs = of_type(&lines, "pair");
    assert!(pairs.iter().all(|p| p["via"] == "nd"));
    assert_eq!(pairs.len(), 5);
}

#[test]
fn neighbor_forms() {
    let file = fixture("neighbors-forms.pcap");
    let (lines, code) = json_run(&["neighbors", "-r", &file]);
    assert_eq!(code, 3);
    assert_eq!(
        findings(&lines),
        [
            f("duplicate-address", &[1, 3]),
            f("announced-change", &[1, 3]),
            f("probe-answered", &[4, 5]),
            f("dad-failed", &[8, 9]),
        ]
    );
    assert_eq!(
        of_type(&lines, "finding")[0]["vlans"],
        serde_json::json!([10])
    );
    // 10.1.0.5 on VLAN 20 is another address: its pair stands alone.
    let on20: Vec<_> = of_type(&lines, "pair")
        .into_iter()
        .filter(|p| p["vlans"] == serde_json::json!([20]))
        .collect();
    assert_eq!(on20.len(), 1);
}

#[test]
fn the_dhcp_capture_shows_the_conflict_too() {
    // udhcpc's ARP check of the squatter's address (RFC 5227 probe).
    let file = fixture("dhcp-problems.pcap");
    let (lines, code) = json_run(&["neighbors", "-r", &file]);
    assert_eq!(code, 3);
    assert_eq!(findings(&lines), [f("probe-answered", &[11, 12])]);
    // A filter leaves packet numbers as positions in the file.
    let (lines, _) = json_run(&["neighbors", "-r", &file, "arp"]);
    assert_eq!(findings(&lines), [f("probe-answered", &[11, 12])]);
    let (lines, code) = json_run(&["dhcp", "-r", &file, "ether", "host", "02:00:00:88:02:03"]);
    assert_eq!(code, 3);
    assert_eq!(findings(&lines), [f("no-ack", &[22, 25, 27])]);
    assert_eq!(of_type(&lines, "transaction").len(), 1);
}

#[test]
fn intervals_print_the_summary_as_time_passes() {
    let file = fixture("dhcp-problems.pcap");
    let run = common::run(&["dhcp", "-r", &file, "--interval", "3"]);
    let (out, _, code) = run.into_parts();
    assert_eq!(code, 3);
    let so_far = out.matches("DHCP servers so far").count();
    assert!(so_far >= 2, "{so_far} interval summaries:\n{out}");
    assert_eq!(out.matches("DHCP servers at the end").count(), 1);
    let (lines, _) = json_run(&[
        "neighbors",
        "-r",
        &fixture("arp-conflict.pcap"),
        "--interval",
        "1",
    ]);
    let summaries = of_type(&lines, "summary");
    assert!(summaries.len() >= 3);
    assert!(summaries[..summaries.len() - 1]
        .iter()
        .all(|s| s["last"] == false));
    assert_eq!(summaries.last().unwrap()["last"], true);
}

#[test]
fn standard_input() {
    let bytes = std::fs::read(common::fixture("dhcp-two-servers.pcap")).unwrap();
    let run = common::run_with_stdin(&["dhcp", "-r", "-", "--json"], &bytes);
    assert_eq!(run.code, Some(3));
    assert!(run.text().contains("\"overlapping-ranges\""));
}

#[test]
fn errors_are_one_line_and_not_1_or_3_when_usage() {
    let file = fixture("dhcp-one-server.pcap");
    let r = common::run(&["dhcp"]);
    assert!(r.one_error_line(2).contains("no input"));
    let r = common::run(&["neighbors", "-r", &file, "--allowed-server", "x"]);
    assert_eq!(r.code, Some(2), "neighbors has no --allowed-server");
    let r = common::run(&["dhcp", "-r", &file, "--allowed-server", "server1"]);
    assert!(r
        .one_error_line(2)
        .contains("neither an IP address nor a MAC"));
    let r = common::run(&["dhcp", "-r", &file, "--probe"]);
    assert_eq!(r.code, Some(2));
    let r = common::run(&["dhcp", "-r", &file, "-i", "lo"]);
    assert_eq!(r.code, Some(2));
    let r = common::run(&["dhcp", "-r", &file, "--mac", "02:00:00:00:00:01"]);
    assert!(r.one_error_line(2).contains("--probe"));
    let r = common::run(&["dhcp", "-r", &file, "--timeout", "3"]);
    assert!(r.one_error_line(2).contains("--probe"));
    // An unknown option before the expression is clap's usage error.
    let r = common::run(&["neighbors", "-r", &file, "--bogus"]);
    assert_eq!(r.code, Some(2));
    let r = common::run(&["dhcp", "-r", &file, "udp", "port"]);
    assert!(r.one_error_line(1).contains("filter"));
    let r = common::run(&["neighbors", "-r", "/nonexistent/x.pcap"]);
    r.one_error_line(1);
}

#[test]
fn a_damaged_file_reports_what_came_before() {
    let bytes = std::fs::read(common::fixture("dhcp-one-server.pcap")).unwrap();
    // Cut inside the last packet.
    let cut = &bytes[..bytes.len() - 100];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.pcap");
    std::fs::write(&path, cut).unwrap();
    let r = common::run(&["dhcp", "-r", path.to_str().unwrap()]);
    let line = r.one_error_line(1).to_string();
    assert!(line.contains("damaged"), "{line}");
    let out = r.text();
    assert_eq!(out.matches(" ACK ").count(), 3, "{out}");
    assert!(out.contains("DHCP servers at the end"));
}

#[test]
fn text_reports() {
    let runs: &[(&str, &[&str])] = &[
        (
            "dhcp_two_servers",
            &[
                "dhcp",
                "-r",
                "dhcp-two-servers.pcap",
                "--allowed-server",
                "10.88.0.1",
            ],
        ),
        ("dhcp_one_server", &["dhcp", "-r", "dhcp-one-server.pcap"]),
        ("dhcp_problems", &["dhcp", "-r", "dhcp-problems.pcap"]),
        (
            "dhcp6_two_servers",
            &["dhcp", "-r", "dhcp6-two-servers.pcap"],
        ),
        (
            "dhcp_watch_forms",
            &[
                "dhcp",
                "-r",
                "dhcp-watch-forms.pcap",
                "--allowed-server",
                "10.99.0.10",
            ],
        ),
        (
            "neighbors_arp_conflict",
            &["neighbors", "-r", "arp-conflict.pcap", "--storm-rate", "20"],
        ),
        ("neighbors_nd_dad", &["neighbors", "-r", "nd-dad.pcap"]),
        (
            "neighbors_forms",
            &["neighbors", "-r", "neighbors-forms.pcap"],
        ),
    ];
    for (name, args) in runs {
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                if a.ends_with(".pcap") {
                    fixture(a)
                } else {
                    a.to_string()
                }
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (out, err, code) = common::run(&args).into_parts();
        let body = format!("status: {code}\nstderr: {err}\n---\n{out}");
        insta::assert_snapshot!(format!("watch__{name}"), body);
    }
}

/// Every packet of the DHCP and neighbour fixtures cut at many lengths and
/// with bytes changed: both commands read it to the end without a panic,
/// exiting 0 or 3.
#[test]
fn cut_and_mutated_packets_never_panic() {
    let names = [
        "dhcp-two-servers.pcap",
        "dhcp-problems.pcap",
        "dhcp6-two-servers.pcap",
        "dhcp-watch-forms.pcap",
        "dhcp-built.pcap",
        "arp-conflict.pcap",
        "nd-dad.pcap",
        "neighbors-forms.pcap",
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for name in names {
        let (lt, packets) = common::read_packets(&common::fixture(name));
        let mut pcap = common::Pcap::new(lt as u32);
        let mut n = 0u32;
        for p in &packets {
            for cut in (0..p.data.len()).step_by(5) {
                pcap.packet_cut(p.secs as u32, n, &p.data, cut);
                n += 1;
            }
            for _ in 0..8 {
                let mut d = p.data.clone();
                for _ in 0..3 {
                    let at = (rand() as usize) % d.len().max(1);
                    if let Some(b) = d.get_mut(at) {
                        *b = rand() as u8;
                    }
                }
                pcap.packet(p.secs as u32, n, &d);
                n += 1;
            }
        }
        let path = dir.path().join(name);
        pcap.write_to(&path);
        for cmd in ["dhcp", "neighbors"] {
            let r = common::run(&[cmd, "-r", path.to_str().unwrap(), "--json"]);
            assert!(
                matches!(r.code, Some(0) | Some(3)),
                "{cmd} {name}: status {:?}, stderr {}",
                r.code,
                r.stderr
            );
            for l in r.text().lines() {
                serde_json::from_str::<Value>(l)
                    .unwrap_or_else(|e| panic!("{cmd} {name}: {e}: {l}"));
            }
        }
    }
}
