//! The reviews an effective proposal records: the figures each unit it
//! changes has afterwards (the receiving or new unit's totals, what a
//! divided unit or a village losing a cluster keeps), dated the effective
//! date, so that every list measures the units as they now are. Pure: the
//! server writes them in the transaction that carries the proposal out.

use super::application::UnitOperation;
use super::{Action, Figures, MergeTarget, Proposal};
use crate::review::{CommuneCategory, CommuneReview, LatestReviews, ReviewRecord, VillageReview};
use crate::sync_meta::{OfficerId, SyncMeta, Timestamp};
use crate::unit_kind::UnitLevel;
use chrono::NaiveDate;
use uuid::Uuid;

/// The most non-professional workers a village has by law (NĐ 34/2019,
/// NĐ 33/2023, NĐ 185/2026): a merged village keeps at most these.
pub const MAX_VILLAGE_WORKERS: u32 = 3;

/// The namespace of the ids of the reviews a proposal records: one id per
/// proposal and unit, the same however often it is carried out.
const RECORDED_REVIEW_NAMESPACE: Uuid = Uuid::from_u128(0x5a9e_7d1c_2b41_4f0a_9c3e_81d2_6b7f_0e15);

/// The id of the review `proposal` records for `unit`.
pub fn recorded_review_id(proposal: Uuid, unit: Uuid) -> Uuid {
    Uuid::new_v5(
        &RECORDED_REVIEW_NAMESPACE,
        format!("proposal:{proposal}:unit:{unit}").as_bytes(),
    )
}

/// What the reviews are written with.
#[derive(Clone, Copy, Debug)]
pub struct RecordedBy {
    pub effective: NaiveDate,
    pub at: Timestamp,
    pub by: OfficerId,
}

/// The reviews for every `RecordFigures` of `operations`, one per unit, at
/// the level `level_of` gives (units of no known level are skipped). The
/// other facts of a review come from the unit's own latest review, else
/// from those of the units merged into it: a commune's staff add up (before
/// any reduction), its category is the highest of theirs; a village keeps
/// its own workers, a new village the sources' up to the legal most.
pub fn reviews_after(
    proposal: &Proposal,
    operations: &[UnitOperation],
    latest: &LatestReviews,
    level_of: impl Fn(Uuid) -> Option<UnitLevel>,
    recorded: RecordedBy,
) -> Vec<ReviewRecord> {
    // The units whose staff a merger's receiving unit takes in (itself
    // included when it existed); none for any other unit or action.
    let merged_in = |unit: Uuid| -> Vec<Uuid> {
        let receives = matches!(proposal.action, Action::Merge { .. }) && proposal.resulting_unit() == Some(unit);
        let mut units: Vec<Uuid> = Vec::new();
        if receives {
            units.extend(proposal.sources.iter().map(|source| source.unit_id));
        }
        if let Action::Merge {
            into: MergeTarget::ExistingUnit { unit_id, .. },
        } = &proposal.action
            && *unit_id == unit
        {
            units.push(unit);
        }
        units
    };
    let meta = SyncMeta::created(recorded.at, recorded.by);
    let notes = format!(
        "Số liệu sau khi phương án có hiệu lực từ {} (ghi tự động).",
        crate::format::date_vi(recorded.effective)
    );
    let mut reviews = Vec::new();
    for operation in operations {
        let UnitOperation::RecordFigures { unit_id, figures } = operation else {
            continue;
        };
        let id = recorded_review_id(proposal.id, *unit_id);
        let contributors = merged_in(*unit_id);
        match level_of(*unit_id) {
            Some(UnitLevel::Village) => {
                let own = latest.village(*unit_id);
                let workers = match own {
                    Some(review) if contributors.is_empty() || contributors.contains(unit_id) => {
                        review.non_professional_workers
                    }
                    _ => contributors
                        .iter()
                        .filter_map(|unit| latest.village(*unit))
                        .map(|review| review.non_professional_workers)
                        .sum::<u32>()
                        .min(MAX_VILLAGE_WORKERS),
                };
                reviews.push(ReviewRecord::Village(VillageReview {
                    id,
                    unit_id: *unit_id,
                    households: figures.households,
                    population: figures.population,
                    area: figures.area,
                    non_professional_workers: workers,
                    ethnic_minority_percent: own.and_then(|review| review.ethnic_minority_percent),
                    special_status: None,
                    location: own
                        .and_then(|review| review.location)
                        .or_else(|| contributors.iter().find_map(|unit| latest.village(*unit)?.location)),
                    reviewed_on: recorded.effective,
                    reviewer: recorded.by,
                    notes: notes.clone(),
                    meta: meta.clone(),
                }));
            }
            Some(UnitLevel::Commune) => {
                reviews.push(ReviewRecord::Commune(commune_review_after(
                    id,
                    *unit_id,
                    *figures,
                    &contributors,
                    latest,
                    recorded,
                    &notes,
                    &meta,
                )));
            }
            _ => {}
        }
    }
    reviews
}

#[allow(clippy::too_many_arguments)]
fn commune_review_after(
    id: Uuid,
    unit: Uuid,
    figures: Figures,
    contributors: &[Uuid],
    latest: &LatestReviews,
    recorded: RecordedBy,
    notes: &str,
    meta: &SyncMeta,
) -> CommuneReview {
    let own = latest.commune(unit);
    // A unit that receives counts its own staff and the sources'; one that
    // only loses a share keeps its own.
    let counted: Vec<&CommuneReview> = if contributors.is_empty() {
        own.into_iter().collect()
    } else {
        contributors.iter().filter_map(|unit| latest.commune(*unit)).collect()
    };
    let sum = |field: fn(&CommuneReview) -> u32| counted.iter().map(|review| field(review)).sum::<u32>();
    let population_weighted_share = {
        let known: Vec<(u64, u64)> = counted
            .iter()
            .filter_map(|review| Some((u64::from(review.population), u64::from(review.ethnic_minority_percent?))))
            .collect();
        let population: u64 = known.iter().map(|(population, _)| population).sum();
        (known.len() == counted.len() && population > 0).then(|| {
            let weighted: u64 = known.iter().map(|(population, share)| population * share).sum();
            u8::try_from((weighted + population / 2) / population).unwrap_or(100)
        })
    };
    CommuneReview {
        id,
        unit_id: unit,
        population: figures.population,
        area: figures.area,
        ethnic_minority_percent: population_weighted_share,
        category: own
            .map(|review| review.category)
            .or_else(|| counted.iter().map(|review| review.category).min())
            .unwrap_or(CommuneCategory::III),
        class_points: None,
        cadres: sum(|review| review.cadres),
        civil_servants: sum(|review| review.civil_servants),
        non_professional_workers: sum(|review| review.non_professional_workers),
        secretary_is_chairman: own.is_some_and(|review| review.secretary_is_chairman),
        special_status: None,
        reviewed_on: recorded.effective,
        reviewer: recorded.by,
        notes: notes.to_owned(),
        meta: meta.clone(),
    }
}
