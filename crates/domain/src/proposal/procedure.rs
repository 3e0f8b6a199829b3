//! Procedures as data, chosen by date like rule sets: which steps a proposal
//! takes, from which status, and whose each step is. A proposal keeps the
//! procedure in force on the day it was drafted; the workflow
//! (`plan_transition`), the steps the app offers and the server's checks all
//! read it from here.
//!
//! - 2018 to 25/5/2026, villages (TT 04/2012, TT 14/2018): the commune drafts
//!   and submits, the district reviews, the province decides and records the
//!   decision in effect.
//! - From 26/5/2026, villages (NĐ 185/2026/NĐ-CP Điều 9, 12–13): the commune
//!   People's Committee drafts the Đề án (with the plan for the
//!   non-professional workers affected), consults the people and reports the
//!   opinions, and the commune People's Council adopts a resolution that sets
//!   the effective date. The province sees every step and may comment; no
//!   district step (districts were abolished on 1/7/2025).
//! - Commune-level units: decided by the Standing Committee of the National
//!   Assembly; the province (or, before 1/7/2025, the district) drafts, the
//!   province records the resolution.

use super::workflow::{Status, Transition};
use crate::language::Bilingual;
use crate::officer::Role;
use crate::unit_kind::UnitLevel;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which procedure a proposal follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureId {
    /// Villages, 2018 to 25/5/2026: commune → district → province.
    #[serde(rename = "villages_2018")]
    Villages2018,
    /// Villages from 26/5/2026: the commune's Đề án, consultation, HĐND xã.
    #[serde(rename = "villages_nd185_2026")]
    VillagesNd185,
    /// Commune-level units, decided by the UBTVQH.
    Communes,
}

/// A step as the procedure names it, whatever its figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepKind {
    Submit,
    Review,
    Approve,
    MakeEffective,
    RecordConsultation,
    AdoptResolution,
    Return,
    Reject,
    Comment,
}

/// A status as the procedure names it, whatever its figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatusKind {
    Draft,
    Submitted,
    DistrictReviewed,
    ProvinceApproved,
    Consulted,
    Effective,
    Returned,
    Rejected,
}

impl Transition {
    pub fn kind(&self) -> StepKind {
        match self {
            Transition::Submit => StepKind::Submit,
            Transition::Review => StepKind::Review,
            Transition::Approve { .. } => StepKind::Approve,
            Transition::MakeEffective { .. } => StepKind::MakeEffective,
            Transition::RecordConsultation { .. } => StepKind::RecordConsultation,
            Transition::AdoptResolution { .. } => StepKind::AdoptResolution,
            Transition::Return => StepKind::Return,
            Transition::Reject => StepKind::Reject,
            Transition::Comment => StepKind::Comment,
        }
    }
}

impl Status {
    pub fn kind(&self) -> StatusKind {
        match self {
            Status::Draft => StatusKind::Draft,
            Status::Submitted => StatusKind::Submitted,
            Status::DistrictReviewed => StatusKind::DistrictReviewed,
            Status::ProvinceApproved { .. } => StatusKind::ProvinceApproved,
            Status::Consulted { .. } => StatusKind::Consulted,
            Status::Effective { .. } => StatusKind::Effective,
            Status::Returned => StatusKind::Returned,
            Status::Rejected => StatusKind::Rejected,
        }
    }
}

/// Whose a step is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepOwner {
    /// Whoever stands above the units (a commune officer for villages, a
    /// district or province officer for communes).
    Drafter,
    /// The district the units lie in, or the province where there is none.
    Reviewer,
    /// Officers of this role only.
    Role(Role),
}

/// One step a procedure allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub step: StepKind,
    pub from: &'static [StatusKind],
    pub owner: StepOwner,
}

/// A procedure: its steps, when it applies, and what it asks of a proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Procedure {
    pub id: ProcedureId,
    title_vi: &'static str,
    title_en: &'static str,
    pub level: UnitLevel,
    /// The first day it applies to proposals drafted (None: from the start).
    pub in_force_from: Option<NaiveDate>,
    /// The first day it no longer applies to new drafts.
    pub in_force_until: Option<NaiveDate>,
    pub steps: &'static [Step],
    /// The Đề án must carry the plan for the non-professional workers.
    pub needs_worker_plan: bool,
    /// A consultation passes when more than this share of the eligible
    /// households agree, in percent (the Law on grassroots democracy: more
    /// than half). Kept here so that it can change with the law.
    pub consultation_more_than_percent: u32,
}

const OPEN: &[StatusKind] = &[StatusKind::Draft, StatusKind::Returned];

const STEPS_2018: &[Step] = &[
    Step {
        step: StepKind::Submit,
        from: OPEN,
        owner: StepOwner::Drafter,
    },
    Step {
        step: StepKind::Review,
        from: &[StatusKind::Submitted],
        owner: StepOwner::Reviewer,
    },
    Step {
        step: StepKind::Return,
        from: &[StatusKind::Submitted],
        owner: StepOwner::Reviewer,
    },
    Step {
        step: StepKind::Reject,
        from: &[StatusKind::Submitted],
        owner: StepOwner::Reviewer,
    },
    Step {
        step: StepKind::Approve,
        from: &[StatusKind::DistrictReviewed],
        owner: StepOwner::Role(Role::ProvinceOfficer),
    },
    Step {
        step: StepKind::Return,
        from: &[StatusKind::DistrictReviewed],
        owner: StepOwner::Role(Role::ProvinceOfficer),
    },
    Step {
        step: StepKind::Reject,
        from: &[StatusKind::DistrictReviewed],
        owner: StepOwner::Role(Role::ProvinceOfficer),
    },
    Step {
        step: StepKind::MakeEffective,
        from: &[StatusKind::ProvinceApproved],
        owner: StepOwner::Role(Role::ProvinceOfficer),
    },
];

const STEPS_ND185: &[Step] = &[
    Step {
        step: StepKind::RecordConsultation,
        from: OPEN,
        owner: StepOwner::Role(Role::CommuneOfficer),
    },
    Step {
        step: StepKind::AdoptResolution,
        from: &[StatusKind::Consulted],
        owner: StepOwner::Role(Role::CommuneOfficer),
    },
    // The Đề án goes back for changes (the opinions asked for them), or the
    // People's Council does not adopt it.
    Step {
        step: StepKind::Return,
        from: &[StatusKind::Consulted],
        owner: StepOwner::Role(Role::CommuneOfficer),
    },
    Step {
        step: StepKind::Reject,
        from: &[StatusKind::Consulted],
        owner: StepOwner::Role(Role::CommuneOfficer),
    },
    Step {
        step: StepKind::Comment,
        from: &[StatusKind::Draft, StatusKind::Returned, StatusKind::Consulted],
        owner: StepOwner::Role(Role::ProvinceOfficer),
    },
];

/// The village procedure of 2018 to 25/5/2026.
pub const VILLAGES_2018: Procedure = Procedure {
    id: ProcedureId::Villages2018,
    title_vi: "Thông tư 04/2012/TT-BNV và 14/2018/TT-BNV: xã lập phương án, huyện thẩm định, tỉnh quyết định",
    title_en: "Circulars 04/2012 and 14/2018: the commune drafts, the district reviews, the province decides",
    level: UnitLevel::Village,
    in_force_from: None,
    in_force_until: Some(nd185_in_force()),
    steps: STEPS_2018,
    needs_worker_plan: false,
    consultation_more_than_percent: 50,
};

/// The village procedure of NĐ 185/2026/NĐ-CP.
pub const VILLAGES_ND185: Procedure = Procedure {
    id: ProcedureId::VillagesNd185,
    title_vi: "Nghị định 185/2026/NĐ-CP: UBND xã lập đề án, lấy ý kiến nhân dân, HĐND xã quyết định",
    title_en: "Decree 185/2026: the commune drafts the plan, consults the people, the commune council decides",
    level: UnitLevel::Village,
    in_force_from: Some(nd185_in_force()),
    in_force_until: None,
    steps: STEPS_ND185,
    needs_worker_plan: true,
    consultation_more_than_percent: 50,
};

/// The commune-level procedure.
pub const COMMUNES: Procedure = Procedure {
    id: ProcedureId::Communes,
    title_vi: "Đơn vị hành chính cấp xã: Ủy ban Thường vụ Quốc hội quyết định",
    title_en: "Commune-level units: decided by the Standing Committee of the National Assembly",
    level: UnitLevel::Commune,
    in_force_from: None,
    in_force_until: None,
    steps: STEPS_2018,
    needs_worker_plan: false,
    consultation_more_than_percent: 50,
};

/// Every procedure the product knows.
pub const PROCEDURES: [&Procedure; 3] = [&VILLAGES_2018, &VILLAGES_ND185, &COMMUNES];

const fn nd185_in_force() -> NaiveDate {
    match NaiveDate::from_ymd_opt(2026, 5, 26) {
        Some(date) => date,
        None => panic!("26/5/2026 is a date"),
    }
}

impl ProcedureId {
    pub fn procedure(self) -> &'static Procedure {
        match self {
            ProcedureId::Villages2018 => &VILLAGES_2018,
            ProcedureId::VillagesNd185 => &VILLAGES_ND185,
            ProcedureId::Communes => &COMMUNES,
        }
    }
}

impl Procedure {
    /// The procedure for a proposal of `level` drafted on `drafted_on`.
    pub fn in_force(level: UnitLevel, drafted_on: NaiveDate) -> &'static Procedure {
        PROCEDURES
            .into_iter()
            .find(|procedure| procedure.level == level && procedure.applies_on(drafted_on))
            .unwrap_or(match level {
                UnitLevel::Village => &VILLAGES_ND185,
                _ => &COMMUNES,
            })
    }

    pub fn applies_on(&self, date: NaiveDate) -> bool {
        self.in_force_from.is_none_or(|from| from <= date) && self.in_force_until.is_none_or(|until| date < until)
    }

    /// "Nghị định 185/2026/NĐ-CP: UBND xã lập đề án, …"
    pub fn title(&self) -> Bilingual {
        Bilingual::new(self.title_vi, self.title_en)
    }

    /// Whose `step` is from `status`, given whether the units lie in a
    /// district; `None` when the procedure has no such step from there.
    pub fn owner(&self, step: StepKind, status: StatusKind, has_district: bool) -> Option<Role> {
        let found = self
            .steps
            .iter()
            .find(|candidate| candidate.step == step && candidate.from.contains(&status))?;
        Some(match found.owner {
            // "Any officer standing above the units": the workflow checks the
            // jurisdiction; the commune role stands for all of them.
            StepOwner::Drafter => Role::CommuneOfficer,
            StepOwner::Reviewer if has_district => Role::DistrictOfficer,
            StepOwner::Reviewer => Role::ProvinceOfficer,
            StepOwner::Role(role) => role,
        })
    }

    /// Whether the drafters (anyone above the units) own `step`.
    pub fn is_drafters(&self, step: StepKind) -> bool {
        self.steps
            .iter()
            .any(|candidate| candidate.step == step && candidate.owner == StepOwner::Drafter)
    }

    /// The steps that may follow `status`, in the procedure's order.
    pub fn steps_from(&self, status: StatusKind) -> Vec<StepKind> {
        let mut steps: Vec<StepKind> = Vec::new();
        for step in self.steps.iter().filter(|step| step.from.contains(&status)) {
            if !steps.contains(&step.step) {
                steps.push(step.step);
            }
        }
        steps
    }

    /// The step that sends a draft on: "Trình" or "Ghi nhận kết quả lấy ý kiến".
    pub fn first_step(&self) -> StepKind {
        self.steps_from(StatusKind::Draft)
            .into_iter()
            .find(|step| *step != StepKind::Comment)
            .unwrap_or(StepKind::Submit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_village_proposal_drafted_from_26_may_2026_follows_the_decree() {
        assert_eq!(
            Procedure::in_force(UnitLevel::Village, date(2026, 5, 25)).id,
            ProcedureId::Villages2018
        );
        assert_eq!(
            Procedure::in_force(UnitLevel::Village, date(2026, 5, 26)).id,
            ProcedureId::VillagesNd185
        );
        assert_eq!(
            Procedure::in_force(UnitLevel::Commune, date(2026, 8, 1)).id,
            ProcedureId::Communes
        );
    }

    #[test]
    fn under_the_decree_the_commune_decides_and_the_province_comments() {
        let p = &VILLAGES_ND185;
        assert_eq!(
            p.owner(StepKind::AdoptResolution, StatusKind::Consulted, true),
            Some(Role::CommuneOfficer)
        );
        assert_eq!(p.owner(StepKind::Review, StatusKind::Submitted, true), None);
        assert_eq!(p.owner(StepKind::Submit, StatusKind::Draft, true), None);
        assert_eq!(
            p.owner(StepKind::Comment, StatusKind::Consulted, false),
            Some(Role::ProvinceOfficer)
        );
        assert_eq!(p.first_step(), StepKind::RecordConsultation);
        assert_eq!(VILLAGES_2018.first_step(), StepKind::Submit);
        assert_eq!(
            VILLAGES_2018.owner(StepKind::Review, StatusKind::Submitted, false),
            Some(Role::ProvinceOfficer)
        );
    }
}
