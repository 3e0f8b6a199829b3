//! The home page: the signed-in officer's jurisdiction, read from the device
//! (a commune officer their commune and its villages, a district officer
//! their communes, a province officer the districts). Before signing in, the
//! districts of the province from the server.

use crate::api::fetch_unit_children;
use crate::components::unit_list::UnitList;
use crate::components::unit_view::UnitView;
use crate::state::session::SessionState;
use leptos::prelude::*;

/// The official code of Lạng Sơn province, whose districts the home page lists
/// before an officer signs in.
const PROVINCE_CODE: &str = "20";

#[component]
pub fn HomePage() -> impl IntoView {
    let session = SessionState::expect();
    move || match session.get() {
        Some(signed) => view! { <UnitView id=signed.jurisdiction/> }.into_any(),
        None => view! { <PublicHome/> }.into_any(),
    }
}

/// Lists the districts of the province with their commune counts, fetched from the server.
#[component]
fn PublicHome() -> impl IntoView {
    let lang = crate::i18n::Lang::expect();
    let districts = LocalResource::new(|| fetch_unit_children(PROVINCE_CODE));
    view! {
        <section class="home">
            <p class="panel">
                {move || lang.t("home.sign_in_before")}
                <a href="/dang-nhap" data-testid="sign-in-link">{move || lang.t("home.sign_in_link")}</a>
                {move || lang.t("home.sign_in_after")}
            </p>
            <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.loading")}</p> }>
                {move || {
                    districts
                        .get()
                        .map(|answer| match answer {
                            Ok(found) => {
                                // Since 1/7/2025 the province's units are its communes and
                                // wards; a server still on the 2024 tree lists districts.
                                let districts = found
                                    .children
                                    .iter()
                                    .any(|unit| unit.kind.level() == domain::UnitLevel::District);
                                let (heading, child_label) = if districts {
                                    ("home.districts", "home.communes_count")
                                } else {
                                    ("home.communes", "home.villages_count")
                                };
                                view! {
                                    <h1>{move || lang.t_with(heading, &[("province", &found.parent.name)])}</h1>
                                    <UnitList units=found.children.clone() child_label=child_label/>
                                }
                                    .into_any()
                            }
                            Err(error) => {
                                view! { <p class="error" role="alert">{error.message(crate::i18n::current())}</p> }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}
