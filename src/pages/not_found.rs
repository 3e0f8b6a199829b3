//! The page for an address the app does not know.

use leptos::prelude::*;

/// Says the page does not exist and offers the way home.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="not-found">
            <h1>"Không tìm thấy trang"</h1>
            <p><a href="/">"Về trang chủ"</a></p>
        </section>
    }
}
