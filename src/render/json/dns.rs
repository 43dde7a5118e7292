//! The `dns` JSON layer.
use serde::{Serialize, Serializer};
pub(crate) struct Message<'d, 'a>(pub &'d crate::decode::dns::Dns<'a>);
impl Serialize for Message<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u16(self.0.header.id)
    }
}
