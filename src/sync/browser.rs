//! The browser features sync uses that have no Rust binding worth a
//! dependency: gzip through `CompressionStream`, Web Locks, and a sleep that
//! can be cut short.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
export async function gzip(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
}
export function can_gzip() {
    return typeof CompressionStream === "function";
}
export function with_lock(name, task) {
    if (!(navigator.locks && navigator.locks.request)) {
        return task().then(() => true);
    }
    return navigator.locks.request(name, { ifAvailable: true }, (lock) => lock ? task().then(() => true) : false);
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn gzip(bytes: &[u8]) -> Result<JsValue, JsValue>;
    fn can_gzip() -> bool;
    #[wasm_bindgen(catch)]
    async fn with_lock(name: &str, task: &Closure<dyn FnMut() -> js_sys::Promise>) -> Result<JsValue, JsValue>;
}

/// `bytes` gzip-compressed by the browser, or `None` where it cannot.
pub async fn gzipped(bytes: &[u8]) -> Option<Vec<u8>> {
    if !can_gzip() {
        return None;
    }
    let compressed = gzip(bytes).await.ok()?;
    Some(js_sys::Uint8Array::new(&compressed).to_vec())
}

/// Runs `task` holding the Web Lock `name`, shared by every tab of the app;
/// returns `false` without running it when another tab holds the lock.
pub async fn run_exclusively<F>(name: &str, task: F) -> bool
where
    F: Future<Output = ()> + 'static,
{
    let task = Rc::new(RefCell::new(Some(task)));
    let closure = Closure::<dyn FnMut() -> js_sys::Promise>::new(move || {
        let task = task.borrow_mut().take();
        wasm_bindgen_futures::future_to_promise(async move {
            if let Some(task) = task {
                task.await;
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    matches!(with_lock(name, &closure).await, Ok(value) if value.as_bool() == Some(true))
}

/// A sleep that another part of the app can cut short with [`Waker::wake`].
#[derive(Clone, Default)]
pub struct Waker(Rc<RefCell<WakerState>>);

#[derive(Default)]
struct WakerState {
    /// Resolves the sleep in progress.
    resolve: Option<js_sys::Function>,
    /// A wake that came while nobody slept: the next sleep ends at once.
    pending: bool,
}

impl Waker {
    /// Ends the current sleep now (or the next one, at once, if none runs):
    /// a wake is never lost, e.g. a sign-in while the scheduler was busy.
    pub fn wake(&self) {
        let resolve = {
            let mut state = self.0.borrow_mut();
            let resolve = state.resolve.take();
            if resolve.is_none() {
                state.pending = true;
            }
            resolve
        };
        if let Some(resolve) = resolve {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    }

    /// Sleeps `milliseconds`, or until woken.
    pub async fn sleep(&self, milliseconds: u32) {
        if std::mem::take(&mut self.0.borrow_mut().pending) {
            return;
        }
        let slot = self.0.clone();
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    &resolve,
                    milliseconds.min(i32::MAX as u32) as i32,
                );
            }
            slot.borrow_mut().resolve = Some(resolve);
        });
        let _ = JsFuture::from(promise).await;
        self.0.borrow_mut().resolve.take();
    }
}

/// Sleeps `milliseconds`.
pub async fn sleep(milliseconds: u32) {
    Waker::default().sleep(milliseconds).await;
}

/// Whether the browser believes it is online.
pub fn online() -> bool {
    web_sys::window()
        .map(|window| window.navigator().on_line())
        .unwrap_or(true)
}

/// Now, as the domain counts time.
pub fn now() -> domain::Timestamp {
    domain::Timestamp(js_sys::Date::now() as i64)
}
