//! One unit as the officer works on it, read from the device: where it lies,
//! its standing and why, its latest figures, what can be done with it, and
//! the units under it.

use crate::components::standing_badge::StandingBadge;
use crate::components::unit_children::{ChildRow, UnitChildren};
use crate::state::device_store::DeviceStore;
use crate::store::{Review, Store, StoreError, UnitEntry};
use domain::format::{date_vi, integer_vi};
use domain::rules::ReviewedStanding;
use domain::{Language, UnitLevel};
use leptos::prelude::*;
use uuid::Uuid;

/// What the screen shows of one unit.
#[derive(Clone, Debug)]
struct UnitScreen {
    entry: UnitEntry,
    parent: Option<UnitEntry>,
    children: Vec<ChildRow>,
    latest: Option<Review>,
    standing: Option<ReviewedStanding>,
}

async fn load(store: Store, id: Uuid) -> Result<Option<UnitScreen>, StoreError> {
    let Some(entry) = store.unit(id).await? else {
        return Ok(None);
    };
    let parent = match entry.unit.parent_id {
        Some(parent) => store.unit(parent).await?,
        None => None,
    };
    let children = store.units_of_parent(id).await?;
    let ids: Vec<Uuid> = children.iter().map(|child| child.unit.id).collect();
    let counts = if entry.unit.level() < UnitLevel::Commune {
        store.child_counts(&ids).await?
    } else {
        vec![0; ids.len()]
    };
    let children = children
        .into_iter()
        .zip(counts)
        .map(|(entry, children)| ChildRow { entry, children })
        .collect();
    let latest = store.reviews_of_unit(id).await?.into_iter().next();
    let standing = if latest.is_some() {
        store.derive_standing(id).await?
    } else {
        None
    };
    Ok(Some(UnitScreen {
        entry,
        parent,
        children,
        latest,
        standing,
    }))
}

/// What the units two levels down are called, for the counts of a list.
fn grandchild_label(level: UnitLevel) -> &'static str {
    match level {
        UnitLevel::Province => "đơn vị cấp xã",
        UnitLevel::District => "thôn, bản, tổ dân phố",
        UnitLevel::Commune | UnitLevel::Village => "",
    }
}

fn latest_summary(review: &Review) -> String {
    match review {
        Review::Village(review) => format!(
            "Rà soát ngày {}: {} hộ, {} nhân khẩu, diện tích {} ha.",
            date_vi(review.reviewed_on),
            integer_vi(u64::from(review.households)),
            integer_vi(u64::from(review.population)),
            review.area.hectares_text(Language::Vi)
        ),
        Review::Commune(review) => format!(
            "Rà soát ngày {}: {} người, diện tích {} km², loại {}.",
            date_vi(review.reviewed_on),
            integer_vi(u64::from(review.population)),
            review.area.km2_text(Language::Vi),
            review.category.roman()
        ),
    }
}

#[component]
pub fn UnitView(id: Uuid) -> impl IntoView {
    let store = DeviceStore::expect();
    let screen = LocalResource::new(move || {
        store.changes();
        let open = store.get();
        async move {
            match open {
                Some(open) => load(open, id).await.map_err(|error| error.vietnamese()),
                None => Ok(None),
            }
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Đang đọc dữ liệu trên máy…"</p> }>
            {move || {
                screen
                    .get()
                    .map(|loaded| match loaded {
                        Ok(Some(screen)) => view! { <UnitScreenView screen/> }.into_any(),
                        Ok(None) => view! {
                            <p class="panel" data-testid="unit-missing">
                                "Đơn vị này chưa có trên máy. Hãy đồng bộ khi có mạng để tải dữ liệu của địa bàn."
                            </p>
                        }
                            .into_any(),
                        Err(problem) => view! { <p class="error" role="alert">{problem}</p> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn UnitScreenView(screen: UnitScreen) -> impl IntoView {
    let unit = screen.entry.unit.clone();
    let level = unit.level();
    let id = unit.id;
    let explanation = screen
        .standing
        .as_ref()
        .map(|found| found.classification.explanation.get(Language::Vi).to_owned());
    let lapsed = screen.standing.as_ref().filter(|found| found.lapsed).map(|found| {
        format!(
            "Bộ tiêu chuẩn {} đã hết hiệu lực vào ngày rà soát và chưa có bộ thay thế trên máy; kết quả tạm tính theo bộ này.",
            found.classification.rule_set_id.as_str()
        )
    });
    let parent = screen.parent.map(|parent| {
        view! {
            <nav class="breadcrumb" aria-label="Cấp trên">
                <a href=format!("/don-vi/{}", parent.unit.id) data-testid="parent-link">
                    {format!("← {}", parent.unit.name.as_str())}
                </a>
            </nav>
        }
    });
    let reviewable = matches!(level, UnitLevel::Village | UnitLevel::Commune) && unit.is_active();
    let commune_active = level == UnitLevel::Commune && unit.is_active();
    let children_title = match level {
        UnitLevel::Province => "Các đơn vị cấp huyện",
        UnitLevel::District => "Các đơn vị cấp xã",
        UnitLevel::Commune => "Các thôn, bản, khối phố, tổ dân phố",
        UnitLevel::Village => "",
    };
    view! {
        <section class="unit-screen" data-testid="unit-screen">
            {parent}
            <header class="unit-heading">
                <h1 data-testid="unit-title">{unit.name.as_str().to_owned()}</h1>
                {(level >= UnitLevel::Commune).then(|| view! { <StandingBadge standing=screen.entry.standing/> })}
            </header>
            {unit.code.map(|code| view! { <p class="muted">{format!("Mã đơn vị: {code}")}</p> })}
            {explanation.map(|text| view! { <p class="explanation" data-testid="explanation">{text}</p> })}
            {lapsed.map(|text| view! { <p class="note">{text}</p> })}
            {screen.latest.as_ref().map(|review| view! { <p data-testid="latest-review">{latest_summary(review)}</p> })}
            <div class="button-row">
                {reviewable.then(|| view! {
                    <a class="button" href=format!("/don-vi/{id}/ra-soat") data-testid="review-link">"Rà soát số liệu"</a>
                })}
                {commune_active.then(|| view! {
                    <a class="button" href=format!("/don-vi/{id}/them-thon") data-testid="add-village">"Thêm thôn, bản"</a>
                    <a class="button" href=format!("/don-vi/{id}/de-an-moi") data-testid="new-proposal">"Lập phương án sáp nhập thôn"</a>
                })}
            </div>
            {(level != UnitLevel::Village).then(|| view! {
                <h2>{children_title}</h2>
                <UnitChildren rows=screen.children child_label=grandchild_label(level)/>
            })}
        </section>
    }
}
