//! One unit as the officer works on it, read from the device: where it lies,
//! its standing and why, its latest figures, what can be done with it, and
//! the units under it.

use crate::components::border_commune::BorderCommune;
use crate::components::standing_badge::StandingBadge;
use crate::components::unit_children::{ChildRow, UnitChildren};
use crate::components::unit_location::UnitLocation;
use crate::i18n::Lang;
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
    let mut rows = Vec::with_capacity(children.len());
    for (entry, children) in children.into_iter().zip(counts) {
        let successors = successor_names(&store, &entry.unit.lifecycle).await?;
        rows.push(ChildRow {
            entry,
            children,
            successors,
        });
    }
    let children = rows;
    // Classified from what was just read; the stored badge is corrected if it lags.
    let latest = store.reviews_of_unit(id).await?.into_iter().next();
    let book = store.rule_book().await?;
    let standing = crate::store::standings::classify(
        &book,
        &entry.unit,
        parent.as_ref().map(|parent| &parent.unit),
        latest.as_ref(),
    );
    store.keep_standing(&entry, standing.as_ref()).await?;
    Ok(Some(UnitScreen {
        entry,
        parent,
        children,
        latest,
        standing,
    }))
}

/// The names of the units an ended unit went to, as the device holds them.
async fn successor_names(store: &Store, lifecycle: &domain::Lifecycle) -> Result<Vec<String>, StoreError> {
    let ids = match lifecycle {
        domain::Lifecycle::MergedInto { unit_id, .. } => vec![*unit_id],
        domain::Lifecycle::DividedAmong { unit_ids, .. } => unit_ids.clone(),
        _ => return Ok(Vec::new()),
    };
    let mut names = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(found) = store.unit(id).await? {
            names.push(found.unit.name.as_str().to_owned());
        }
    }
    Ok(names)
}

/// The key of what the units two levels down are called, for the counts of a list.
fn grandchild_label(level: UnitLevel) -> &'static str {
    match level {
        UnitLevel::Province => "unit.grandchildren_province",
        UnitLevel::District => "unit.grandchildren_district",
        UnitLevel::Commune | UnitLevel::Village => "",
    }
}

/// The latest review in a sentence (numbers and dates written the Vietnamese way in both languages).
fn latest_summary(review: &Review, lang: Lang) -> String {
    match review {
        Review::Village(review) => lang.t_with(
            "unit.latest_village",
            &[
                ("date", &date_vi(review.reviewed_on)),
                ("households", &integer_vi(u64::from(review.households))),
                ("population", &integer_vi(u64::from(review.population))),
                ("area", &review.area.hectares_text(Language::Vi)),
            ],
        ),
        Review::Commune(review) => lang.t_with(
            "unit.latest_commune",
            &[
                ("date", &date_vi(review.reviewed_on)),
                ("population", &integer_vi(u64::from(review.population))),
                ("area", &review.area.km2_text(Language::Vi)),
                ("category", review.category.roman()),
            ],
        ),
    }
}

#[component]
pub fn UnitView(id: Uuid) -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = Lang::expect();
    let screen = LocalResource::new(move || {
        store.changes();
        let open = store.get();
        async move {
            match open {
                Some(open) => load(open, id)
                    .await
                    .map_err(|error| error.message(crate::i18n::current())),
                None => Ok(None),
            }
        }
    });
    view! {
        <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.reading")}</p> }>
            {move || {
                screen
                    .get()
                    .map(|loaded| match loaded {
                        Ok(Some(screen)) => view! { <UnitScreenView screen/> }.into_any(),
                        Ok(None) => view! {
                            <p class="panel" data-testid="unit-missing">
                                {move || lang.t("unit.missing")}
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
    let lang = Lang::expect();
    let unit = screen.entry.unit.clone();
    let level = unit.level();
    let id = unit.id;
    let explanation = screen
        .standing
        .as_ref()
        .map(|found| found.classification.explanation.clone());
    // The rule set in words; a lapsed one is named by its title, never its id.
    let rule = screen
        .standing
        .as_ref()
        .map(|found| found.classification.rule.clone())
        .filter(|rule| !rule.vi.is_empty());
    let lapsed = screen
        .standing
        .as_ref()
        .filter(|found| found.lapsed)
        .map(|found| found.classification.rule.clone());
    let parent = screen.parent.map(|parent| {
        view! {
            <nav class="breadcrumb" aria-label=move || lang.t("unit.parent")>
                <a href=format!("/don-vi/{}", parent.unit.id) data-testid="parent-link">
                    {format!("← {}", parent.unit.name.as_str())}
                </a>
            </nav>
        }
    });
    let reviewable = matches!(level, UnitLevel::Village | UnitLevel::Commune) && unit.is_active();
    let commune_active = level == UnitLevel::Commune && unit.is_active();
    let village_active = level == UnitLevel::Village && unit.is_active();
    let border = (level == UnitLevel::Commune).then(|| unit.clone());
    // Since 1/7/2025 the province's units in force are its communes and wards.
    let has_districts = screen
        .children
        .iter()
        .any(|row| row.entry.unit.level() == UnitLevel::District && row.entry.unit.is_active());
    let two_tier = level == UnitLevel::Province && !has_districts;
    let children_title = match level {
        UnitLevel::Province if two_tier => "unit.children_province_today",
        UnitLevel::Province => "unit.children_province",
        UnitLevel::District => "unit.children_district",
        UnitLevel::Commune => "unit.children_commune",
        UnitLevel::Village => "",
    };
    let latest = screen.latest.clone();
    // A village's place, from its latest review (or its absence, said).
    let village_location = (level == UnitLevel::Village).then_some(match &latest {
        Some(Review::Village(review)) => review.location,
        _ => None,
    });
    let province_officer = crate::state::session::SessionState::expect()
        .current()
        .is_some_and(|signed| signed.role == domain::Role::ProvinceOfficer);
    view! {
        <section class="unit-screen" data-testid="unit-screen">
            {parent}
            <header class="unit-heading">
                <h1 data-testid="unit-title">{unit.name.as_str().to_owned()}</h1>
                {(level >= UnitLevel::Commune).then(|| view! { <StandingBadge standing=screen.entry.standing/> })}
            </header>
            {unit.code.map(|code| {
                let code = code.to_string();
                view! { <p class="muted">{move || lang.t_with("unit.code", &[("code", &code)])}</p> }
            })}
            {explanation.map(|text| view! { <p class="explanation" data-testid="explanation">{move || lang.pick(&text)}</p> })}
            {rule.map(|rule| view! { <p class="muted" data-testid="rule-set">{move || lang.pick(&rule)}</p> })}
            {lapsed.map(|rule_set| view! { <p class="note">{move || lang.t_with("unit.lapsed", &[("rule_set", &lang.pick(&rule_set))])}</p> })}
            {village_location.map(|location| view! { <UnitLocation location/> })}
            {latest.map(|review| view! { <p data-testid="latest-review">{move || latest_summary(&review, lang)}</p> })}
            {border.map(|unit| view! { <BorderCommune unit/> })}
            <div class="button-row">
                {(two_tier && province_officer).then(|| view! {
                    <a class="button button-secondary" href="/cho-phan-xa" data-testid="awaiting-link">{move || lang.t("awaiting.link")}</a>
                })}
                {(level != UnitLevel::Village).then(|| view! {
                    <a class="button button-secondary" href=format!("/tien-do/{id}") data-testid="dashboard-link">{move || lang.t("dashboard.link")}</a>
                })}
                {(level == UnitLevel::Province).then(|| view! {
                    <a class="button button-secondary" href="/muc-cua-tinh" data-testid="figures-link">{move || lang.t("figures.link")}</a>
                })}
                {reviewable.then(|| view! {
                    <a class="button" href=format!("/don-vi/{id}/ra-soat") data-testid="review-link">{move || lang.t("unit.review")}</a>
                })}
                {village_active.then(|| view! {
                    <a class="button button-secondary" href=format!("/don-vi/{id}/sua") data-testid="edit-village">{move || lang.t("unit.edit_village")}</a>
                })}
                {commune_active.then(|| view! {
                    <a class="button" href=format!("/don-vi/{id}/them-thon") data-testid="add-village">{move || lang.t("unit.add_village")}</a>
                    <a class="button button-secondary" href=format!("/don-vi/{id}/nhap") data-testid="import-villages">{move || lang.t("unit.import_villages")}</a>
                    <a class="button" href=format!("/don-vi/{id}/de-an-moi") data-testid="new-proposal">{move || lang.t("unit.new_proposal")}</a>
                })}
            </div>
            {(level != UnitLevel::Village).then(|| view! {
                <h2>{move || lang.t(children_title)}</h2>
                <UnitChildren rows=screen.children child_label=if two_tier { "home.villages_count" } else { grandchild_label(level) }/>
            })}
        </section>
    }
}
