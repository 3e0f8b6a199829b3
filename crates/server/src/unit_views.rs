//! The units as the API shows them: each with where it is in its life, its
//! latest figures and its standing by the rules (the domain's classifiers,
//! the same the tablet runs), and a unit's history. Knows no HTTP.

use crate::db::{Database, DbError, RecordRow};
use domain::proposal::Proposal;
use domain::proposal::workflow::{Status, Transition};
use domain::review::{LatestReviews, ReviewRecord};
use domain::rules::reviewed_unit::{classify_reviewed_commune, classify_reviewed_village};
use domain::rules::{RuleBook, RuleSelection};
use domain::sync::RecordType;
use domain::wire::{UnitEvent, UnitFigures, UnitHistory, UnitStanding, UnitSummary};
use domain::{Bilingual, Unit, UnitLevel};
use std::collections::HashMap;
use uuid::Uuid;

/// Adds to each unit its lifecycle, latest figures and standing.
pub async fn with_standing(database: &Database, units: Vec<UnitSummary>) -> Result<Vec<UnitSummary>, DbError> {
    let mut ids: Vec<Uuid> = units.iter().map(|unit| unit.id).collect();
    ids.extend(units.iter().filter_map(|unit| unit.parent_id));
    ids.sort();
    ids.dedup();
    let records: HashMap<Uuid, Unit> = database
        .unit_records(&ids)
        .await?
        .iter()
        .filter_map(|row| serde_json::from_str::<Unit>(&row.body).ok())
        .map(|unit| (unit.id, unit))
        .collect();
    let reviewed: Vec<Uuid> = units.iter().map(|unit| unit.id).collect();
    let latest = LatestReviews::from_reviews(
        database
            .reviews_of(&reviewed)
            .await?
            .iter()
            .filter_map(crate::sync::procedure::review_of),
    );
    let book = rule_book(database).await?;
    Ok(units
        .into_iter()
        .map(|mut summary| {
            let unit = records.get(&summary.id);
            summary.lifecycle = unit.map(|unit| unit.lifecycle.clone());
            let review = latest.get(summary.id);
            summary.figures = review.map(figures_of);
            summary.standing = match (unit, review) {
                (Some(unit), Some(review)) => {
                    standing_of(&book, unit, summary.parent_id.and_then(|id| records.get(&id)), review)
                }
                _ => None,
            };
            summary
        })
        .collect())
}

/// The rules the server measures by: the built-in rule sets and those the
/// province stored (its lower figures, with their legal basis).
pub async fn rule_book(database: &Database) -> Result<RuleBook, DbError> {
    let stored = database.stored_rule_sets().await?;
    Ok(RuleBook::with_province_sets(
        stored.iter().filter_map(|row| serde_json::from_str(&row.body).ok()),
    ))
}

fn figures_of(review: &ReviewRecord) -> UnitFigures {
    let figures = review.figures();
    UnitFigures {
        households: matches!(review, ReviewRecord::Village(_)).then_some(figures.households),
        population: figures.population,
        area: figures.area,
        review_id: review.id(),
        reviewed_on: review.reviewed_on(),
    }
}

pub fn standing_of(book: &RuleBook, unit: &Unit, parent: Option<&Unit>, review: &ReviewRecord) -> Option<UnitStanding> {
    let selection = RuleSelection::default();
    let standing = match review {
        ReviewRecord::Village(review) if unit.level() == UnitLevel::Village => {
            classify_reviewed_village(book, &selection, unit, parent, review).ok()?
        }
        ReviewRecord::Commune(review) if unit.level() == UnitLevel::Commune => {
            classify_reviewed_commune(book, &selection, unit, review).ok()?
        }
        _ => return None,
    };
    let classification = standing.classification;
    Some(UnitStanding {
        standing: classification.standing,
        rule_set_title: book.get(&classification.rule_set_id).map_or_else(
            || {
                Bilingual::new(
                    classification.rule_set_id.to_string(),
                    classification.rule_set_id.to_string(),
                )
            },
            |set| set.title.clone(),
        ),
        rule_set_id: classification.rule_set_id,
        lapsed: standing.lapsed,
        comparisons: classification.comparisons,
        explanation: classification.explanation,
        rule: classification.rule,
        review_id: review.id(),
    })
}

/// Everything that touched a unit: its reviews, and the proposals that took
/// from it, into it or formed it, step by step, in date order.
pub async fn history(database: &Database, unit: UnitSummary) -> Result<UnitHistory, DbError> {
    let mut around = vec![unit.id];
    around.extend(database.ancestors(unit.id).await?);
    let reviews = database.reviews_of(&[unit.id]).await?;
    let proposals = database.anchored_at(&[RecordType::Proposal], &around).await?;
    let mut events: Vec<UnitEvent> = reviews.iter().filter_map(review_event).collect();
    for row in &proposals {
        let Ok(proposal) = serde_json::from_str::<Proposal>(&row.body) else {
            continue;
        };
        let touches = proposal.involved_units().contains(&unit.id) || proposal.resulting_unit() == Some(unit.id);
        if touches {
            events.extend(proposal_events(&proposal));
        }
    }
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.kind.cmp(&b.kind)));
    Ok(UnitHistory { unit, events })
}

fn review_event(row: &RecordRow) -> Option<UnitEvent> {
    let review = crate::sync::procedure::review_of(row)?;
    let figures = review.figures();
    let people = domain::format::integer_vi(figures.population.into());
    let summary = match &review {
        ReviewRecord::Village(_) => {
            let households = domain::format::integer_vi(figures.households.into());
            Bilingual::new(
                format!("Rà soát: {households} hộ, {people} nhân khẩu"),
                format!(
                    "Review: {} households, {} people",
                    figures.households, figures.population
                ),
            )
        }
        ReviewRecord::Commune(_) => Bilingual::new(
            format!(
                "Rà soát: {people} người, {}",
                figures.area.km2_text(domain::Language::Vi)
            ),
            format!(
                "Review: {} people, {}",
                figures.population,
                figures.area.km2_text(domain::Language::En)
            ),
        ),
    };
    Some(UnitEvent {
        date: review.reviewed_on(),
        kind: "review".to_owned(),
        record_id: review.id(),
        summary,
    })
}

fn proposal_events(proposal: &Proposal) -> Vec<UnitEvent> {
    let action = proposal.action.label();
    proposal
        .history
        .iter()
        .map(|decision| {
            let (date, detail_vi, detail_en) = match (&decision.transition, &decision.to) {
                (
                    Transition::Approve {
                        decision_number,
                        decision_date,
                    },
                    _,
                ) => (
                    *decision_date,
                    format!(" (số {decision_number})"),
                    format!(" (no. {decision_number})"),
                ),
                (Transition::MakeEffective { effective_date, .. }, Status::Effective { decision_number, .. }) => (
                    *effective_date,
                    format!(" (số {decision_number})"),
                    format!(" (no. {decision_number})"),
                ),
                _ => (decision.at.vietnam_date(), String::new(), String::new()),
            };
            let step = decision.to.label();
            UnitEvent {
                date,
                kind: "decision".to_owned(),
                record_id: proposal.id,
                summary: Bilingual::new(
                    format!("{}: {}{detail_vi}", action.vi, step.vi),
                    format!("{}: {}{detail_en}", action.en, step.en),
                ),
            }
        })
        .collect()
}
