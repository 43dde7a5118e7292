//! Time stamp types (`-j`, `-J`): the few libpcap calls the `pcap` crate
//! does not offer (listing a device's types, their names, and the status
//! of setting one), declared here and wrapped in safe functions.
//!
//! This is the one module with `unsafe` code. Each call passes either a
//! `pcap_t` the `pcap` crate owns and keeps alive for the call (an inactive
//! handle, borrowed), or a NUL-terminated string we own, or an integer; the
//! strings libpcap returns are static tables (or NULL, checked), copied
//! before anything else is called; the list libpcap allocates is copied
//! and freed with libpcap's own function.
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, c_void, CStr, CString};

use pcap::{Capture, Inactive};

extern "C" {
    fn pcap_list_tstamp_types(p: *mut c_void, types: *mut *mut c_int) -> c_int;
    fn pcap_free_tstamp_types(types: *mut c_int);
    fn pcap_tstamp_type_name_to_val(name: *const c_char) -> c_int;
    fn pcap_tstamp_type_val_to_name(t: c_int) -> *const c_char;
    fn pcap_tstamp_type_val_to_description(t: c_int) -> *const c_char;
    fn pcap_set_tstamp_type(p: *mut c_void, t: c_int) -> c_int;
    fn pcap_statustostr(status: c_int) -> *const c_char;
    fn pcap_geterr(p: *mut c_void) -> *mut c_char;
}

/// A static string from libpcap, copied; `None` for NULL.
fn copy_str(p: *const c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: libpcap returns a pointer to a NUL-terminated string in its
    // static tables (or its handle's error buffer, still alive here).
    Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}

/// A time stamp type by libpcap's name ("host", "adapter", ...; any case),
/// as `-j` takes it; `None` for a name libpcap does not know.
pub fn type_by_name(name: &str) -> Option<i32> {
    let c = CString::new(name).ok()?;
    // SAFETY: `c` is a NUL-terminated string that outlives the call.
    let v = unsafe { pcap_tstamp_type_name_to_val(c.as_ptr()) };
    (v >= 0).then_some(v)
}

/// libpcap's name of a time stamp type ("host").
pub fn type_name(t: i32) -> Option<String> {
    // SAFETY: any integer is accepted; the result is static or NULL.
    copy_str(unsafe { pcap_tstamp_type_val_to_name(t) })
}

/// libpcap's description of a time stamp type ("Host").
pub fn type_description(t: i32) -> Option<String> {
    // SAFETY: as `type_name`.
    copy_str(unsafe { pcap_tstamp_type_val_to_description(t) })
}

/// libpcap's words for a status code.
pub fn status_text(status: i32) -> String {
    // SAFETY: any integer is accepted; the result is a static string (or,
    // for unknown codes, a static buffer), copied at once.
    copy_str(unsafe { pcap_statustostr(status) }).unwrap_or_default()
}

/// The time stamp types a device offers (`pcap_list_tstamp_types` on its
/// inactive handle); an empty list when the type cannot be set.
pub fn list(cap: &Capture<Inactive>) -> Result<Vec<i32>, String> {
    let p = cap.as_ptr().cast::<c_void>();
    let mut types: *mut c_int = std::ptr::null_mut();
    // SAFETY: `p` is the live inactive handle `cap` owns; `types` is a
    // valid place for libpcap to store its allocation.
    let n = unsafe { pcap_list_tstamp_types(p, &mut types) };
    if n < 0 {
        // SAFETY: the handle is alive; its error buffer is NUL-terminated.
        return Err(copy_str(unsafe { pcap_geterr(p) }).unwrap_or_default());
    }
    let mut out = Vec::new();
    if !types.is_null() {
        let len = usize::try_from(n).unwrap_or(0);
        // SAFETY: libpcap allocated `n` ints at `types`.
        out.extend_from_slice(unsafe { std::slice::from_raw_parts(types, len) });
        // SAFETY: `types` came from pcap_list_tstamp_types and is freed once.
        unsafe { pcap_free_tstamp_types(types) };
    }
    Ok(out)
}

/// Sets the time stamp type of an inactive handle; libpcap's status: 0
/// done, above 0 a warning (the type is not supported by the device, the
/// default is used), below 0 an error.
pub fn set(cap: &Capture<Inactive>, t: i32) -> i32 {
    // SAFETY: `cap`'s handle is alive and not yet activated.
    unsafe { pcap_set_tstamp_type(cap.as_ptr().cast::<c_void>(), t) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_values_round_trip() {
        for (name, v) in [("host", 0), ("host_lowprec", 1), ("adapter", 3)] {
            assert_eq!(type_by_name(name), Some(v));
            assert_eq!(type_name(v).as_deref(), Some(name));
        }
        assert_eq!(type_by_name("HOST"), Some(0));
        assert_eq!(type_by_name("nosuch"), None);
        assert_eq!(type_by_name("ho\0st"), None);
        assert_eq!(type_description(0).as_deref(), Some("Host"));
        assert_eq!(type_name(12345), None);
        assert!(!status_text(3).is_empty());
    }
}
