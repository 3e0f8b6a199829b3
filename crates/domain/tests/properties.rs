//! Property tests of the domain's invariants.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use domain::hierarchy::Hierarchy;
use domain::officer::{Officer, Role};
use domain::proposal::{
    Figures, Part, Proposal, ProposalContext, Source, Status, Transition, apply_operations, check_proposal,
    plan_application, plan_transition,
};
use domain::rules::classification::Standing;
use domain::rules::{CommuneFacts, VillageFacts, builtin, classify_commune, classify_village};
use domain::suggestions::{Candidate, Neighbours, suggest};
use domain::{Area, Location, OfficerId, Problem, SyncMeta, UnitKind, UnitLevel, UnitName};
use proptest::prelude::*;
use std::collections::HashMap;
use support::*;
use uuid::Uuid;

/// A commune (Quang Lang) whose villages have the given figures.
fn commune_with(villages: &[(u32, u32)]) -> Province {
    let mut province = province();
    province.units.retain(|unit| !VILLAGES.contains(&unit.id.as_u128()));
    for (index, (households, per_household)) in villages.iter().enumerate() {
        let number = 1_000 + index as u128;
        province.units.push(unit(
            number,
            UnitKind::Village,
            Some(QUANG_LANG),
            &format!("Thôn {number}"),
        ));
        province.figures.insert(
            id(number),
            Figures {
                households: *households,
                population: households * per_household,
                area: Area::from_hectares(u64::from(*households) * 3),
            },
        );
    }
    province
}

fn village_totals(province: &Province) -> Figures {
    province
        .units
        .iter()
        .filter(|unit| unit.is_active() && unit.level() == UnitLevel::Village)
        .filter_map(|unit| province.figures.get(&unit.id))
        .copied()
        .sum()
}

/// Village figures: households 1..400, 2..6 people each.
fn villages(range: std::ops::Range<usize>) -> impl Strategy<Value = Vec<(u32, u32)>> {
    prop::collection::vec((1u32..400, 2u32..6), range)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Every merger and division conserves households, population and area.
    #[test]
    fn totals_are_conserved_by_every_merger_and_division(
        figures in villages(5..12),
        group_sizes in prop::collection::vec(2usize..4, 1..3),
        split_percent in 1u32..100,
    ) {
        let mut province = commune_with(&figures);
        let before = village_totals(&province);
        let count_before = province.units.len();
        let ids: Vec<u128> = (0..figures.len()).map(|index| 1_000 + index as u128).collect();
        // The last village is divided between the first two groups, if there are two.
        let divided = *ids.last().unwrap();
        let mut next = 0;
        let mut proposals: Vec<Proposal> = Vec::new();
        for (index, size) in group_sizes.iter().enumerate() {
            if next + size >= ids.len() { break; }
            let members = &ids[next..next + size];
            next += size;
            proposals.push(village_merger(&province, 500 + index as u128, members, 600 + index as u128, &format!("Thôn Mới {index}")));
        }
        if proposals.len() == 2 {
            let whole = province.figures[&id(divided)];
            let first = Figures {
                households: whole.households * split_percent / 100,
                population: whole.population * split_percent / 100,
                area: whole.area.percent(split_percent),
            };
            let second = Figures {
                households: whole.households - first.households,
                population: whole.population - first.population,
                area: whole.area.saturating_sub(first.area),
            };
            for (proposal, share) in proposals.iter_mut().zip([first, second]) {
                proposal.sources.push(Source { unit_id: id(divided), name: "Thôn chia".to_owned(), part: Part::Share, figures: share });
                proposal.consultations = passing_consultations(&proposal.involved_units());
            }
        }
        for index in 0..proposals.len() {
            let mut proposal = proposals[index].clone();
            let operations = {
                let hierarchy = province.hierarchy();
                let context = ProposalContext { hierarchy: &hierarchy, figures: &province.figures, proposals: &proposals };
                take_to_effective(&mut proposal, &context, commune_officer());
                plan_application(&proposal, &context, NOW, province_officer().id).unwrap()
            };
            apply_operations(&mut province.units, &mut province.figures, &operations, NOW, province_officer().id);
            proposals[index] = proposal;
        }
        prop_assert_eq!(village_totals(&province), before);
        prop_assert_eq!(province.units.len(), count_before + proposals.len(), "units are created, never deleted");
    }

    /// Proposals accepted one by one never hold one unit twice.
    #[test]
    fn no_unit_is_in_two_open_proposals(
        figures in villages(4..9),
        picks in prop::collection::vec(prop::collection::btree_set(0usize..8, 2..4), 1..8),
    ) {
        let province = commune_with(&figures);
        let hierarchy = province.hierarchy();
        let mut open: Vec<Proposal> = Vec::new();
        for (index, pick) in picks.iter().enumerate() {
            let members: Vec<u128> = pick.iter().filter(|at| **at < figures.len()).map(|at| 1_000 + *at as u128).collect();
            if members.len() < 2 { continue; }
            let candidate = village_merger(&province, 700 + index as u128, &members, 800 + index as u128, "Thôn Mới");
            let context = ProposalContext { hierarchy: &hierarchy, figures: &province.figures, proposals: &open };
            let clash = check_proposal(&candidate, &context)
                .iter()
                .any(|error| matches!(error.problem, Problem::InAnotherOpenProposal { .. }));
            let overlaps = open.iter().any(|other| other.involved_units().iter().any(|unit| candidate.involved_units().contains(unit)));
            prop_assert_eq!(clash, overlaps, "the check flags exactly the overlaps");
            if !clash { open.push(candidate); }
        }
        let mut holders: HashMap<Uuid, usize> = HashMap::new();
        for proposal in &open {
            for unit in proposal.involved_units() { *holders.entry(unit).or_default() += 1; }
        }
        prop_assert!(holders.values().all(|count| *count == 1));
    }

    /// A workflow step succeeds only for the role that owns it, within its jurisdiction.
    #[test]
    fn workflow_steps_succeed_only_for_their_owner(
        walk in prop::collection::vec((0usize..4, 0usize..6, 0usize..6), 1..12),
    ) {
        let province = province();
        let hierarchy = province.hierarchy();
        let proposals = Vec::new();
        let context = ProposalContext { hierarchy: &hierarchy, figures: &province.figures, proposals: &proposals };
        let mut proposal = village_merger(&province, 900, &[1, 2], 901, "Thôn Mới");
        let jurisdictions = [PROVINCE, CHI_LANG, BAC_SON, QUANG_LANG, VU_LE, 1];
        for (role, jurisdiction, step) in walk {
            let officer = Officer { id: OfficerId(id(950)), role: Role::ALL[role], jurisdiction: id(jurisdictions[jurisdiction]) };
            let transition = match step {
                0 => Transition::Submit,
                1 => Transition::Review,
                2 => Transition::Approve { decision_number: "1/QĐ".to_owned(), decision_date: date("2026-11-01") },
                3 => Transition::MakeEffective {
                effective_date: date("2026-12-01"),
                new_unit_code: None,
            },
                4 => Transition::Return,
                _ => Transition::Reject,
            };
            let status = proposal.status.clone();
            if let Ok(decision) = plan_transition(&proposal, &officer, transition.clone(), Some("Lý do"), NOW, &context) {
                let owner_ok = match (&transition, &status) {
                    (Transition::Submit, Status::Draft | Status::Returned) => {
                        officer.role != Role::Administrator && officer.jurisdiction != id(1) && officer.jurisdiction != id(2)
                    }
                    (Transition::Review | Transition::Return | Transition::Reject, Status::Submitted) => officer.role == Role::DistrictOfficer,
                    (Transition::Approve { .. } | Transition::Return | Transition::Reject, Status::DistrictReviewed) => officer.role == Role::ProvinceOfficer,
                    (Transition::MakeEffective { .. }, Status::ProvinceApproved { .. }) => officer.role == Role::ProvinceOfficer,
                    _ => false,
                };
                prop_assert!(owner_ok, "{:?} took {:?} from {:?}", officer.role, transition, status);
                let inside = proposal.involved_units().iter().all(|unit| hierarchy.contains(officer.jurisdiction, *unit));
                prop_assert!(inside, "outside the jurisdiction");
                proposal.record(decision);
            }
        }
    }

    /// More households never make a village's standing worse.
    #[test]
    fn village_classification_is_monotone_in_households(
        low in 0u32..1_000, extra in 0u32..1_000, border in any::<bool>(), urban in any::<bool>(),
    ) {
        let kind = if urban { UnitKind::ResidentialGroup } else { UnitKind::Village };
        let rank = |households| {
            let facts = VillageFacts { name: "Thôn A", kind, households, border_commune: border, special_status: None };
            classify_village(&builtin::tt14_2018(), &facts).unwrap().standing.rank()
        };
        prop_assert!(rank(low) <= rank(low + extra));
    }

    /// More people or more area never make a commune's standing worse, under every rule set.
    #[test]
    fn commune_classification_is_monotone_in_population_and_area(
        population in 0u32..40_000, more_people in 0u32..20_000,
        hectares in 0u64..20_000, more_area in 0u64..10_000,
        kind in prop::sample::select(vec![UnitKind::Commune, UnitKind::Ward, UnitKind::Township]),
        mountainous in any::<bool>(), share in prop::option::of(0u8..=100),
    ) {
        for rule_set in [builtin::nq653_2019(), builtin::nq35_2023(), builtin::nq76_2025()] {
            let rank = |population, hectares| {
                let facts = CommuneFacts {
                    name: "Xã A", kind, mountainous, border: false, population,
                    area: Area::from_hectares(hectares), ethnic_minority_percent: share, special_status: None,
                };
                classify_commune(&rule_set, &facts).unwrap().standing.rank()
            };
            prop_assert!(rank(population, hectares) <= rank(population + more_people, hectares + more_area), "{}", rule_set.id);
        }
    }

    /// Every suggestion is a valid draft proposal, meets the standard, and no
    /// unit is in two suggestions.
    #[test]
    fn suggestions_are_always_valid_proposals(
        villages in prop::collection::vec((1u32..260, 0.0f64..0.2, 0.0f64..0.2), 2..14),
    ) {
        let figures: Vec<(u32, u32)> = villages.iter().map(|(households, ..)| (*households, 4)).collect();
        let province = commune_with(&figures);
        let rule_set = builtin::tt14_2018();
        let candidates: Vec<Candidate> = villages.iter().enumerate().map(|(index, (households, dlat, dlon))| {
            let unit_id = id(1_000 + index as u128);
            let facts = VillageFacts { name: "Thôn", kind: UnitKind::Village, households: *households, border_commune: false, special_status: None };
            Candidate {
                unit_id,
                name: format!("Thôn {index}"),
                kind: UnitKind::Village,
                figures: province.figures[&unit_id],
                location: Some(Location { latitude: 21.7 + dlat, longitude: 106.6 + dlon, accuracy_m: None }),
                standing: classify_village(&rule_set, &facts).unwrap().standing,
            }
        }).collect();
        let judge = |totals: &Figures, _: &[&Candidate]| {
            classify_village(&rule_set, &VillageFacts { name: "Thôn Mới", kind: UnitKind::Village, households: totals.households, border_commune: false, special_status: None })
        };
        let result = suggest(&candidates, Neighbours::Distance, judge);
        let hierarchy: Hierarchy<'_> = province.hierarchy();
        let mut drafted: Vec<Proposal> = Vec::new();
        for (index, group) in result.groups.iter().enumerate() {
            prop_assert_eq!(group.classification.standing, Standing::Meets);
            let draft = group.draft(
                &candidates, id(5_000 + index as u128), id(6_000 + index as u128), UnitName::parse("Thôn Mới").unwrap(),
                UnitKind::Village, id(QUANG_LANG), UnitLevel::Village, rule_set.id.clone(),
                SyncMeta::created(NOW, commune_officer().id),
            );
            prop_assert_eq!(draft.totals(), group.totals);
            let context = ProposalContext { hierarchy: &hierarchy, figures: &province.figures, proposals: &drafted };
            let problems = check_proposal(&draft, &context);
            prop_assert!(problems.is_empty(), "{:?}", problems);
            drafted.push(draft);
        }
        // Every village below the threshold is either in a group or reported unresolved.
        for candidate in candidates.iter().filter(|candidate| candidate.standing == Standing::BelowMergeThreshold) {
            let grouped = result.groups.iter().any(|group| group.units.contains(&candidate.unit_id));
            let reported = result.unresolved.iter().any(|unresolved| unresolved.unit_id == candidate.unit_id);
            prop_assert!(grouped != reported, "{} is grouped {} and reported {}", candidate.name, grouped, reported);
        }
        prop_assert_eq!(suggest(&candidates, Neighbours::Distance, judge), result, "deterministic");
    }
}
