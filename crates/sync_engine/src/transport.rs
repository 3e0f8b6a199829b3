//! What carries a round's requests to the server: in the app, reqwest in the
//! browser; in the soak simulation, reqwest natively, with faults.

use crate::store::QueuedMutation;
use domain::sync::protocol::{PullResponse, PushResponse};
use uuid::Uuid;

/// The two calls a sync round makes.
#[allow(async_fn_in_trait)]
pub trait Transport {
    type Error;

    /// `POST /api/v1/sync/push` with the device's mutations, given as the
    /// JSON text they are stored as, in sequence order (none: a probe that
    /// asks which sequence the server expects).
    async fn push_queued(&self, device_id: Uuid, mutations: &[QueuedMutation]) -> Result<PushResponse, Self::Error>;

    /// `GET /api/v1/sync/pull?since=…&limit=…`.
    async fn pull(&self, since: u64, limit: u32) -> Result<PullResponse, Self::Error>;
}

/// The body of a push, built from the stored JSON texts without decoding them.
pub fn push_body(device_id: Uuid, mutations: &[QueuedMutation]) -> String {
    let size = mutations.iter().map(|mutation| mutation.json.len() + 1).sum::<usize>() + 80;
    let mut body = String::with_capacity(size);
    body.push_str("{\"device_id\":\"");
    body.push_str(&device_id.to_string());
    body.push_str("\",\"mutations\":[");
    for (index, mutation) in mutations.iter().enumerate() {
        if index > 0 {
            body.push(',');
        }
        body.push_str(&mutation.json);
    }
    body.push_str("]}");
    body
}
