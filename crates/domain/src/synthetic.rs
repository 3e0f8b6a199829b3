//! A synthetic province of any size, the same for the same seed: for
//! benchmarks and load tests, never for real data.

use crate::official_code::OfficialCode;
use crate::progress::UnitStatus;
use crate::rules::classification::Standing;
use crate::sync_meta::{OfficerId, SyncMeta, Timestamp};
use crate::unit::{Lifecycle, Location, Unit, UnitAttributes};
use crate::unit_kind::UnitKind;
use crate::unit_name::UnitName;
use crate::unit_ref::reference_unit_id;
use rustc_hash::FxHashMap;
use uuid::Uuid;

/// A province of 11 districts, 194 communes and any number of villages.
pub struct SyntheticProvince {
    pub province_id: Uuid,
    pub units: Vec<Unit>,
    /// The households of each village, with whether its commune is on the border.
    pub villages: Vec<SyntheticVillage>,
}

/// One village's figures.
#[derive(Clone, Debug)]
pub struct SyntheticVillage {
    pub unit_id: Uuid,
    pub name: String,
    pub kind: UnitKind,
    pub households: u32,
    pub population: u32,
    pub workers: u32,
    pub border_commune: bool,
    pub location: Location,
}

/// A small deterministic generator (SplitMix64): the same seed, the same province.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: u32) -> u32 {
        (self.next() % u64::from(bound.max(1))) as u32
    }
}

fn unit(id: Uuid, code: Option<OfficialCode>, name: String, kind: UnitKind, parent: Option<Uuid>) -> Unit {
    Unit {
        id,
        code,
        name: UnitName::parse(&name).unwrap_or_else(|_| UnitName::parse("Đơn vị").expect("a valid name")),
        kind,
        parent_id: parent,
        lifecycle: Lifecycle::Active { since: None },
        attributes: UnitAttributes {
            border_commune: false,
            mountainous: kind == UnitKind::Commune,
        },
        meta: SyncMeta::created(Timestamp(0), OfficerId(Uuid::nil())),
    }
}

/// Generates the province with `villages` villages spread over its communes.
pub fn province(villages: usize, seed: u64) -> SyntheticProvince {
    let mut random = SplitMix(seed);
    let code = |text: String| OfficialCode::parse(&text).ok();
    let province_code = code("20".to_owned());
    let province_id = province_code.as_ref().map_or_else(Uuid::nil, reference_unit_id);
    let mut units = vec![unit(
        province_id,
        province_code,
        "Tỉnh Thử Nghiệm".to_owned(),
        UnitKind::Province,
        None,
    )];
    let mut communes = Vec::new();
    for district in 0..11u32 {
        let district_code = code(format!("{}", 178 + district));
        let district_id = district_code.as_ref().map_or_else(Uuid::nil, reference_unit_id);
        units.push(unit(
            district_id,
            district_code,
            format!("Huyện {district:02}"),
            UnitKind::District,
            Some(province_id),
        ));
        let in_district = if district < 7 { 18 } else { 17 };
        for _ in 0..in_district {
            let number = communes.len() as u32;
            let commune_code = code(format!("{:05}", 6_000 + number));
            let commune_id = commune_code.as_ref().map_or_else(Uuid::nil, reference_unit_id);
            let mut commune = unit(
                commune_id,
                commune_code,
                format!("Xã {number:03}"),
                UnitKind::Commune,
                Some(district_id),
            );
            commune.attributes.border_commune = random.below(5) == 0;
            communes.push((commune_id, commune.attributes.border_commune));
            units.push(commune);
        }
    }
    let mut generated = Vec::with_capacity(villages);
    for index in 0..villages {
        let (commune_id, border) = communes[index % communes.len()];
        let id = Uuid::from_u64_pair(seed, index as u64);
        let kind = if random.below(10) == 0 {
            UnitKind::ResidentialGroup
        } else {
            UnitKind::Village
        };
        let name = format!(
            "{} {index}",
            if kind == UnitKind::Village {
                "Thôn"
            } else {
                "Tổ dân phố"
            }
        );
        units.push(unit(id, None, name.clone(), kind, Some(commune_id)));
        let households = 20 + random.below(380);
        generated.push(SyntheticVillage {
            unit_id: id,
            name,
            kind,
            households,
            population: households * (3 + random.below(3)),
            workers: 2 + random.below(3),
            border_commune: border,
            location: Location {
                latitude: 21.3 + f64::from(random.below(1_000_000)) / 1_000_000.0,
                longitude: 106.0 + f64::from(random.below(1_000_000)) / 1_000_000.0,
                accuracy_m: Some(10.0),
            },
        });
    }
    SyntheticProvince {
        province_id,
        units,
        villages: generated,
    }
}

impl SyntheticProvince {
    /// The statuses a progress report reads, from classifications already made.
    pub fn statuses(&self, standings: &[Standing]) -> FxHashMap<Uuid, UnitStatus> {
        self.villages
            .iter()
            .zip(standings)
            .map(|(village, standing)| {
                (
                    village.unit_id,
                    UnitStatus {
                        standing: Some(*standing),
                        workers: Some(village.workers),
                        ..UnitStatus::default()
                    },
                )
            })
            .collect()
    }
}

/// The benchmark workloads, shared by the native and the browser benchmarks.
pub mod workloads {
    use super::SyntheticProvince;
    use crate::hierarchy::Hierarchy;
    use crate::progress::{ProgressReport, UnitStatus, compute};
    use crate::rules::classification::Standing;
    use crate::rules::rule_set::{RuleSet, Rules};
    use crate::rules::{VillageFacts, classify_village};
    use rustc_hash::FxHashMap;
    use uuid::Uuid;

    /// Classifies every village of the province, with explanations.
    pub fn classify_villages(province: &SyntheticProvince, rule_set: &RuleSet) -> Vec<Standing> {
        province
            .villages
            .iter()
            .filter_map(|village| {
                let facts = VillageFacts {
                    name: &village.name,
                    kind: village.kind,
                    households: village.households,
                    border_commune: village.border_commune,
                    special_status: None,
                };
                classify_village(rule_set, &facts)
                    .ok()
                    .map(|classification| classification.standing)
            })
            .collect()
    }

    /// The floor of classification: the bare threshold comparison, no explanation.
    pub fn compare_households(province: &SyntheticProvince) -> Vec<Standing> {
        province
            .villages
            .iter()
            .map(|village| match village.households {
                households if households >= 150 => Standing::Meets,
                households if households < 75 => Standing::BelowMergeThreshold,
                _ => Standing::BelowStandard,
            })
            .collect()
    }

    /// The whole province's progress report, building the hierarchy first.
    pub fn progress_report(
        province: &SyntheticProvince,
        statuses: &FxHashMap<Uuid, UnitStatus>,
        rule_set: &RuleSet,
    ) -> ProgressReport {
        let Rules::Village(rules) = &rule_set.rules else {
            return empty_report();
        };
        match Hierarchy::new(&province.units) {
            Ok(hierarchy) => compute(province.province_id, &hierarchy, statuses, &[], &rules.worker_limits),
            Err(_) => empty_report(),
        }
    }

    fn empty_report() -> ProgressReport {
        ProgressReport {
            scopes: Vec::new(),
            communes_below_threshold: Vec::new(),
            villages_below_threshold: Vec::new(),
            communes_reviewed: 0,
            villages_reviewed: 0,
            village_workers: Default::default(),
            commune_workers: Default::default(),
            secretary_chairman: Vec::new(),
        }
    }
}
