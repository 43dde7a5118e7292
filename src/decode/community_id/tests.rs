//! The published test vectors of the Community ID specification
//! (Corelight's `community-id-spec`, `baseline/`: the tables of its
//! README and `baseline_deflt.json`, `baseline_seed1.json` and
//! `baseline_nob64.json`, computed by the reference implementation over its
//! `combined.pcap`), and the extra cases of `pycommunityid`'s tests. The
//! packets are rebuilt here byte by byte from the vectors' tuples and
//! decoded, so that the whole path, decoder included, is checked.

use std::net::IpAddr;

use super::*;
use crate::decode::{decode, LinkType};

/// One vector: the tuple as the baseline lists it (for ICMP, the ports are
/// the type and its counterpart or code), and the expected IDs with seed 0,
/// with seed 1, and the seed-0 digest in hex.
struct V {
    proto: u8,
    src: &'static str,
    dst: &'static str,
    ports: Option<(u16, u16)>,
    id: &'static str,
    seed1: &'static str,
    hex: &'static str,
}

/// The baseline JSON files, entry by entry.
const BASELINE: &[V] = &[
    V {
        proto: 58,
        src: "fe80::200:86ff:fe05:80da",
        dst: "fe80::260:97ff:fe07:69ea",
        ports: Some((135, 136)),
        id: "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=",
        seed1: "1:kHa1FhMYIT6Ym2Vm2AOtoOARDzY=",
        hex: "7461f21af8cc7e58e0e81a69c26ddb8342cef136",
    },
    V {
        proto: 58,
        src: "fe80::260:97ff:fe07:69ea",
        dst: "fe80::200:86ff:fe05:80da",
        ports: Some((136, 135)),
        id: "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=",
        seed1: "1:kHa1FhMYIT6Ym2Vm2AOtoOARDzY=",
        hex: "7461f21af8cc7e58e0e81a69c26ddb8342cef136",
    },
    V {
        proto: 58,
        src: "fe80::260:97ff:fe07:69ea",
        dst: "fe80::200:86ff:fe05:80da",
        ports: Some((135, 136)),
        id: "1:zavyT/cezQr1fmImYCwYnMXbgck=",
        seed1: "1:2hSqmsDZ2kdcY9kbiUzOEBic0iM=",
        hex: "cdabf24ff71ecd0af57e6226602c189cc5db81c9",
    },
    V {
        proto: 58,
        src: "fe80::200:86ff:fe05:80da",
        dst: "fe80::260:97ff:fe07:69ea",
        ports: Some((136, 135)),
        id: "1:zavyT/cezQr1fmImYCwYnMXbgck=",
        seed1: "1:2hSqmsDZ2kdcY9kbiUzOEBic0iM=",
        hex: "cdabf24ff71ecd0af57e6226602c189cc5db81c9",
    },
    V {
        proto: 58,
        src: "3ffe:501:1800:2345::2",
        dst: "3ffe:507:0:1:200:86ff:fe05:80da",
        ports: Some((3, 0)),
        id: "1:2ObVBgIn28oZvibYZhZMBgh7WdQ=",
        seed1: "1:lVEtCZpYu84Xqaa++3lXFyuu2n4=",
        hex: "d8e6d5060227dbca19be26d866164c06087b59d4",
    },
    V {
        proto: 58,
        src: "3ffe:501:410:0:2c0:dfff:fe47:33e",
        dst: "3ffe:507:0:1:200:86ff:fe05:80da",
        ports: Some((1, 4)),
        id: "1:hLZd0XGWojozrvxqE0dWB1iM6R0=",
        seed1: "1:W8MHwXpWzpoSTD+cGcaJr4u0ys8=",
        hex: "84b65dd17196a23a33aefc6a13475607588ce91d",
    },
    V {
        proto: 58,
        src: "3ffe:507:0:1:200:86ff:fe05:80da",
        dst: "3ffe:501:0:1001::2",
        ports: Some((128, 129)),
        id: "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=",
        seed1: "1:GfZxjAkDk2MkegpBYHV6tadtFXQ=",
        hex: "f935be1ed2c7bd5d719c6855d65bfb5e826ba908",
    },
    V {
        proto: 58,
        src: "3ffe:501:0:1001::2",
        dst: "3ffe:507:0:1:200:86ff:fe05:80da",
        ports: Some((129, 128)),
        id: "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=",
        seed1: "1:GfZxjAkDk2MkegpBYHV6tadtFXQ=",
        hex: "f935be1ed2c7bd5d719c6855d65bfb5e826ba908",
    },
    V {
        proto: 58,
        src: "fe80::200:86ff:fe05:80da",
        dst: "ff02::2",
        ports: Some((133, 134)),
        id: "1:hO+sN4H+MG5MY/8hIrXPqc4ZQz0=",
        seed1: "1:L7Ka0ZMYu+J3bL4ulW2PrqyXNo8=",
        hex: "84efac3781fe306e4c63ff2122b5cfa9ce19433d",
    },
    V {
        proto: 58,
        src: "fe80::260:97ff:fe07:69ea",
        dst: "ff02::1",
        ports: Some((134, 133)),
        id: "1:pkvHqCL88/tg1k4cPigmZXUtL00=",
        seed1: "1:K/ee5UCqAMAQXDorP5nSa2CGLjc=",
        hex: "a64bc7a822fcf3fb60d64e1c3e282665752d2f4d",
    },
    V {
        proto: 1,
        src: "192.168.0.89",
        dst: "192.168.0.1",
        ports: Some((8, 0)),
        id: "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=",
        seed1: "1:03g6IloqVBdcZlPyX8r0hgoE7kA=",
        hex: "5f4b27617a60c22bfd4d9b6a83ae2c833527e839",
    },
    V {
        proto: 1,
        src: "192.168.0.1",
        dst: "192.168.0.89",
        ports: Some((0, 8)),
        id: "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=",
        seed1: "1:03g6IloqVBdcZlPyX8r0hgoE7kA=",
        hex: "5f4b27617a60c22bfd4d9b6a83ae2c833527e839",
    },
    V {
        proto: 1,
        src: "10.0.0.1",
        dst: "10.0.0.2",
        ports: Some((11, 0)),
        id: "1:YHxtAirCG//0OzkcVAukqKQN9xM=",
        seed1: "1:XjUibYHaafLQ3pxQeiMI8g25q20=",
        hex: "607c6d022ac21bfff43b391c540ba4a8a40df713",
    },
    V {
        proto: 6,
        src: "2001:470:e5bf:dead:4957:2174:e82c:4887",
        dst: "2607:f8b0:400c:c03::1a",
        ports: Some((63943, 25)),
        id: "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=",
        seed1: "1:eJYTW6AOzFLlSUoESovMjnu7rMw=",
        hex: "fea15a78047e8057b52988cccd50ec32ffb0814e",
    },
    V {
        proto: 6,
        src: "2607:f8b0:400c:c03::1a",
        dst: "2001:470:e5bf:dead:4957:2174:e82c:4887",
        ports: Some((25, 63943)),
        id: "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=",
        seed1: "1:eJYTW6AOzFLlSUoESovMjnu7rMw=",
        hex: "fea15a78047e8057b52988cccd50ec32ffb0814e",
    },
    V {
        proto: 132,
        src: "192.168.170.8",
        dst: "192.168.170.56",
        ports: Some((7, 7)),
        id: "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=",
        seed1: "1:5w3ZRjeKBzqT3zsaEECDGjUbYeg=",
        hex: "30fd84b5108050866f4f0e8cc491cb57b37b243b",
    },
    V {
        proto: 132,
        src: "192.168.170.56",
        dst: "192.168.170.8",
        ports: Some((7, 7)),
        id: "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=",
        seed1: "1:5w3ZRjeKBzqT3zsaEECDGjUbYeg=",
        hex: "30fd84b5108050866f4f0e8cc491cb57b37b243b",
    },
    V {
        proto: 6,
        src: "128.232.110.120",
        dst: "66.35.250.204",
        ports: Some((34855, 80)),
        id: "1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
        seed1: "1:3V71V58M3Ksw/yuFALMcW0LAHvc=",
        hex: "2d053da9994af81e45dca0e67afea6e4f3226eb8",
    },
    V {
        proto: 6,
        src: "66.35.250.204",
        dst: "128.232.110.120",
        ports: Some((80, 34855)),
        id: "1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
        seed1: "1:3V71V58M3Ksw/yuFALMcW0LAHvc=",
        hex: "2d053da9994af81e45dca0e67afea6e4f3226eb8",
    },
    V {
        proto: 17,
        src: "192.168.1.52",
        dst: "8.8.8.8",
        ports: Some((54585, 53)),
        id: "1:d/FP5EW3wiY1vCndhwleRRKHowQ=",
        seed1: "1:Q9We8WO3piVF8yEQBNJF4uiSVrI=",
        hex: "77f14fe445b7c22635bc29dd87095e451287a304",
    },
    V {
        proto: 17,
        src: "8.8.8.8",
        dst: "192.168.1.52",
        ports: Some((53, 54585)),
        id: "1:d/FP5EW3wiY1vCndhwleRRKHowQ=",
        seed1: "1:Q9We8WO3piVF8yEQBNJF4uiSVrI=",
        hex: "77f14fe445b7c22635bc29dd87095e451287a304",
    },
    V {
        proto: 46,
        src: "10.1.12.1",
        dst: "10.1.12.2",
        ports: None,
        id: "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=",
        seed1: "1:rYir8gphR31noO9iDRQmF/BteEI=",
        hex: "28794b920a095bb89f513c934a0c957e4147ccac",
    },
    V {
        proto: 46,
        src: "10.1.12.2",
        dst: "10.1.12.1",
        ports: None,
        id: "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=",
        seed1: "1:rYir8gphR31noO9iDRQmF/BteEI=",
        hex: "28794b920a095bb89f513c934a0c957e4147ccac",
    },
];

/// The README's tables: (proto, src, dst, ports, default, seed 1, hex).
const README: &[V] = &[
    V {
        proto: 6,
        src: "1.2.3.4",
        dst: "5.6.7.8",
        ports: Some((1122, 3344)),
        id: "1:wCb3OG7yAFWelaUydu0D+125CLM=",
        seed1: "1:HhA1B+6CoLbiKPEs5nhNYN4XWfk=",
        hex: "c026f7386ef200559e95a53276ed03fb5db908b3",
    },
    V {
        proto: 6,
        src: "5.6.7.8",
        dst: "1.2.3.4",
        ports: Some((3344, 1122)),
        id: "1:wCb3OG7yAFWelaUydu0D+125CLM=",
        seed1: "1:HhA1B+6CoLbiKPEs5nhNYN4XWfk=",
        hex: "c026f7386ef200559e95a53276ed03fb5db908b3",
    },
    V {
        proto: 17,
        src: "1.2.3.4",
        dst: "5.6.7.8",
        ports: Some((1122, 3344)),
        id: "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=",
        seed1: "1:OShq+iKDAMVouh/4bMxB9Sz4amw=",
        hex: "d0cbbd227431eb3e1988264cffb1d78b658c84e8",
    },
    V {
        proto: 17,
        src: "5.6.7.8",
        dst: "1.2.3.4",
        ports: Some((3344, 1122)),
        id: "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=",
        seed1: "1:OShq+iKDAMVouh/4bMxB9Sz4amw=",
        hex: "d0cbbd227431eb3e1988264cffb1d78b658c84e8",
    },
    V {
        proto: 132,
        src: "1.2.3.4",
        dst: "5.6.7.8",
        ports: Some((1122, 3344)),
        id: "1:EKt4MsxuyaE6mL+hmrEkQ9csDD8=",
        seed1: "1:uitchpn5MMGAQKBJh7bIr/bAr7s=",
        hex: "10ab7832cc6ec9a13a98bfa19ab12443d72c0c3f",
    },
    V {
        proto: 132,
        src: "5.6.7.8",
        dst: "1.2.3.4",
        ports: Some((3344, 1122)),
        id: "1:EKt4MsxuyaE6mL+hmrEkQ9csDD8=",
        seed1: "1:uitchpn5MMGAQKBJh7bIr/bAr7s=",
        hex: "10ab7832cc6ec9a13a98bfa19ab12443d72c0c3f",
    },
    V {
        proto: 1,
        src: "1.2.3.4",
        dst: "5.6.7.8",
        ports: Some((8, 0)),
        id: "1:crodRHL2FEsHjbv3UkRrfbs4bZ0=",
        seed1: "1:9pr4ZGTICiuZoIh90RRYE2RyXpU=",
        hex: "72ba1d4472f6144b078dbbf752446b7dbb386d9d",
    },
    V {
        proto: 1,
        src: "5.6.7.8",
        dst: "1.2.3.4",
        ports: Some((0, 0)),
        id: "1:crodRHL2FEsHjbv3UkRrfbs4bZ0=",
        seed1: "1:9pr4ZGTICiuZoIh90RRYE2RyXpU=",
        hex: "72ba1d4472f6144b078dbbf752446b7dbb386d9d",
    },
    V {
        proto: 1,
        src: "1.2.3.4",
        dst: "5.6.7.8",
        ports: Some((11, 0)),
        id: "1:f/YiSyWqczrTgfUCZlBUnvHRcPk=",
        seed1: "1:1DD7cWGC/Yg91YGsQeni8du3pIA=",
        hex: "7ff6224b25aa733ad381f5026650549ef1d170f9",
    },
    V {
        proto: 58,
        src: "fe80:0001:0203:0405:0607:0809:0A0B:0C0D",
        dst: "fe80:1011:1213:1415:1617:1819:1A1B:1C1D",
        ports: Some((128, 0)),
        id: "1:0bf7hyMJUwt3fMED7z8LIfRpBeo=",
        seed1: "1:IO27GQzPuCtNnwFvjWALMHu5tJE=",
        hex: "d1b7fb872309530b777cc103ef3f0b21f46905ea",
    },
    V {
        proto: 58,
        src: "fe80:1011:1213:1415:1617:1819:1A1B:1C1D",
        dst: "fe80:0001:0203:0405:0607:0809:0A0B:0C0D",
        ports: Some((129, 0)),
        id: "1:0bf7hyMJUwt3fMED7z8LIfRpBeo=",
        seed1: "1:IO27GQzPuCtNnwFvjWALMHu5tJE=",
        hex: "d1b7fb872309530b777cc103ef3f0b21f46905ea",
    },
    V {
        proto: 58,
        src: "fe80:0001:0203:0405:0607:0809:0A0B:0C0D",
        dst: "fe80:1011:1213:1415:1617:1819:1A1B:1C1D",
        ports: Some((146, 0)),
        id: "1:fYC8+pz24E+EhANP1EZhpX0Dw10=",
        seed1: "1:Cv4IKJe56BNkF0MBW2YxQ3Nwc3s=",
        hex: "7d80bcfa9cf6e04f8484034fd44661a57d03c35d",
    },
    V {
        proto: 46,
        src: "1.2.3.4",
        dst: "5.6.7.8",
        ports: None,
        id: "1:ikv3kmf89luf73WPz1jOs49S768=",
        seed1: "1:/buhqeOmaRCopOZFy9HnoJd5XW8=",
        hex: "8a4bf79267fcf65b9fef758fcf58ceb38f52efaf",
    },
    V {
        proto: 46,
        src: "5.6.7.8",
        dst: "1.2.3.4",
        ports: None,
        id: "1:ikv3kmf89luf73WPz1jOs49S768=",
        seed1: "1:/buhqeOmaRCopOZFy9HnoJd5XW8=",
        hex: "8a4bf79267fcf65b9fef758fcf58ceb38f52efaf",
    },
    V {
        proto: 46,
        src: "fe80:0001:0203:0405:0607:0809:0A0B:0C0D",
        dst: "fe80:1011:1213:1415:1617:1819:1A1B:1C1D",
        ports: None,
        id: "1:wQ/2mwrnXP4lmJcHdGL5ePjR+e0=",
        seed1: "1:j6EyyfBzL4vWKHFXgUqb5Az3OxM=",
        hex: "c10ff69b0ae75cfe259897077462f978f8d1f9ed",
    },
    V {
        proto: 46,
        src: "fe80:1011:1213:1415:1617:1819:1A1B:1C1D",
        dst: "fe80:0001:0203:0405:0607:0809:0A0B:0C0D",
        ports: None,
        id: "1:wQ/2mwrnXP4lmJcHdGL5ePjR+e0=",
        seed1: "1:j6EyyfBzL4vWKHFXgUqb5Az3OxM=",
        hex: "c10ff69b0ae75cfe259897077462f978f8d1f9ed",
    },
];

fn addr(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn is_icmp(proto: u8) -> bool {
    proto == proto::ICMP || proto == proto::ICMPV6
}

/// The tuple of a vector whose ICMP ports are the type and code.
fn tuple_type_code(v: &V) -> FlowTuple {
    let (src, dst) = (addr(v.src), addr(v.dst));
    match v.ports {
        Some((t, c)) if is_icmp(v.proto) => {
            FlowTuple::icmp(v.proto == proto::ICMPV6, src, dst, t as u8, c as u8)
        }
        Some((sp, dp)) => {
            FlowTuple::transport(v.proto, SocketAddr::new(src, sp), SocketAddr::new(dst, dp))
        }
        None => FlowTuple::ip(v.proto, src, dst),
    }
}

/// The ICMP type and code of a baseline entry, whose ports are the type and
/// its counterpart (the code is then unknown and does not matter: 0) or,
/// for one-way types, the type and code.
fn baseline_type_code(v: &V) -> (u8, u8) {
    let (t, other) = v.ports.unwrap();
    let t = t as u8;
    let paired = if v.proto == proto::ICMPV6 {
        icmp6_counterpart(t)
    } else {
        icmp_counterpart(t)
    };
    match paired {
        Some(c) => {
            assert_eq!(u16::from(c), other, "counterpart of type {t}");
            (t, 0)
        }
        None => (t, other as u8),
    }
}

fn check(v: &V, t: &FlowTuple) {
    let what = format!("{} {} -> {} {:?}", v.proto, v.src, v.dst, v.ports);
    assert_eq!(t.community_id(0).as_str(), v.id, "{what}");
    assert_eq!(t.community_id(1).as_str(), v.seed1, "{what}, seed 1");
    assert_eq!(hex(&t.digest(0)), v.hex, "{what}, digest");
}

#[test]
fn readme_tables() {
    for v in README {
        check(v, &tuple_type_code(v));
    }
}

#[test]
fn baseline_tuples() {
    for v in BASELINE {
        let t = if is_icmp(v.proto) {
            let (ty, code) = baseline_type_code(v);
            FlowTuple::icmp(v.proto == proto::ICMPV6, addr(v.src), addr(v.dst), ty, code)
        } else {
            tuple_type_code(v)
        };
        check(v, &t);
    }
}

/// `pycommunityid`'s own cases beyond the baseline: a type without a
/// counterpart hashes its code (two codes, two IDs, never flipped); the
/// code of a type with one is ignored; one-way ICMPv6 in both directions.
#[test]
fn reference_library_cases() {
    let v4 = |s: &str| addr(s);
    let icmp = |s, d, t, c| FlowTuple::icmp(false, v4(s), v4(d), t, c);
    let cases = [
        (
            icmp("192.168.0.89", "192.168.0.1", 20, 0),
            [
                "1:3o2RFccXzUgjl7zDpqmY7yJi8rI=",
                "1:lCXHHxavE1Vq3oX9NH5ladQg02o=",
            ],
        ),
        (
            icmp("192.168.0.89", "192.168.0.1", 20, 1),
            [
                "1:tz/fHIDUHs19NkixVVoOZywde+I=",
                "1:Ie3wmFyxiEyikbsbcO03d2nh+PM=",
            ],
        ),
        (
            icmp("192.168.0.1", "192.168.0.89", 0, 20),
            [
                "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=",
                "1:03g6IloqVBdcZlPyX8r0hgoE7kA=",
            ],
        ),
        (
            FlowTuple::icmp(
                true,
                addr("3ffe:507:0:1:260:97ff:fe07:69ea"),
                addr("3ffe:507:0:1:200:86ff:fe05:80da"),
                3,
                0,
            ),
            [
                "1:NdobDX8PQNJbAyfkWxhtL2Pqp5w=",
                "1:OlOWx9psIbBFi7lOCw/4MhlKR9M=",
            ],
        ),
        (
            FlowTuple::icmp(
                true,
                addr("3ffe:507:0:1:200:86ff:fe05:80da"),
                addr("3ffe:507:0:1:260:97ff:fe07:69ea"),
                3,
                0,
            ),
            [
                "1:/OGBt9BN1ofenrmSPWYicpij2Vc=",
                "1:Ij4ZxnC87/MXzhOjvH2vHu7LRmE=",
            ],
        ),
        (
            FlowTuple::transport(
                proto::TCP,
                "10.0.0.1:10".parse().unwrap(),
                "10.0.0.2:11569".parse().unwrap(),
            ),
            [
                "1:SXBGMX1lBOwhhoDrZynfROxnhnM=",
                "1:HmBRGR+fUyXF4t8WEtal7Y0gEAo=",
            ],
        ),
        (
            FlowTuple::transport(
                proto::SCTP,
                "192.168.170.56:80".parse().unwrap(),
                "192.168.170.8:7".parse().unwrap(),
            ),
            [
                "1:jQgCxbku+pNGw8WPbEc/TS/uTpQ=",
                "1:Y1/0jQg6e+I3ZwZZ9LP65DNbTXU=",
            ],
        ),
        (
            FlowTuple::ip(46, v4("10.1.24.4"), v4("10.1.12.1")),
            [
                "1:/nQI4Rh/TtY3mf0R2gJFBkVlgS4=",
                "1:BK3BVW3U2eemuwVQVN3zd/GULno=",
            ],
        ),
    ];
    for (t, [id, seed1]) in cases {
        assert_eq!(t.community_id(0).as_str(), id, "{t:?}");
        assert_eq!(t.community_id(1).as_str(), seed1, "{t:?}, seed 1");
    }
}

/// A raw IPv4 or IPv6 packet (link type RAW) carrying `payload`.
fn ip_packet(proto: u8, src: IpAddr, dst: IpAddr, payload: &[u8]) -> Vec<u8> {
    let mut p = Vec::new();
    match (src, dst) {
        (IpAddr::V4(s), IpAddr::V4(d)) => {
            let len = (20 + payload.len()) as u16;
            p.extend_from_slice(&[0x45, 0]);
            p.extend_from_slice(&len.to_be_bytes());
            p.extend_from_slice(&[0, 1, 0, 0, 64, proto, 0, 0]);
            p.extend_from_slice(&s.octets());
            p.extend_from_slice(&d.octets());
        }
        (IpAddr::V6(s), IpAddr::V6(d)) => {
            p.extend_from_slice(&[0x60, 0, 0, 0]);
            p.extend_from_slice(&(payload.len() as u16).to_be_bytes());
            p.extend_from_slice(&[proto, 64]);
            p.extend_from_slice(&s.octets());
            p.extend_from_slice(&d.octets());
        }
        _ => unreachable!("one address family per packet"),
    }
    p.extend_from_slice(payload);
    p
}

/// The transport header (and a little data) of a baseline entry.
fn transport_bytes(v: &V) -> Vec<u8> {
    match (v.proto, v.ports) {
        (proto::TCP, Some((sp, dp))) => {
            let mut t = Vec::new();
            t.extend_from_slice(&sp.to_be_bytes());
            t.extend_from_slice(&dp.to_be_bytes());
            t.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0x20, 0, 0, 0, 0, 0]);
            t
        }
        (proto::UDP | proto::SCTP, Some((sp, dp))) => {
            let mut t = Vec::new();
            t.extend_from_slice(&sp.to_be_bytes());
            t.extend_from_slice(&dp.to_be_bytes());
            t.extend_from_slice(&[0, 12, 0, 0, 1, 2, 3, 4]);
            t
        }
        (proto::ICMP | proto::ICMPV6, Some(_)) => {
            let (ty, code) = baseline_type_code(v);
            let mut t = vec![ty, code, 0, 0, 0, 1, 0, 1];
            t.extend_from_slice(&[0u8; 32]);
            t
        }
        _ => vec![0u8; 8],
    }
}

/// Every baseline packet rebuilt and decoded: the ID comes from the
/// decoded record. SCTP is not decoded by netdecode, so its packets have
/// no ID (rather than a port-less one that would not match).
#[test]
fn baseline_packets_decoded() {
    for v in BASELINE {
        let frame = ip_packet(v.proto, addr(v.src), addr(v.dst), &transport_bytes(v));
        let d = decode(LinkType::RAW, &frame, frame.len() as u32);
        let what = format!("{} {} -> {} {:?}", v.proto, v.src, v.dst, v.ports);
        if v.proto == proto::SCTP {
            assert_eq!(of_packet(&d, 0), None, "{what}");
            continue;
        }
        assert_eq!(
            of_packet(&d, 0).map(|c| c.to_string()).as_deref(),
            Some(v.id),
            "{what}"
        );
        assert_eq!(
            of_packet(&d, 1).map(|c| c.to_string()).as_deref(),
            Some(v.seed1),
            "{what}"
        );
    }
}

#[test]
fn packets_without_an_id() {
    let (s, d) = (addr("10.0.0.1"), addr("10.0.0.2"));
    // A later IPv4 fragment of a TCP segment: its ports are elsewhere.
    let mut frag = ip_packet(proto::TCP, s, d, &[0u8; 16]);
    frag[6] = 0x00;
    frag[7] = 0x10;
    let dec = decode(LinkType::RAW, &frag, frag.len() as u32);
    assert!(matches!(dec.transport, Transport::Other { .. }));
    assert_eq!(of_packet(&dec, 0), None);
    // ... but a later fragment of a port-less protocol has one.
    let mut gre = ip_packet(47, s, d, &[0u8; 16]);
    gre[7] = 0x10;
    let dec = decode(LinkType::RAW, &gre, gre.len() as u32);
    assert_eq!(
        of_packet(&dec, 0),
        Some(FlowTuple::ip(47, s, d).community_id(0))
    );
    // TCP cut before its ports.
    let tcp = ip_packet(proto::TCP, s, d, &[0x1f, 0x90, 0x00, 0x50]);
    let cut = tcp.get(..22).unwrap();
    let dec = decode(LinkType::RAW, cut, tcp.len() as u32);
    assert_eq!(of_packet(&dec, 0), None);
    // ICMP cut after its type.
    let icmp = ip_packet(proto::ICMP, s, d, &[8, 0, 0, 0]);
    let dec = decode(LinkType::RAW, icmp.get(..21).unwrap(), icmp.len() as u32);
    assert_eq!(of_packet(&dec, 0), None);
    // Not IP.
    let dec = decode(LinkType::ETHERNET, &[0u8; 14], 14);
    assert_eq!(of_packet(&dec, 0), None);
}

#[test]
fn the_id_is_30_ascii_characters() {
    let t = FlowTuple::ip(0, addr("0.0.0.0"), addr("0.0.0.0"));
    for seed in [0, 1, 0xffff] {
        let id = t.community_id(seed);
        assert_eq!(id.as_str().len(), 30);
        assert!(id.as_str().starts_with("1:") && id.as_str().ends_with('='));
    }
}
