//! DHCPv6 (UDP ports 546 and 547). RFC 8415 (messages, DUIDs, IA_NA,
//! IA_TA, IA_PD, status codes, authentication), RFC 3646 (DNS), RFC 3319
//! (SIP), RFC 3898 (NIS), RFC 4075 (SNTP), RFC 4242 (lifetime), RFC 4280
//! (BCMCS), RFC 4649 (remote id), RFC 4580 (subscriber id), RFC 5007
//! (leasequery), RFC 5908 (NTP server), RFC 6334 (AFTR name), RFC 4833
//! (time zones), RFC 8520 (MUD URL).
//!
//! A [`Dhcp6`] record holds the message header and hands out a lazy
//! iterator over its options ([`Options`]); each option is typed on demand
//! ([`Dhcp6Option::value`]) into a [`Value`] that borrows the packet bytes.
//! Nested options (IA_NA/IA_TA/IA_PD, IA addresses and prefixes, client
//! data) and relayed messages are records of the same kinds. Nothing is
//! allocated.
//!
//! Bounds are tcpdump's: a message's options end at the smaller of its
//! length and the captured bytes; a relayed message is bounded by its
//! option. Domain names ([`Name`]) are walked as tcpdump's `fqdn_print`
//! walks them: up to the end of the captured bytes, not of the option.

use std::net::Ipv6Addr;

use super::bytes::{be16_at, be32_at};
pub use super::fqdn::{Name, NameWalk, Piece, MAX_NAME};

pub const PORT_CLIENT: u16 = 546;
pub const PORT_SERVER: u16 = 547;

pub const RELAY_FORW: u8 = 12;
pub const RELAY_REPL: u8 = 13;

/// Option codes this decoder types.
pub mod code {
    pub const CLIENTID: u16 = 1;
    pub const SERVERID: u16 = 2;
    pub const IA_NA: u16 = 3;
    pub const IA_TA: u16 = 4;
    pub const IAADDR: u16 = 5;
    pub const ORO: u16 = 6;
    pub const PREFERENCE: u16 = 7;
    pub const ELAPSED_TIME: u16 = 8;
    pub const RELAY_MSG: u16 = 9;
    pub const AUTH: u16 = 11;
    pub const UNICAST: u16 = 12;
    pub const STATUS_CODE: u16 = 13;
    pub const RAPID_COMMIT: u16 = 14;
    pub const USER_CLASS: u16 = 15;
    pub const VENDOR_CLASS: u16 = 16;
    pub const VENDOR_OPTS: u16 = 17;
    pub const INTERFACE_ID: u16 = 18;
    pub const RECONF_MSG: u16 = 19;
    pub const RECONF_ACCEPT: u16 = 20;
    pub const SIP_SERVER_D: u16 = 21;
    pub const SIP_SERVER_A: u16 = 22;
    pub const DNS_SERVERS: u16 = 23;
    pub const DOMAIN_LIST: u16 = 24;
    pub const IA_PD: u16 = 25;
    pub const IAPREFIX: u16 = 26;
    pub const NIS_SERVERS: u16 = 27;
    pub const NISP_SERVERS: u16 = 28;
    pub const NIS_NAME: u16 = 29;
    pub const NISP_NAME: u16 = 30;
    pub const SNTP_SERVERS: u16 = 31;
    pub const LIFETIME: u16 = 32;
    pub const BCMCS_SERVER_D: u16 = 33;
    pub const BCMCS_SERVER_A: u16 = 34;
    pub const GEOCONF_CIVIC: u16 = 36;
    pub const REMOTE_ID: u16 = 37;
    pub const SUBSCRIBER_ID: u16 = 38;
    pub const CLIENT_FQDN: u16 = 39;
    pub const PANA_AGENT: u16 = 40;
    pub const NEW_POSIX_TIMEZONE: u16 = 41;
    pub const NEW_TZDB_TIMEZONE: u16 = 42;
    pub const ERO: u16 = 43;
    pub const LQ_QUERY: u16 = 44;
    pub const CLIENT_DATA: u16 = 45;
    pub const CLT_TIME: u16 = 46;
    pub const LQ_RELAY_DATA: u16 = 47;
    pub const LQ_CLIENT_LINK: u16 = 48;
    pub const NTP_SERVER: u16 = 56;
    pub const AFTR_NAME: u16 = 64;
    pub const MUD_URL: u16 = 112;
}

/// A DHCPv6 message: what was captured of it, and its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dhcp6<'a> {
    /// The message length (the UDP payload length, or the relay option's).
    pub length: u32,
    /// The captured bytes from the message start to the end of the
    /// capture (tcpdump's snapend), which may run past `length`.
    pub cap: &'a [u8],
    /// The message type; `None` when fewer than 4 bytes were captured.
    pub msg_type: Option<u8>,
}

impl<'a> Dhcp6<'a> {
    /// Where the options end: the smaller of the length and the capture.
    fn end(&self) -> usize {
        (self.length as usize).min(self.cap.len())
    }
    pub fn is_relay(&self) -> bool {
        matches!(self.msg_type, Some(RELAY_FORW | RELAY_REPL))
    }
    /// The 24-bit transaction id of a client/server message.
    pub fn xid(&self) -> Option<u32> {
        be32_at(self.cap, 0).map(|v| v & 0x00ff_ffff)
    }
    /// A relay message's hop count.
    pub fn hop_count(&self) -> Option<u8> {
        self.cap.get(1).copied()
    }
    pub fn link_addr(&self) -> Option<Ipv6Addr> {
        addr_at(self.cap, 2)
    }
    pub fn peer_addr(&self) -> Option<Ipv6Addr> {
        addr_at(self.cap, 18)
    }
    /// The message's options.
    pub fn options(&self) -> Options<'a> {
        let start = if self.is_relay() { 34 } else { 4 };
        Options {
            cap: self.cap,
            pos: start,
            end: self.end(),
        }
    }
}

fn addr_at(b: &[u8], off: usize) -> Option<Ipv6Addr> {
    let s = b.get(off..off.checked_add(16)?)?;
    let a: [u8; 16] = s.try_into().ok()?;
    Some(Ipv6Addr::from(a))
}

/// Decodes a DHCPv6 message. `cap` is what was captured from the message
/// start to the end of the IP datagram; `length` the UDP payload length.
pub fn decode(cap: &[u8], length: u32) -> Dhcp6<'_> {
    Dhcp6 {
        length,
        cap,
        msg_type: (cap.len() >= 4).then(|| cap.first().copied()).flatten(),
    }
}

/// Options between two offsets of a captured buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options<'a> {
    /// The buffer names are read from (to the end of the capture).
    cap: &'a [u8],
    pos: usize,
    end: usize,
}

/// One step of an option list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item<'a> {
    Opt(Dhcp6Option<'a>),
    /// The list ends inside an option header or an option's data (tcpdump
    /// prints ` [|dhcp6]` and leaves the list).
    Truncated,
}

impl<'a> Iterator for Options<'a> {
    type Item = Item<'a>;
    fn next(&mut self) -> Option<Item<'a>> {
        if self.pos >= self.end {
            return None;
        }
        let hdr_end = self.pos + 4;
        let (Some(c), Some(len)) = (be16_at(self.cap, self.pos), be16_at(self.cap, self.pos + 2))
        else {
            self.pos = self.end;
            return Some(Item::Truncated);
        };
        let data_end = hdr_end + usize::from(len);
        if hdr_end > self.end || data_end > self.end {
            self.pos = self.end;
            return Some(Item::Truncated);
        }
        let data = self.cap.get(hdr_end..data_end).unwrap_or(&[]);
        let o = Dhcp6Option {
            code: c,
            data,
            cap: self.cap,
            at: hdr_end,
        };
        self.pos = data_end;
        Some(Item::Opt(o))
    }
}

/// One option: its code, its data, and where it sits in the capture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dhcp6Option<'a> {
    pub code: u16,
    pub data: &'a [u8],
    cap: &'a [u8],
    /// Offset of `data` in `cap`.
    at: usize,
}

/// A DUID (RFC 8415 §11), as far as tcpdump shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Duid<'a> {
    /// DUID-LLT.
    Llt {
        hw_type: u16,
        time: u32,
        addr: &'a [u8],
    },
    /// DUID-EN: the enterprise number and the identifier.
    En { enterprise: u32, id: &'a [u8] },
    /// DUID-LL.
    Ll { hw_type: u16, addr: &'a [u8] },
    /// Another type (4 is DUID-UUID, RFC 6355), or a known type too short
    /// for its fields (`short`).
    Other {
        duid_type: u16,
        data: &'a [u8],
        short: bool,
    },
}

/// The authentication option's protocol-dependent part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthInfo<'a> {
    /// No authentication information.
    None,
    /// Delayed authentication (protocol 2).
    Delayed {
        realm: &'a [u8],
        key_id: u32,
        hmac: &'a [u8],
    },
    /// Reconfigure key (protocol 3): a type and a 16-byte value.
    Reconfig { kind: u8, value: &'a [u8] },
    /// A length or protocol tcpdump does not decode.
    Unknown,
}

/// The typed value of an option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    /// The data is too short or of the wrong length for the option.
    Malformed,
    Duid(Duid<'a>),
    /// IA_ADDR: an address, lifetimes and sub-options.
    IaAddr {
        addr: Ipv6Addr,
        preferred: u32,
        valid: u32,
        options: Options<'a>,
    },
    /// ORO and ERO: option codes.
    Codes(Codes<'a>),
    Preference(u8),
    /// Elapsed time in hundredths of a second.
    Elapsed(u16),
    /// A relayed message.
    Relayed(Dhcp6<'a>),
    Auth {
        protocol: u8,
        algorithm: u8,
        rdm: u8,
        replay: u64,
        info: AuthInfo<'a>,
    },
    /// An option without data that tcpdump prints by name only (rapid
    /// commit, reconfigure accept) or whose data it does not print.
    Opaque(&'a [u8]),
    /// Interface id and subscriber id: opaque bytes (tcpdump shows 10).
    Id(&'a [u8]),
    /// The reconfigure message type.
    ReconfMsg(u8),
    /// IPv6 addresses (DNS, SIP, SNTP, NIS, BCMCS, PANA, LQ client link).
    Addrs(Addrs<'a>),
    /// A list of domain names (SIP domains, DNS search list).
    Names(Names<'a>),
    StatusCode {
        code: u16,
        message: &'a [u8],
    },
    /// IA_NA and IA_PD.
    Ia {
        iaid: u32,
        t1: u32,
        t2: u32,
        options: Options<'a>,
    },
    IaTa {
        iaid: u32,
        options: Options<'a>,
    },
    IaPrefix {
        preferred: u32,
        valid: u32,
        prefix_len: u8,
        prefix: Ipv6Addr,
        options: Options<'a>,
    },
    /// Lifetime and client last transaction time, in seconds.
    Seconds(u32),
    RemoteId {
        enterprise: u32,
        id: &'a [u8],
    },
    LqQuery {
        query_type: u8,
        link: Ipv6Addr,
        options: Options<'a>,
    },
    ClientData(Options<'a>),
    LqRelayData {
        peer: Ipv6Addr,
        message: &'a [u8],
    },
    NtpServer(NtpSubs<'a>),
    /// The AFTR name's labels (RFC 1035 encoding, no compression).
    AftrName(AftrLabels<'a>),
    /// Text (time zones, MUD URL), up to the first NUL.
    Text(&'a [u8]),
}

impl<'a> Dhcp6Option<'a> {
    fn u32_at(&self, off: usize) -> u32 {
        be32_at(self.data, off).unwrap_or(0)
    }

    fn sub(&self, from: usize) -> Options<'a> {
        Options {
            cap: self.cap,
            pos: self.at + from,
            end: self.at + self.data.len(),
        }
    }

    /// The option's typed value, by tcpdump's rules for its code.
    pub fn value(&self) -> Value<'a> {
        use code::*;
        let d = self.data;
        let n = d.len();
        let tail = |from: usize| d.get(from..).unwrap_or(&[]);
        match self.code {
            CLIENTID | SERVERID => {
                let Some(t) = be16_at(d, 0) else {
                    return Value::Malformed;
                };
                Value::Duid(match t {
                    1 if n >= 8 => Duid::Llt {
                        hw_type: be16_at(d, 2).unwrap_or(0),
                        time: self.u32_at(4),
                        addr: tail(8),
                    },
                    2 if n >= 10 => Duid::En {
                        enterprise: self.u32_at(2),
                        id: tail(6),
                    },
                    3 if n >= 4 => Duid::Ll {
                        hw_type: be16_at(d, 2).unwrap_or(0),
                        addr: tail(4),
                    },
                    _ => Duid::Other {
                        duid_type: t,
                        data: tail(2),
                        short: (1..=3).contains(&t),
                    },
                })
            }
            IAADDR => match addr_at(d, 0) {
                Some(addr) if n >= 24 => Value::IaAddr {
                    addr,
                    preferred: self.u32_at(16),
                    valid: self.u32_at(20),
                    options: self.sub(24),
                },
                _ => Value::Malformed,
            },
            ORO | ERO if n % 2 == 0 => Value::Codes(Codes(d)),
            PREFERENCE if n == 1 => Value::Preference(d.first().copied().unwrap_or(0)),
            ELAPSED_TIME if n == 2 => Value::Elapsed(be16_at(d, 0).unwrap_or(0)),
            RELAY_MSG => Value::Relayed(decode(d, n as u32)),
            AUTH if n >= 11 => {
                let protocol = d.first().copied().unwrap_or(0);
                let info_len = n - 11;
                let info = match protocol {
                    2 if info_len == 0 => AuthInfo::None,
                    2 if info_len >= 20 => {
                        let realm_len = info_len - 20;
                        AuthInfo::Delayed {
                            realm: d.get(11..11 + realm_len).unwrap_or(&[]),
                            key_id: self.u32_at(11 + realm_len),
                            hmac: tail(15 + realm_len),
                        }
                    }
                    3 if info_len == 17 => AuthInfo::Reconfig {
                        kind: d.get(11).copied().unwrap_or(0),
                        value: tail(12),
                    },
                    _ => AuthInfo::Unknown,
                };
                let replay = d.get(3..11).map_or(0, |b| {
                    b.iter().fold(0u64, |acc, &x| (acc << 8) | u64::from(x))
                });
                Value::Auth {
                    protocol,
                    algorithm: d.get(1).copied().unwrap_or(0),
                    rdm: d.get(2).copied().unwrap_or(0),
                    replay,
                    info,
                }
            }
            INTERFACE_ID | SUBSCRIBER_ID => Value::Id(d),
            RECONF_MSG if n == 1 => Value::ReconfMsg(d.first().copied().unwrap_or(0)),
            SIP_SERVER_A | DNS_SERVERS | SNTP_SERVERS | NIS_SERVERS | NISP_SERVERS
            | BCMCS_SERVER_A | PANA_AGENT | LQ_CLIENT_LINK
                if n % 16 == 0 =>
            {
                Value::Addrs(Addrs(d))
            }
            SIP_SERVER_D | DOMAIN_LIST => Value::Names(Names {
                cap: self.cap,
                pos: self.at,
                end: self.at + n,
            }),
            STATUS_CODE if n >= 2 => Value::StatusCode {
                code: be16_at(d, 0).unwrap_or(0),
                message: tail(2),
            },
            IA_NA | IA_PD if n >= 12 => Value::Ia {
                iaid: self.u32_at(0),
                t1: self.u32_at(4),
                t2: self.u32_at(8),
                options: self.sub(12),
            },
            IA_TA if n >= 4 => Value::IaTa {
                iaid: self.u32_at(0),
                options: self.sub(4),
            },
            IAPREFIX => match addr_at(d, 9) {
                Some(prefix) if n >= 25 => Value::IaPrefix {
                    preferred: self.u32_at(0),
                    valid: self.u32_at(4),
                    prefix_len: d.get(8).copied().unwrap_or(0),
                    prefix,
                    options: self.sub(25),
                },
                _ => Value::Malformed,
            },
            LIFETIME | CLT_TIME if n == 4 => Value::Seconds(self.u32_at(0)),
            REMOTE_ID if n >= 4 => Value::RemoteId {
                enterprise: self.u32_at(0),
                id: tail(4),
            },
            LQ_QUERY => match addr_at(d, 1) {
                Some(link) if n >= 17 => Value::LqQuery {
                    query_type: d.first().copied().unwrap_or(0),
                    link,
                    options: self.sub(17),
                },
                _ => Value::Malformed,
            },
            CLIENT_DATA => Value::ClientData(self.sub(0)),
            LQ_RELAY_DATA => match addr_at(d, 0) {
                Some(peer) => Value::LqRelayData {
                    peer,
                    message: tail(16),
                },
                None => Value::Malformed,
            },
            NTP_SERVER if n >= 4 => Value::NtpServer(NtpSubs {
                cap: self.cap,
                pos: self.at,
                end: self.at + n,
            }),
            AFTR_NAME if n >= 3 => Value::AftrName(AftrLabels {
                rest: d,
                done: false,
                dot: false,
            }),
            NEW_POSIX_TIMEZONE | NEW_TZDB_TIMEZONE | MUD_URL if n >= 5 => Value::Text(
                d.get(..d.iter().position(|&b| b == 0).unwrap_or(n))
                    .unwrap_or(d),
            ),
            ORO | ERO | PREFERENCE | ELAPSED_TIME | AUTH | RECONF_MSG | SIP_SERVER_A
            | DNS_SERVERS | SNTP_SERVERS | NIS_SERVERS | NISP_SERVERS | BCMCS_SERVER_A
            | PANA_AGENT | LQ_CLIENT_LINK | STATUS_CODE | IA_NA | IA_PD | IA_TA | LIFETIME
            | CLT_TIME | REMOTE_ID | NTP_SERVER | AFTR_NAME | NEW_POSIX_TIMEZONE
            | NEW_TZDB_TIMEZONE | MUD_URL => Value::Malformed,
            _ => Value::Opaque(d),
        }
    }
}

/// Option codes of an ORO or ERO.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Codes<'a>(&'a [u8]);

impl Iterator for Codes<'_> {
    type Item = u16;
    fn next(&mut self) -> Option<u16> {
        let v = be16_at(self.0, 0)?;
        self.0 = self.0.get(2..).unwrap_or(&[]);
        Some(v)
    }
}

/// IPv6 addresses packed 16 bytes each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Addrs<'a>(&'a [u8]);

impl Iterator for Addrs<'_> {
    type Item = Ipv6Addr;
    fn next(&mut self) -> Option<Ipv6Addr> {
        let a = addr_at(self.0, 0)?;
        self.0 = self.0.get(16..).unwrap_or(&[]);
        Some(a)
    }
}

/// The domain names of a name-list option, each walked as tcpdump's
/// `fqdn_print` walks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Names<'a> {
    cap: &'a [u8],
    pos: usize,
    end: usize,
}

impl<'a> Iterator for Names<'a> {
    type Item = Name<'a>;
    fn next(&mut self) -> Option<Name<'a>> {
        if self.pos >= self.end {
            return None;
        }
        let name = Name::at(self.cap, self.pos, self.end);
        match name.next_pos() {
            Some(p) => self.pos = p,
            // tcpdump gives up on the list after a name it cannot walk.
            None => self.pos = self.end,
        }
        Some(name)
    }
}

/// The AFTR name walked as tcpdump walks it (RFC 6334 §3): labels while
/// each ends before the option's last byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AftrLabels<'a> {
    rest: &'a [u8],
    done: bool,
    dot: bool,
}

/// One piece of an AFTR name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AftrPiece<'a> {
    /// A label, up to a NUL in it.
    Label(&'a [u8]),
    /// The dot before a further label.
    Dot,
    /// A label that runs to or past the option's end.
    Bad,
}

impl<'a> Iterator for AftrLabels<'a> {
    type Item = AftrPiece<'a>;
    fn next(&mut self) -> Option<AftrPiece<'a>> {
        if self.done {
            return None;
        }
        if self.dot {
            self.dot = false;
            return Some(AftrPiece::Dot);
        }
        let (&len, tail) = self.rest.split_first()?;
        if len == 0 {
            return None;
        }
        let len = usize::from(len);
        if len >= self.rest.len() - 1 {
            self.done = true;
            return Some(AftrPiece::Bad);
        }
        let label = tail.get(..len).unwrap_or(tail);
        let end = label.iter().position(|&b| b == 0).unwrap_or(len);
        self.rest = tail.get(len..).unwrap_or(&[]);
        self.dot = self.rest.first().is_some_and(|&b| b != 0);
        Some(AftrPiece::Label(label.get(..end).unwrap_or(label)))
    }
}

/// The sub-options of an NTP server option (RFC 5908).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NtpSubs<'a> {
    cap: &'a [u8],
    pos: usize,
    end: usize,
}

/// One NTP server sub-option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NtpSub<'a> {
    /// 1 (server address) or 2 (multicast address).
    Addr { code: u16, addr: Ipv6Addr },
    /// 3: a server name.
    Fqdn(Name<'a>),
    /// An unknown code, or an address of the wrong length.
    Other { code: u16, data: &'a [u8] },
    /// The sub-option runs past the option.
    Truncated,
}

impl<'a> Iterator for NtpSubs<'a> {
    type Item = NtpSub<'a>;
    fn next(&mut self) -> Option<NtpSub<'a>> {
        // tcpdump loops while more than 4 bytes are left.
        if self.pos + 4 >= self.end {
            return None;
        }
        let c = be16_at(self.cap, self.pos)?;
        let len = usize::from(be16_at(self.cap, self.pos + 2)?);
        let start = self.pos + 4;
        if start + len > self.end {
            self.pos = self.end;
            return Some(NtpSub::Truncated);
        }
        self.pos = start + len;
        let data = self.cap.get(start..start + len).unwrap_or(&[]);
        Some(match c {
            1 | 2 if len == 16 => match addr_at(data, 0) {
                Some(addr) => NtpSub::Addr { code: c, addr },
                None => NtpSub::Other { code: c, data },
            },
            3 => NtpSub::Fqdn(Name::at(self.cap, start, start + len)),
            _ => NtpSub::Other { code: c, data },
        })
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn opt(code: u16, data: &[u8]) -> Vec<u8> {
        let mut v = code.to_be_bytes().to_vec();
        v.extend_from_slice(&(data.len() as u16).to_be_bytes());
        v.extend_from_slice(data);
        v
    }

    #[test]
    fn solicit_options() {
        let mut m = vec![1, 0x12, 0x34, 0x56];
        m.extend(opt(1, &[0, 3, 0, 1, 2, 0, 0, 0, 0, 1]));
        m.extend(opt(6, &[0, 23, 0, 24]));
        m.extend(opt(8, &[0, 0]));
        let mut ia = vec![0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0];
        let mut addr = [0u8; 24];
        addr[0] = 0xfd;
        addr[15] = 1;
        addr[19] = 10;
        addr[23] = 20;
        ia.extend(opt(5, &addr));
        m.extend(opt(3, &ia));
        let d = decode(&m, m.len() as u32);
        assert_eq!(d.msg_type, Some(1));
        assert_eq!(d.xid(), Some(0x123456));
        let vals: Vec<_> = d
            .options()
            .map(|i| match i {
                Item::Opt(o) => o.value(),
                Item::Truncated => panic!(),
            })
            .collect();
        assert!(matches!(vals[0], Value::Duid(Duid::Ll { hw_type: 1, .. })));
        let Value::Codes(c) = vals[1] else { panic!() };
        assert_eq!(c.collect::<Vec<_>>(), vec![23, 24]);
        assert_eq!(vals[2], Value::Elapsed(0));
        let Value::Ia {
            iaid: 7, options, ..
        } = vals[3]
        else {
            panic!()
        };
        let subs: Vec<_> = options.collect();
        let [Item::Opt(a)] = subs[..] else { panic!() };
        let Value::IaAddr {
            addr,
            preferred,
            valid,
            ..
        } = a.value()
        else {
            panic!()
        };
        assert_eq!(addr, "fd00::1".parse::<Ipv6Addr>().unwrap());
        assert_eq!((preferred, valid), (10, 20));
    }

    #[test]
    fn truncated_option_list() {
        let mut m = vec![7, 0, 0, 1];
        m.extend(opt(23, &[0; 16]));
        let d = decode(&m[..m.len() - 1], m.len() as u32);
        let items: Vec<_> = d.options().collect();
        assert_eq!(items, vec![Item::Truncated]);
        // Fewer than four bytes: no message type.
        assert_eq!(decode(&m[..3], 20).msg_type, None);
    }

    fn walk(cap: &[u8], start: usize, base: usize) -> Vec<Piece<'_>> {
        Name::at(cap, start, base).pieces().collect()
    }

    #[test]
    fn names() {
        let b = b"\x03www\x07example\x03com\x00\x01a\x00";
        let p = walk(b, 0, b.len());
        assert_eq!(
            p,
            vec![
                Piece::Label(b"www"),
                Piece::Dot,
                Piece::Label(b"example"),
                Piece::Dot,
                Piece::Label(b"com"),
                Piece::Dot,
                Piece::End(Some(17)),
            ]
        );
        let list = Names {
            cap: b,
            pos: 0,
            end: b.len(),
        };
        assert_eq!(list.count(), 2);
        assert_eq!(walk(b"\x00", 0, 1), vec![Piece::Dot, Piece::End(Some(1))]);
        // Cut inside a label.
        assert_eq!(
            walk(b"\x05ab", 0, 3),
            vec![Piece::Label(b"ab"), Piece::End(None)]
        );
        assert_eq!(
            walk(b"\x80", 0, 1),
            vec![Piece::BadLabelType, Piece::End(None)]
        );
        // With the base after the name (DHCPv6's quirk) a pointer leads
        // past the capture.
        assert_eq!(
            walk(b"\x01a\xc0\x05", 0, 4),
            vec![Piece::Label(b"a"), Piece::Dot, Piece::End(None)]
        );
        // A pointer that does not go backwards.
        assert_eq!(
            walk(b"\x01a\xc0\x05", 0, 0),
            vec![
                Piece::Label(b"a"),
                Piece::Dot,
                Piece::BadPointer,
                Piece::End(None)
            ]
        );
    }

    #[test]
    fn ntp_server_suboptions() {
        let mut data = opt(1, &[0xff; 16]);
        data.extend(opt(3, b"\x03ntp\x00"));
        data.extend(opt(9, &[1, 2]));
        let m = opt(56, &data);
        let o = Options {
            cap: &m,
            pos: 0,
            end: m.len(),
        }
        .next();
        let Some(Item::Opt(o)) = o else { panic!() };
        let Value::NtpServer(subs) = o.value() else {
            panic!()
        };
        let v: Vec<_> = subs.collect();
        assert!(matches!(v[0], NtpSub::Addr { code: 1, .. }));
        assert!(matches!(v[1], NtpSub::Fqdn(_)));
        assert_eq!(
            v[2],
            NtpSub::Other {
                code: 9,
                data: &[1, 2]
            }
        );
    }
}
