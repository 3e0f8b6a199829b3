//! What the procedure stories share: an officer's tablet that writes domain
//! records as the app does (a diff against what it last saw), takes the
//! workflow's steps as the app records them, and reads what the server did.

use crate::helpers::{PASSWORD, TestApp};
use crate::sync::Device;
use domain::proposal::workflow::{Decision, Status, Transition};
use domain::proposal::{Action, Consultation, Figures, MergeTarget, Part, Proposal, Source};
use domain::review::{CommuneCategory, CommuneReview, VillageReview};
use domain::rules::RuleSetId;
use domain::sync::protocol::{Outcome, PulledRecord};
use domain::sync::{RecordType, diff};
use domain::wire::{UnitChildren, UnitSummary};
use domain::{
    Area, Lifecycle, NaiveDate, OfficerId, OfficialCode, Role, SyncMeta, Timestamp, Unit, UnitAttributes, UnitKind,
    UnitLevel, UnitName,
};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

pub fn code(code: &str) -> Uuid {
    domain::reference_unit_id(&OfficialCode::parse(code).unwrap())
}

pub fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A signed-in officer's tablet, with the revisions it last saw.
pub struct Tablet {
    pub device: Device,
    pub role: Role,
    /// The name each step is signed with (the account's, unless a test forges one).
    pub name: Option<String>,
    seen: HashMap<Uuid, (serde_json::Value, u64)>,
}

impl Tablet {
    pub async fn new(app: &TestApp, username: &str, role: Role, jurisdiction: &str) -> Tablet {
        app.create_officer(username, role, jurisdiction).await;
        Tablet {
            device: Device::sign_in(app, username, PASSWORD).await,
            role,
            name: Some("Cán bộ thử".to_owned()),
            seen: HashMap::new(),
        }
    }

    pub fn officer(&self) -> OfficerId {
        OfficerId(self.device.officer)
    }

    /// Saves a record as the app does and pushes it; returns the outcome.
    pub async fn save<R: Serialize>(
        &mut self,
        app: &TestApp,
        record_type: RecordType,
        id: Uuid,
        record: &R,
    ) -> Outcome {
        let value = serde_json::to_value(record).unwrap();
        let (before, base) = self
            .seen
            .get(&id)
            .map_or((None, 0), |(value, revision)| (Some(value.clone()), *revision));
        let mutation = self
            .device
            .mutation(record_type, id, base, diff(before.as_ref(), &value));
        let response = self.device.push_ok(app, &[mutation]).await;
        let outcome = response.results[0].outcome.clone();
        if let Outcome::Applied { revision } | Outcome::Conflict { revision, .. } = &outcome {
            self.seen.insert(id, (value, *revision));
        }
        outcome
    }

    /// Saves and asserts the server took it.
    pub async fn save_ok<R: Serialize>(&mut self, app: &TestApp, record_type: RecordType, id: Uuid, record: &R) {
        let outcome = self.save(app, record_type, id, record).await;
        assert!(
            matches!(outcome, Outcome::Applied { .. }),
            "{record_type:?} {id}: {outcome:?}"
        );
    }

    /// Pulls everything and remembers the server's version of each record.
    pub async fn pull(&mut self, app: &TestApp) -> Vec<PulledRecord> {
        let (records, _) = self.device.pull_all(app, 0).await;
        let mut latest: HashMap<Uuid, PulledRecord> = HashMap::new();
        for record in records {
            latest.insert(record.id, record);
        }
        for record in latest.values() {
            if let Some(body) = &record.body {
                let mut value: serde_json::Value = serde_json::from_str(body.get()).unwrap();
                if let Some(fields) = value.as_object_mut() {
                    fields.remove("meta");
                }
                self.seen.insert(record.id, (value, record.revision));
            }
        }
        latest.into_values().collect()
    }

    /// The proposal as the server holds it now (pulled).
    pub async fn proposal(&mut self, app: &TestApp, id: Uuid) -> Proposal {
        let record = self
            .pull(app)
            .await
            .into_iter()
            .find(|record| record.id == id)
            .expect("the proposal is on the server");
        serde_json::from_str(record.body.unwrap().get()).unwrap()
    }

    /// Takes a step of the workflow as the app records it (to the status
    /// given), on the proposal as this tablet last pulled it, and pushes it.
    pub async fn step(
        &mut self,
        app: &TestApp,
        proposal: &mut Proposal,
        transition: Transition,
        to: Status,
        comment: Option<&str>,
    ) -> Outcome {
        self.pull(app).await;
        proposal.record(Decision {
            transition,
            from: proposal.status.clone(),
            to,
            by: self.officer(),
            role: self.role,
            at: app.clock.now(),
            comment: comment.map(str::to_owned),
            by_name: self.name.clone(),
        });
        self.save(app, RecordType::Proposal, proposal.id, &*proposal).await
    }

    pub async fn step_ok(&mut self, app: &TestApp, proposal: &mut Proposal, transition: Transition, to: Status) {
        let outcome = self.step(app, proposal, transition, to, None).await;
        assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
    }

    /// A unit from the API, as this officer may read it.
    pub async fn unit(&self, app: &TestApp, unit: Uuid) -> UnitSummary {
        let response = app.get_as(&self.device.token, &format!("/api/v1/units/{unit}")).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    pub async fn children(&self, app: &TestApp, parent: Uuid, include_ended: bool) -> UnitChildren {
        let include = if include_ended { "&include=ended" } else { "" };
        let response = app
            .get_as(&self.device.token, &format!("/api/v1/units?parent={parent}{include}"))
            .await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }
}

pub fn new_unit(name: &str, kind: UnitKind, parent: Uuid, by: OfficerId) -> Unit {
    Unit {
        id: Uuid::now_v7(),
        code: None,
        name: UnitName::parse(name).unwrap(),
        kind,
        parent_id: Some(parent),
        lifecycle: Lifecycle::Active { since: None },
        attributes: UnitAttributes {
            border_commune: false,
            mountainous: kind == UnitKind::Commune,
        },
        meta: SyncMeta::created(Timestamp(0), by),
    }
}

pub fn village_review(
    unit: Uuid,
    households: u32,
    population: u32,
    hectares: u64,
    reviewed_on: NaiveDate,
    by: OfficerId,
) -> VillageReview {
    VillageReview {
        id: Uuid::now_v7(),
        unit_id: unit,
        households,
        population,
        area: Area::from_hectares(hectares),
        non_professional_workers: 3,
        ethnic_minority_percent: Some(90),
        special_status: None,
        location: None,
        reviewed_on,
        reviewer: by,
        notes: String::new(),
        meta: SyncMeta::created(Timestamp(0), by),
    }
}

pub fn commune_review(unit: Uuid, population: u32, km2_hundredths: u64, cadres: u32, by: OfficerId) -> CommuneReview {
    CommuneReview {
        id: Uuid::now_v7(),
        unit_id: unit,
        population,
        area: Area::from_km2_hundredths(km2_hundredths),
        ethnic_minority_percent: Some(85),
        category: CommuneCategory::II,
        class_points: None,
        cadres,
        civil_servants: 10,
        non_professional_workers: 12,
        secretary_is_chairman: false,
        special_status: None,
        reviewed_on: date("2019-06-01"),
        reviewer: by,
        notes: String::new(),
        meta: SyncMeta::created(Timestamp(0), by),
    }
}

pub fn source(unit: Uuid, name: &str, part: Part, figures: Figures) -> Source {
    Source {
        unit_id: unit,
        name: name.to_owned(),
        part,
        figures,
    }
}

pub fn figures(households: u32, population: u32, area: Area) -> Figures {
    Figures {
        households,
        population,
        area,
    }
}

/// More than half of the households agree.
pub fn passing(unit: Uuid, eligible: u32) -> Consultation {
    Consultation {
        unit_id: unit,
        round: 1,
        eligible,
        participating: eligible,
        agreeing: eligible / 2 + 1,
        disagreeing: eligible - eligible / 2 - 1,
        invalid: 0,
    }
}

/// A merger draft.
pub fn merger(level: UnitLevel, sources: Vec<Source>, into: MergeTarget, by: OfficerId) -> Proposal {
    Proposal {
        id: Uuid::now_v7(),
        level,
        action: Action::Merge { into },
        sources,
        consultations: Vec::new(),
        no_other_neighbour: false,
        procedure: None,
        worker_plan: None,
        rule_set_id: RuleSetId::new(if level == UnitLevel::Village {
            "TT14_2018"
        } else {
            "NQ35_2023"
        }),
        status: Status::Draft,
        history: Vec::new(),
        carried_out: None,
        meta: SyncMeta::created(Timestamp(0), by),
    }
}

/// The day the stories of the 2018–2025 procedures happen on: the day of
/// `helpers::BEFORE_REFORM`, which their server's clock reads.
pub fn today() -> NaiveDate {
    date(&crate::helpers::BEFORE_REFORM[..10])
}

pub fn approve(decision_date: NaiveDate) -> (Transition, Status) {
    (
        Transition::Approve {
            decision_number: "818/NQ-UBTVQH14".to_owned(),
            decision_date,
        },
        Status::ProvinceApproved {
            decision_number: "818/NQ-UBTVQH14".to_owned(),
            decision_date,
        },
    )
}

pub fn make_effective(decision_date: NaiveDate, effective_date: NaiveDate) -> (Transition, Status) {
    (
        Transition::MakeEffective {
            effective_date,
            new_unit_code: None,
        },
        Status::Effective {
            decision_number: "818/NQ-UBTVQH14".to_owned(),
            decision_date,
            effective_date,
        },
    )
}

/// Takes a submitted proposal through the district and the province to
/// "in effect from `effective`".
pub async fn decide(
    app: &TestApp,
    district: &mut Tablet,
    province: &mut Tablet,
    proposal: &mut Proposal,
    effective: NaiveDate,
) {
    district
        .step_ok(app, proposal, Transition::Review, Status::DistrictReviewed)
        .await;
    let (step, to) = approve(today());
    province.step_ok(app, proposal, step, to).await;
    let (step, to) = make_effective(today(), effective);
    province.step_ok(app, proposal, step, to).await;
}
