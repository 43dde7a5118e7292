//! Running a compiled BPF filter on a packet with libpcap's interpreter
//! (`pcap_offline_filter`), given the length on the wire as well as the
//! captured bytes; the `pcap` crate's `BpfProgram::filter` passes the
//! captured length as both, so that `greater`, `less` and `len` would see
//! the wrong length on a cut packet.
//!
//! One of the two modules with `unsafe` code (with `tstamp`): one call,
//! whose safety is argued beside it.
#![allow(unsafe_code)]

use std::ffi::{c_int, c_void};

/// `struct pcap_pkthdr` (pcap/pcap.h).
#[repr(C)]
struct PktHdr {
    ts: libc::timeval,
    caplen: u32,
    len: u32,
}

extern "C" {
    fn pcap_offline_filter(prog: *const c_void, h: *const PktHdr, data: *const u8) -> c_int;
}

/// Whether `program` accepts a packet of `wire_len` bytes on the wire of
/// which `data` was captured, as libpcap decides while reading a file.
pub(super) fn matches(program: &pcap::BpfProgram, data: &[u8], wire_len: u32) -> bool {
    let h = PktHdr {
        ts: libc::timeval {
            tv_sec: 0,
            tv_usec: 0,
        },
        // The interpreter reads at most `caplen` bytes from `data`.
        caplen: u32::try_from(data.len()).unwrap_or(u32::MAX),
        len: wire_len,
    };
    // SAFETY: `pcap::BpfProgram` is `#[repr(transparent)]` over libpcap's
    // `struct bpf_program`, which it owns (compiled by `pcap_compile`, freed
    // on drop), so a pointer to it is a valid `const struct bpf_program *`
    // for the call. `h` lives on the stack for the call; `data` holds
    // `h.caplen` readable bytes (`data.len()` fits in u32 for any packet a
    // file can hold, caplen being a u32), and libpcap's interpreter checks
    // every load against `caplen`. Nothing is kept after the call.
    let r = unsafe {
        pcap_offline_filter(
            (program as *const pcap::BpfProgram).cast::<c_void>(),
            &h,
            data.as_ptr(),
        )
    };
    r != 0
}
