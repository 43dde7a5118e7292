//! Geneve (RFC 8926, UDP port 6081): an 8-byte header, variable-length
//! options, then the inner packet named by an ethertype, which
//! [`super::encap`] decodes as a level of its own.
//!
//! ```text
//!  |Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
//!  |        Virtual Network Identifier (VNI)       |    Reserved   |
//!  |                    Variable Length Options                    |
//!  option: |   Option Class   |  Type  |R|R|R| Length |  data ...  |
//! ```

use super::bytes::{be16_at, be32_at, prefix, suffix};
use super::encap::{self, Inner, Tunnel};
use super::error::{Layer, Stop};
use super::udp::Udp;
use super::vxlan::u24_at;
use super::{App, Decoded};

pub const PORT: u16 = 6081;
pub const HEADER_LEN: usize = 8;

pub const FLAG_OAM: u8 = 0x80;
pub const FLAG_CRITICAL: u8 = 0x40;
/// An option type with this bit set is critical.
pub const OPT_TYPE_CRITICAL: u8 = 0x80;
/// Transparent Ethernet bridging: the payload is an Ethernet frame.
pub const ETHERTYPE_TEB: u16 = 0x6558;

/// How far the header made sense, in the order tcpdump checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The UDP payload is shorter than 8 bytes (`[length N < 8]`).
    TooShort,
    /// Fewer than 8 bytes were captured.
    Cut,
    /// A version other than 0 (`ERROR: unknown-version`).
    BadVersion,
    /// The options run past the UDP payload (`truncated-geneve`).
    OptionsTooLong,
    /// The options were not captured whole.
    OptionsCut,
    Ok,
}

/// A Geneve header. Fields are valid from `BadVersion` on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Geneve<'a> {
    pub form: Form,
    /// The UDP payload length (tcpdump's `len`).
    pub length: u32,
    pub version: u8,
    /// Options length in bytes (the 6-bit field times 4).
    pub opts_len: u32,
    pub flags: u8,
    /// The ethertype of the payload.
    pub protocol: u16,
    pub vni: u32,
    pub reserved: u8,
    /// The option bytes (whole when `form` is `Ok`).
    pub options: &'a [u8],
}

impl<'a> Geneve<'a> {
    /// The options, in wire order.
    pub fn options(&self) -> Options<'a> {
        Options {
            rest: self.options,
            done: false,
        }
    }
    /// Bytes the options need beyond the UDP payload (`OptionsTooLong`).
    pub fn missing(&self) -> u32 {
        self.opts_len
            .saturating_sub(self.length.saturating_sub(HEADER_LEN as u32))
    }
}

/// One option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GeneveOption<'a> {
    pub class: u16,
    pub opt_type: u8,
    /// Option length in bytes, its 4-byte header included.
    pub len: u32,
    /// The option data (empty when `bad_length`).
    pub data: &'a [u8],
    /// The length runs past the options area: the walk stops here
    /// (tcpdump's `[bad length]`).
    pub bad_length: bool,
}

impl GeneveOption<'_> {
    pub fn critical(&self) -> bool {
        self.opt_type & OPT_TYPE_CRITICAL != 0
    }
}

/// The options of a header, walked as tcpdump walks them.
#[derive(Clone, Debug)]
pub struct Options<'a> {
    rest: &'a [u8],
    done: bool,
}

impl<'a> Iterator for Options<'a> {
    type Item = GeneveOption<'a>;
    fn next(&mut self) -> Option<GeneveOption<'a>> {
        if self.done || self.rest.is_empty() {
            return None;
        }
        // The options area is a multiple of 4 bytes and captured whole, so
        // an option header is always there.
        let (Some(class), Some(&opt_type), Some(&l)) =
            (be16_at(self.rest, 0), self.rest.get(2), self.rest.get(3))
        else {
            self.done = true;
            return None;
        };
        let len = 4 + u32::from(l & 0x1f) * 4;
        if len as usize > self.rest.len() {
            self.done = true;
            return Some(GeneveOption {
                class,
                opt_type,
                len,
                data: &[],
                bad_length: true,
            });
        }
        let data = prefix(suffix(self.rest, 4), len as usize - 4);
        self.rest = suffix(self.rest, len as usize);
        Some(GeneveOption {
            class,
            opt_type,
            len,
            data,
            bad_length: false,
        })
    }
}

/// The 32-bit words of an option's data, as tcpdump prints them with -vv.
pub fn data_words(data: &[u8]) -> impl Iterator<Item = u32> + '_ {
    (0..data.len() / 4).filter_map(move |i| be32_at(data, i * 4))
}

/// Decodes a Geneve header at `off` and what it carries. `p` runs to the
/// end of the captured IP datagram, `length` is the UDP payload length.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, udp: Udp<'a>, d: &mut Decoded<'a>) {
    let mut g = Geneve {
        form: Form::TooShort,
        length,
        version: 0,
        opts_len: 0,
        flags: 0,
        protocol: 0,
        vni: 0,
        reserved: 0,
        options: &[],
    };
    let stop = |d: &mut Decoded<'a>, g: Geneve<'a>, s: Stop| {
        d.app = App::Geneve(g);
        d.stop = Some(s);
    };
    if length < HEADER_LEN as u32 {
        return stop(d, g, Stop::invalid(Layer::Geneve, off));
    }
    let (Some(&ver_opt), Some(&flags), Some(protocol), Some(vni), Some(&reserved)) =
        (p.first(), p.get(1), be16_at(p, 2), u24_at(p, 4), p.get(7))
    else {
        g.form = Form::Cut;
        return stop(d, g, Stop::truncated(Layer::Geneve, off));
    };
    g.version = ver_opt >> 6;
    g.opts_len = u32::from(ver_opt & 0x3f) * 4;
    g.flags = flags;
    g.protocol = protocol;
    g.vni = vni;
    g.reserved = reserved;
    if g.version != 0 {
        g.form = Form::BadVersion;
        return stop(d, g, Stop::invalid(Layer::Geneve, off));
    }
    let rest_len = length - HEADER_LEN as u32;
    if rest_len < g.opts_len {
        g.form = Form::OptionsTooLong;
        return stop(d, g, Stop::invalid(Layer::Geneve, off));
    }
    let after = suffix(p, HEADER_LEN);
    g.options = prefix(after, g.opts_len as usize);
    if g.options.len() < g.opts_len as usize {
        g.form = Form::OptionsCut;
        return stop(d, g, Stop::truncated(Layer::Geneve, off));
    }
    g.form = Form::Ok;
    d.app = App::Geneve(g);
    let hlen = HEADER_LEN + g.opts_len as usize;
    let inner = if protocol == ETHERTYPE_TEB {
        Inner::Ethernet
    } else {
        Inner::Ethertype(protocol)
    };
    encap::descend(
        d,
        Tunnel::Geneve(udp, g),
        Layer::Geneve,
        suffix(p, hlen),
        rest_len - g.opts_len,
        off + hlen,
        inner,
    );
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn option_walk() {
        // Class 0x0102 type 0x80 (critical) with 4 data bytes, then one
        // claiming 8 data bytes where 4 remain.
        let opts = [
            0x01, 0x02, 0x80, 0x01, 1, 2, 3, 4, // ok
            0xff, 0xf0, 0x01, 0x02, 5, 6, 7, 8, // bad length
        ];
        let g = Geneve {
            form: Form::Ok,
            length: 100,
            version: 0,
            opts_len: 16,
            flags: 0,
            protocol: 0x0800,
            vni: 1,
            reserved: 0,
            options: &opts,
        };
        let v: Vec<_> = g.options().collect();
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].class, v[0].len, v[0].data), (0x0102, 8, &opts[4..8]));
        assert!(v[0].critical());
        assert!(v[1].bad_length);
        assert_eq!(v[1].len, 12);
        assert_eq!(data_words(v[0].data).collect::<Vec<_>>(), vec![0x01020304]);
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod decode_tests {
    use super::super::{decode as decode_frame, LinkType, Net};
    use super::*;
    use crate::decode::error::StopKind;
    use crate::testdata::tunnel::*;

    fn geneve_frame(payload: &[u8]) -> Vec<u8> {
        ether(
            0x0800,
            &ipv4(17, OUTER_A, OUTER_B, &udp(51000, PORT, payload)),
        )
    }

    #[test]
    fn forms() {
        let inner = ipv4(17, INNER_A, INNER_B, &udp(1, 2, b"a"));
        let hdr = |first: u8| vec![first, 0x80, 0x08, 0x00, 0, 0x13, 0x89, 0];
        // One option of 4 data bytes, then IPv4.
        let mut ok = hdr(2);
        ok.extend_from_slice(&[0x01, 0x02, 0x80, 0x01, 1, 2, 3, 4]);
        ok.extend_from_slice(&inner);
        let f = geneve_frame(&ok);
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(d.levels(), 2);
        assert!(matches!(d.net, Net::Ipv4(_)));
        let App::Geneve(g) = d.outermost().app else {
            panic!()
        };
        assert_eq!(
            (g.form, g.vni, g.opts_len, g.flags),
            (Form::Ok, 0x1389, 8, 0x80)
        );
        assert_eq!(g.options().count(), 1);
        // Version 1; options longer than the payload; cut options.
        for (payload, form, kind, cut) in [
            (
                [&hdr(0x40)[..], &inner].concat(),
                Form::BadVersion,
                StopKind::Invalid,
                None,
            ),
            (hdr(10), Form::OptionsTooLong, StopKind::Invalid, None),
            (ok.clone(), Form::OptionsCut, StopKind::Truncated, Some(12)),
            (ok.clone(), Form::Cut, StopKind::Truncated, Some(5)),
            (vec![0; 7], Form::TooShort, StopKind::Invalid, None),
        ] {
            let f = geneve_frame(&payload);
            let n = cut.map_or(f.len(), |c| 42 + c);
            let d = decode_frame(LinkType::ETHERNET, &f[..n], f.len() as u32);
            let App::Geneve(g) = d.app else { panic!() };
            assert_eq!(g.form, form);
            assert_eq!(d.levels(), 1);
            let stop = d.stop.unwrap();
            assert_eq!((stop.layer, stop.kind), (Layer::Geneve, kind));
        }
        // An unknown protocol type is a level whose network layer is unknown.
        let mut unknown = hdr(0);
        unknown[2..4].copy_from_slice(&[0x12, 0x34]);
        unknown.extend_from_slice(b"zz");
        let f = geneve_frame(&unknown);
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(d.levels(), 2);
        assert!(matches!(
            d.net,
            Net::Unknown {
                ethertype: 0x1234,
                ..
            }
        ));
    }
}
