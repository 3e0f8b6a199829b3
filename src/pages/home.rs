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
    let districts = LocalResource::new(|| fetch_unit_children(PROVINCE_CODE));
    view! {
        <section class="home">
            <p class="panel">
                "Cán bộ hãy "<a href="/dang-nhap" data-testid="sign-in-link">"đăng nhập"</a>
                " (cần có mạng một lần) để làm việc trên địa bàn của mình, kể cả khi không có mạng."
            </p>
            <Suspense fallback=|| view! { <p class="loading">"Đang tải…"</p> }>
                {move || {
                    districts
                        .get()
                        .map(|answer| match answer {
                            Ok(found) => {
                                view! {
                                    <h1>{format!("Các đơn vị cấp huyện của {}", found.parent.name)}</h1>
                                    <UnitList units=found.children child_label="đơn vị cấp xã"/>
                                }
                                    .into_any()
                            }
                            Err(error) => {
                                view! { <p class="error" role="alert">{error.vietnamese()}</p> }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}
