//! The root component: the shell (header) and the routes.

use crate::components::app_header::AppHeader;
use crate::components::flash_message::FlashMessage;
use crate::components::insecure_context_banner::InsecureContextBanner;
use crate::components::store_banner::StoreBanner;
use crate::components::update_banner::UpdateBanner;
use crate::offline_shell::NewVersion;
use crate::pages::accounts::AccountsPage;
use crate::pages::awaiting_assignment::AwaitingAssignmentPage;
use crate::pages::conflicts::ConflictsPage;
use crate::pages::dashboard::DashboardPage;
use crate::pages::device::DevicePage;
use crate::pages::edit_proposal::EditProposalPage;
use crate::pages::edit_village::EditVillagePage;
use crate::pages::home::HomePage;
use crate::pages::import_villages::ImportVillagesPage;
use crate::pages::new_proposal::NewProposalPage;
use crate::pages::new_village::NewVillagePage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::proposal_page::ProposalPage;
use crate::pages::proposals::ProposalsPage;
use crate::pages::province_figures::ProvinceFiguresPage;
use crate::pages::review_page::ReviewPage;
use crate::pages::sign_in::SignInPage;
use crate::pages::target_report::TargetReportPage;
use crate::pages::unit_page::UnitPage;
use crate::state::device_store::DeviceStore;
use crate::state::flash::Flash;
use crate::state::session::SessionState;
use crate::state::sync_status::SyncStatus;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The whole app: the header on every page, and the page of the current route.
#[component]
pub fn App() -> impl IntoView {
    let store = DeviceStore::provide();
    let session = SessionState::provide();
    let status = SyncStatus::provide();
    NewVersion::provide();
    crate::i18n::Lang::provide();
    Flash::provide();
    crate::sync::scheduler::start(store, session, status);
    view! {
        <Router>
            <AppHeader/>
            <InsecureContextBanner/>
            <StoreBanner/>
            <UpdateBanner/>
            <FlashMessage/>
            <main class="page">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/thiet-bi") view=DevicePage/>
                    <Route path=path!("/dang-nhap") view=SignInPage/>
                    <Route path=path!("/don-vi/:id") view=UnitPage/>
                    <Route path=path!("/don-vi/:id/them-thon") view=NewVillagePage/>
                    <Route path=path!("/don-vi/:id/ra-soat") view=ReviewPage/>
                    <Route path=path!("/don-vi/:id/sua") view=EditVillagePage/>
                    <Route path=path!("/don-vi/:id/nhap") view=ImportVillagesPage/>
                    <Route path=path!("/don-vi/:id/de-an-moi") view=NewProposalPage/>
                    <Route path=path!("/de-an") view=ProposalsPage/>
                    <Route path=path!("/de-an/:id") view=ProposalPage/>
                    <Route path=path!("/de-an/:id/sua") view=EditProposalPage/>
                    <Route path=path!("/xung-dot") view=ConflictsPage/>
                    <Route path=path!("/cho-phan-xa") view=AwaitingAssignmentPage/>
                    <Route path=path!("/muc-cua-tinh") view=ProvinceFiguresPage/>
                    <Route path=path!("/tai-khoan") view=AccountsPage/>
                    <Route path=path!("/tien-do/:id") view=DashboardPage/>
                    <Route path=path!("/tien-do/:id/bao-cao-chi-tieu") view=TargetReportPage/>
                </Routes>
            </main>
        </Router>
    }
}
