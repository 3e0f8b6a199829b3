//! Merger proposals end to end in the domain: totals, evaluation, checks,
//! workflow by role and jurisdiction, and what an effective proposal does.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod support;

use domain::proposal::evaluation::{ResultingUnitFacts, Waiver};
use domain::proposal::{
    Action, Consultation, Evaluation, MergeTarget, Part, ProposalContext, Status, Transition, TransitionError,
    UnitOperation, apply_operations, check_proposal, check_submission, evaluate, plan_application, plan_transition,
};
use domain::proposal::{RecordedBy, recorded_review_id, reviews_after};
use domain::review::{CommuneCategory, CommuneReview, LatestReviews, ReviewRecord};
use domain::rules::{Standing, builtin};
use domain::{Area, Lifecycle, Problem, Role, SyncMeta, UnitKind, UnitLevel, UnitName};
use support::*;

fn facts(name: &str, kind: UnitKind) -> ResultingUnitFacts<'_> {
    ResultingUnitFacts {
        name,
        kind,
        mountainous: true,
        border: false,
        ethnic_minority_percent: Some(95),
    }
}

#[test]
fn three_villages_merge_into_a_new_village_that_meets_the_standard() {
    let mut province = province();
    let mut proposal = village_merger(&province, 100, &[1, 2, 3], 50, "Thôn Nà Pàn Mới");
    let totals = proposal.totals();
    assert_eq!(
        (totals.households, totals.population, totals.area),
        (187, 840, Area::from_hectares(1_040))
    );

    let evaluation: Evaluation = evaluate(
        &proposal,
        &builtin::tt14_2018(),
        &facts("Thôn Nà Pàn Mới", UnitKind::Village),
    )
    .unwrap()
    .unwrap();
    assert_eq!(evaluation.classification.standing, Standing::Meets);
    assert!(evaluation.acceptable());

    let proposals = Vec::new();
    {
        let hierarchy = province.hierarchy();
        let context = ProposalContext {
            hierarchy: &hierarchy,
            figures: &province.figures,
            proposals: &proposals,
        };
        assert_eq!(check_submission(&proposal, &context), vec![]);
        take_to_effective(&mut proposal, &context, commune_officer());
    }
    assert_eq!(proposal.history.len(), 4, "every step recorded");
    assert_eq!(proposal.history[2].role, Role::ProvinceOfficer);
    assert!(matches!(&proposal.status, Status::Effective { decision_number, .. } if decision_number == "57/NQ-HĐND"));

    let operations = {
        let hierarchy = province.hierarchy();
        let context = ProposalContext {
            hierarchy: &hierarchy,
            figures: &province.figures,
            proposals: &proposals,
        };
        plan_application(&proposal, &context, NOW, province_officer().id).unwrap()
    };
    let before = province.units.len();
    apply_operations(
        &mut province.units,
        &mut province.figures,
        &operations,
        NOW,
        province_officer().id,
    );
    assert_eq!(province.units.len(), before + 1, "one unit created, none deleted");
    let new = province.unit(50);
    assert_eq!(
        new.lifecycle,
        Lifecycle::Active {
            since: Some(date("2026-12-01"))
        }
    );
    assert_eq!(province.figures[&id(50)].households, 187);
    for source in [1, 2, 3] {
        let merged = province.unit(source);
        assert_eq!(
            merged.lifecycle,
            Lifecycle::MergedInto {
                unit_id: id(50),
                proposal_id: id(100),
                effective: date("2026-12-01")
            }
        );
    }
}

#[test]
fn quang_lang_merged_into_dong_mo_keeps_dong_mos_name_and_id() {
    // NQ 818/NQ-UBTVQH14 (2019): xã Quang Lang merged into thị trấn Đồng Mỏ →
    // 35,64 km², 14.275 people.
    let mut province = province();
    let mut proposal = village_merger(&province, 101, &[QUANG_LANG], 0, "unused");
    proposal.level = UnitLevel::Commune;
    proposal.procedure = Some(domain::proposal::ProcedureId::Communes);
    proposal.rule_set_id = domain::rules::RuleSetId::new("NQ653_2019");
    proposal.action = Action::Merge {
        into: MergeTarget::ExistingUnit {
            unit_id: id(DONG_MO),
            name: "Thị trấn Đồng Mỏ".to_owned(),
            figures: province.figures[&id(DONG_MO)],
        },
    };
    proposal.consultations = passing_consultations(&[id(QUANG_LANG), id(DONG_MO)]);
    let totals = proposal.totals();
    assert_eq!(totals.population, 14_275);
    assert_eq!(totals.area, Area::from_km2_hundredths(3_564));

    let township = ResultingUnitFacts {
        mountainous: false,
        ..facts("Thị trấn Đồng Mỏ", UnitKind::Township)
    };
    let evaluation = evaluate(&proposal, &builtin::nq653_2019(), &township).unwrap().unwrap();
    assert_eq!(
        evaluation.classification.standing,
        Standing::Meets,
        "{}",
        evaluation.classification.explanation.vi
    );
    assert_eq!(evaluation.waiver, None);

    let proposals = Vec::new();
    let operations = {
        let hierarchy = province.hierarchy();
        let context = ProposalContext {
            hierarchy: &hierarchy,
            figures: &province.figures,
            proposals: &proposals,
        };
        let refused = plan_transition(&proposal, &commune_officer(), Transition::Submit, None, NOW, &context);
        assert_eq!(
            refused,
            Err(TransitionError::OutsideJurisdiction),
            "a commune officer cannot merge their own commune"
        );
        take_to_effective(&mut proposal, &context, district_officer());
        plan_application(&proposal, &context, NOW, province_officer().id).unwrap()
    };
    apply_operations(
        &mut province.units,
        &mut province.figures,
        &operations,
        NOW,
        province_officer().id,
    );
    let dong_mo = province.unit(DONG_MO);
    assert_eq!(dong_mo.name.as_str(), "Thị trấn Đồng Mỏ");
    assert!(dong_mo.is_active());
    assert_eq!(province.figures[&id(DONG_MO)].population, 14_275);
    let quang_lang = province.unit(QUANG_LANG);
    assert!(matches!(quang_lang.lifecycle, Lifecycle::MergedInto { unit_id, .. } if unit_id == id(DONG_MO)));
    for village in VILLAGES {
        let moved = province.unit(village);
        assert_eq!(moved.parent_id, Some(id(DONG_MO)), "{} now lies in Đồng Mỏ", moved.name);
    }

    // The figures are recorded as Đồng Mỏ's review dated the effective date,
    // with the staff of both units added up.
    let staffed = |unit: u128, population: u32, hundredths: u64, cadres: u32| {
        ReviewRecord::Commune(CommuneReview {
            id: id(7_000 + unit),
            unit_id: id(unit),
            population,
            area: Area::from_km2_hundredths(hundredths),
            ethnic_minority_percent: Some(80),
            category: if unit == DONG_MO {
                CommuneCategory::III
            } else {
                CommuneCategory::II
            },
            class_points: None,
            cadres,
            civil_servants: 10,
            non_professional_workers: 12,
            secretary_is_chairman: false,
            special_status: None,
            reviewed_on: date("2019-06-01"),
            reviewer: province_officer().id,
            notes: String::new(),
            meta: SyncMeta::created(NOW, province_officer().id),
        })
    };
    let latest = LatestReviews::from_reviews([staffed(QUANG_LANG, 7_429, 3_088, 11), staffed(DONG_MO, 6_846, 476, 9)]);
    let recorded = RecordedBy {
        effective: date("2026-12-01"),
        at: NOW,
        by: province_officer().id,
    };
    let reviews = reviews_after(&proposal, &operations, &latest, |_| Some(UnitLevel::Commune), recorded);
    let [ReviewRecord::Commune(review)] = reviews.as_slice() else {
        panic!("one commune review: {reviews:?}")
    };
    assert_eq!(review.unit_id, id(DONG_MO));
    assert_eq!(
        (review.population, review.area),
        (14_275, Area::from_km2_hundredths(3_564))
    );
    assert_eq!(review.reviewed_on, date("2026-12-01"));
    assert_eq!((review.cadres, review.civil_servants), (20, 20));
    assert_eq!(review.category, CommuneCategory::III, "Đồng Mỏ keeps its own category");
    assert_eq!(
        review.id,
        recorded_review_id(proposal.id, id(DONG_MO)),
        "one id however often"
    );
}

#[test]
fn commune_categories_travel_as_people_write_them() {
    let written: Vec<String> = [CommuneCategory::I, CommuneCategory::II, CommuneCategory::III]
        .iter()
        .map(|category| serde_json::to_string(category).unwrap())
        .collect();
    assert_eq!(written, ["\"i\"", "\"ii\"", "\"iii\""]);
    let old: CommuneCategory = serde_json::from_str("\"i_i_i\"").unwrap();
    assert_eq!(
        old,
        CommuneCategory::III,
        "records stored with the old spelling still read"
    );
}

#[test]
fn each_step_belongs_to_its_role_and_jurisdiction() {
    let province = province();
    let hierarchy = province.hierarchy();
    let proposals = Vec::new();
    let context = ProposalContext {
        hierarchy: &hierarchy,
        figures: &province.figures,
        proposals: &proposals,
    };
    let mut proposal = village_merger(&province, 102, &[1, 2], 51, "Thôn Mới");
    let approve = Transition::Approve {
        decision_number: "12/QĐ-UBND".to_owned(),
        decision_date: date("2026-11-28"),
    };

    let step = |proposal: &domain::proposal::Proposal, officer, transition: Transition, comment: Option<&str>| {
        plan_transition(proposal, &officer, transition, comment, NOW, &context)
    };
    assert!(matches!(
        step(&proposal, administrator(), Transition::Submit, None),
        Err(TransitionError::WrongRole { .. })
    ));
    assert!(matches!(
        step(&proposal, district_officer(), approve.clone(), None),
        Err(TransitionError::NotFromThisStatus { .. })
    ));
    proposal.record(step(&proposal, commune_officer(), Transition::Submit, None).unwrap());

    assert!(matches!(
        step(&proposal, commune_officer(), Transition::Review, None),
        Err(TransitionError::WrongRole { .. })
    ));
    assert!(matches!(
        step(&proposal, province_officer(), Transition::Review, None),
        Err(TransitionError::WrongRole { .. })
    ));
    assert_eq!(
        step(&proposal, other_district_officer(), Transition::Review, None),
        Err(TransitionError::OutsideJurisdiction)
    );
    assert_eq!(
        step(&proposal, district_officer(), Transition::Return, None),
        Err(TransitionError::CommentRequired)
    );

    let returned = step(
        &proposal,
        district_officer(),
        Transition::Return,
        Some("Thiếu biên bản lấy ý kiến thôn Còn Nưa"),
    )
    .unwrap();
    assert_eq!(
        returned.comment.as_deref(),
        Some("Thiếu biên bản lấy ý kiến thôn Còn Nưa")
    );
    proposal.record(returned);
    assert_eq!(proposal.status, Status::Returned);
    assert!(proposal.status.is_editable());

    proposal.record(step(&proposal, commune_officer(), Transition::Submit, None).unwrap());
    proposal.record(step(&proposal, district_officer(), Transition::Review, None).unwrap());
    assert!(matches!(
        step(&proposal, district_officer(), approve.clone(), None),
        Err(TransitionError::WrongRole { .. })
    ));
    let tomorrow = Transition::Approve {
        decision_number: "12/QĐ-UBND".to_owned(),
        decision_date: date("2026-11-29"),
    };
    assert_eq!(
        step(&proposal, province_officer(), tomorrow, None),
        Err(TransitionError::DecisionInFuture)
    );
    let unnumbered = Transition::Approve {
        decision_number: "  ".to_owned(),
        decision_date: date("2026-11-27"),
    };
    assert_eq!(
        step(&proposal, province_officer(), unnumbered, None),
        Err(TransitionError::DecisionNumberRequired)
    );
    let before_submission = Transition::Approve {
        decision_number: "12/QĐ-UBND".to_owned(),
        decision_date: date("2026-11-27"),
    };
    assert_eq!(
        step(&proposal, province_officer(), before_submission, None),
        Err(TransitionError::DecisionBeforeSubmission {
            submitted: date("2026-11-28")
        }),
        "a decision dated before the proposal was submitted"
    );
    proposal.record(step(&proposal, province_officer(), approve, None).unwrap());

    let early = Transition::MakeEffective {
        effective_date: date("2026-11-01"),
        new_unit_code: None,
    };
    assert_eq!(
        step(&proposal, province_officer(), early, None),
        Err(TransitionError::EffectiveBeforeDecision)
    );
    let history: Vec<Status> = proposal.history.iter().map(|decision| decision.to.clone()).collect();
    assert_eq!(
        history.len(),
        5,
        "returned and resubmitted: every step kept: {history:?}"
    );
}

#[test]
fn a_rejection_needs_a_reason_and_frees_the_units() {
    let province = province();
    let hierarchy = province.hierarchy();
    let mut proposal = village_merger(&province, 103, &[1, 2], 52, "Thôn Mới");
    let none = Vec::new();
    let context = ProposalContext {
        hierarchy: &hierarchy,
        figures: &province.figures,
        proposals: &none,
    };
    proposal.record(plan_transition(&proposal, &commune_officer(), Transition::Submit, None, NOW, &context).unwrap());
    let reject = plan_transition(
        &proposal,
        &district_officer(),
        Transition::Reject,
        Some("Không phù hợp quy hoạch"),
        NOW,
        &context,
    );
    proposal.record(reject.unwrap());
    assert!(!proposal.is_open());

    let held = vec![proposal];
    let context = ProposalContext {
        hierarchy: &hierarchy,
        figures: &province.figures,
        proposals: &held,
    };
    let again = village_merger(&province, 104, &[1, 2], 53, "Thôn Mới");
    assert_eq!(
        check_proposal(&again, &context),
        vec![],
        "a rejected proposal no longer holds its units"
    );
}

#[test]
fn drafting_mistakes_are_named() {
    let province = province();
    let hierarchy = province.hierarchy();
    let open = vec![village_merger(&province, 110, &[1, 2], 60, "Thôn A")];
    let context = ProposalContext {
        hierarchy: &hierarchy,
        figures: &province.figures,
        proposals: &open,
    };
    let problems = |proposal| {
        check_proposal(&proposal, &context)
            .into_iter()
            .map(|error| error.problem)
            .collect::<Vec<_>>()
    };

    let one = village_merger(&province, 111, &[3], 61, "Thôn B");
    assert!(problems(one).contains(&Problem::TooFewSources { min: 2, found: 1 }));

    let twice = village_merger(&province, 112, &[2, 3], 62, "Thôn C");
    assert!(problems(twice).contains(&Problem::InAnotherOpenProposal {
        unit: "Thôn Còn Nưa".to_owned()
    }));

    let mut mixed = village_merger(&province, 113, &[3, 4], 63, "Thôn D");
    mixed.sources.push(province.source(QUANG_LANG));
    assert!(problems(mixed).contains(&Problem::MixedLevels));

    let mut duplicate = village_merger(&province, 114, &[3, 4], 64, "Thôn E");
    duplicate.sources.push(province.source(3));
    assert!(problems(duplicate).contains(&Problem::DuplicateSource {
        unit: "Bản Pò Cại".to_owned()
    }));

    let mut inconsistent = village_merger(&province, 115, &[3, 4], 65, "Thôn F");
    inconsistent.consultations[0].agreeing = 200;
    assert!(problems(inconsistent).contains(&Problem::ConsultationInconsistent {
        unit: "Bản Pò Cại".to_owned()
    }));

    let mut under_itself = village_merger(&province, 116, &[3, 4], 66, "Thôn G");
    under_itself.action = Action::Merge {
        into: MergeTarget::NewUnit {
            id: id(66),
            name: UnitName::parse("Thôn G").unwrap(),
            kind: UnitKind::Village,
            parent_id: id(3),
        },
    };
    assert!(
        problems(under_itself)
            .iter()
            .any(|problem| matches!(problem, Problem::WrongLevel { .. }))
    );
}

#[test]
fn submission_needs_every_consultation_passed_and_a_second_round_may_pass() {
    let province = province();
    let hierarchy = province.hierarchy();
    let none = Vec::new();
    let context = ProposalContext {
        hierarchy: &hierarchy,
        figures: &province.figures,
        proposals: &none,
    };
    let mut proposal = village_merger(&province, 120, &[3, 5], 70, "Thôn Pò Cại");
    proposal.consultations[1] = Consultation {
        unit_id: id(5),
        round: 1,
        eligible: 90,
        participating: 80,
        agreeing: 45,
        disagreeing: 35,
        invalid: 0,
    };
    let refused = plan_transition(&proposal, &commune_officer(), Transition::Submit, None, NOW, &context).unwrap_err();
    let TransitionError::NotReady(problems) = &refused else {
        panic!("{refused:?}")
    };
    assert_eq!(
        problems[0].problem,
        Problem::ConsultationNotPassed {
            unit: "Thôn Bó Củng".to_owned()
        }
    );
    assert!(
        refused
            .message(domain::Language::Vi)
            .contains("Thôn Bó Củng chưa có kết quả lấy ý kiến")
    );

    proposal.consultations.push(Consultation {
        round: 2,
        agreeing: 60,
        disagreeing: 20,
        ..proposal.consultations[1].clone()
    });
    assert!(plan_transition(&proposal, &commune_officer(), Transition::Submit, None, NOW, &context).is_ok());
}

#[test]
fn a_divided_village_is_shared_between_two_mergers_and_ends_divided() {
    let mut province = province();
    // Thôn Đồng Bục (160 households) is divided: 100 households join Nà Pàn,
    // 60 join Còn Nưa.
    let share = |households, population, hectares| domain::proposal::Source {
        unit_id: id(4),
        name: "Thôn Đồng Bục".to_owned(),
        part: Part::Share,
        figures: figures(households, population, hectares),
    };
    let mut first = village_merger(&province, 130, &[1], 80, "Thôn Nà Pàn");
    first.sources.push(share(100, 450, 300));
    let mut second = village_merger(&province, 131, &[2], 81, "Thôn Còn Nưa");
    second.sources.push(share(60, 250, 220));
    for proposal in [&mut first, &mut second] {
        proposal.consultations = passing_consultations(&proposal.involved_units());
    }

    {
        let hierarchy = province.hierarchy();
        let only_first = vec![first.clone()];
        let context = ProposalContext {
            hierarchy: &hierarchy,
            figures: &province.figures,
            proposals: &only_first,
        };
        let incomplete = check_submission(&second, &context);
        assert!(incomplete.is_empty(), "{incomplete:?}");
        let mut short = second.clone();
        short.sources[1].figures = figures(50, 250, 220);
        let problems: Vec<Problem> = check_submission(&short, &context)
            .into_iter()
            .map(|error| error.problem)
            .collect();
        assert!(problems.contains(&Problem::SharesDoNotAddUp {
            unit: "Thôn Đồng Bục".to_owned(),
            measure: "hộ / households".to_owned(),
            expected: 160,
            found: 150
        }));
        let mut too_much = second.clone();
        too_much.sources[1].figures = figures(70, 250, 220);
        let problems: Vec<Problem> = check_proposal(&too_much, &context)
            .into_iter()
            .map(|error| error.problem)
            .collect();
        assert!(problems.contains(&Problem::ShareExceedsUnit {
            unit: "Thôn Đồng Bục".to_owned()
        }));
    }

    // Both mergers are on record as drafts; each is submitted and takes effect in turn.
    let mut all = vec![first, second];
    for index in 0..all.len() {
        let mut proposal = all[index].clone();
        let operations = {
            let hierarchy = province.hierarchy();
            let context = ProposalContext {
                hierarchy: &hierarchy,
                figures: &province.figures,
                proposals: &all,
            };
            take_to_effective(&mut proposal, &context, commune_officer());
            plan_application(&proposal, &context, NOW, province_officer().id).unwrap()
        };
        apply_operations(
            &mut province.units,
            &mut province.figures,
            &operations,
            NOW,
            province_officer().id,
        );
        all[index] = proposal;
        let divided = province.unit(4);
        if index == 0 {
            assert!(divided.is_active(), "after the first share, the rest remains");
            assert_eq!(province.figures[&id(4)].households, 60);
        }
    }
    let divided = province.unit(4);
    assert_eq!(
        divided.lifecycle,
        Lifecycle::DividedAmong {
            unit_ids: vec![id(80), id(81)],
            proposal_ids: vec![id(130), id(131)],
            effective: date("2026-12-01")
        }
    );
    assert_eq!(province.figures[&id(80)].households, 162);
    assert_eq!(province.figures[&id(81)].households, 115);
}

#[test]
fn the_other_actions_of_the_procedure() {
    let province = province();
    let hierarchy = province.hierarchy();
    let none = Vec::new();
    let context = ProposalContext {
        hierarchy: &hierarchy,
        figures: &province.figures,
        proposals: &none,
    };
    let effective = |action: Action, sources: &[u128]| {
        let mut proposal = village_merger(&province, 140, sources, 0, "unused");
        proposal.action = action;
        proposal.consultations = passing_consultations(&proposal.involved_units());
        assert_eq!(check_submission(&proposal, &context), vec![]);
        take_to_effective(&mut proposal, &context, commune_officer());
        plan_application(&proposal, &context, NOW, province_officer().id).unwrap()
    };

    let dissolved = effective(Action::Dissolve, &[5]);
    assert_eq!(
        dissolved,
        vec![UnitOperation::SetLifecycle {
            unit_id: id(5),
            lifecycle: Lifecycle::Dissolved {
                proposal_id: id(140),
                effective: date("2026-12-01")
            }
        }]
    );

    let renamed = effective(
        Action::Rename {
            new_name: UnitName::parse("Thôn Bó Củng Mới").unwrap(),
        },
        &[5],
    );
    assert_eq!(
        renamed,
        vec![UnitOperation::Rename {
            unit_id: id(5),
            name: UnitName::parse("Thôn Bó Củng Mới").unwrap()
        }]
    );

    let converted = effective(Action::ConvertToResidentialGroup, &[5]);
    assert_eq!(
        converted,
        vec![UnitOperation::ChangeKind {
            unit_id: id(5),
            kind: UnitKind::ResidentialGroup
        }]
    );

    let mut cluster = village_merger(&province, 141, &[4], 0, "unused");
    cluster.sources[0].part = Part::Share;
    cluster.sources[0].figures = figures(30, 130, 80);
    cluster.action = Action::AttachCluster {
        into_unit_id: id(5),
        into_name: "Thôn Bó Củng".to_owned(),
        into_figures: province.figures[&id(5)],
    };
    cluster.consultations = passing_consultations(&cluster.involved_units());
    assert_eq!(check_submission(&cluster, &context), vec![]);
    take_to_effective(&mut cluster, &context, commune_officer());
    let operations = plan_application(&cluster, &context, NOW, province_officer().id).unwrap();
    assert_eq!(
        operations,
        vec![
            UnitOperation::RecordFigures {
                unit_id: id(4),
                figures: figures(130, 570, 440)
            },
            UnitOperation::RecordFigures {
                unit_id: id(5),
                figures: figures(120, 530, 470)
            },
        ]
    );
}

#[test]
fn three_communes_merging_are_waived_from_the_standard_under_nq653() {
    let province = province();
    let mut proposal = village_merger(&province, 150, &[QUANG_LANG, DONG_MO], 90, "Xã Mới");
    proposal.level = UnitLevel::Commune;
    proposal.procedure = Some(domain::proposal::ProcedureId::Communes);
    proposal.sources.push(domain::proposal::Source {
        unit_id: id(VU_LE),
        name: "Xã Vũ Lễ".to_owned(),
        part: Part::Whole,
        figures: figures(0, 100, 100),
    });
    proposal
        .sources
        .iter_mut()
        .for_each(|source| source.figures.population = 100);
    let small = facts("Xã Mới", UnitKind::Commune);
    let evaluation = evaluate(&proposal, &builtin::nq653_2019(), &small).unwrap().unwrap();
    assert_ne!(evaluation.classification.standing, Standing::Meets);
    assert_eq!(evaluation.waiver, Some(Waiver::ThreeOrMoreUnits));
    assert!(evaluation.acceptable());
    let under_nq76 = evaluate(&proposal, &builtin::nq76_2025(), &small).unwrap().unwrap();
    assert_eq!(
        under_nq76.classification.comparisons[1].standard,
        Area::from_km2(100).square_metres(),
        "NQ 76: 200% of the area"
    );
}
