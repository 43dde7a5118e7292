//! The JSON view of the UDP header (`udp`).

use serde::Serialize;

use crate::decode::udp::{Form, Udp};

#[derive(Serialize)]
pub(super) struct UdpView {
    src_port: u16,
    dst_port: u16,
    length: u16,
    checksum: u16,
    payload_len: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    invalid: Option<&'static str>,
}

pub(super) fn view(u: &Udp<'_>) -> UdpView {
    UdpView {
        src_port: u.src_port,
        dst_port: u.dst_port,
        length: u.length_field,
        checksum: u.checksum,
        payload_len: u.payload_len(),
        invalid: match u.form {
            Form::ShortIpPayload => Some("short_ip_payload"),
            Form::BadLength => Some("bad_length"),
            _ => None,
        },
    }
}
