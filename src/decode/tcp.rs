//! TCP. RFC 9293 section 3.1 (header); options in [`options`], MPTCP in
//! [`super::mptcp`].
//!
//! The record keeps the fixed header, the claimed segment length (from the
//! IP layer), the captured segment bounded by that length, and where the
//! header stopped making sense ([`Form`]). The payload is handed to an
//! application decoder by port, in tcpdump's order (`tcp_print`), for the
//! protocols netdecode decodes.

pub mod options;

use nom::number::complete::{be_u16, be_u32};

use super::bytes::{be16_at, checksum, prefix, suffix, u8 as byte, Res};
use super::dispatch;
use super::error::{Layer, Stop};
use super::{Decoded, Transport};

pub use options::{OptItem, OptValue, Options, TcpOption};

mod field {
    pub const HEADER_LEN: usize = 20;
}

pub const FLAG_FIN: u8 = 0x01;
pub const FLAG_SYN: u8 = 0x02;
pub const FLAG_RST: u8 = 0x04;
pub const FLAG_PSH: u8 = 0x08;
pub const FLAG_ACK: u8 = 0x10;
pub const FLAG_URG: u8 = 0x20;
pub const FLAG_ECE: u8 = 0x40;
pub const FLAG_CWR: u8 = 0x80;

/// Well-known ports tcpdump hands TCP payloads to a printer for, in the
/// order it tries them (a segment between two of them goes to the first).
pub mod port {
    pub const TELNET: u16 = 23;
    pub const SMTP: u16 = 25;
    pub const WHOIS: u16 = 43;
    pub const BGP: u16 = 179;
    pub const PPTP: u16 = 1723;
    pub const REDIS: u16 = 6379;
    pub const SSH: u16 = 22;
    pub const NETBIOS_SSN: u16 = 139;
    pub const SMB: u16 = 445;
    pub const BEEP: u16 = 10288;
    pub const OPENFLOW_OLD: u16 = 6633;
    pub const OPENFLOW: u16 = 6653;
    pub const FTP: u16 = 21;
    pub const HTTP: u16 = 80;
    pub const HTTP_ALT: u16 = 8080;
    pub const RTSP: u16 = 554;
    pub const RTSP_ALT: u16 = 8554;
    pub const DOMAIN: u16 = 53;
    pub const MSDP: u16 = 639;
    pub const RPKI_RTR: u16 = 323;
    pub const LDP: u16 = 646;
    pub const NFS: u16 = 2049;
}

/// How far the header made sense, in the order tcpdump checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Not even both ports were captured.
    NoPorts,
    /// Ports captured, but not the rest of the fixed header.
    ShortHeader,
    /// Data offset below 5 words.
    BadHeaderLen,
    /// The header length exceeds the segment length the IP layer claims.
    HeaderTooLong,
    /// A usable fixed header (options may still be cut short).
    Ok,
}

/// The fixed TCP header.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub src_port: u16,
    pub dst_port: u16,
    pub seq: u32,
    pub ack: u32,
    /// Header length in bytes (data offset * 4).
    pub header_len: u8,
    /// The four reserved bits and the AE (NS) bit, as on the wire.
    pub reserved: u8,
    pub flags: u8,
    pub window: u16,
    pub checksum: u16,
    pub urgent: u16,
}

/// A TCP segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tcp<'a> {
    pub form: Form,
    pub header: Header,
    /// The segment length the IP layer claims (header included).
    pub length: u32,
    /// The captured segment, header included, bounded by the IP payload.
    pub segment: &'a [u8],
    /// The captured option bytes (may be cut short by the capture).
    pub options: &'a [u8],
    /// The captured payload.
    pub payload: &'a [u8],
}

impl<'a> Tcp<'a> {
    /// Payload length per the IP layer (0 when the header claims more).
    pub fn payload_len(&self) -> u32 {
        self.length
            .saturating_sub(u32::from(self.header.header_len))
    }
    /// The whole header, options included, was captured.
    pub fn options_complete(&self) -> bool {
        self.segment.len() >= usize::from(self.header.header_len)
    }
    /// The whole segment the IP layer claims was captured.
    pub fn complete(&self) -> bool {
        self.segment.len() as u64 >= u64::from(self.length)
    }
    pub fn has(&self, flag: u8) -> bool {
        self.header.flags & flag != 0
    }
    /// The Internet checksum over the captured segment (as long as the IP
    /// layer says it is) chained onto `pseudo`, the network layer's
    /// pseudo-header sum: 0 when the checksum field is right.
    pub fn checksum_over(&self, pseudo: u32) -> u16 {
        checksum(prefix(self.segment, self.length as usize), pseudo)
    }
    /// The option walk (empty unless the fixed header is usable).
    pub fn options(&self) -> Options<'a> {
        let area = match self.form {
            Form::Ok | Form::HeaderTooLong => {
                usize::from(self.header.header_len).saturating_sub(field::HEADER_LEN)
            }
            _ => 0,
        };
        Options::new(
            suffix(self.segment, field::HEADER_LEN),
            area,
            self.header.flags,
        )
    }
    /// The application protocol tcpdump would pick by port.
    pub fn port_proto(&self) -> Option<dispatch::PortProto> {
        dispatch::tcp_port(self.header.src_port, self.header.dst_port)
    }
}

fn fixed(i: &[u8]) -> Res<'_, Header> {
    let (i, src_port) = be_u16(i)?;
    let (i, dst_port) = be_u16(i)?;
    let (i, seq) = be_u32(i)?;
    let (i, ack) = be_u32(i)?;
    let (i, off) = byte(i)?;
    let (i, flags) = byte(i)?;
    let (i, window) = be_u16(i)?;
    let (i, checksum) = be_u16(i)?;
    let (i, urgent) = be_u16(i)?;
    Ok((
        i,
        Header {
            src_port,
            dst_port,
            seq,
            ack,
            header_len: (off >> 4) * 4,
            reserved: off & 0x0f,
            flags,
            window,
            checksum,
            urgent,
        },
    ))
}

/// Decodes a TCP segment at `off`; `length` is the IP payload length.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    let mut t = Tcp {
        form: Form::NoPorts,
        header: Header::default(),
        length,
        segment: p,
        options: &[],
        payload: &[],
    };
    let header = match fixed(p) {
        Ok((_, h)) => h,
        Err(_) => {
            if let (Some(sp), Some(dp)) = (be16_at(p, 0), be16_at(p, 2)) {
                t.form = Form::ShortHeader;
                t.header.src_port = sp;
                t.header.dst_port = dp;
            }
            d.transport = Transport::Tcp(t);
            d.stop = Some(Stop::truncated(Layer::Tcp, off));
            return;
        }
    };
    t.header = header;
    let hlen = usize::from(header.header_len);
    if hlen < field::HEADER_LEN {
        t.form = Form::BadHeaderLen;
        d.transport = Transport::Tcp(t);
        d.stop = Some(Stop::invalid(Layer::Tcp, off));
        return;
    }
    t.options = prefix(suffix(p, field::HEADER_LEN), hlen - field::HEADER_LEN);
    if hlen as u64 > u64::from(length) {
        t.form = Form::HeaderTooLong;
        d.transport = Transport::Tcp(t);
        d.stop = Some(Stop::invalid(Layer::Tcp, off));
        return;
    }
    t.form = Form::Ok;
    t.payload = suffix(p, hlen);
    d.transport = Transport::Tcp(t);
    if p.len() < hlen {
        d.stop = Some(Stop::truncated(Layer::Tcp, off));
        return;
    }
    let payload_len = t.payload_len();
    if payload_len == 0 {
        return;
    }
    dispatch::tcp_payload(&t, payload_len, d);
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
pub(crate) mod tests {
    use super::super::bytes::{checksum, ones_sum};
    use super::super::{decode as decode_frame, txtproto, App, LinkType, Net, StopKind};
    use super::options::{BadOption, CutOption, Partial};
    use super::*;

    /// A raw IPv4 frame (10.0.0.1 -> 10.0.0.2, DF) carrying a TCP segment
    /// with the given fields, options (padded by the caller) and payload;
    /// both checksums are correct.
    pub(crate) fn segment(
        ports: (u16, u16),
        flags: u8,
        seq: u32,
        ack: u32,
        opts: &[u8],
        payload: &[u8],
    ) -> Vec<u8> {
        segment_between(
            [10, 0, 0, 1],
            [10, 0, 0, 2],
            ports,
            flags,
            seq,
            ack,
            opts,
            payload,
        )
    }

    /// [`segment`] between other addresses.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn segment_between(
        src: [u8; 4],
        dst: [u8; 4],
        ports: (u16, u16),
        flags: u8,
        seq: u32,
        ack: u32,
        opts: &[u8],
        payload: &[u8],
    ) -> Vec<u8> {
        assert_eq!(opts.len() % 4, 0, "options must be padded");
        let hlen = 20 + opts.len();
        let total = 20 + hlen + payload.len();
        let mut p = vec![
            0x45,
            0x00,
            (total >> 8) as u8,
            total as u8, // v4, ihl 5, total length
            0x00,
            0x01,
            0x40,
            0x00, // id 1, DF
            0x40,
            0x06,
            0x00,
            0x00, // ttl 64, TCP, checksum below
        ];
        p.extend_from_slice(&src);
        p.extend_from_slice(&dst);
        let c = checksum(&p, 0);
        p[10..12].copy_from_slice(&c.to_be_bytes());
        let mut t = Vec::new();
        t.extend_from_slice(&ports.0.to_be_bytes());
        t.extend_from_slice(&ports.1.to_be_bytes());
        t.extend_from_slice(&seq.to_be_bytes());
        t.extend_from_slice(&ack.to_be_bytes());
        t.push(((hlen / 4) as u8) << 4); // data offset
        t.push(flags);
        t.extend_from_slice(&1000u16.to_be_bytes()); // window
        t.extend_from_slice(&[0, 0, 0, 0]); // checksum, urgent pointer
        t.extend_from_slice(opts);
        t.extend_from_slice(payload);
        let mut ph = src.to_vec();
        ph.extend_from_slice(&dst);
        ph.extend_from_slice(&[0, 6]);
        let pseudo = ones_sum(&ph, t.len() as u32);
        let c = checksum(&t, pseudo);
        t[16..18].copy_from_slice(&c.to_be_bytes());
        p.extend_from_slice(&t);
        p
    }

    pub(crate) fn tcp_of<'a>(d: &super::super::Decoded<'a>) -> Tcp<'a> {
        match d.transport {
            Transport::Tcp(t) => t,
            other => panic!("not tcp: {other:?}"),
        }
    }

    #[rustfmt::skip]
    pub(crate) const SYN_OPTS: [u8; 20] = [
        0x02, 0x04, 0x05, 0xb4,             // mss 1460
        0x04, 0x02,                         // sackOK
        0x08, 0x0a, 0, 0, 0, 1, 0, 0, 0, 0, // TS val 1 ecr 0
        0x01,                               // nop
        0x03, 0x03, 0x07,                   // wscale 7
    ];

    fn values(t: &Tcp<'_>) -> Vec<OptItem<'static>> {
        // Options borrow the frame; compare through Debug-free copies of
        // the plain kinds only.
        t.options()
            .map(|i| match i {
                OptItem::Opt(o) => OptItem::Opt(TcpOption {
                    kind: o.kind,
                    len: o.len,
                    used: o.used,
                    value: match o.value {
                        OptValue::Mss(v) => OptValue::Mss(v),
                        OptValue::WindowScale(v) => OptValue::WindowScale(v),
                        OptValue::SackPermitted => OptValue::SackPermitted,
                        OptValue::Nop => OptValue::Nop,
                        OptValue::Eol => OptValue::Eol,
                        OptValue::Timestamp { val, ecr } => OptValue::Timestamp { val, ecr },
                        _ => OptValue::Unknown(&[]),
                    },
                }),
                OptItem::Bad(BadOption::Length { kind, len }) => {
                    OptItem::Bad(BadOption::Length { kind, len })
                }
                OptItem::Bad(BadOption::Short { kind, len }) => {
                    OptItem::Bad(BadOption::Short { kind, len })
                }
                OptItem::Cut(CutOption::Kind) => OptItem::Cut(CutOption::Kind),
                OptItem::Cut(CutOption::Length { kind }) => {
                    OptItem::Cut(CutOption::Length { kind })
                }
                OptItem::Cut(CutOption::Data { kind, len, .. }) => OptItem::Cut(CutOption::Data {
                    kind,
                    len,
                    partial: Partial::None,
                }),
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    fn opt(kind: u8, len: u8, value: OptValue<'static>) -> OptItem<'static> {
        OptItem::Opt(TcpOption {
            kind,
            len,
            used: usize::from(len),
            value,
        })
    }

    #[test]
    fn header_and_options() {
        let f = segment((5000, 80), FLAG_SYN, 100, 0, &SYN_OPTS, &[]);
        let d = decode_frame(LinkType::RAW, &f, f.len() as u32);
        let t = tcp_of(&d);
        assert_eq!(t.form, Form::Ok);
        assert_eq!(d.stop, None);
        assert_eq!((t.header.src_port, t.header.dst_port), (5000, 80));
        assert_eq!(t.header.seq, 100);
        assert_eq!(t.header.header_len, 40);
        assert_eq!(t.header.window, 1000);
        assert_eq!(t.payload_len(), 0);
        assert!(t.complete() && t.options_complete());
        assert_eq!(
            values(&t),
            vec![
                opt(2, 4, OptValue::Mss(1460)),
                opt(4, 2, OptValue::SackPermitted),
                opt(8, 10, OptValue::Timestamp { val: 1, ecr: 0 }),
                opt(1, 1, OptValue::Nop),
                opt(3, 3, OptValue::WindowScale(7)),
            ]
        );
    }

    /// Every capture length of a segment with options: the decoder never
    /// panics, the form follows the captured bytes, and the option walk
    /// ends where the capture does.
    #[test]
    fn every_truncation() {
        let f = segment((5000, 80), FLAG_SYN, 100, 0, &SYN_OPTS, b"abc");
        for cap in 0..=f.len() {
            let d = decode_frame(LinkType::RAW, &f[..cap], f.len() as u32);
            if cap < 20 {
                assert!(cap == 0 || matches!(d.net, Net::Ipv4(_)));
                assert_eq!(d.transport, Transport::None, "cap {cap}");
                continue;
            }
            let t = tcp_of(&d);
            let seg = cap - 20; // captured TCP bytes
            let want = match seg {
                0..=3 => Form::NoPorts,
                4..=19 => Form::ShortHeader,
                _ => Form::Ok,
            };
            assert_eq!(t.form, want, "cap {cap}");
            if seg < 40 {
                assert_eq!(
                    d.stop.map(|s| (s.layer, s.kind)),
                    Some((Layer::Tcp, StopKind::Truncated))
                );
            } else {
                assert_eq!(d.stop, None, "cap {cap}");
            }
            if t.form != Form::Ok {
                assert_eq!(t.options().count(), 0);
                continue;
            }
            let items = values(&t);
            let last = items.last().copied();
            let opt_bytes = seg - 20;
            // Where each option starts within the area, and its length.
            let starts = [
                (0usize, 2u8, 4u8),
                (4, 4, 2),
                (6, 8, 10),
                (16, 1, 1),
                (17, 3, 3),
            ];
            let expect = starts.iter().find_map(|&(at, kind, len)| {
                if opt_bytes <= at {
                    Some(OptItem::Cut(CutOption::Kind))
                } else if len > 1 && opt_bytes == at + 1 {
                    Some(OptItem::Cut(CutOption::Length { kind }))
                } else if opt_bytes < at + usize::from(len) {
                    Some(OptItem::Cut(CutOption::Data {
                        kind,
                        len,
                        partial: Partial::None,
                    }))
                } else {
                    None
                }
            });
            match expect {
                Some(cut) => assert_eq!(last, Some(cut), "cap {cap}"),
                None => assert_eq!(items.len(), 5, "cap {cap}"),
            }
            // A payload only once the header is all there.
            assert_eq!(t.payload, &f[(40 + 20).min(cap)..cap]);
        }
    }

    #[test]
    fn fixed_size_option_with_a_wrong_length() {
        #[rustfmt::skip]
        let opts = [
            0x02, 0x05, 0x05, 0xb4, // mss claiming 5 bytes: read at 4
            0x01,                   // the 5th byte: a nop to tcpdump
            0x00, 0x00, 0x00,       // eol, padding
        ];
        let f = segment((1, 2), FLAG_SYN, 1, 0, &opts, &[]);
        let d = decode_frame(LinkType::RAW, &f, f.len() as u32);
        let t = tcp_of(&d);
        let items: Vec<_> = t.options().collect();
        assert_eq!(items.len(), 3);
        let OptItem::Opt(mss) = items[0] else {
            panic!()
        };
        assert_eq!((mss.value, mss.len, mss.used), (OptValue::Mss(1460), 5, 4));
        assert!(mss.len_mismatch());
        assert!(matches!(
            items[1],
            OptItem::Opt(TcpOption {
                value: OptValue::Nop,
                ..
            })
        ));
        assert!(matches!(
            items[2],
            OptItem::Opt(TcpOption {
                value: OptValue::Eol,
                ..
            })
        ));
    }

    #[test]
    fn bad_options() {
        // Length byte 1, then a length past the area, then a fixed option
        // the area is too short for.
        for (opts, want) in [
            (
                [0x01, 0x09, 0x01, 0x00],
                BadOption::Length { kind: 9, len: 1 },
            ),
            (
                [0x01, 0x09, 0x04, 0x00],
                BadOption::Length { kind: 9, len: 4 },
            ),
            (
                [0x01, 0x08, 0x03, 0x00],
                BadOption::Short { kind: 8, len: 3 },
            ),
            ([0xfe, 0x03, 0xf9, 0x00], BadOption::NoMagic { len: 3 }),
        ] {
            let f = segment((1, 2), FLAG_SYN, 1, 0, &opts, &[]);
            let d = decode_frame(LinkType::RAW, &f, f.len() as u32);
            let last = tcp_of(&d).options().last();
            assert_eq!(last, Some(OptItem::Bad(want)), "{opts:02x?}");
        }
    }

    #[test]
    fn invalid_sack_is_skipped_unread() {
        #[rustfmt::skip]
        let opts = [
            0x05, 0x05, 0xaa, 0xbb, 0xcc, // sack with 3 bytes of data
            0x01, 0x01, 0x01,             // nops
        ];
        let f = segment((1, 2), FLAG_ACK, 1, 1, &opts, &[]);
        let d = decode_frame(LinkType::RAW, &f, f.len() as u32);
        let items: Vec<_> = tcp_of(&d).options().collect();
        assert_eq!(items.len(), 4);
        let OptItem::Opt(TcpOption {
            value: OptValue::Sack(s),
            ..
        }) = items[0]
        else {
            panic!("{items:?}")
        };
        assert!(!s.is_valid());
        assert_eq!(s.data, &[0xaa, 0xbb, 0xcc]);
    }

    #[test]
    fn header_length_forms() {
        let mut f = segment((1, 2), FLAG_ACK, 1, 1, &[], b"xyz");
        f[20 + 12] = 0x40; // data offset 4: 16 bytes
        let d = decode_frame(LinkType::RAW, &f, f.len() as u32);
        assert_eq!(tcp_of(&d).form, Form::BadHeaderLen);
        assert_eq!(d.stop.map(|s| s.kind), Some(StopKind::Invalid));
        f[20 + 12] = 0xf0; // 60 bytes, more than the 23 IP carries
        let d = decode_frame(LinkType::RAW, &f, f.len() as u32);
        assert_eq!(tcp_of(&d).form, Form::HeaderTooLong);
        assert_eq!(d.stop.map(|s| s.kind), Some(StopKind::Invalid));
    }

    #[test]
    fn port_dispatch_follows_tcpdump_order() {
        assert_eq!(dispatch::tcp_port(25, 80), Some(dispatch::PortProto::Smtp));
        assert_eq!(dispatch::tcp_port(80, 22), Some(dispatch::PortProto::Ssh));
        assert_eq!(
            dispatch::tcp_port(5000, 8080),
            Some(dispatch::PortProto::Http)
        );
        assert_eq!(dispatch::tcp_port(8554, 1), Some(dispatch::PortProto::Rtsp));
        assert_eq!(dispatch::tcp_port(5000, 5001), None);
        let f = segment(
            (5000, 80),
            FLAG_ACK | FLAG_PSH,
            1,
            1,
            &[],
            b"GET / HTTP/1.1\r\n",
        );
        let d = decode_frame(LinkType::RAW, &f, f.len() as u32);
        let App::Text(t) = d.app else {
            panic!("{:?}", d.app)
        };
        assert_eq!(t.proto, txtproto::Proto::Http);
        assert!(t.is_message);
        // No payload, no application record.
        let f = segment((5000, 80), FLAG_ACK, 1, 1, &[], &[]);
        assert_eq!(
            decode_frame(LinkType::RAW, &f, f.len() as u32).app,
            App::None
        );
    }
}
