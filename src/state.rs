//! App-wide state, each piece a named context type with a typed accessor.

pub mod device_store;
pub mod flash;
pub mod session;
pub mod sync_status;
