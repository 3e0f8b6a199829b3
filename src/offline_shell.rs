//! The offline app shell: registers the service worker (`public/sw.js`) that
//! keeps the app's files on the device, and listens for its word that a new
//! version is cached and ready on reload.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// Whether a new version of the app waits for a reload, in context.
#[derive(Clone, Copy)]
pub struct NewVersion(pub RwSignal<bool>);

impl NewVersion {
    /// Registers the service worker and provides the signal to the components below.
    pub fn provide() -> NewVersion {
        let ready = NewVersion(RwSignal::new(false));
        provide_context(ready);
        register(ready);
        ready
    }

    pub fn expect() -> NewVersion {
        expect_context::<NewVersion>()
    }
}

fn register(ready: NewVersion) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    // Browsers without service workers (or pages not served over http(s) on
    // localhost / https) run the app online only.
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let container = navigator.service_worker();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let kind = js_sys::Reflect::get(&event.data(), &"type".into())
            .ok()
            .and_then(|value| value.as_string());
        if kind.as_deref() == Some("new-version") {
            ready.0.set(true);
        }
    });
    container.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker may have stored a new version before this page listened: ask.
    if let Some(worker) = container.controller() {
        let question = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&question, &"type".into(), &"new-version?".into());
        let _ = worker.post_message(&question);
    }
    on_message.forget();
    let registering = container.register("/sw.js");
    leptos::task::spawn_local(async move {
        if let Err(error) = wasm_bindgen_futures::JsFuture::from(registering).await {
            leptos::logging::warn!("service worker not registered: {error:?}");
        }
    });
}
