//! Offline TCP reassembly.

pub mod seq;
