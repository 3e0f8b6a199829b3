//! While a proposal is its drafter's (a draft, or returned for changes): who
//! may change what it says, the comment that returned it, and the check the
//! server makes of every write — what a proposal says (its units, what they
//! become, the consultation, the workers' plan) changes only then, and only
//! by its drafter; the steps are the procedure's (`workflow`).

use super::procedure::{StatusKind, StepOwner};
use super::{Decision, Proposal, Status, Transition};
use crate::language::Bilingual;
use crate::officer::Role;
use crate::unit_kind::UnitLevel;

impl Proposal {
    /// Whether an officer of `role` may change what the proposal says now:
    /// while it is a draft or returned, by whoever may send it on (an
    /// officer above the units — for villages the commune, or the district
    /// or province standing above it; for communes the district or the
    /// province — or the role the procedure names; the jurisdiction is
    /// checked with the units).
    pub fn editable_by(&self, role: Role) -> bool {
        let status = self.status.kind();
        if !matches!(status, StatusKind::Draft | StatusKind::Returned) {
            return false;
        }
        let procedure = self.procedure();
        let first = procedure.first_step();
        let Some(step) = procedure
            .steps
            .iter()
            .find(|step| step.step == first && step.from.contains(&status))
        else {
            return false;
        };
        match step.owner {
            StepOwner::Drafter => match self.level {
                UnitLevel::Village => role != Role::Administrator,
                _ => matches!(role, Role::DistrictOfficer | Role::ProvinceOfficer),
            },
            StepOwner::Role(owner) => owner == role,
            StepOwner::Reviewer => false,
        }
    }

    /// Whether the proposal waits for `officer` to change it and send it on:
    /// a draft they saved last, or one returned after they sent it.
    pub fn waits_for_its_drafter(&self, officer: crate::OfficerId, role: Role) -> bool {
        if !self.editable_by(role) {
            return false;
        }
        match self.status {
            Status::Returned => {
                let first = self.procedure().first_step();
                self.history
                    .iter()
                    .rev()
                    .find(|decision| decision.transition.kind() == first)
                    .is_some_and(|sent| sent.by == officer)
            }
            _ => self.meta.updated_by == officer,
        }
    }

    /// The decision that returned it for changes, while it stands returned
    /// (its comment says what to change).
    pub fn returned_with(&self) -> Option<&Decision> {
        if self.status != Status::Returned {
            return None;
        }
        self.history
            .iter()
            .rev()
            .find(|decision| decision.transition == Transition::Return)
    }

    /// What the proposal says, without the record of its procedure (status,
    /// steps, sync metadata, the server's mark).
    fn content(&self) -> Proposal {
        Proposal {
            status: Status::Draft,
            history: Vec::new(),
            carried_out: None,
            meta: crate::SyncMeta::created(crate::Timestamp(0), crate::OfficerId(uuid::Uuid::nil())),
            ..self.clone()
        }
    }

    /// Whether `other` says something else than this one.
    pub fn says_other_than(&self, other: &Proposal) -> bool {
        self.content() != other.content()
    }
}

/// Whether an officer of `role` may write `after` over `before`, as far as
/// what the proposal says goes: unchanged, or changed while `before` was
/// the officer's to edit. The message names why not, in both languages.
pub fn check_content_change(before: &Proposal, after: &Proposal, role: Role) -> Result<(), Bilingual> {
    match before.why_not_editable_by(role) {
        Some(why) if before.says_other_than(after) => Err(why),
        _ => Ok(()),
    }
}

impl Proposal {
    /// Why an officer of `role` may not change what the proposal says now
    /// (`None` when they may): it was sent on, or it is another's to draft.
    pub fn why_not_editable_by(&self, role: Role) -> Option<Bilingual> {
        if self.editable_by(role) {
            return None;
        }
        if matches!(self.status.kind(), StatusKind::Draft | StatusKind::Returned) {
            return Some(Bilingual::new(
                "chỉ cán bộ lập phương án được sửa nội dung của phương án",
                "only the officer who drafts the proposal may change what it says",
            ));
        }
        let status = self.status.label();
        Some(Bilingual::new(
            format!(
                "phương án đang ở trạng thái \"{}\": nội dung chỉ được sửa khi là bản nháp hoặc bị trả lại để chỉnh sửa",
                status.vi
            ),
            format!(
                "the proposal is \"{}\": what it says may change only while it is a draft or returned for changes",
                status.en
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proposal::workflow::Decision;
    use crate::proposal::{Action, Consultation, Figures, MergeTarget, Part, ProcedureId, Source};
    use crate::rules::RuleSetId;
    use crate::{OfficerId, SyncMeta, Timestamp};
    use uuid::Uuid;

    fn id() -> Uuid {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Uuid::from_u128(u128::from(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)))
    }

    fn at(day: u32) -> Timestamp {
        Timestamp(1_780_000_000_000 + i64::from(day) * 86_400_000)
    }

    fn draft(procedure: ProcedureId, level: UnitLevel) -> Proposal {
        let source = |name: &str| Source {
            unit_id: id(),
            name: name.to_owned(),
            part: Part::Whole,
            figures: Figures {
                households: 40,
                population: 160,
                ..Figures::default()
            },
        };
        Proposal {
            id: id(),
            level,
            action: Action::Merge {
                into: MergeTarget::ExistingUnit {
                    unit_id: id(),
                    name: "Thôn Nà Lẹng".to_owned(),
                    figures: Figures::default(),
                },
            },
            sources: vec![source("Thôn Khòn Pảng")],
            consultations: Vec::new(),
            no_other_neighbour: false,
            rule_set_id: RuleSetId::new("villages-2018"),
            procedure: Some(procedure),
            worker_plan: None,
            status: Status::Draft,
            history: Vec::new(),
            carried_out: None,
            meta: SyncMeta::created(at(1), OfficerId(Uuid::nil())),
        }
    }

    fn decided(mut proposal: Proposal, transition: Transition, to: Status, role: Role, comment: &str) -> Proposal {
        proposal.history.push(Decision {
            transition,
            from: proposal.status.clone(),
            to: to.clone(),
            by: OfficerId(id()),
            role,
            at: at(3),
            comment: Some(comment.to_owned()).filter(|text| !text.is_empty()),
            by_name: None,
        });
        proposal.status = to;
        proposal
    }

    #[test]
    fn only_the_steps_just_taken_are_signed_with_the_officers_name() {
        let submitted = decided(
            draft(ProcedureId::Villages2018, UnitLevel::Village),
            Transition::Submit,
            Status::Submitted,
            Role::CommuneOfficer,
            "",
        );
        let mut returned = decided(
            submitted,
            Transition::Return,
            Status::Returned,
            Role::DistrictOfficer,
            "Bổ sung biên bản",
        );
        let reviewer = returned.history[1].by;
        returned.sign_new_steps(1, reviewer, "Vi Văn Minh");
        assert_eq!(
            returned.history[0].by_name, None,
            "the step recorded before stays as it was"
        );
        assert_eq!(returned.history[1].by_name.as_deref(), Some("Vi Văn Minh"));
        let json = serde_json::to_value(&returned.history[0]).unwrap();
        assert!(json.get("by_name").is_none(), "an unsigned step is written as before");
    }

    #[test]
    fn a_draft_and_a_returned_proposal_are_the_commune_officers_to_edit_a_submitted_one_is_no_ones() {
        let draft = draft(ProcedureId::Villages2018, UnitLevel::Village);
        assert!(draft.editable_by(Role::CommuneOfficer));
        assert!(
            draft.editable_by(Role::DistrictOfficer),
            "an officer above the commune may draft"
        );
        assert!(!draft.editable_by(Role::Administrator));
        let drafter = draft.meta.updated_by;
        assert!(draft.waits_for_its_drafter(drafter, Role::CommuneOfficer));
        assert!(
            !draft.waits_for_its_drafter(OfficerId(id()), Role::CommuneOfficer),
            "another's draft"
        );
        let mut submitted = decided(draft, Transition::Submit, Status::Submitted, Role::CommuneOfficer, "");
        submitted.history[0].by = drafter;
        assert!(!submitted.editable_by(Role::CommuneOfficer));
        assert_eq!(submitted.returned_with(), None);
        let returned = decided(
            submitted,
            Transition::Return,
            Status::Returned,
            Role::DistrictOfficer,
            "bổ sung biên bản họp",
        );
        assert!(returned.editable_by(Role::CommuneOfficer));
        assert!(
            returned.waits_for_its_drafter(drafter, Role::CommuneOfficer),
            "back with who sent it"
        );
        assert!(!returned.waits_for_its_drafter(returned.history[1].by, Role::DistrictOfficer));
        assert_eq!(
            returned
                .returned_with()
                .and_then(|decision| decision.comment.as_deref()),
            Some("bổ sung biên bản họp")
        );
    }

    #[test]
    fn under_decree_185_the_commune_edits_its_draft_and_commune_proposals_are_the_districts() {
        let village = draft(ProcedureId::VillagesNd185, UnitLevel::Village);
        assert!(village.editable_by(Role::CommuneOfficer));
        assert!(
            !village.editable_by(Role::ProvinceOfficer),
            "the decree names the commune"
        );
        let commune = draft(ProcedureId::Communes, UnitLevel::Commune);
        assert!(commune.editable_by(Role::DistrictOfficer));
        assert!(commune.editable_by(Role::ProvinceOfficer));
        assert!(!commune.editable_by(Role::CommuneOfficer));
    }

    #[test]
    fn what_a_submitted_proposal_says_cannot_change_but_its_steps_can_go_on() {
        let draft = draft(ProcedureId::Villages2018, UnitLevel::Village);
        let mut changed = draft.clone();
        changed.no_other_neighbour = true;
        assert_eq!(check_content_change(&draft, &changed, Role::CommuneOfficer), Ok(()));
        let refused = check_content_change(&draft, &changed, Role::Administrator);
        assert!(refused.is_err_and(|why| why.vi.contains("cán bộ lập phương án")));

        let submitted = decided(draft, Transition::Submit, Status::Submitted, Role::CommuneOfficer, "");
        let mut consulted_again = submitted.clone();
        consulted_again.consultations.push(Consultation {
            unit_id: submitted.sources[0].unit_id,
            round: 1,
            eligible: 40,
            participating: 38,
            agreeing: 30,
            disagreeing: 8,
            invalid: 0,
        });
        let refused = check_content_change(&submitted, &consulted_again, Role::CommuneOfficer);
        assert!(
            refused.is_err_and(|why| why.vi.contains("Đã trình")),
            "names the status"
        );
        // A step recorded changes the status and the history, not what it says.
        let reviewed = decided(
            submitted.clone(),
            Transition::Review,
            Status::DistrictReviewed,
            Role::DistrictOfficer,
            "",
        );
        assert_eq!(
            check_content_change(&submitted, &reviewed, Role::DistrictOfficer),
            Ok(())
        );
    }
}
