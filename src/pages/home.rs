//! The home page: the districts of the province.

use crate::api::fetch_unit_children;
use crate::components::unit_list::UnitList;
use leptos::prelude::*;

/// The official code of Lạng Sơn province, whose districts the home page lists
/// until officers sign in and their jurisdiction becomes the home.
const PROVINCE_CODE: &str = "20";

/// Lists the districts of the province with their commune counts, fetched from the server.
#[component]
pub fn HomePage() -> impl IntoView {
    let districts = LocalResource::new(|| fetch_unit_children(PROVINCE_CODE));
    view! {
        <section class="home">
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
