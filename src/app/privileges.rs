//! `-Z USER`: giving up root once the capture device and the first
//! savefile are open, as tcpdump does: the user's supplementary groups
//! (initgroups), then its group (setgid), then its user id (setuid). A
//! step that fails stops the run: it never goes on as root after being
//! asked not to. Files a rotation creates later (`-C`, `-G`) are created as
//! USER.
//!
//! Without `-Z`, nothing changes: run as root (directly or through sudo),
//! netdecode stays root for the whole capture. (Debian's tcpdump, built
//! with a default user, drops to `tcpdump` even without `-Z`; netdecode
//! has no such default.) Run by a user who is not root, `-Z` is ignored,
//! as tcpdump ignores it.

use std::ffi::CString;

use nix::unistd::{geteuid, getuid, initgroups, setgid, setuid, User};

use crate::error::AppError;

/// Drops to `user` when running as root; returns whether it did.
pub fn drop_to(user: &str) -> Result<bool, AppError> {
    if !getuid().is_root() && !geteuid().is_root() {
        return Ok(false);
    }
    let fail = |m: String| AppError::Privileges(m);
    let pw = match User::from_name(user) {
        Ok(Some(pw)) => pw,
        _ => return Err(fail(format!("Couldn't find user '{user}'"))),
    };
    let name = CString::new(user).map_err(|_| fail(format!("Couldn't find user '{user}'")))?;
    initgroups(&name, pw.gid)
        .and_then(|()| setgid(pw.gid))
        .and_then(|()| setuid(pw.uid))
        .map_err(|e| {
            fail(format!(
                "Couldn't change to '{user}' uid={} gid={}: {}",
                pw.uid,
                pw.gid,
                e.desc()
            ))
        })?;
    // setuid from root changes the real, effective and saved ids: check
    // that root cannot be taken back.
    if !pw.uid.is_root() && (geteuid().is_root() || setuid(nix::unistd::Uid::from_raw(0)).is_ok()) {
        return Err(fail(format!(
            "Couldn't change to '{user}': root privileges could be regained"
        )));
    }
    Ok(true)
}
