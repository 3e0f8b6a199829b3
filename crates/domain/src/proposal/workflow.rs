//! The workflow of a proposal, under the procedure it was drafted under
//! (`procedure.rs`): draft → submitted → district reviewed → province approved
//! (decision number and date) → effective until 25/5/2026; for villages from
//! 26/5/2026 draft → consulted (the report of the people's opinions) →
//! effective by the HĐND xã's resolution; "returned" (back for changes, with a
//! comment) and "rejected" in both. Each step belongs to one role within a
//! jurisdiction that holds every unit concerned, and each is recorded with
//! who, when and why, appended to the history and never edited.

use super::Proposal;
use super::checks::{ProposalContext, check_submission};
use super::procedure::{Procedure, StepKind};
use crate::language::{Bilingual, Language};
use crate::officer::{Officer, Role};
use crate::sync_meta::{OfficerId, Timestamp};
use crate::unit_kind::UnitLevel;
use crate::validation::ValidationError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest decision number or comment accepted, in characters.
pub const MAX_DECISION_NUMBER_CHARS: usize = 60;
pub const MAX_COMMENT_CHARS: usize = 2_000;

/// Where a proposal is in its workflow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    Draft,
    Submitted,
    DistrictReviewed,
    ProvinceApproved {
        decision_number: String,
        decision_date: NaiveDate,
    },
    Effective {
        decision_number: String,
        decision_date: NaiveDate,
        effective_date: NaiveDate,
    },
    /// NĐ 185/2026: the people were consulted and the report of their
    /// opinions written; the Đề án waits for the HĐND xã.
    Consulted {
        consultation_date: NaiveDate,
    },
    /// Sent back for changes; editable and submittable again.
    Returned,
    Rejected,
}

impl Status {
    pub fn label(&self) -> Bilingual {
        match self {
            Status::Draft => Bilingual::new("Dự thảo", "Draft"),
            Status::Submitted => Bilingual::new("Đã trình", "Submitted"),
            Status::DistrictReviewed => Bilingual::new("Huyện đã thẩm định", "Reviewed by the district"),
            Status::ProvinceApproved { .. } => Bilingual::new("Tỉnh đã phê duyệt", "Approved by the province"),
            Status::Consulted { .. } => Bilingual::new(
                "Đã lấy ý kiến nhân dân, chờ HĐND xã",
                "Consulted, waiting for the commune council",
            ),
            Status::Effective { .. } => Bilingual::new("Có hiệu lực", "In effect"),
            Status::Returned => Bilingual::new("Trả lại để chỉnh sửa", "Returned for changes"),
            Status::Rejected => Bilingual::new("Không chấp thuận", "Rejected"),
        }
    }

    /// Whether the proposal may still be edited by its drafters.
    pub fn is_editable(&self) -> bool {
        matches!(self, Status::Draft | Status::Returned)
    }
}

/// A step asked of the workflow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "transition", rename_all = "snake_case")]
pub enum Transition {
    Submit,
    /// The district has reviewed it and forwards it to the province.
    Review,
    Approve {
        decision_number: String,
        decision_date: NaiveDate,
    },
    /// Records the decision in effect from `effective_date` (today or later:
    /// the server carries it out when that day begins), and the official
    /// code the decision gives a unit it forms, when it gives one.
    MakeEffective {
        effective_date: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        new_unit_code: Option<crate::official_code::OfficialCode>,
    },
    /// NĐ 185/2026: the commune records the consultation's date (the
    /// figures are the proposal's consultations) and the report of opinions.
    RecordConsultation {
        consultation_date: NaiveDate,
    },
    /// NĐ 185/2026: the HĐND xã's resolution, its number and date, and the
    /// day it takes effect (today or later).
    AdoptResolution {
        resolution_number: String,
        resolution_date: NaiveDate,
        effective_date: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        new_unit_code: Option<crate::official_code::OfficialCode>,
    },
    Return,
    Reject,
    /// The province's remark on a step; the status stays.
    Comment,
}

impl Transition {
    pub fn label(&self) -> Bilingual {
        match self {
            Transition::Submit => Bilingual::new("Trình", "Submit"),
            Transition::Review => Bilingual::new("Thẩm định, chuyển tỉnh", "Review and forward"),
            Transition::Approve { .. } => Bilingual::new("Phê duyệt", "Approve"),
            Transition::MakeEffective { .. } => Bilingual::new("Ghi nhận hiệu lực", "Record as in effect"),
            Transition::RecordConsultation { .. } => {
                Bilingual::new("Ghi nhận kết quả lấy ý kiến", "Record the consultation")
            }
            Transition::AdoptResolution { .. } => {
                Bilingual::new("Ghi nhận nghị quyết HĐND xã", "Record the council's resolution")
            }
            Transition::Return => Bilingual::new("Trả lại", "Return"),
            Transition::Reject => Bilingual::new("Không chấp thuận", "Reject"),
            Transition::Comment => Bilingual::new("Góp ý", "Comment"),
        }
    }
}

/// One recorded step: what, from which status to which, who, when, why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub transition: Transition,
    pub from: Status,
    pub to: Status,
    pub by: OfficerId,
    pub role: Role,
    pub at: Timestamp,
    pub comment: Option<String>,
    /// The officer's name as their account gives it, written when the step
    /// is taken so that the history reads "Hoàng Thị Lan (Cán bộ xã)" on any
    /// device; the server refuses a name that is not the account's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_name: Option<String>,
}

/// Why a step was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("a proposal that is {status:?} cannot take the step {transition:?}")]
    NotFromThisStatus { transition: Transition, status: Status },
    #[error("a {role:?} cannot take the step {transition:?}; it belongs to {owner:?}")]
    WrongRole {
        role: Role,
        transition: Transition,
        owner: Role,
    },
    #[error("the proposal concerns units outside the officer's jurisdiction")]
    OutsideJurisdiction,
    #[error("this step needs a comment saying why")]
    CommentRequired,
    #[error("the comment is longer than {MAX_COMMENT_CHARS} characters")]
    CommentTooLong,
    #[error("an approval needs the decision's number (at most {MAX_DECISION_NUMBER_CHARS} characters)")]
    DecisionNumberRequired,
    #[error("the decision date cannot be after today")]
    DecisionInFuture,
    #[error("the council's resolution needs its number (at most {MAX_DECISION_NUMBER_CHARS} characters)")]
    ResolutionNumberRequired,
    #[error("the decision cannot be dated before the proposal was submitted ({submitted})")]
    DecisionBeforeSubmission { submitted: NaiveDate },
    #[error("a proposal cannot take effect before the decision that approved it")]
    EffectiveBeforeDecision,
    #[error("the consultation date cannot be after today")]
    ConsultationInFuture,
    #[error("the resolution cannot be dated before the consultation ({consulted})")]
    ResolutionBeforeConsultation { consulted: NaiveDate },
    #[error("the proposal is not ready: {0:?}")]
    NotReady(Vec<ValidationError>),
}

impl TransitionError {
    /// What the officer reads.
    pub fn message(&self, language: Language) -> String {
        let vi = language == Language::Vi;
        match self {
            TransitionError::NotFromThisStatus { transition, status } if vi => format!(
                "Không thể {} phương án đang ở trạng thái \"{}\".",
                transition.label().vi.to_lowercase(),
                status.label().vi
            ),
            TransitionError::WrongRole {
                role,
                transition,
                owner,
            } if vi => format!(
                "{} không có quyền {}; bước này thuộc {}.",
                role.label().vi,
                transition.label().vi.to_lowercase(),
                owner.label().vi.to_lowercase()
            ),
            TransitionError::OutsideJurisdiction if vi => {
                "Phương án có đơn vị nằm ngoài địa bàn phụ trách của cán bộ.".to_owned()
            }
            TransitionError::CommentRequired if vi => "Cần ghi ý kiến, lý do.".to_owned(),
            TransitionError::CommentTooLong if vi => format!("Ý kiến dài tối đa {MAX_COMMENT_CHARS} ký tự."),
            TransitionError::DecisionNumberRequired if vi => "Cần nhập số quyết định.".to_owned(),
            TransitionError::DecisionInFuture if vi => "Ngày quyết định không được sau hôm nay.".to_owned(),
            TransitionError::ResolutionNumberRequired if vi => "Cần nhập số nghị quyết của HĐND xã.".to_owned(),
            TransitionError::DecisionBeforeSubmission { submitted } if vi => format!(
                "Ngày quyết định không được trước ngày trình phương án ({}).",
                crate::format::date_vi(*submitted)
            ),
            TransitionError::EffectiveBeforeDecision if vi => {
                "Ngày có hiệu lực không được trước ngày quyết định.".to_owned()
            }
            TransitionError::ConsultationInFuture if vi => "Ngày lấy ý kiến không được sau hôm nay.".to_owned(),
            TransitionError::ResolutionBeforeConsultation { consulted } if vi => format!(
                "Ngày nghị quyết không được trước ngày lấy ý kiến ({}).",
                crate::format::date_vi(*consulted)
            ),
            TransitionError::NotReady(errors) if vi => {
                let reasons: Vec<String> = errors.iter().map(|error| error.message(Language::Vi)).collect();
                format!("Phương án chưa đủ điều kiện trình: {}", reasons.join(" "))
            }
            TransitionError::NotReady(errors) => {
                let reasons: Vec<String> = errors.iter().map(|error| error.message(Language::En)).collect();
                format!("The proposal is not ready: {}", reasons.join(" "))
            }
            other => other.to_string(),
        }
    }
}

/// The role that owns a step from the proposal's current status under the
/// 2018 procedure, given whether the units lie in a district (a hierarchy
/// without districts has the province review instead). `CommuneOfficer` for
/// a submission means "any officer standing above the units".
pub fn owner(transition: &Transition, status: &Status, has_district: bool) -> Option<Role> {
    super::procedure::VILLAGES_2018.owner(transition.kind(), status.kind(), has_district)
}

/// Decides whether `officer` may take `transition` now, and what it records.
/// Pure: nothing changes until the caller records the decision.
pub fn plan_transition(
    proposal: &Proposal,
    officer: &Officer,
    transition: Transition,
    comment: Option<&str>,
    at: Timestamp,
    context: &ProposalContext<'_>,
) -> Result<Decision, TransitionError> {
    let involved = proposal.involved_units();
    let has_district = involved.iter().any(|unit| {
        context.hierarchy.ancestor_at(*unit, UnitLevel::District).is_some()
            || context
                .hierarchy
                .get(*unit)
                .is_some_and(|found| found.level() == UnitLevel::District)
    });
    let procedure = proposal.procedure();
    let Some(owner) = procedure.owner(transition.kind(), proposal.status.kind(), has_district) else {
        return Err(TransitionError::NotFromThisStatus {
            transition,
            status: proposal.status.clone(),
        });
    };
    let allowed = match owner {
        // Whoever stands above the units may submit: a commune officer for
        // villages, a district (or province) officer for communes.
        Role::CommuneOfficer if procedure.is_drafters(transition.kind()) => {
            matches!(
                officer.role,
                Role::CommuneOfficer | Role::DistrictOfficer | Role::ProvinceOfficer
            )
        }
        owner => officer.role == owner,
    };
    if !allowed {
        return Err(TransitionError::WrongRole {
            role: officer.role,
            transition,
            owner,
        });
    }
    let mut concerned = involved.clone();
    if let super::Action::Merge {
        into: super::MergeTarget::NewUnit { parent_id, .. },
    } = &proposal.action
    {
        concerned.push(*parent_id);
    }
    let inside = concerned
        .iter()
        .all(|unit| context.hierarchy.contains(officer.jurisdiction, *unit));
    // A drafter stands above the units: a commune officer cannot submit the
    // merger of their own commune.
    let above = !matches!(
        transition,
        Transition::Submit | Transition::RecordConsultation { .. } | Transition::AdoptResolution { .. }
    ) || !involved.contains(&officer.jurisdiction);
    if !inside || !above {
        return Err(TransitionError::OutsideJurisdiction);
    }

    let comment = comment.map(str::trim).filter(|text| !text.is_empty());
    if comment.is_some_and(|text| text.chars().count() > MAX_COMMENT_CHARS) {
        return Err(TransitionError::CommentTooLong);
    }
    let today = at.vietnam_date();
    let to = match &transition {
        Transition::Submit => {
            let problems = check_submission(proposal, context);
            if !problems.is_empty() {
                return Err(TransitionError::NotReady(problems));
            }
            Status::Submitted
        }
        Transition::RecordConsultation { consultation_date } => {
            let problems = check_submission(proposal, context);
            if !problems.is_empty() {
                return Err(TransitionError::NotReady(problems));
            }
            if *consultation_date > today {
                return Err(TransitionError::ConsultationInFuture);
            }
            Status::Consulted {
                consultation_date: *consultation_date,
            }
        }
        Transition::AdoptResolution {
            resolution_number,
            resolution_date,
            effective_date,
            ..
        } => {
            let number = resolution_number.trim();
            if number.is_empty() || number.chars().count() > MAX_DECISION_NUMBER_CHARS {
                return Err(TransitionError::ResolutionNumberRequired);
            }
            if *resolution_date > today {
                return Err(TransitionError::DecisionInFuture);
            }
            if let Status::Consulted { consultation_date } = &proposal.status
                && resolution_date < consultation_date
            {
                return Err(TransitionError::ResolutionBeforeConsultation {
                    consulted: *consultation_date,
                });
            }
            if effective_date < resolution_date {
                return Err(TransitionError::EffectiveBeforeDecision);
            }
            Status::Effective {
                decision_number: number.to_owned(),
                decision_date: *resolution_date,
                effective_date: *effective_date,
            }
        }
        Transition::Comment => {
            if comment.is_none() {
                return Err(TransitionError::CommentRequired);
            }
            proposal.status.clone()
        }
        Transition::Review => Status::DistrictReviewed,
        Transition::Approve {
            decision_number,
            decision_date,
        } => {
            let number = decision_number.trim();
            if number.is_empty() || number.chars().count() > MAX_DECISION_NUMBER_CHARS {
                return Err(TransitionError::DecisionNumberRequired);
            }
            if *decision_date > today {
                return Err(TransitionError::DecisionInFuture);
            }
            if let Some(submitted) = proposal.submitted_on()
                && *decision_date < submitted
            {
                return Err(TransitionError::DecisionBeforeSubmission { submitted });
            }
            Status::ProvinceApproved {
                decision_number: number.to_owned(),
                decision_date: *decision_date,
            }
        }
        Transition::MakeEffective { effective_date, .. } => {
            let Status::ProvinceApproved {
                decision_number,
                decision_date,
            } = &proposal.status
            else {
                return Err(TransitionError::NotFromThisStatus {
                    transition,
                    status: proposal.status.clone(),
                });
            };
            if effective_date < decision_date {
                return Err(TransitionError::EffectiveBeforeDecision);
            }
            Status::Effective {
                decision_number: decision_number.clone(),
                decision_date: *decision_date,
                effective_date: *effective_date,
            }
        }
        Transition::Return | Transition::Reject => {
            if comment.is_none() {
                return Err(TransitionError::CommentRequired);
            }
            if transition == Transition::Return {
                Status::Returned
            } else {
                Status::Rejected
            }
        }
    };
    Ok(Decision {
        transition,
        from: proposal.status.clone(),
        to,
        by: officer.id,
        role: officer.role,
        at,
        comment: comment.map(str::to_owned),
        by_name: None,
    })
}

impl Proposal {
    /// The day (in Vietnam) of the latest submission, if it was submitted.
    pub fn submitted_on(&self) -> Option<NaiveDate> {
        self.history
            .iter()
            .rev()
            .find(|decision| decision.transition == Transition::Submit)
            .map(|decision| decision.at.vietnam_date())
    }

    /// The official code the decision that made the proposal effective gives
    /// the unit it forms, if any.
    pub fn new_unit_code(&self) -> Option<&crate::official_code::OfficialCode> {
        self.history
            .iter()
            .rev()
            .find_map(|decision| match &decision.transition {
                Transition::MakeEffective { new_unit_code, .. } | Transition::AdoptResolution { new_unit_code, .. } => {
                    new_unit_code.as_ref()
                }
                _ => None,
            })
    }

    /// The procedure the proposal follows: the one recorded when it was
    /// drafted; a proposal recorded before procedures were (no `procedure`)
    /// was drafted under the only one there was, 2018's.
    pub fn procedure(&self) -> &'static Procedure {
        match (self.procedure, self.level) {
            (Some(id), _) => id.procedure(),
            (None, UnitLevel::Village) => &super::procedure::VILLAGES_2018,
            (None, _) => &super::procedure::COMMUNES,
        }
    }

    /// Whether a new proposal may take its procedure: one in force on the
    /// day it says it was drafted (its last edit), or on `today` if earlier.
    pub fn procedure_in_force_when_drafted(&self, today: NaiveDate) -> bool {
        let drafted = self.meta.updated_at.vietnam_date().min(today);
        self.procedure().applies_on(drafted)
    }

    /// The steps an officer of `role` could take now under the proposal's
    /// procedure (in a district or not), whatever their figures; a
    /// submission is left to the wizard.
    pub fn steps_for(&self, role: Role, has_district: bool) -> Vec<StepKind> {
        let procedure = self.procedure();
        procedure
            .steps_from(self.status.kind())
            .into_iter()
            // A submission is the wizard's (it checks the whole draft first).
            .filter(|step| *step != StepKind::Submit)
            .filter(|step| procedure.owner(*step, self.status.kind(), has_district) == Some(role))
            .collect()
    }

    /// Writes `name` on the steps after the first `recorded` ones (those
    /// just planned on this device) that `by` took, before the proposal is
    /// saved; the steps already recorded stay as they are.
    pub fn sign_new_steps(&mut self, recorded: usize, by: OfficerId, name: &str) {
        for decision in self
            .history
            .iter_mut()
            .skip(recorded)
            .filter(|decision| decision.by == by)
        {
            decision.by_name = Some(name.to_owned());
        }
    }

    /// Records a planned decision: appends it to the history and moves the status.
    pub fn record(&mut self, decision: Decision) {
        self.status = decision.to.clone();
        self.meta = self.meta.touched(decision.at, decision.by);
        self.history.push(decision);
    }
}
