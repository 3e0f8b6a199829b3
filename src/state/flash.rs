//! A one-time message for the page a save leads to ("Đã lưu trên máy, chờ
//! đồng bộ"): shown on that page only, until the officer closes it or goes
//! elsewhere.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Flash(RwSignal<Option<(String, String)>>);

impl Flash {
    pub fn provide() -> Flash {
        let flash = Flash(RwSignal::new(None));
        provide_context(flash);
        flash
    }

    pub fn expect() -> Flash {
        expect_context::<Flash>()
    }

    /// Shows `text` on the page at `path`.
    pub fn set_for(&self, path: impl Into<String>, text: impl Into<String>) {
        self.0.set(Some((path.into(), text.into())));
    }

    /// The message for the page at `path` (tracked), if any.
    pub fn for_path(&self, path: &str) -> Option<String> {
        self.0.with(|flash| {
            flash
                .as_ref()
                .filter(|(at, _)| at == path)
                .map(|(_, text)| text.clone())
        })
    }

    /// Whether a message waits, untracked.
    pub fn is_set(&self) -> bool {
        self.0.with_untracked(Option::is_some)
    }

    pub fn clear(&self) {
        self.0.set(None);
    }
}
