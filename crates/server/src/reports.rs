//! Reports on the province's data: the progress of a unit's area by
//! `domain::progress::dashboard` (the function the device runs on its own
//! data), and the same figures as tables (`tables.rs`) written as CSV or XLSX
//! (`spreadsheet.rs`). Knows no HTTP.

pub mod spreadsheet;
pub mod tables;

use crate::db::{Database, DbError};
use crate::unit_views;
use domain::progress::{ReportRules, dashboard, unit_status};
use domain::proposal::Proposal;
use domain::review::LatestReviews;
use domain::sync::RecordType;
use domain::wire::{ProgressResponse, UnitSummary};
use domain::{Hierarchy, NaiveDate, Unit, UnitLevel};
use std::collections::HashMap;
use uuid::Uuid;

/// The progress of `scope`'s area on `today`, with the changes of `year`.
pub async fn progress(
    database: &Database,
    scope: &UnitSummary,
    year: i32,
    today: NaiveDate,
) -> Result<ProgressResponse, DbError> {
    // The scope and every unit under it, ended ones too (they count "before").
    let mut inside = vec![scope.id];
    let mut parents = vec![scope.id];
    while let Some(parent) = parents.pop() {
        for child in database.unit_children(parent, true).await? {
            if child.kind.level() != UnitLevel::Village {
                parents.push(child.id);
            }
            inside.push(child.id);
        }
    }
    let mut wanted = inside.clone();
    wanted.extend(database.ancestors(scope.id).await?);
    let units: Vec<Unit> = database
        .unit_records(&wanted)
        .await?
        .iter()
        .filter_map(|row| serde_json::from_str::<Unit>(&row.body).ok())
        .collect();
    let latest = LatestReviews::from_reviews(
        database
            .reviews_of(&inside)
            .await?
            .iter()
            .filter_map(crate::sync::procedure::review_of),
    );
    let book = unit_views::rule_book(database).await?;
    let by_id: HashMap<Uuid, &Unit> = units.iter().map(|unit| (unit.id, unit)).collect();
    let statuses: HashMap<Uuid, domain::progress::UnitStatus> = units
        .iter()
        .map(|unit| {
            let review = latest.get(unit.id);
            let parent = unit.parent_id.and_then(|id| by_id.get(&id).copied());
            let standing = review
                .and_then(|review| unit_views::standing_of(&book, unit, parent, review))
                .map(|standing| standing.standing);
            (unit.id, unit_status(standing, review))
        })
        .collect();
    let proposals: Vec<Proposal> = database
        .anchored_at(&[RecordType::Proposal], &inside)
        .await?
        .iter()
        .filter_map(|row| serde_json::from_str(&row.body).ok())
        .collect();
    let entered: Vec<domain::progress::TargetReport> = database
        .records_of_type(RecordType::TargetReport)
        .await?
        .iter()
        .filter_map(|row| serde_json::from_str(&row.body).ok())
        .collect();
    let rules = ReportRules::in_force(&book, today).with_entered(entered);
    let board = match Hierarchy::of_rooted(&units) {
        Ok(hierarchy) => dashboard(scope.id, &hierarchy, &statuses, &proposals, &rules, year, today),
        Err(error) => {
            return Err(DbError::Corrupt(format!(
                "the units under {} form no tree: {error}",
                scope.id
            )));
        }
    };
    Ok(ProgressResponse {
        unit_id: scope.id,
        name: scope.name.clone(),
        on: today,
        dashboard: board,
    })
}
