//! The village-merger wizard as a plain state: what the officer has chosen
//! and typed, and the steps it allows, each checked by the domain's proposal
//! rules. The app keeps one of these in a signal and draws it; nothing here
//! knows a screen.
//!
//! 1. Choose the villages (at least two).
//! 2. Say what they become (a new village, named, or one of them) and see
//!    the totals against the standard.
//! 3. Enter each village's voter consultation; save the draft or submit.

use crate::officer::Officer;
use crate::proposal::checks::{ProposalContext, check_proposal};
use crate::proposal::workflow::{Transition, TransitionError, plan_transition};
use crate::proposal::{
    Action, Consultation, DraftTarget, MergeTarget, Proposal, StepKind, VillageMergerPlanner, WorkerPlan,
};
use crate::sync_meta::{SyncMeta, Timestamp};
use crate::unit_kind::UnitKind;
use crate::validation::{Field, Problem, ValidationError, parse_count};
use std::collections::BTreeMap;
use uuid::Uuid;

use super::village_name;

/// The wizard's three steps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum WizardStep {
    #[default]
    ChooseVillages,
    Outcome,
    Consultation,
}

impl WizardStep {
    /// 1, 2 or 3, as the screen numbers them.
    pub fn number(self) -> u8 {
        match self {
            WizardStep::ChooseVillages => 1,
            WizardStep::Outcome => 2,
            WizardStep::Consultation => 3,
        }
    }
}

/// The ids the draft is made with, fixed when the wizard opens (so that a
/// draft saved twice is one record).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DraftIds {
    pub proposal: Uuid,
    /// The id the new village gets, when the merger makes one.
    pub new_village: Uuid,
}

/// One village's consultation as typed: eligible, taking part, agreeing,
/// disagreeing, invalid.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsultationForm {
    pub eligible: String,
    pub participating: String,
    pub agreeing: String,
    pub disagreeing: String,
    pub invalid: String,
}

/// A column of the consultation form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsultationColumn {
    Eligible,
    Participating,
    Agreeing,
    Disagreeing,
    Invalid,
}

impl ConsultationColumn {
    /// In table order.
    pub const ALL: [ConsultationColumn; 5] = [
        ConsultationColumn::Eligible,
        ConsultationColumn::Participating,
        ConsultationColumn::Agreeing,
        ConsultationColumn::Disagreeing,
        ConsultationColumn::Invalid,
    ];

    /// A short name (for test ids and the interface's word keys).
    pub fn key(self) -> &'static str {
        match self {
            ConsultationColumn::Eligible => "eligible",
            ConsultationColumn::Participating => "participating",
            ConsultationColumn::Agreeing => "agreeing",
            ConsultationColumn::Disagreeing => "disagreeing",
            ConsultationColumn::Invalid => "invalid",
        }
    }
}

impl ConsultationForm {
    pub fn get(&self, column: ConsultationColumn) -> &str {
        match column {
            ConsultationColumn::Eligible => &self.eligible,
            ConsultationColumn::Participating => &self.participating,
            ConsultationColumn::Agreeing => &self.agreeing,
            ConsultationColumn::Disagreeing => &self.disagreeing,
            ConsultationColumn::Invalid => &self.invalid,
        }
    }

    pub fn set(&mut self, column: ConsultationColumn, text: String) {
        let slot = match column {
            ConsultationColumn::Eligible => &mut self.eligible,
            ConsultationColumn::Participating => &mut self.participating,
            ConsultationColumn::Agreeing => &mut self.agreeing,
            ConsultationColumn::Disagreeing => &mut self.disagreeing,
            ConsultationColumn::Invalid => &mut self.invalid,
        };
        *slot = text;
    }

    /// `None` while nothing is typed; else the first round of `unit_id`'s
    /// consultation, or the problem (an empty box counts as 0).
    pub fn read(&self, unit_id: Uuid) -> Option<Result<Consultation, ValidationError>> {
        if ConsultationColumn::ALL
            .iter()
            .all(|column| self.get(*column).trim().is_empty())
        {
            return None;
        }
        let mut numbers = [0u32; 5];
        for (slot, column) in numbers.iter_mut().zip(ConsultationColumn::ALL) {
            let text = self.get(column);
            if !text.trim().is_empty() {
                match parse_count(Field::Consultation, text) {
                    Ok(number) => *slot = number,
                    Err(error) => return Some(Err(error)),
                }
            }
        }
        let [eligible, participating, agreeing, disagreeing, invalid] = numbers;
        Some(Ok(Consultation {
            unit_id,
            round: 1,
            eligible,
            participating,
            agreeing,
            disagreeing,
            invalid,
        }))
    }
}

/// Why the wizard cannot finish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FinishError {
    /// The draft itself has problems.
    Problems(Vec<ValidationError>),
    /// The proposal opened is no longer this officer's to change (it was
    /// sent on, or belongs to another role).
    NotEditable(crate::language::Bilingual),
    /// The draft reads, but the officer cannot submit it (not ready, not theirs…).
    Transition(TransitionError),
}

/// The wizard as the officer has filled it.
#[derive(Clone, Debug, PartialEq)]
pub struct VillageMergerForm {
    pub step: WizardStep,
    /// The villages chosen, in the order chosen.
    pub chosen: Vec<Uuid>,
    /// One of the chosen villages that takes in the others; `None`: a new village.
    pub into_existing: Option<Uuid>,
    pub new_name: String,
    pub new_kind: UnitKind,
    /// The drafter states that no other neighbour can join.
    pub no_other_neighbour: bool,
    pub consultations: BTreeMap<Uuid, ConsultationForm>,
    /// NĐ 185/2026: the plan for the non-professional workers, as typed.
    pub worker_plan: WorkerPlanForm,
    /// NĐ 185/2026: the day the people were consulted (asked when the
    /// consultation is recorded with the draft).
    pub consultation_date: String,
    /// The saved proposal the wizard was opened on (a draft, or one returned
    /// for changes): what is saved keeps its id, steps, status and procedure.
    pub editing: Option<Box<Proposal>>,
}

/// The Đề án's worker plan as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkerPlanForm {
    pub workers_before: String,
    pub workers_after: String,
    pub arrangement: String,
}

impl WorkerPlanForm {
    /// `None` while nothing is typed; else the plan or every problem of it.
    pub fn read(&self) -> Option<Result<WorkerPlan, Vec<ValidationError>>> {
        if self.workers_before.trim().is_empty()
            && self.workers_after.trim().is_empty()
            && self.arrangement.trim().is_empty()
        {
            return None;
        }
        let before = parse_count(Field::WorkersBefore, &self.workers_before);
        let after = parse_count(Field::WorkersAfter, &self.workers_after);
        Some(match (before, after) {
            (Ok(workers_before), Ok(workers_after)) => Ok(WorkerPlan {
                workers_before,
                workers_after,
                arrangement: self.arrangement.trim().to_owned(),
            }),
            (before, after) => Err([before.err(), after.err()].into_iter().flatten().collect()),
        })
    }
}

impl Default for VillageMergerForm {
    fn default() -> Self {
        Self {
            step: WizardStep::default(),
            chosen: Vec::new(),
            into_existing: None,
            new_name: String::new(),
            new_kind: UnitKind::Village,
            no_other_neighbour: false,
            consultations: BTreeMap::new(),
            worker_plan: WorkerPlanForm::default(),
            consultation_date: String::new(),
            editing: None,
        }
    }
}

impl VillageMergerForm {
    /// The wizard opened on a saved village merger, as if the officer had
    /// typed it, with the ids it was made with; `None` for another action.
    pub fn of(proposal: &Proposal) -> Option<(VillageMergerForm, DraftIds)> {
        let Action::Merge { into } = &proposal.action else {
            return None;
        };
        if proposal.level != crate::unit_kind::UnitLevel::Village {
            return None;
        }
        let mut form = VillageMergerForm {
            chosen: proposal.sources.iter().map(|source| source.unit_id).collect(),
            no_other_neighbour: proposal.no_other_neighbour,
            editing: Some(Box::new(proposal.clone())),
            ..VillageMergerForm::default()
        };
        let new_village = match into {
            MergeTarget::NewUnit { id, name, kind, .. } => {
                let prefix = kind.vietnamese();
                form.new_kind = *kind;
                form.new_name = name
                    .as_str()
                    .strip_prefix(prefix)
                    .filter(|rest| rest.starts_with(' '))
                    .map_or(name.as_str(), str::trim)
                    .to_owned();
                *id
            }
            MergeTarget::ExistingUnit { unit_id, .. } => {
                form.chosen.insert(0, *unit_id);
                form.into_existing = Some(*unit_id);
                Uuid::nil()
            }
        };
        for unit in proposal.involved_units() {
            let latest = proposal
                .consultations
                .iter()
                .filter(|consultation| consultation.unit_id == unit)
                .max_by_key(|consultation| consultation.round);
            if let Some(consultation) = latest {
                let typed = ConsultationForm {
                    eligible: consultation.eligible.to_string(),
                    participating: consultation.participating.to_string(),
                    agreeing: consultation.agreeing.to_string(),
                    disagreeing: consultation.disagreeing.to_string(),
                    invalid: consultation.invalid.to_string(),
                };
                form.consultations.insert(unit, typed);
            }
        }
        if let Some(plan) = &proposal.worker_plan {
            form.worker_plan = WorkerPlanForm {
                workers_before: plan.workers_before.to_string(),
                workers_after: plan.workers_after.to_string(),
                arrangement: plan.arrangement.clone(),
            };
        }
        let ids = DraftIds {
            proposal: proposal.id,
            new_village,
        };
        Some((form, ids))
    }

    /// Chooses a village, or lets it go (a village let go no longer receives).
    pub fn toggle(&mut self, village: Uuid, chosen: bool) {
        self.chosen.retain(|found| *found != village);
        if chosen {
            self.chosen.push(village);
        } else if self.into_existing == Some(village) {
            self.into_existing = None;
        }
    }

    /// Takes a suggested grouping as the choice.
    pub fn choose(&mut self, villages: &[Uuid]) {
        self.chosen = villages.to_vec();
        if self
            .into_existing
            .is_some_and(|receiving| !self.chosen.contains(&receiving))
        {
            self.into_existing = None;
        }
    }

    /// The typed consultation of a village (empty when nothing is typed).
    pub fn consultation(&self, village: Uuid) -> ConsultationForm {
        self.consultations.get(&village).cloned().unwrap_or_default()
    }

    pub fn set_consultation(&mut self, village: Uuid, column: ConsultationColumn, text: String) {
        self.consultations.entry(village).or_default().set(column, text);
    }

    /// The proposal as the wizard stands, or the problems of what is typed
    /// (the new village's name, a consultation figure).
    pub fn draft(
        &self,
        planner: &VillageMergerPlanner,
        ids: DraftIds,
        meta: SyncMeta,
    ) -> Result<Proposal, Vec<ValidationError>> {
        let target = match self.into_existing {
            Some(receiving) => DraftTarget::Existing(receiving),
            None => DraftTarget::NewVillage {
                id: ids.new_village,
                name: village_name(self.new_kind, &self.new_name).map_err(|error| vec![error])?,
                kind: self.new_kind,
            },
        };
        let mut proposal = planner.draft(ids.proposal, &self.chosen, &target, meta);
        proposal.no_other_neighbour = self.no_other_neighbour;
        let mut errors = Vec::new();
        if planner.procedure().needs_worker_plan {
            match self.worker_plan.read() {
                Some(Ok(plan)) => proposal.worker_plan = Some(plan),
                Some(Err(problems)) => errors.extend(problems),
                None => {}
            }
        }
        // The rounds the proposal recorded before it was reopened stay; figures
        // typed again differently are the unit's next round.
        let recorded: &[Consultation] = self.editing.as_ref().map_or(&[], |base| &base.consultations);
        for unit in proposal.involved_units() {
            let earlier: Vec<&Consultation> = recorded.iter().filter(|round| round.unit_id == unit).collect();
            match self.consultations.get(&unit).and_then(|form| form.read(unit)) {
                Some(Ok(mut consultation)) => {
                    proposal
                        .consultations
                        .extend(earlier.iter().map(|round| (*round).clone()));
                    let latest = earlier.iter().max_by_key(|round| round.round);
                    match latest {
                        Some(latest)
                            if Consultation {
                                round: latest.round,
                                ..consultation.clone()
                            } == **latest => {}
                        _ => {
                            consultation.round = latest.map_or(1, |latest| latest.round.saturating_add(1));
                            proposal.consultations.push(consultation);
                        }
                    }
                }
                Some(Err(error)) => errors.push(error),
                None => {}
            }
        }
        if errors.is_empty() { Ok(proposal) } else { Err(errors) }
    }

    /// The villages whose consultation the last step asks for: every unit
    /// the draft involves (the chosen ones while the draft does not read).
    pub fn involved(&self, planner: &VillageMergerPlanner, ids: DraftIds, meta: SyncMeta) -> Vec<Uuid> {
        self.draft(planner, ids, meta)
            .map(|proposal| proposal.involved_units())
            .unwrap_or_else(|_| self.chosen.clone())
    }

    /// Moves to the next step when this one holds: at least two villages
    /// chosen; then a draft that reads and passes every check but the
    /// consultation (the next step's).
    pub fn next(
        &mut self,
        planner: &VillageMergerPlanner,
        context: &ProposalContext<'_>,
        ids: DraftIds,
        meta: SyncMeta,
    ) -> Result<(), Vec<ValidationError>> {
        match self.step {
            WizardStep::ChooseVillages => {
                if self.chosen.len() < 2 {
                    return Err(vec![ValidationError::new(
                        Field::Sources,
                        Problem::TooFewSources {
                            min: 2,
                            found: self.chosen.len(),
                        },
                    )]);
                }
                self.step = WizardStep::Outcome;
            }
            WizardStep::Outcome => {
                let proposal = self.draft(planner, ids, meta)?;
                let errors: Vec<ValidationError> = check_proposal(&proposal, context)
                    .into_iter()
                    .filter(|error| error.field != Field::Consultation)
                    .collect();
                if !errors.is_empty() {
                    return Err(errors);
                }
                self.step = WizardStep::Consultation;
            }
            WizardStep::Consultation => {}
        }
        Ok(())
    }

    /// Back one step (what was typed stays).
    pub fn back(&mut self) {
        self.step = match self.step {
            WizardStep::ChooseVillages | WizardStep::Outcome => WizardStep::ChooseVillages,
            WizardStep::Consultation => WizardStep::Outcome,
        };
    }

    /// The proposal to save: a draft that passes every check, or — `submit` —
    /// one the officer may submit now, with the submission recorded.
    pub fn finish(
        &self,
        planner: &VillageMergerPlanner,
        context: &ProposalContext<'_>,
        ids: DraftIds,
        officer: &Officer,
        submit: bool,
        at: Timestamp,
    ) -> Result<Proposal, FinishError> {
        let meta = self
            .editing
            .as_ref()
            .map_or_else(|| SyncMeta::created(at, officer.id), |base| base.meta.clone());
        let mut proposal = self.draft(planner, ids, meta).map_err(FinishError::Problems)?;
        if let Some(base) = &self.editing {
            if let Some(why) = base.why_not_editable_by(officer.role) {
                return Err(FinishError::NotEditable(why));
            }
            // The same record: its procedure, steps and status go on.
            proposal.procedure = base.procedure;
            proposal.status = base.status.clone();
            proposal.history = base.history.clone();
        }
        if submit {
            let step = match planner.procedure().first_step() {
                StepKind::RecordConsultation => Transition::RecordConsultation {
                    consultation_date: crate::forms::parse_date(&self.consultation_date)
                        .map_err(|error| vec![ValidationError::new(Field::ConsultationDate, error.problem)])
                        .map_err(FinishError::Problems)?,
                },
                _ => Transition::Submit,
            };
            let decision =
                plan_transition(&proposal, officer, step, None, at, context).map_err(FinishError::Transition)?;
            proposal.record(decision);
        } else {
            let errors = check_proposal(&proposal, context);
            if !errors.is_empty() {
                return Err(FinishError::Problems(errors));
            }
        }
        Ok(proposal)
    }
}
