//! Asking the browser to keep the data (persistent storage) and watching the
//! space left, so that the officer is warned before the device runs out.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Below this much free space the officer is warned.
pub const LOW_SPACE_BYTES: f64 = 50.0 * 1024.0 * 1024.0;

/// How much the app uses and may use, in bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpaceUsed {
    pub usage: f64,
    pub quota: f64,
}

impl SpaceUsed {
    pub fn free(&self) -> f64 {
        (self.quota - self.usage).max(0.0)
    }

    /// A warning for the officer when space runs low: under 50 MB free, or
    /// over 90% of the quota used.
    pub fn warning(&self) -> Option<String> {
        let low = self.free() < LOW_SPACE_BYTES || (self.quota > 0.0 && self.usage / self.quota > 0.9);
        low.then(|| {
            let free = domain::format::integer((self.free() / 1024.0 / 1024.0) as u64, domain::Language::Vi);
            crate::i18n::text_with(crate::i18n::current(), "device.low_space", &[("free", &free)])
        })
    }
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    web_sys::window().map(|window| window.navigator().storage())
}

/// Asks the browser to keep the app's data under storage pressure. `Some(true)`
/// when granted; `None` when the browser cannot say.
pub async fn request_persistence() -> Option<bool> {
    let promise = storage_manager()?.persist().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}

/// Whether the data is already persistent.
pub async fn is_persisted() -> Option<bool> {
    let promise = storage_manager()?.persisted().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}

/// The space used and the quota, when the browser tells.
pub async fn estimate() -> Option<SpaceUsed> {
    let promise = storage_manager()?.estimate().ok()?;
    // A dictionary, not a class: `instanceof` would fail, so the cast is unchecked.
    let estimate: web_sys::StorageEstimate = JsFuture::from(promise).await.ok()?.unchecked_into();
    Some(SpaceUsed {
        usage: estimate.get_usage()?,
        quota: estimate.get_quota()?,
    })
}
