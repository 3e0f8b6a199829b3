//! A small province to test proposals on: Lạng Sơn with two districts, their
//! communes and villages, and one officer of each kind.
#![allow(dead_code)]

use chrono::NaiveDate;
use domain::proposal::{
    Action, Consultation, Figures, MergeTarget, Part, Proposal, ProposalContext, Source, Status, Transition,
    plan_transition,
};
use domain::rules::RuleSetId;
use domain::{
    Area, Hierarchy, Lifecycle, Officer, OfficerId, Role, SyncMeta, Timestamp, Unit, UnitAttributes, UnitKind,
    UnitLevel, UnitName,
};
use std::collections::HashMap;
use uuid::Uuid;

pub const PROVINCE: u128 = 20;
pub const CHI_LANG: u128 = 181;
pub const BAC_SON: u128 = 182;
pub const QUANG_LANG: u128 = 6_100;
pub const DONG_MO: u128 = 6_101;
pub const VU_LE: u128 = 6_200;
/// Villages of Quang Lang: 1 to 5. Villages of Vũ Lễ: 11 and 12.
pub const VILLAGES: [u128; 5] = [1, 2, 3, 4, 5];

/// 2026-11-28, 10:00 in Hà Nội.
pub const NOW: Timestamp = Timestamp(1_795_834_800_000);

pub fn id(number: u128) -> Uuid {
    Uuid::from_u128(number)
}

pub fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

pub fn unit(number: u128, kind: UnitKind, parent: Option<u128>, name: &str) -> Unit {
    Unit {
        id: id(number),
        code: None,
        name: UnitName::parse(name).unwrap(),
        kind,
        parent_id: parent.map(id),
        lifecycle: Lifecycle::Active { since: None },
        attributes: UnitAttributes {
            border_commune: false,
            mountainous: kind == UnitKind::Commune,
        },
        meta: SyncMeta::created(Timestamp(0), OfficerId(Uuid::nil())),
    }
}

/// The units and their latest figures.
pub struct Province {
    pub units: Vec<Unit>,
    pub figures: HashMap<Uuid, Figures>,
}

pub fn figures(households: u32, population: u32, hectares: u64) -> Figures {
    Figures {
        households,
        population,
        area: Area::from_hectares(hectares),
    }
}

pub fn province() -> Province {
    let mut units = vec![
        unit(PROVINCE, UnitKind::Province, None, "Tỉnh Lạng Sơn"),
        unit(CHI_LANG, UnitKind::District, Some(PROVINCE), "Huyện Chi Lăng"),
        unit(BAC_SON, UnitKind::District, Some(PROVINCE), "Huyện Bắc Sơn"),
        unit(QUANG_LANG, UnitKind::Commune, Some(CHI_LANG), "Xã Quang Lang"),
        unit(DONG_MO, UnitKind::Township, Some(CHI_LANG), "Thị trấn Đồng Mỏ"),
        unit(VU_LE, UnitKind::Commune, Some(BAC_SON), "Xã Vũ Lễ"),
        unit(11, UnitKind::Village, Some(VU_LE), "Thôn Khuổi Hỏa"),
        unit(12, UnitKind::Village, Some(VU_LE), "Thôn Nà Lay"),
    ];
    let names = [
        "Thôn Nà Pàn",
        "Thôn Còn Nưa",
        "Bản Pò Cại",
        "Thôn Đồng Bục",
        "Thôn Bó Củng",
    ];
    for (number, name) in VILLAGES.iter().zip(names) {
        units.push(unit(*number, UnitKind::Village, Some(QUANG_LANG), name));
    }
    let mut figures = HashMap::new();
    for (number, households, population, hectares) in [
        (1, 62, 280, 310),
        (2, 55, 240, 280),
        (3, 70, 320, 450),
        (4, 160, 700, 520),
        (5, 90, 400, 390),
        (11, 80, 350, 600),
        (12, 45, 200, 300),
    ] {
        figures.insert(
            id(number),
            Figures {
                households,
                population,
                area: Area::from_hectares(hectares),
            },
        );
    }
    // NQ 818/NQ-UBTVQH14: Quang Lang 30,88 km², 7.429 people; Đồng Mỏ 4,76 km², 6.846 people.
    figures.insert(
        id(QUANG_LANG),
        Figures {
            households: 0,
            population: 7_429,
            area: Area::from_km2_hundredths(3_088),
        },
    );
    figures.insert(
        id(DONG_MO),
        Figures {
            households: 0,
            population: 6_846,
            area: Area::from_km2_hundredths(476),
        },
    );
    Province { units, figures }
}

impl Province {
    pub fn hierarchy(&self) -> Hierarchy<'_> {
        Hierarchy::new(&self.units).unwrap()
    }

    /// The unit numbered `number` (its id is `id(number)`).
    pub fn unit(&self, number: u128) -> &Unit {
        self.units.iter().find(|unit| unit.id == id(number)).unwrap()
    }

    pub fn source(&self, number: u128) -> Source {
        let unit = self.unit(number);
        Source {
            unit_id: unit.id,
            name: unit.name.to_string(),
            part: Part::Whole,
            figures: self.figures[&unit.id],
        }
    }
}

pub fn officer(number: u128, role: Role, jurisdiction: u128) -> Officer {
    Officer {
        id: OfficerId(id(900 + number)),
        role,
        jurisdiction: id(jurisdiction),
    }
}

pub fn commune_officer() -> Officer {
    officer(1, Role::CommuneOfficer, QUANG_LANG)
}
pub fn district_officer() -> Officer {
    officer(2, Role::DistrictOfficer, CHI_LANG)
}
pub fn other_district_officer() -> Officer {
    officer(3, Role::DistrictOfficer, BAC_SON)
}
pub fn province_officer() -> Officer {
    officer(4, Role::ProvinceOfficer, PROVINCE)
}
pub fn administrator() -> Officer {
    officer(5, Role::Administrator, PROVINCE)
}

/// A passing first-round consultation for each unit.
pub fn passing_consultations(units: &[Uuid]) -> Vec<Consultation> {
    units
        .iter()
        .map(|unit| Consultation {
            unit_id: *unit,
            round: 1,
            eligible: 100,
            participating: 95,
            agreeing: 80,
            disagreeing: 14,
            invalid: 1,
        })
        .collect()
}

/// A draft merger of villages into a new village of Quang Lang.
pub fn village_merger(province: &Province, proposal_id: u128, sources: &[u128], new_id: u128, name: &str) -> Proposal {
    let sources: Vec<Source> = sources.iter().map(|number| province.source(*number)).collect();
    let involved: Vec<Uuid> = sources.iter().map(|source| source.unit_id).collect();
    Proposal {
        id: id(proposal_id),
        level: UnitLevel::Village,
        action: Action::Merge {
            into: MergeTarget::NewUnit {
                id: id(new_id),
                name: UnitName::parse(name).unwrap(),
                kind: UnitKind::Village,
                parent_id: id(QUANG_LANG),
            },
        },
        sources,
        consultations: passing_consultations(&involved),
        no_other_neighbour: false,
        procedure: Some(domain::proposal::ProcedureId::Villages2018),
        worker_plan: None,
        rule_set_id: RuleSetId::new("TT14_2018"),
        status: Status::Draft,
        history: Vec::new(),
        carried_out: None,
        meta: SyncMeta::created(NOW, commune_officer().id),
    }
}

/// Takes the whole workflow, each step by its owner, to "effective".
pub fn take_to_effective(proposal: &mut Proposal, context: &ProposalContext<'_>, submitter: Officer) {
    let steps = [
        (submitter, Transition::Submit),
        (district_officer(), Transition::Review),
        (
            province_officer(),
            Transition::Approve {
                decision_number: "57/NQ-HĐND".to_owned(),
                // The day of the submission (NOW): a decision is never dated before it.
                decision_date: date("2026-11-28"),
            },
        ),
        (
            province_officer(),
            Transition::MakeEffective {
                effective_date: date("2026-12-01"),
                new_unit_code: None,
            },
        ),
    ];
    for (officer, step) in steps {
        let decision =
            plan_transition(proposal, &officer, step, None, NOW, context).unwrap_or_else(|error| panic!("{error}"));
        proposal.record(decision);
    }
}
