//! Builds the "protocol forms" fixture captures: one file per family, each
//! covering the forms of a protocol that tcpdump prints, including broken
//! ones that no real peer sends.
//!
//! ```text
//! cargo run --example build-form-fixtures -- fixtures/
//! ```
//!
//! Output is byte-for-byte deterministic: fixed addresses, fixed time
//! stamps, no randomness. Every frame is built field by field with its
//! lengths and checksums computed (`wire.rs`), so that it is wrong only
//! where its comment says so. fixtures/README.md lists every packet.

mod arp;
mod atm;
mod capture;
mod cdp;
mod dhcp6;
mod dtp;
mod icmp;
mod ipproto;
mod ipv4;
mod ipv6;
mod links;
mod lldp;
mod stp;
mod tcp;
mod time;
mod trunc;
mod tunnels;
mod udp;
mod udpapps;
mod vlandeep;
mod vtp;
mod watch;
mod wire;

use std::path::PathBuf;

use capture::*;

fn main() -> Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .ok_or("usage: build-form-fixtures OUTDIR")?;
    std::fs::create_dir_all(&dir)?;
    let pcap = |name: &str, linktype: u32, frames: Vec<Frame>| {
        write_pcap(&dir.join(name), linktype, Resolution::Micro, &frames)
    };
    pcap("ipv4-options.pcap", LINKTYPE_ETHERNET, ipv4::frames())?;
    pcap("icmp-types.pcap", LINKTYPE_ETHERNET, icmp::frames())?;
    pcap("arp-forms.pcap", LINKTYPE_ETHERNET, arp::frames())?;
    pcap("tcp-options.pcap", LINKTYPE_ETHERNET, tcp::options())?;
    pcap("tcp-forms.pcap", LINKTYPE_ETHERNET, tcp::forms())?;
    pcap("udp-forms.pcap", LINKTYPE_ETHERNET, udp::udp_forms())?;
    pcap("vlan-forms.pcap", LINKTYPE_ETHERNET, udp::vlan_forms())?;
    pcap("vlan-deep.pcap", LINKTYPE_ETHERNET, vlandeep::frames())?;
    pcap(
        "dhcpv6-forms.pcap",
        LINKTYPE_ETHERNET,
        dhcp6::dhcpv6_forms(),
    )?;
    pcap("ntp-forms.pcap", LINKTYPE_ETHERNET, udpapps::ntp_forms())?;
    pcap(
        "syslog-forms.pcap",
        LINKTYPE_ETHERNET,
        udpapps::syslog_forms(),
    )?;
    pcap("igmp-forms.pcap", LINKTYPE_ETHERNET, ipproto::igmp_forms())?;
    pcap("vrrp-forms.pcap", LINKTYPE_ETHERNET, ipproto::vrrp_forms())?;
    pcap("truncation.pcap", LINKTYPE_ETHERNET, trunc::frames())?;
    pcap("lldp-forms.pcap", LINKTYPE_ETHERNET, lldp::frames())?;
    pcap("cdp-forms.pcap", LINKTYPE_ETHERNET, cdp::frames())?;
    pcap("dtp-forms.pcap", LINKTYPE_ETHERNET, dtp::frames())?;
    pcap("udld-forms.pcap", LINKTYPE_ETHERNET, dtp::udld_frames())?;
    pcap("vtp-forms.pcap", LINKTYPE_ETHERNET, vtp::vtp_frames())?;
    pcap(
        "loopback-forms.pcap",
        LINKTYPE_ETHERNET,
        vtp::loopback_frames(),
    )?;
    pcap("stp-forms.pcap", LINKTYPE_ETHERNET, stp::frames())?;
    pcap(
        "dhcp-watch-forms.pcap",
        LINKTYPE_ETHERNET,
        watch::dhcp_frames(),
    )?;
    pcap(
        "neighbors-forms.pcap",
        LINKTYPE_ETHERNET,
        watch::neighbor_frames(),
    )?;
    pcap("link-sll.pcap", LINKTYPE_LINUX_SLL, links::sll_frames())?;
    pcap("link-sll2.pcap", LINKTYPE_LINUX_SLL2, links::sll2_frames())?;
    pcap("link-null.pcap", LINKTYPE_NULL, links::null_frames(false))?;
    pcap("link-loop.pcap", LINKTYPE_LOOP, links::null_frames(true))?;
    pcap("link-raw.pcap", LINKTYPE_RAW, links::raw_frames())?;
    pcap("link-atm-rfc1483.pcap", LINKTYPE_ATM_RFC1483, atm::frames())?;
    pcap("link-ipv4.pcap", LINKTYPE_IPV4, links::raw_frames())?;
    pcap("ipv6-forms.pcap", LINKTYPE_ETHERNET, ipv6::forms())?;
    pcap("icmp6-types.pcap", LINKTYPE_ETHERNET, ipv6::icmp_types())?;
    pcap("icmp6-cut.pcap", LINKTYPE_ETHERNET, ipv6::icmp6_cuts())?;
    pcap("link-ipv6.pcap", LINKTYPE_IPV6, ipv6::raw_frames())?;
    pcap("link-null-ipv6.pcap", LINKTYPE_NULL, ipv6::null_frames())?;
    pcap(
        "link-sll2-ipv6.pcap",
        LINKTYPE_LINUX_SLL2,
        ipv6::sll2_frames(),
    )?;
    pcap(
        "vxlan-forms.pcap",
        LINKTYPE_ETHERNET,
        tunnels::vxlan_forms(),
    )?;
    pcap(
        "geneve-forms.pcap",
        LINKTYPE_ETHERNET,
        tunnels::geneve_forms(),
    )?;
    pcap("gre-forms.pcap", LINKTYPE_ETHERNET, tunnels::gre_forms())?;
    pcap("ipip-forms.pcap", LINKTYPE_ETHERNET, tunnels::ipip_forms())?;
    pcap("mpls-forms.pcap", LINKTYPE_ETHERNET, tunnels::mpls_forms())?;
    pcap("nsh-forms.pcap", LINKTYPE_ETHERNET, tunnels::nsh_forms())?;
    pcap(
        "bcmli-forms.pcap",
        LINKTYPE_ETHERNET,
        tunnels::bcmli_forms(),
    )?;
    write_pcap(
        &dir.join("nano.pcap"),
        LINKTYPE_ETHERNET,
        Resolution::Nano,
        &time::nano_frames(),
    )?;
    // Millisecond time stamps (if_tsresol 3), interface snaplen 128.
    write_pcapng(
        &dir.join("forms.pcapng"),
        LINKTYPE_ETHERNET as u16,
        128,
        3,
        &time::pcapng_records(),
    )?;
    Ok(())
}
