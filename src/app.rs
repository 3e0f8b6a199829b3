//! The root component: the shell (header) and the routes.

use crate::components::app_header::AppHeader;
use crate::pages::home::HomePage;
use crate::pages::not_found::NotFoundPage;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The whole app: the header on every page, and the page of the current route.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <AppHeader/>
            <main class="page">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                </Routes>
            </main>
        </Router>
    }
}
