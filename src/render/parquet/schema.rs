//! The Parquet schema: the JSON schema of `docs/json.md` (and of
//! `docs/flows.md` for connections) as typed columns. `docs/parquet.md`
//! documents it; a change to a column's meaning or type bumps
//! [`SCHEMA_VERSION`].
//!
//! The schema is a static tree of [`F`]ields. Each JSON object is a
//! struct, each array a list, each number an integer of the width its
//! value has in the decoder (unsigned where the field is), addresses and
//! names strings. Where JSON puts values of different types under one key
//! (a DHCP option's value, an IPv6 option's value) the column is
//! [`Ty::Json`]: the value's JSON text. A layer absent from a packet is a
//! null struct; a field absent from a layer is null.

/// The version of the Parquet schema, stored in each file's key-value
/// metadata as `netdecode.schema`.
pub const SCHEMA_VERSION: u32 = 2;

/// A column's type.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    Bool,
    U8,
    U16,
    U32,
    I8,
    I32,
    I64,
    F64,
    Str,
    /// Any JSON value, as its JSON text.
    Json,
    /// A time stamp (UTC) at the run's precision; filled by the writer,
    /// not from the JSON view.
    Ts,
    Struct(&'static [F]),
    List(&'static Ty),
}

/// A named column.
#[derive(Clone, Copy, Debug)]
pub struct F {
    pub name: &'static str,
    pub ty: Ty,
}

const fn f(name: &'static str, ty: Ty) -> F {
    F { name, ty }
}

use Ty::{Bool, Json, List, Str, Struct, Ts, F64, I32, I64, I8, U16, U32, U8};

const STOP: &[F] = &[f("layer", Str), f("offset", U32), f("reason", Str)];

const ETHERNET: &[F] = &[f("src", Str), f("dst", Str), f("ethertype", U16)];

const VLAN: &[F] = &[
    f("tpid", U16),
    f("id", U16),
    f("pcp", U8),
    f("dei", Bool),
    f("ethertype", U16),
];

const SLL: &[F] = &[
    f("ifindex", U32),
    f("packet_type", U16),
    f("hatype", U16),
    f("address", Str),
    f("protocol", U16),
];

const NULL: &[F] = &[f("family", U32)];

const LLC: &[F] = &[
    f("dsap", U8),
    f("ssap", U8),
    f("control", U16),
    f("snap", Struct(&[f("oui", U32), f("pid", U16)])),
];

const STP: &[F] = &[
    f("protocol_id", U16),
    f("version", U8),
    f("bpdu_type", U8),
    f("flags", U8),
    f("root_id", Str),
    f("root_path_cost", U32),
    f("bridge_id", Str),
    f("port_id", U16),
    f("length", U32),
    f("message_age", F64),
    f("max_age", F64),
    f("hello_time", F64),
    f("forward_delay", F64),
    f("invalid", Str),
    f("v3_length", U16),
    f("mcid_name", Str),
    f("mcid_revision", U16),
    f("mcid_digest", Str),
    f("cist_internal_path_cost", U32),
    f("cist_bridge_id", Str),
    f("cist_remaining_hops", U8),
    f(
        "mstis",
        List(&Struct(&[
            f("id", U16),
            f("flags", U8),
            f("regional_root_id", Str),
            f("path_cost", U32),
            f("bridge_priority", U8),
            f("port_priority", U8),
            f("remaining_hops", U8),
        ])),
    ),
    // The SPB extension (many fields of its own).
    f("spb", Json),
];

const ARP: &[F] = &[
    f("htype", U16),
    f("ptype", U16),
    f("hlen", U8),
    f("plen", U8),
    f("op", U16),
    f("op_name", Str),
    f("sender_hw", Str),
    f("sender_proto", Str),
    f("target_hw", Str),
    f("target_proto", Str),
    f("sender_subaddr", Str),
    f("target_subaddr", Str),
    f("length", U32),
];

/// Every field of every IPv4 option kind (and of a walk's error).
const IP4_OPTION: &[F] = &[
    f("kind", Str),
    f("code", U8),
    f("length", U8),
    f("pointer", U8),
    f("addresses", List(&Str)),
    f("bad_length", Bool),
    f("overflow", U8),
    f("flag", U8),
    f("layout", Str),
    f(
        "entries",
        List(&Struct(&[f("timestamp", U32), f("address", Str)])),
    ),
    f("value", U16),
    f("data", Str),
    f("error", Str),
    f("len", U8),
];

const IPV4: &[F] = &[
    f("src", Str),
    f("dst", Str),
    f("version", U8),
    f("header_len", U8),
    f("tos", U8),
    f("length", U16),
    f("id", U16),
    f(
        "flags",
        Struct(&[f("df", Bool), f("mf", Bool), f("reserved", Bool)]),
    ),
    f("frag_offset", U32),
    f("ttl", U8),
    f("proto", U8),
    f("checksum", U16),
    f("checksum_ok", Bool),
    f("options", Str),
    f("option_list", List(&Struct(IP4_OPTION))),
    f("invalid", Str),
];

const IP6_OPTION: &[F] = &[
    f("name", Str),
    // Router alert and jumbo: a number; home address: a string.
    f("value", Json),
    f("sub_options", Str),
    f("type", U8),
    f("length", U32),
    f("data", Str),
    f("invalid", Str),
];

const IP6_EXT: &[F] = &[
    f("type", Str),
    f("truncated", Bool),
    f("next_header", U8),
    f("length", U32),
    f("options", List(&Struct(IP6_OPTION))),
    f("routing_type", U8),
    f("segments_left", U8),
    f("addresses", List(&Str)),
    f("last_entry", U8),
    f("flags", U8),
    f("tag", U16),
    f("segments", List(&Str)),
    f("offset", U32),
    f("more", Bool),
    f("id", U32),
    f("spi", U32),
    f("seq", U32),
    f("icv", Str),
    f("mh_type", U8),
];

const IPV6: &[F] = &[
    f("src", Str),
    f("dst", Str),
    f("version", U8),
    f("traffic_class", U8),
    f("dscp", U8),
    f("ecn", U8),
    f("flow_label", U32),
    f("payload_length", U16),
    f("next_header", U8),
    f("hop_limit", U8),
    f("ext", List(&Struct(IP6_EXT))),
    f("upper", U8),
    f("jumbo_length", U32),
    f("final_dst", Str),
    f("invalid", Str),
];

const IP_PAYLOAD: &[F] = &[f("proto", U8), f("captured", U32)];

const ICMP_QUOTED: &[F] = &[
    f("src", Str),
    f("dst", Str),
    f("proto", U8),
    f("ttl", U8),
    f("id", U16),
    f("length", U16),
    f("header_len", U8),
    f("src_port", U16),
    f("dst_port", U16),
    f("icmp_type", U8),
    f("icmp_code", U8),
    f("captured", U32),
];

const ICMP_EXT_OBJECT: &[F] = &[
    f("class", U8),
    f("ctype", U8),
    f("length", U16),
    f(
        "mpls",
        Struct(&[
            f("label", U32),
            f("tc", U8),
            f("bottom_of_stack", Bool),
            f("ttl", U8),
        ]),
    ),
    f("data", Str),
];

const ICMP: &[F] = &[
    f("type", U8),
    f("code", U8),
    f("name", Str),
    f("code_name", Str),
    f("checksum", U16),
    f("checksum_ok", Bool),
    f("length", U32),
    f("id", U16),
    f("seq", U16),
    f("gateway", Str),
    f("mtu", U16),
    f("pointer", U8),
    f("originate", U32),
    f("receive", U32),
    f("transmit", U32),
    f("mask", U32),
    f("lifetime", U16),
    f("num_addrs", U8),
    f("addr_entry_size", U8),
    f(
        "routers",
        List(&Struct(&[f("addr", Str), f("preference", I32)])),
    ),
    f("truncated", Bool),
    f("quoted", Struct(ICMP_QUOTED)),
    f(
        "extensions",
        Struct(&[
            f("version", U8),
            f("checksum", U16),
            f("checksum_ok", Bool),
            f("length", U32),
            f("objects", List(&Struct(ICMP_EXT_OBJECT))),
        ]),
    ),
];

const ND_OPTION: &[F] = &[
    f("type", U8),
    f("name", Str),
    f("length", U32),
    f("address", Str),
    f("prefix", Str),
    f("prefix_len", U8),
    f("flags", U8),
    f("valid_lifetime", U32),
    f("preferred_lifetime", U32),
    f("mtu", U32),
    f("lifetime", U32),
    f("servers", List(&Str)),
    f("domains", List(&Str)),
    f("preference", U8),
    f("data", Str),
];

const ICMPV6: &[F] = &[
    f("type", U8),
    f("code", U8),
    f("name", Str),
    f("checksum", U16),
    f("checksum_ok", Bool),
    f("length", U32),
    f("truncated", Bool),
    f("mtu", U32),
    f("pointer", U32),
    f(
        "quoted",
        Struct(&[f("src", Str), f("dst", Str), f("upper", List(&U16))]),
    ),
    f("id", U16),
    f("seq", U16),
    f("max_delay", U16),
    f("group", Str),
    f("num_sources", U16),
    f(
        "records",
        List(&Struct(&[
            f("record_type", U8),
            f("group", Str),
            f("sources", List(&Str)),
        ])),
    ),
    f("hop_limit", U8),
    f("flags", U8),
    f("router_lifetime", U16),
    f("reachable_time", U32),
    f("retrans_timer", U32),
    f("target", Str),
    f("router", Bool),
    f("solicited", Bool),
    f("override", Bool),
    f("destination", Str),
    f("options", List(&Struct(ND_OPTION))),
];

const PIM_SOURCE: &[F] = &[
    f("addr", Str),
    f("mask_len", U8),
    f("sparse", Bool),
    f("wildcard", Bool),
    f("rpt", Bool),
];

const IGMP: &[F] = &[
    f("type", U8),
    f("name", Str),
    f("length", U32),
    f("checksum", U16),
    f("checksum_ok", Bool),
    f("version", U8),
    f("max_resp_time", U32),
    f("group", Str),
    f("suppress", Bool),
    f("qrv", U8),
    f("qqi", U32),
    f("num_sources", U16),
    f("sources", List(&Str)),
    f("num_records", U16),
    f(
        "records",
        List(&Struct(&[
            f("record_type", U8),
            f("record_type_name", Str),
            f("aux_len", U8),
            f("group", Str),
            f("num_sources", U16),
            f("sources", List(&Str)),
        ])),
    ),
    f("hops", U8),
    f("src", Str),
    f("dst", Str),
    f("response_addr", Str),
    f("response_ttl", U8),
    f("query_id", U32),
    f(
        "dvmrp",
        Struct(&[
            f("type", U8),
            f("name", Str),
            f("generation_id", U32),
            // Probe: addresses; neighbors and neighbors2: objects.
            f("neighbors", Json),
            f(
                "routes",
                List(&Struct(&[
                    f("mask", Str),
                    f("origin", Str),
                    f("metric", U8),
                ])),
            ),
            f("major_version", U8),
            f("minor_version", U8),
            f("src", Str),
            f("group", Str),
            f("lifetime", U32),
            f("invalid", Str),
        ]),
    ),
    f(
        "pimv1",
        Struct(&[
            f("type", U8),
            f("name", Str),
            f("version", U8),
            f("mode", U8),
            f("mode_name", Str),
            f("holdtime", U16),
            f("src", Str),
            f("dst", Str),
            f("group", Str),
            f("group_mask", Str),
            f("rp", Str),
            f("rpt", Bool),
            f("preference", U32),
            f("metric", U32),
            f("upstream", Str),
            f(
                "groups",
                List(&Struct(&[
                    f("group", Str),
                    f("group_mask", Str),
                    f("joins", List(&Struct(PIM_SOURCE))),
                    f("prunes", List(&Struct(PIM_SOURCE))),
                ])),
            ),
            f("invalid", Str),
        ]),
    ),
    f("invalid", Str),
    f("truncated", Bool),
];

const VRRP: &[F] = &[
    f("version", U8),
    f("type", U8),
    f("type_name", Str),
    f("length", U32),
    f("ttl", U8),
    f("vrid", U8),
    f("priority", U8),
    f("addr_count", U8),
    f("auth_type", U8),
    f("auth_type_name", Str),
    f("interval_s", U8),
    f("interval_cs", U16),
    f("checksum", U16),
    f("checksum_ok", Bool),
    f("addrs", List(&Str)),
    f("password", Str),
    f("truncated", Bool),
];

const UDP: &[F] = &[
    f("src_port", U16),
    f("dst_port", U16),
    f("length", U16),
    f("checksum", U16),
    f("payload_len", U32),
    f("invalid", Str),
];

const TCP_FLAGS: &[F] = &[
    f("fin", Bool),
    f("syn", Bool),
    f("rst", Bool),
    f("psh", Bool),
    f("ack", Bool),
    f("urg", Bool),
    f("ece", Bool),
    f("cwr", Bool),
    f("ae", Bool),
];

/// Every field any TCP option (MPTCP included) or walk error has.
const TCP_OPTION: &[F] = &[
    f("kind", Str),
    f("code", U8),
    f("bad_len", U8),
    f("value", U32),
    f("blocks", List(&List(&U32))),
    f("valid", Bool),
    f("val", U32),
    f("ecr", U32),
    f("digest", Str),
    f("capabilities", U8),
    f("connection_id", U8),
    f("timeout", U16),
    f("unit", Str),
    f("experimental", Bool),
    f("cookie_request", Bool),
    f("cookie", Str),
    f("magic", U16),
    f("data", Str),
    f("key_id", U8),
    f("rnext_key_id", U8),
    f("mac", Str),
    f("subtype", Str),
    f("subtype_code", U8),
    f("version", U8),
    f("checksum_required", Bool),
    f("sender_key", Str),
    f("receiver_key", Str),
    f("step", Str),
    f("backup", Bool),
    f("addr_id", U8),
    f("token", U32),
    f("nonce", U32),
    f("hmac", Str),
    f("data_fin", Bool),
    f("data_ack", I64),
    f("dsn", I64),
    f("subflow_seq", U32),
    f("data_len", U16),
    f("checksum", U16),
    f("echo_bits", U8),
    f("addr", Str),
    f("port", U16),
    f("addr_ids", List(&U8)),
    f("key", Str),
    f("error", Str),
    f("len", U8),
];

const TCP: &[F] = &[
    f("src_port", U16),
    f("dst_port", U16),
    f("seq", U32),
    f("ack", U32),
    f("header_len", U8),
    f("flags", Struct(TCP_FLAGS)),
    f("window", U16),
    f("checksum", U16),
    f("urgent", U16),
    f("options", List(&Struct(TCP_OPTION))),
    f("payload_len", U32),
    f("invalid", Str),
];

const TEXT_PROTO: &[F] = &[
    f("is_message", Bool),
    f("first_line", Str),
    f("first_line_truncated", Bool),
];

const SSH: &[F] = &[f("banner", Str)];

const DHCP_OPTION: &[F] = &[
    f("code", U8),
    f("name", Str),
    f("length", U32),
    f("area", Str),
    f("value", Json),
];

const DHCP: &[F] = &[
    f("op", U8),
    f("op_name", Str),
    f("htype", U8),
    f("hlen", U8),
    f("hops", U8),
    f("xid", U32),
    f("secs", U16),
    f("flags", U16),
    f("broadcast", Bool),
    f("ciaddr", Str),
    f("yiaddr", Str),
    f("siaddr", Str),
    f("giaddr", Str),
    f("chaddr", Str),
    f("sname", Str),
    f("file", Str),
    f("vendor", Str),
    f("cookie", U32),
    f(
        "cmu",
        Struct(&[
            f("flags", U32),
            f("subnet_mask", Str),
            f("gateway", Str),
            f("dns_server_1", Str),
            f("dns_server_2", Str),
            f("ien116_server_1", Str),
            f("ien116_server_2", Str),
            f("time_server_1", Str),
            f("time_server_2", Str),
        ]),
    ),
    f("message_type", Str),
    f("message_type_code", U8),
    // Keyed by option name, each value of its own type.
    f("options", Json),
    f("option_list", List(&Struct(DHCP_OPTION))),
    f("end", Bool),
    f("pad_bytes", U32),
    f("bytes_after_end", U32),
    f(
        "truncated_option",
        Struct(&[f("code", U8), f("length", U8), f("available", U32)]),
    ),
];

const DNS_QUESTION: &[F] = &[
    f("name", Str),
    f("type", U16),
    f("type_name", Str),
    f("class", U16),
    f("unicast_response", Bool),
];

/// Every field of every record type's `data`.
const DNS_DATA: &[F] = &[
    f("address", Str),
    f("target", Str),
    f("mname", Str),
    f("rname", Str),
    f("serial", U32),
    f("refresh", U32),
    f("retry", U32),
    f("expire", U32),
    f("minimum", U32),
    f("preference", U16),
    f("exchange", Str),
    f("strings", List(&Str)),
    f("priority", U16),
    f("weight", U16),
    f("port", U16),
    f("prefix_len", U8),
    f("suffix", Str),
    f("prefix_name", Str),
    f("algorithm", Str),
    f("fudge", U16),
    f("mac_len", U16),
    f("original_id", U16),
    f("error", U16),
    f("other_len", U16),
    f("text", Str),
    f("rdata", Str),
];

const EDNS_OPTION: &[F] = &[
    f("code", U16),
    f("name", Str),
    f("data", Str),
    f("family", U16),
    f("source_prefix", U8),
    f("scope_prefix", U8),
    f("address", Str),
    f("client", Str),
    f("server", Str),
    f("timeout_100ms", U16),
    f("expire", U32),
    f("padding_len", U32),
    f("chain", Str),
    f("nsid", Str),
];

const DNS_RECORD: &[F] = &[
    f("name", Str),
    f("type", U16),
    f("type_name", Str),
    f("class", U16),
    f("cache_flush", Bool),
    f("ttl", U32),
    f("rdlength", U16),
    f("data", Struct(DNS_DATA)),
    f("udp_size", U16),
    f("ext_rcode", U8),
    f("version", U8),
    f("dnssec_ok", Bool),
    f("options", List(&Struct(EDNS_OPTION))),
];

const DNS: &[F] = &[
    f("transport", Str),
    f("length", U32),
    f("tcp_length_prefix", U16),
    f("invalid", Str),
    f("id", U16),
    f("response", Bool),
    f("opcode", U8),
    f("opcode_name", Str),
    f("rcode", U16),
    f("rcode_name", Str),
    f(
        "flags",
        Struct(&[
            f("aa", Bool),
            f("tc", Bool),
            f("rd", Bool),
            f("ra", Bool),
            f("ad", Bool),
            f("cd", Bool),
        ]),
    ),
    f("qdcount", U16),
    f("ancount", U16),
    f("nscount", U16),
    f("arcount", U16),
    f("questions", List(&Struct(DNS_QUESTION))),
    f("answers", List(&Struct(DNS_RECORD))),
    f("authorities", List(&Struct(DNS_RECORD))),
    f("additionals", List(&Struct(DNS_RECORD))),
    f("complete", Bool),
];

const NTP_TIME: &[F] = &[f("seconds", U32), f("fraction", U32), f("utc", Str)];

const NTP: &[F] = &[
    f("version", U8),
    f("mode", U8),
    f("mode_name", Str),
    f("leap", U8),
    f("length", U32),
    f("stratum", U8),
    f("poll", I8),
    f("precision", I8),
    f("root_delay", F64),
    f("root_dispersion", F64),
    f("reference_id", U32),
    f("reference_id_text", Str),
    f("reference_time", Struct(NTP_TIME)),
    f("origin_time", Struct(NTP_TIME)),
    f("receive_time", Struct(NTP_TIME)),
    f("transmit_time", Struct(NTP_TIME)),
    f("key_id", U32),
    f("digest", Str),
    f("extra_bytes", U32),
    f(
        "control",
        Struct(&[
            f("response", Bool),
            f("error", Bool),
            f("more", Bool),
            f("opcode", U8),
            f("sequence", U16),
            f("status", U16),
            f("association_id", U16),
            f("offset", U16),
            f("count", U16),
            f("data", Str),
        ]),
    ),
];

const SYSLOG: &[F] = &[
    f("length", U32),
    f("priority", U16),
    f("facility", U16),
    f("severity", U16),
    f("facility_name", Str),
    f("severity_name", Str),
    f("message", Str),
    f("invalid", Str),
];

const DHCPV6_OPTION: &[F] = &[
    f("code", U16),
    f("name", Str),
    f("length", U32),
    f("malformed", Bool),
    // Each option's value is of its own shape (DUIDs, IAs with their own
    // options, addresses, ...).
    f("value", Json),
];

const DHCPV6: &[F] = &[
    f("length", U32),
    f("msg_type", U8),
    f("msg_type_name", Str),
    f("hop_count", U8),
    f("link_addr", Str),
    f("peer_addr", Str),
    f("xid", U32),
    f("options", List(&Struct(DHCPV6_OPTION))),
    f("options_truncated", Bool),
];

const VXLAN: &[F] = &[
    f("flags", U8),
    f("vni_valid", Bool),
    f("vni", U32),
    f("invalid", Str),
];

const VXLAN_GPE: &[F] = &[
    f("flags", U8),
    f("vni_valid", Bool),
    f("next_protocol", U8),
    f("payload", Str),
    f("vni", U32),
    f("invalid", Str),
];

const BCM_LI: &[F] = &[
    f("direction", U8),
    f("pkt_type", U8),
    f("pkt_subtype", U8),
    f("li_id", U32),
    f("payload", Str),
    f("invalid", Str),
];

const GENEVE: &[F] = &[
    f("version", U8),
    f("oam", Bool),
    f("critical", Bool),
    f("flags", U8),
    f("protocol", U16),
    f("vni", U32),
    f("reserved", U8),
    f("options_len", U32),
    f(
        "options",
        List(&Struct(&[
            f("class", U16),
            f("type", U8),
            f("critical", Bool),
            f("length", U32),
            f("data", Str),
            f("bad_length", Bool),
        ])),
    ),
    f("invalid", Str),
];

const GRE: &[F] = &[
    f("version", U8),
    f(
        "flags",
        Struct(&[
            f("checksum", Bool),
            f("routing", Bool),
            f("key", Bool),
            f("sequence", Bool),
            f("strict_route", Bool),
            f("ack", Bool),
        ]),
    ),
    f("recursion", U8),
    f("protocol", U16),
    f("checksum", U16),
    f("offset", U16),
    f("key", U32),
    f("payload_length", U16),
    f("call_id", U16),
    f("sequence", U32),
    f("ack", U32),
    f(
        "routing",
        List(&Struct(&[
            f("address_family", U16),
            f("offset", U8),
            f("length", U8),
            // IPv4 addresses (strings) or AS numbers.
            f("entries", Json),
        ])),
    ),
    f(
        "ppp",
        Struct(&[f("address_control", Bool), f("protocol", U16)]),
    ),
    f("length", U32),
];

const MPLS: &[F] = &[
    f(
        "labels",
        List(&Struct(&[
            f("label", U32),
            f("tc", U8),
            f("bottom", Bool),
            f("ttl", U8),
        ])),
    ),
    f("payload", Str),
    f("invalid", Str),
];

/// One row per packet: the JSON envelope, then a column per layer in
/// wire order.
pub const PACKET: &[F] = &[
    f("schema", U32),
    f("n", I64),
    f("ts", Ts),
    f("ts_epoch", F64),
    f("caplen", U32),
    f("len", U32),
    f("linktype", I32),
    f("layers", List(&Str)),
    f("truncated", Bool),
    f("stop", Struct(STOP)),
    f("community_id", Str),
    f("ethernet", Struct(ETHERNET)),
    f("sll", Struct(SLL)),
    f("sll2", Struct(SLL)),
    f("null", Struct(NULL)),
    f("atm", Struct(&[f("framing", Str)])),
    f("vlan", List(&Struct(VLAN))),
    f("llc", Struct(LLC)),
    f("stp", Struct(STP)),
    // Discovery protocols: lists of TLVs of many kinds, as JSON text
    // (typed columns may come with a later schema version).
    f("cdp", Json),
    f("dtp", Json),
    f("vtp", Json),
    f("udld", Json),
    f("lldp", Json),
    f("loopback", Json),
    f("ethertype_unknown", U16),
    f("ip_version_unknown", U8),
    f("arp", Struct(ARP)),
    f("ipv4", Struct(IPV4)),
    f("ipv6", Struct(IPV6)),
    f("ip_payload", Struct(IP_PAYLOAD)),
    f("icmp", Struct(ICMP)),
    f("icmpv6", Struct(ICMPV6)),
    f("igmp", Struct(IGMP)),
    f("vrrp", Struct(VRRP)),
    f("udp", Struct(UDP)),
    f("tcp", Struct(TCP)),
    f("dhcp", Struct(DHCP)),
    f("dhcpv6", Struct(DHCPV6)),
    f("dns", Struct(DNS)),
    f("ntp", Struct(NTP)),
    f("syslog", Struct(SYSLOG)),
    f("http", Struct(TEXT_PROTO)),
    f("rtsp", Struct(TEXT_PROTO)),
    f("ftp", Struct(TEXT_PROTO)),
    f("smtp", Struct(TEXT_PROTO)),
    f("whois", Struct(TEXT_PROTO)),
    f("ssh", Struct(SSH)),
    // Tunnels: the outermost level's tunnel header (typed since schema
    // version 2; NSH's TLVs are still JSON text), and the level it carries
    // under `inner` as JSON text (a level holds every layer again: Parquet
    // has no recursive types). The columns above hold the outermost level.
    f("vxlan", Struct(VXLAN)),
    f("vxlan_gpe", Struct(VXLAN_GPE)),
    f("geneve", Struct(GENEVE)),
    f("gre", Struct(GRE)),
    f("mpls", Struct(MPLS)),
    f("bcm_li", Struct(BCM_LI)),
    f("nsh", Json),
    f("inner", Json),
];

const FLOW_DIR: &[F] = &[
    f("packets", I64),
    f("bytes", I64),
    f("stream_bytes", I64),
    f("missing_bytes", I64),
    f("isn", U32),
    f("syn", Bool),
    f("fin", Bool),
    f("rst", Bool),
    f("retransmitted_bytes", I64),
    f("unverified_bytes", I64),
    f("out_of_order_segments", I64),
    f("conflicts", I64),
    f("conflict_bytes", I64),
    f(
        "conflict_ranges",
        List(&Struct(&[f("offset", I64), f("len", I64)])),
    ),
    f(
        "gaps",
        List(&Struct(&[f("offset", I64), f("len", I64), f("cause", Str)])),
    ),
    f("limit_gap_bytes", I64),
    f("late_bytes", I64),
    f("before_start_bytes", I64),
    f("keepalives", I64),
    f("zero_window_probes", I64),
    f("probe_bytes", I64),
];

/// One row per TCP connection: the fields of `flows --json`, with
/// `start` and `end` as time stamps.
pub const FLOW: &[F] = &[
    f("id", I64),
    f("reuse", U32),
    f("client", Str),
    f("server", Str),
    f("community_id", Str),
    f("start", Ts),
    f("end", Ts),
    f("duration_ns", I64),
    f("began", Str),
    f("ended", Str),
    f("evicted", Bool),
    f("to_server", Struct(FLOW_DIR)),
    f("to_client", Struct(FLOW_DIR)),
    f(
        "tunnels",
        List(&Struct(&[
            f("type", Str),
            f("vni", U32),
            f("endpoints", List(&Str)),
            f("key", U32),
        ])),
    ),
];
