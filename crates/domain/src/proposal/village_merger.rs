//! Drafting the merger of villages of one commune, as the field app's wizard
//! does it: the villages with their latest figures, the suggestions, the
//! draft (into a new village or into one of them), and the resulting
//! village measured against the standard.

use super::evaluation::{Evaluation, ResultingUnitFacts, evaluate};
use super::{Action, Figures, MergeTarget, Part, Proposal, Source, Status};
use crate::review::VillageReview;
use crate::rules::classification::{ClassifyError, Standing};
use crate::rules::{RuleBook, RuleSelection, RuleSet, Rules, VillageFacts, classify_village};
use crate::suggestions::{Candidate, Neighbours, Suggestions, suggest_from};
use crate::sync_meta::SyncMeta;
use crate::unit::Unit;
use crate::unit_kind::{UnitKind, UnitLevel};
use crate::unit_name::UnitName;
use chrono::NaiveDate;
use uuid::Uuid;

/// A village of the commune and its latest review, if it has one.
#[derive(Clone, Debug)]
pub struct VillageOnRecord {
    pub unit: Unit,
    pub review: Option<VillageReview>,
}

impl VillageOnRecord {
    /// The figures a merger adds up, from the latest review.
    pub fn figures(&self) -> Option<Figures> {
        self.review.as_ref().map(|review| Figures {
            households: review.households,
            population: review.population,
            area: review.area,
        })
    }
}

/// Where the merged villages go.
#[derive(Clone, Debug, PartialEq)]
pub enum DraftTarget {
    /// A new village, named by the officer.
    NewVillage { id: Uuid, name: UnitName, kind: UnitKind },
    /// One of the chosen villages keeps its name and takes in the others.
    Existing(Uuid),
}

/// The villages of one commune, measured by the village rules of a date.
#[derive(Clone, Debug)]
pub struct VillageMergerPlanner {
    commune: Unit,
    villages: Vec<VillageOnRecord>,
    rule_set: Option<RuleSet>,
    /// The procedure a draft made today follows.
    procedure: super::ProcedureId,
}

impl VillageMergerPlanner {
    /// `villages`: the commune's villages; only active ones with a review take part.
    pub fn new(book: &RuleBook, commune: Unit, villages: Vec<VillageOnRecord>, date: NaiveDate) -> Self {
        let rule_set = book
            .select_or_latest(UnitLevel::Village, date, &RuleSelection::default())
            .map(|(rule_set, _)| rule_set.clone());
        let villages = villages
            .into_iter()
            .filter(|village| village.unit.is_active() && village.unit.parent_id == Some(commune.id))
            .collect();
        VillageMergerPlanner {
            commune,
            villages,
            rule_set,
            procedure: super::Procedure::in_force(UnitLevel::Village, date).id,
        }
    }

    /// The planner for a proposal drafted earlier, which keeps the procedure
    /// it was drafted under.
    pub fn keeping_procedure_of(mut self, proposal: &Proposal) -> Self {
        self.procedure = proposal.procedure().id;
        self
    }

    /// The procedure a draft made now follows.
    pub fn procedure(&self) -> &'static super::Procedure {
        self.procedure.procedure()
    }

    pub fn commune(&self) -> &Unit {
        &self.commune
    }

    /// The villages that can be chosen (active, in the commune), reviewed or not.
    pub fn villages(&self) -> &[VillageOnRecord] {
        &self.villages
    }

    fn candidates(&self) -> Vec<Candidate> {
        let Some(rule_set) = &self.rule_set else {
            return Vec::new();
        };
        self.villages
            .iter()
            .filter_map(|village| {
                let review = village.review.as_ref()?;
                let standing = classify_village(
                    rule_set,
                    &VillageFacts {
                        name: village.unit.name.as_str(),
                        kind: village.unit.kind,
                        households: review.households,
                        border_commune: self.commune.attributes.border_commune,
                        special_status: review.special_status.as_ref(),
                    },
                )
                .ok()?
                .standing;
                Some(Candidate {
                    unit_id: village.unit.id,
                    name: village.unit.name.as_str().to_owned(),
                    kind: village.unit.kind,
                    figures: village.figures()?,
                    location: review.location,
                    standing,
                })
            })
            .collect()
    }

    /// Groupings that bring villages below the merge threshold up to the
    /// standard, nearest first (by the GPS locations recorded).
    pub fn suggestions(&self) -> Suggestions {
        let Some(rule_set) = &self.rule_set else {
            return Suggestions::default();
        };
        let border = self.commune.attributes.border_commune;
        // Rules without a merge band (NĐ 185/2026) arrange every village below the standard.
        let worst = match &rule_set.rules {
            Rules::Village(rules) if rules.must_merge_below_percent.is_none() => Standing::BelowStandard,
            _ => Standing::BelowMergeThreshold,
        };
        suggest_from(&self.candidates(), Neighbours::Distance, worst, |totals, group| {
            classify_village(
                rule_set,
                &VillageFacts {
                    name: group.first().map_or("", |first| first.name.as_str()),
                    kind: group.first().map_or(UnitKind::Village, |first| first.kind),
                    households: totals.households,
                    border_commune: border,
                    special_status: None,
                },
            )
        })
    }

    /// Why the wizard offers no grouping, in words, when it offers none:
    /// nothing to arrange, villages with no review yet, or (said village by
    /// village in `unresolved`) no neighbour to join.
    pub fn why_no_suggestion(&self, suggestions: &Suggestions) -> Option<crate::language::Bilingual> {
        use crate::language::Bilingual;
        if !suggestions.groups.is_empty() {
            return None;
        }
        let unreviewed = self.villages.iter().filter(|village| village.review.is_none()).count();
        let below = self
            .candidates()
            .iter()
            .filter(|candidate| {
                matches!(
                    candidate.standing,
                    Standing::BelowStandard | Standing::BelowMergeThreshold
                )
            })
            .count();
        Some(if !suggestions.unresolved.is_empty() {
            Bilingual::new(
                "Chưa có gợi ý: xem lý do từng thôn dưới đây.",
                "No suggestion yet: each village's reason is below.",
            )
        } else if unreviewed > 0 && below == 0 {
            Bilingual::new(
                format!("Chưa có gợi ý: {unreviewed} thôn chưa có số liệu rà soát; hãy rà soát trước."),
                format!("No suggestion yet: {unreviewed} villages have no review; review them first."),
            )
        } else if self.villages.is_empty() {
            Bilingual::new(
                "Không còn thôn nào để chọn: các thôn của xã đang trong phương án khác hoặc chưa được ghi.",
                "No village left to choose: the commune's villages are in other proposals or not recorded.",
            )
        } else {
            Bilingual::new(
                "Không có gợi ý: không có thôn nào dưới tiêu chuẩn cần sắp xếp. Vẫn có thể chọn thôn để lập phương án.",
                "No suggestion: no village is below the standard. Villages can still be chosen for a proposal.",
            )
        })
    }

    /// The draft merger of `chosen` (in that order) into `target`.
    pub fn draft(&self, proposal_id: Uuid, chosen: &[Uuid], target: &DraftTarget, meta: SyncMeta) -> Proposal {
        let village = |id: &Uuid| self.villages.iter().find(|village| village.unit.id == *id);
        let source = |village: &VillageOnRecord| Source {
            unit_id: village.unit.id,
            name: village.unit.name.as_str().to_owned(),
            part: Part::Whole,
            figures: village.figures().unwrap_or_default(),
        };
        let (into, sources) = match target {
            DraftTarget::NewVillage { id, name, kind } => (
                MergeTarget::NewUnit {
                    id: *id,
                    name: name.clone(),
                    kind: *kind,
                    parent_id: self.commune.id,
                },
                chosen.iter().filter_map(village).map(source).collect(),
            ),
            DraftTarget::Existing(receiving) => {
                let found = village(receiving);
                (
                    MergeTarget::ExistingUnit {
                        unit_id: *receiving,
                        name: found
                            .map(|village| village.unit.name.as_str().to_owned())
                            .unwrap_or_default(),
                        figures: found.and_then(VillageOnRecord::figures).unwrap_or_default(),
                    },
                    chosen
                        .iter()
                        .filter(|id| *id != receiving)
                        .filter_map(village)
                        .map(source)
                        .collect(),
                )
            }
        };
        Proposal {
            id: proposal_id,
            level: UnitLevel::Village,
            action: Action::Merge { into },
            sources,
            consultations: Vec::new(),
            no_other_neighbour: false,
            rule_set_id: self
                .rule_set
                .as_ref()
                .map(|rule_set| rule_set.id.clone())
                .unwrap_or_else(|| crate::rules::RuleSetId::new("")),
            procedure: Some(self.procedure),
            worker_plan: None,
            status: Status::Draft,
            history: Vec::new(),
            carried_out: None,
            meta,
        }
    }

    /// The village the proposal would make, measured against the standard.
    pub fn evaluate(&self, proposal: &Proposal) -> Option<Result<Evaluation, ClassifyError>> {
        let rule_set = self.rule_set.as_ref()?;
        let (name, kind) = match &proposal.action {
            Action::Merge {
                into: MergeTarget::NewUnit { name, kind, .. },
            } => (name.as_str().to_owned(), *kind),
            Action::Merge {
                into: MergeTarget::ExistingUnit { unit_id, name, .. },
            } => (
                name.clone(),
                self.villages
                    .iter()
                    .find(|village| village.unit.id == *unit_id)
                    .map_or(UnitKind::Village, |village| village.unit.kind),
            ),
            _ => return None,
        };
        evaluate(
            proposal,
            rule_set,
            &ResultingUnitFacts {
                name: &name,
                kind,
                mountainous: self.commune.attributes.mountainous,
                border: self.commune.attributes.border_commune,
                ethnic_minority_percent: None,
            },
        )
    }
}
