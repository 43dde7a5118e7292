//! TCP in JSON.

use serde::Serialize;

use super::HexBytes;
use crate::decode::tcp::{self as t, Tcp};

#[derive(Serialize)]
struct Flags {
    fin: bool,
    syn: bool,
    rst: bool,
    psh: bool,
    ack: bool,
    urg: bool,
    ece: bool,
    cwr: bool,
}

#[derive(Serialize)]
pub(super) struct TcpView<'a> {
    src_port: u16,
    dst_port: u16,
    seq: u32,
    ack: u32,
    header_len: u8,
    flags: Flags,
    window: u16,
    checksum: u16,
    urgent: u16,
    #[serde(skip_serializing_if = "<[u8]>::is_empty")]
    options: HexBytes<'a>,
    payload_len: u32,
}

pub(super) fn view<'a>(tcp: &Tcp<'a>) -> TcpView<'a> {
    let h = &tcp.header;
    TcpView {
        src_port: h.src_port,
        dst_port: h.dst_port,
        seq: h.seq,
        ack: h.ack,
        header_len: h.header_len,
        flags: Flags {
            fin: tcp.has(t::FLAG_FIN),
            syn: tcp.has(t::FLAG_SYN),
            rst: tcp.has(t::FLAG_RST),
            psh: tcp.has(t::FLAG_PSH),
            ack: tcp.has(t::FLAG_ACK),
            urg: tcp.has(t::FLAG_URG),
            ece: tcp.has(t::FLAG_ECE),
            cwr: tcp.has(t::FLAG_CWR),
        },
        window: h.window,
        checksum: h.checksum,
        urgent: h.urgent,
        options: HexBytes(tcp.options),
        payload_len: tcp.payload_len(),
    }
}
