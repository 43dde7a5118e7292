//! DLT_ATM_RFC1483 frames, as tcpdump's `atm_if_print` prints them: with
//! -e the 802.6 MAC header's first 16 bytes when there is one, then the
//! LLC frame.
//!
//! A Cisco NLPID frame carries an OSI PDU, which netdecode does not decode:
//! it prints `CNLPID ` (with -e) and the PDU's bytes, where tcpdump prints
//! its OSI printers' line.

use super::{dispatch, stop_at, Cx};
use crate::decode::atm::Atm;
use crate::decode::{Decoded, Layer, Net};

pub(super) fn write(cx: &mut Cx<'_>, d: &Decoded<'_>, a: &Atm) {
    let eflag = cx.o.link_header;
    let hdr = match *a {
        Atm::Cnlpid => {
            if eflag {
                cx.s("CNLPID ");
            }
            if let Net::Unknown { payload, .. } = d.net {
                cx.default_print(payload);
            }
            return;
        }
        Atm::Llc => 0,
        Atm::Ieee8026 { words } => {
            if eflag {
                let Some([w0, w1, w2, w3]) = words else {
                    cx.trunc_early_end(Layer::Atm.name());
                    return;
                };
                cx.f(format_args!("{w0:08x}{w1:08x} {w2:08x}{w3:08x} "));
            }
            20
        }
    };
    if stop_at(d, Layer::Atm).is_some() {
        cx.trunc_early_end(Layer::Atm.name());
        return;
    }
    let length = d.wire_len.max(d.frame.len() as u32).saturating_sub(hdr);
    dispatch::llc(cx, d, None, length);
}
