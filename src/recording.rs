//! What a tap on "Lưu" writes: the records of a form, each with its outbox
//! entry (`Store::save`), then the unit's standing derived again. Failures
//! are the store's messages (in Vietnamese).

use crate::clock::now;
use crate::store::{Review, Store};
use domain::proposal::Proposal;
use domain::{OfficerId, Unit};

/// A new village and its first review.
pub async fn save_new_village(store: &Store, by: OfficerId, village: &Unit, review: Review) -> Result<(), String> {
    let at = now();
    store
        .save(village, by, at, None)
        .await
        .map_err(|error| error.message(crate::i18n::current()))?;
    save_review(store, by, review).await
}

/// A review, and the standing of its unit after it.
pub async fn save_review(store: &Store, by: OfficerId, review: Review) -> Result<(), String> {
    let unit = review.unit_id();
    store
        .save(&review, by, now(), None)
        .await
        .map_err(|error| error.message(crate::i18n::current()))?;
    store
        .derive_standing(unit)
        .await
        .map_err(|error| error.message(crate::i18n::current()))?;
    Ok(())
}

/// A proposal as drafted, submitted or decided.
pub async fn save_proposal(store: &Store, by: OfficerId, proposal: &Proposal) -> Result<(), String> {
    store
        .save(proposal, by, now(), None)
        .await
        .map(|_| ())
        .map_err(|error| error.message(crate::i18n::current()))
}

/// A proposal that has just taken effect, and what it does to the units: the
/// domain plans it (`plan_application`: the new unit, the merged ones marked
/// merged into it, the receiving unit's figures), this writes it — the
/// proposal, then the units in one transaction, then the receiving village's
/// figures as a review dated the effective date — and derives the standings.
/// Each write carries its outbox entry, so every device of the area follows.
pub async fn save_effective(
    store: &Store,
    by: OfficerId,
    proposal: &Proposal,
    data: &crate::proposal_data::ProposalData,
) -> Result<(), String> {
    use domain::proposal::{Status, UnitOperation, apply_operations, plan_application};
    let at = now();
    let language = crate::i18n::current();
    let operations = data
        .with_context(|context| plan_application(proposal, context, at, by))
        .ok_or_else(|| crate::i18n::text(language, "wizard.data_missing"))?
        .map_err(|error| error.to_string())?;
    save_proposal(store, by, proposal).await?;
    let mut units = data.units.clone();
    let mut figures = data.figures.clone();
    let changed = apply_operations(&mut units, &mut figures, &operations, at, by);
    let changed_units: Vec<Unit> = units.into_iter().filter(|unit| changed.contains(&unit.id)).collect();
    store
        .save_all(&changed_units, by, at)
        .await
        .map_err(|error| error.message(language))?;
    let effective = match proposal.status {
        Status::Effective { effective_date, .. } => effective_date,
        _ => at.vietnam_date(),
    };
    for operation in &operations {
        let UnitOperation::RecordFigures { unit_id, figures } = operation else {
            continue;
        };
        let is_village = changed_units
            .iter()
            .chain(data.units.iter())
            .find(|unit| unit.id == *unit_id)
            .is_some_and(|unit| unit.level() == domain::UnitLevel::Village);
        if !is_village {
            continue;
        }
        let previous = data.village_reviews.get(unit_id);
        let review = domain::review::VillageReview {
            id: uuid::Uuid::now_v7(),
            unit_id: *unit_id,
            households: figures.households,
            population: figures.population,
            area: figures.area,
            non_professional_workers: previous.map_or(0, |review| review.non_professional_workers),
            ethnic_minority_percent: previous.and_then(|review| review.ethnic_minority_percent),
            special_status: None,
            location: previous.and_then(|review| review.location),
            reviewed_on: effective,
            reviewer: by,
            notes: proposal
                .history
                .last()
                .map(|decision| decision.to.label().vi)
                .unwrap_or_default(),
            meta: domain::SyncMeta::created(at, by),
        };
        save_review(store, by, Review::Village(review)).await?;
    }
    for unit in &changed_units {
        store
            .derive_standing(unit.id)
            .await
            .map_err(|error| error.message(language))?;
    }
    Ok(())
}
