//! Value-to-name tables, as tcpdump prints them (its `struct tok` tables
//! and its copy of the IP protocol keywords). Names are data kept for the
//! printers, never in the decoder.

/// tcpdump's `ethertype_values`.
pub fn ethertype(t: u16) -> Option<&'static str> {
    Some(match t {
        0x0800 => "IPv4",
        0x8847 => "MPLS unicast",
        0x8848 => "MPLS multicast",
        0x86dd => "IPv6",
        0x8100 => "802.1Q",
        0x9100 => "802.1Q-9100",
        0x88a8 => "802.1Q-QinQ",
        0x9200 => "802.1Q-9200",
        0x88e5 => "802.1AE MACsec",
        0x0200 => "PUP",
        0x0806 => "ARP",
        0x8035 => "Reverse ARP",
        0x0600 => "NS",
        0x0500 => "Sprite",
        0x1000 => "Trail",
        0x6001 => "MOP DL",
        0x6002 => "MOP RC",
        0x6003 => "DN",
        0x6004 => "LAT",
        0x6007 => "SCA",
        0x6558 => "TEB",
        0x8038 => "Lanbridge",
        0x803c => "DEC DNS",
        0x803e => "DEC DTS",
        0x805b => "VEXP",
        0x805c => "VPROD",
        0x809b => "Appletalk",
        0x80f3 => "Appletalk ARP",
        0x8137 => "IPX",
        0x880b => "PPP",
        0x8808 => "MPCP",
        0x8809 => "Slow Protocols",
        0x8863 => "PPPoE D",
        0x8864 => "PPPoE S",
        0x888e => "EAPOL",
        0x8899 => "Realtek protocols",
        0x886f => "MS NLB heartbeat",
        0x8870 => "Jumbo",
        0x894f => "NSH",
        0x9000 => "Loopback",
        0xfefe => "OSI",
        0x00fe => "GRE-OSI",
        0xabcd => "CFM (old)",
        0x8902 => "CFM",
        0x893a => "IEEE1905.1",
        0x88cc => "LLDP",
        0x88ca => "TIPC",
        0x0707 => "GeoNet (old)",
        0x8947 => "GeoNet",
        0x1111 => "CALM FAST",
        0x88a2 => "AoE",
        0x88f7 => "PTP",
        0xd28b => "Arista Vendor Specific Protocol",
        _ => return None,
    })
}

/// tcpdump's `ipproto_values`.
pub fn ipproto(p: u8) -> Option<&'static str> {
    Some(match p {
        0 => "Options",
        1 => "ICMP",
        2 => "IGMP",
        4 => "IPIP",
        6 => "TCP",
        8 => "EGP",
        9 => "IGRP",
        17 => "UDP",
        33 => "DCCP",
        41 => "IPv6",
        43 => "Routing",
        44 => "Fragment",
        46 => "RSVP",
        47 => "GRE",
        50 => "ESP",
        51 => "AH",
        55 => "Mobile IP",
        58 => "ICMPv6",
        62 => "Mobile IP (old)",
        88 => "EIGRP",
        89 => "OSPF",
        103 => "PIM",
        108 => "Compressed IP",
        112 => "VRRP",
        113 => "PGM",
        132 => "SCTP",
        135 => "Mobility",
        143 => "Ethernet",
        _ => return None,
    })
}

/// tcpdump's `bsd_af_values` for DLT_NULL/DLT_LOOP headers.
pub fn bsd_af(f: u32) -> Option<&'static str> {
    Some(match f {
        2 => "IPv4",
        6 => "NS",
        7 => "ISO",
        16 => "Appletalk",
        23 => "IPX",
        24 | 28 | 30 => "IPv6",
        _ => return None,
    })
}

/// tcpdump's `arphrd_values`: ARP hardware types.
pub fn arp_hrd(h: u16) -> Option<&'static str> {
    Some(match h {
        1 => "Ethernet",
        6 => "TokenRing",
        7 => "ArcNet",
        15 => "FrameRelay",
        23 => "Strip",
        24 => "IEEE 1394",
        19 => "ATM",
        32 => "InfiniBand",
        _ => return None,
    })
}

/// tcpdump's `arpop_values`: ARP operations.
pub fn arp_op(op: u16) -> Option<&'static str> {
    Some(match op {
        1 => "Request",
        2 => "Reply",
        3 => "Reverse Request",
        4 => "Reverse Reply",
        8 => "Inverse Request",
        9 => "Inverse Reply",
        10 => "NACK Reply",
        _ => return None,
    })
}

/// tcpdump's `oui_values`: organisation codes of SNAP headers.
pub fn oui(o: u32) -> Option<&'static str> {
    Some(match o {
        0x000000 => "Ethernet",
        0x00000c => "Cisco",
        0x00005e => "IANA",
        0x000081 => "Nortel Networks SONMP",
        0x0000f8 => "Cisco bridged",
        0x0080c2 => "Ethernet bridged",
        0x00a03e => "ATM Forum",
        0x00e02f => "DOCSIS Spanning Tree",
        0x080007 => "Appletalk",
        0x009069 => "Juniper",
        0x080009 => "Hewlett-Packard",
        0x00120f => "IEEE 802.3 Private",
        0x0012bb => "ANSI/TIA",
        0x001b21 => "DCBX",
        0x002320 => "Nicira Networks",
        0x5c16c7 => "Big Switch Networks",
        0xb0d2f5 => "Vello Systems",
        0x002481 => "HP",
        0x0004ea => "HP-Labs",
        0x748771 => "Infoblox Inc",
        0xa42305 => "Open Networking Lab",
        0x00049f => "Freescale",
        0x0015ad => "Netronome",
        0x001018 => "Broadcom",
        0x00e004 => "PMC-Sierra",
        0xd0f0db => "Ericsson",
        _ => return None,
    })
}

/// The name of a SNAP protocol id, from the table tcpdump picks by OUI
/// (ethertypes for encapsulated Ethernet, Cisco's ids, RFC 2684's bridged
/// frame types).
pub fn snap_pid(oui: u32, pid: u16) -> Option<&'static str> {
    match oui {
        0x000000 | 0x0000f8 | 0x080007 => ethertype(pid),
        0x00000c => Some(match pid {
            0x2000 => "CDP",
            0x2003 => "VTP",
            0x2004 => "DTP",
            0x0111 => "UDLD",
            0x010b => "PVST",
            0x010c => "VLAN Bridge",
            _ => return None,
        }),
        0x0080c2 => Some(match pid {
            0x0001 => "Ethernet + FCS",
            0x0007 => "Ethernet w/o FCS",
            0x0002 => "802.4 + FCS",
            0x0008 => "802.4 w/o FCS",
            0x0003 => "Token Ring + FCS",
            0x0009 => "Token Ring w/o FCS",
            0x0004 => "FDDI + FCS",
            0x000a => "FDDI w/o FCS",
            0x0005 => "802.6 + FCS",
            0x000b => "802.6 w/o FCS",
            0x000e => "BPDU",
            _ => return None,
        }),
        _ => None,
    }
}

/// tcpdump's `llc_values`: LLC service access points.
pub fn llc_sap(sap: u8) -> Option<&'static str> {
    Some(match sap {
        0x00 => "Null",
        0xff => "Global",
        0x02 => "802.1B I",
        0x03 => "802.1B G",
        0x06 => "IP",
        0x04 => "SNA",
        0x0e => "ProWay NM",
        0x42 => "STP",
        0x4e => "RS511",
        0x7e => "ISO8208",
        0x8e => "ProWay",
        0xaa => "SNAP",
        0xe0 => "IPX",
        0xf0 => "NetBeui",
        0xfe => "OSI",
        _ => return None,
    })
}

/// tcpdump's `llc_cmd_values`: LLC U-frame commands.
pub fn llc_cmd(c: u8) -> Option<&'static str> {
    Some(match c {
        0x03 => "ui",
        0xe3 => "test",
        0xaf => "xid",
        0x63 => "ua",
        0x43 => "disc",
        0x0f => "dm",
        0x6f => "sabme",
        0x87 => "frmr",
        _ => return None,
    })
}

/// The keyword tcpdump 4.99 prints for an IP protocol it does not decode
/// (its own copy of the IANA keywords, /etc/protocols spellings).
pub fn ip_protocol(p: u8) -> Option<&'static str> {
    Some(match p {
        0 => "hopopt",
        1 => "icmp",
        2 => "igmp",
        3 => "ggp",
        4 => "ipencap",
        5 => "st",
        6 => "tcp",
        7 => "cbt",
        8 => "egp",
        9 => "igp",
        10 => "bbn-rcc-mon",
        11 => "nvp-ii",
        12 => "pup",
        13 => "argus",
        14 => "emcon",
        15 => "xnet",
        16 => "chaos",
        17 => "udp",
        18 => "mux",
        19 => "dcn-meas",
        20 => "hmp",
        21 => "prm",
        22 => "xns-idp",
        23 => "trunk-1",
        24 => "trunk-2",
        25 => "leaf-1",
        26 => "leaf-2",
        27 => "rdp",
        28 => "irtp",
        29 => "iso-tp4",
        30 => "netblt",
        31 => "mfe-nsp",
        32 => "merit-inp",
        33 => "dccp",
        34 => "3pc",
        35 => "idpr",
        36 => "xtp",
        37 => "ddp",
        38 => "idpr-cmtp",
        39 => "tp++",
        40 => "il",
        41 => "ipv6",
        42 => "sdrp",
        43 => "ipv6-route",
        44 => "ipv6-frag",
        45 => "idrp",
        46 => "rsvp",
        47 => "gre",
        48 => "dsr",
        49 => "bna",
        50 => "esp",
        51 => "ah",
        52 => "i-nlsp",
        53 => "swipe",
        54 => "narp",
        55 => "mobile",
        56 => "tlsp",
        57 => "skip",
        58 => "ipv6-icmp",
        59 => "ipv6-nonxt",
        60 => "ipv6-opts",
        62 => "cftp",
        64 => "sat-expak",
        65 => "kryptolan",
        66 => "rvd",
        67 => "ippc",
        69 => "sat-mon",
        70 => "visa",
        71 => "ipcv",
        72 => "cpnx",
        73 => "rspf",
        74 => "wsn",
        75 => "pvp",
        76 => "br-sat-mon",
        77 => "sun-nd",
        78 => "wb-mon",
        79 => "wb-expak",
        80 => "iso-ip",
        81 => "vmtp",
        82 => "secure-vmtp",
        83 => "vines",
        84 => "ttp",
        85 => "nsfnet-igp",
        86 => "dgp",
        87 => "tcf",
        88 => "eigrp",
        89 => "ospf",
        90 => "sprite-rpc",
        91 => "larp",
        92 => "mtp",
        93 => "ax.25",
        94 => "ipip",
        95 => "micp",
        96 => "scc-sp",
        97 => "etherip",
        98 => "encap",
        100 => "gmtp",
        101 => "ifmp",
        102 => "pnni",
        103 => "pim",
        104 => "aris",
        105 => "scps",
        106 => "qnx",
        107 => "a/n",
        108 => "ipcomp",
        109 => "snp",
        110 => "compaq-peer",
        111 => "ipx-in-ip",
        112 => "vrrp",
        113 => "pgm",
        115 => "l2tp",
        116 => "ddx",
        117 => "iatp",
        118 => "stp",
        119 => "srp",
        120 => "uti",
        121 => "smp",
        122 => "sm",
        123 => "ptp",
        124 => "isis",
        125 => "fire",
        126 => "crtp",
        127 => "crudp",
        128 => "sscopmce",
        129 => "iplt",
        130 => "sps",
        131 => "pipe",
        132 => "sctp",
        133 => "fc",
        134 => "rsvp-e2e-ignore",
        135 => "mobility-header",
        136 => "udplite",
        137 => "mpls-in-ip",
        138 => "manet",
        139 => "hip",
        140 => "shim6",
        141 => "wesp",
        142 => "rohc",
        253 => "exptest-253",
        254 => "exptest-254",
        255 => "reserved",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_keywords() {
        assert_eq!(ip_protocol(17), Some("udp"));
        assert_eq!(ip_protocol(4), Some("ipencap"));
        assert_eq!(ip_protocol(99), None);
        assert_eq!(ip_protocol(253), Some("exptest-253"));
        assert_eq!((0..=255).filter_map(ip_protocol).count(), 141);
    }
}
