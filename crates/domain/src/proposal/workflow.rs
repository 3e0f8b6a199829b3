//! The workflow of a proposal: draft → submitted → district reviewed →
//! province approved (decision number and date) → effective, with "returned"
//! (back for changes, with a comment) and "rejected". Each step belongs to one
//! role within a jurisdiction that holds every unit concerned, and each is
//! recorded with who, when and why, appended to the history and never edited.

use super::Proposal;
use super::checks::{ProposalContext, check_submission};
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
    Return,
    Reject,
}

impl Transition {
    pub fn label(&self) -> Bilingual {
        match self {
            Transition::Submit => Bilingual::new("Trình", "Submit"),
            Transition::Review => Bilingual::new("Thẩm định, chuyển tỉnh", "Review and forward"),
            Transition::Approve { .. } => Bilingual::new("Phê duyệt", "Approve"),
            Transition::MakeEffective { .. } => Bilingual::new("Ghi nhận hiệu lực", "Record as in effect"),
            Transition::Return => Bilingual::new("Trả lại", "Return"),
            Transition::Reject => Bilingual::new("Không chấp thuận", "Reject"),
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
    #[error("the decision cannot be dated before the proposal was submitted ({submitted})")]
    DecisionBeforeSubmission { submitted: NaiveDate },
    #[error("a proposal cannot take effect before the decision that approved it")]
    EffectiveBeforeDecision,
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
            TransitionError::DecisionBeforeSubmission { submitted } if vi => format!(
                "Ngày quyết định không được trước ngày trình phương án ({}).",
                crate::format::date_vi(*submitted)
            ),
            TransitionError::EffectiveBeforeDecision if vi => {
                "Ngày có hiệu lực không được trước ngày quyết định.".to_owned()
            }
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

/// The role that owns a step from the proposal's current status, given
/// whether the units concerned lie in a district (a hierarchy without
/// districts has the province review instead). `CommuneOfficer` for a
/// submission means "any officer standing above the units".
pub fn owner(transition: &Transition, status: &Status, has_district: bool) -> Option<Role> {
    let reviewer = if has_district {
        Role::DistrictOfficer
    } else {
        Role::ProvinceOfficer
    };
    match (transition, status) {
        (Transition::Submit, Status::Draft | Status::Returned) => Some(Role::CommuneOfficer),
        (Transition::Review | Transition::Return | Transition::Reject, Status::Submitted) => Some(reviewer),
        (Transition::Approve { .. } | Transition::Return | Transition::Reject, Status::DistrictReviewed) => {
            Some(Role::ProvinceOfficer)
        }
        (Transition::MakeEffective { .. }, Status::ProvinceApproved { .. }) => Some(Role::ProvinceOfficer),
        _ => None,
    }
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
    let Some(owner) = owner(&transition, &proposal.status, has_district) else {
        return Err(TransitionError::NotFromThisStatus {
            transition,
            status: proposal.status.clone(),
        });
    };
    let allowed = match owner {
        // Whoever stands above the units may submit: a commune officer for
        // villages, a district (or province) officer for communes.
        Role::CommuneOfficer => {
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
    let above = !matches!(transition, Transition::Submit) || !involved.contains(&officer.jurisdiction);
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
                Transition::MakeEffective { new_unit_code, .. } => new_unit_code.as_ref(),
                _ => None,
            })
    }

    /// Records a planned decision: appends it to the history and moves the status.
    pub fn record(&mut self, decision: Decision) {
        self.status = decision.to.clone();
        self.meta = self.meta.touched(decision.at, decision.by);
        self.history.push(decision);
    }
}
