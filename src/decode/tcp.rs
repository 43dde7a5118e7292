//! TCP. RFC 9293 section 3.1 (header); options in [`options`], MPTCP in
//! [`mptcp`].
//!
//! The record keeps the fixed header, the claimed segment length (from the
//! IP layer), the captured segment bounded by that length, and where the
//! header stopped making sense ([`Form`]). The payload is handed to an
//! application decoder by port, in tcpdump's order (`tcp_print`), for the
//! protocols netdecode decodes.

pub mod mptcp;
pub mod options;

use nom::number::complete::{be_u16, be_u32};

use super::bytes::{be16_at, prefix, suffix, u8 as byte, Res};
use super::error::{Layer, Stop};
use super::{txtproto, App, Decoded, Transport};

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

/// The application protocol tcpdump picks for a segment by its ports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortProto {
    Telnet,
    Smtp,
    Whois,
    Bgp,
    Pptp,
    Redis,
    Ssh,
    NetbiosSsn,
    Smb,
    Beep,
    OpenFlow,
    Ftp,
    Http,
    Rtsp,
    Domain,
    Msdp,
    RpkiRtr,
    Ldp,
    Nfs,
}

impl PortProto {
    /// The first protocol in tcpdump's order whose port either side uses.
    pub fn of(sport: u16, dport: u16) -> Option<PortProto> {
        use PortProto as P;
        const ORDER: [(&[u16], PortProto); 19] = [
            (&[port::TELNET], P::Telnet),
            (&[port::SMTP], P::Smtp),
            (&[port::WHOIS], P::Whois),
            (&[port::BGP], P::Bgp),
            (&[port::PPTP], P::Pptp),
            (&[port::REDIS], P::Redis),
            (&[port::SSH], P::Ssh),
            (&[port::NETBIOS_SSN], P::NetbiosSsn),
            (&[port::SMB], P::Smb),
            (&[port::BEEP], P::Beep),
            (&[port::OPENFLOW_OLD, port::OPENFLOW], P::OpenFlow),
            (&[port::FTP], P::Ftp),
            (&[port::HTTP, port::HTTP_ALT], P::Http),
            (&[port::RTSP, port::RTSP_ALT], P::Rtsp),
            (&[port::DOMAIN], P::Domain),
            (&[port::MSDP], P::Msdp),
            (&[port::RPKI_RTR], P::RpkiRtr),
            (&[port::LDP], P::Ldp),
            (&[port::NFS], P::Nfs),
        ];
        ORDER
            .iter()
            .find(|(ports, _)| ports.iter().any(|&p| p == sport || p == dport))
            .map(|&(_, proto)| proto)
    }
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
    /// The option walk (empty unless the fixed header is usable).
    pub fn options(&self) -> Options<'a> {
        let area = match self.form {
            Form::Ok | Form::HeaderTooLong => {
                usize::from(self.header.header_len).saturating_sub(field::HEADER_LEN)
            }
            _ => 0,
        };
        Options::new(self.options, area, self.header.flags)
    }
    /// The application protocol tcpdump would pick by port.
    pub fn port_proto(&self) -> Option<PortProto> {
        PortProto::of(self.header.src_port, self.header.dst_port)
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
    let text = |proto| {
        App::Text(txtproto::Text::new(
            proto,
            t.payload,
            payload_len,
            txtproto::kind_of(proto),
        ))
    };
    d.app = match t.port_proto() {
        Some(PortProto::Http) => text(txtproto::Proto::Http),
        Some(PortProto::Ftp) => text(txtproto::Proto::Ftp),
        Some(PortProto::Smtp) => text(txtproto::Proto::Smtp),
        Some(PortProto::Rtsp) => text(txtproto::Proto::Rtsp),
        Some(PortProto::Whois) => text(txtproto::Proto::Whois),
        Some(PortProto::Ssh) => App::Ssh(txtproto::SshBanner::new(t.payload, payload_len)),
        _ => App::None,
    };
}
