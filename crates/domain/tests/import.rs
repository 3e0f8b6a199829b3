//! Villages and figures imported from an officer's spreadsheet: good rows,
//! bad rows and duplicates, each with what becomes of it.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod support;

use domain::import::{ColumnMap, ImportContext, ImportRow, MatchedBy, Outcome, parse_csv, plan_import};
use domain::review::{LatestReviews, ReviewRecord, VillageReview};
use domain::{Area, OfficerId, SyncMeta};
use support::*;

const FILE: &str = "\u{feff}Mã,Tên thôn,Loại,Số hộ,Số nhân khẩu,Diện tích (ha),Người HĐKCT,Ngày rà soát\r
,Thôn Khuổi Luông,Thôn,120,510,\"340,5\",3,01/11/2026\r
,na pan,,70,300,310,3,\r
,Thôn Còn Nưa,,55,240,280,3,\r
,Bản Nà Lừa,Bản,45,200,200,\"2,5\",\r
,THÔN KHUỔI LUÔNG,,1,1,1,1,\r
,Thôn Nà Hin,Xóm,10,40,50,1,\r
,Thôn Phai Xả,,-3,100,50,2,32/13/2026\r
,,,,,,,\r
,Thôn Tà Lài,,,,,,\r
,Thôn Lũng Cút,,100,,50,2,\r
";

fn officer_id() -> OfficerId {
    commune_officer().id
}

fn review(unit: u128, households: u32, population: u32, hectares: u64, workers: u32) -> VillageReview {
    VillageReview {
        id: id(unit + 10_000),
        unit_id: id(unit),
        households,
        population,
        area: Area::from_hectares(hectares),
        non_professional_workers: workers,
        ethnic_minority_percent: None,
        special_status: None,
        location: None,
        reviewed_on: date("2026-06-01"),
        reviewer: officer_id(),
        notes: String::new(),
        meta: SyncMeta::created(NOW, officer_id()),
    }
}

fn plan(units: &[domain::Unit], latest: &LatestReviews) -> Vec<ImportRow> {
    let table = parse_csv(FILE);
    let map = ColumnMap::guess(&table.header);
    assert_eq!(map.problem(), None, "every column is recognised from its header");
    let commune = units.iter().find(|unit| unit.id == id(QUANG_LANG)).unwrap();
    let context = ImportContext {
        commune,
        villages: units,
        latest,
        by: officer_id(),
        at: NOW,
        today: date("2026-12-03"),
    };
    let mut next = 50_000u128;
    plan_import(&table, &map, &context, &mut || {
        next += 1;
        id(next)
    })
}

#[test]
fn good_bad_and_duplicate_rows_are_each_said_and_a_second_import_changes_nothing() {
    let province = province();
    // Còn Nưa was reviewed already with the figures the file has.
    let latest = LatestReviews::from_reviews([ReviewRecord::Village(review(2, 55, 240, 280, 3))]);
    let rows = plan(&province.units, &latest);
    let at = |line: usize| rows.iter().find(|row| row.line == line).unwrap();

    // Row 2: a new village, with its first review as written.
    let Outcome::New { unit, review } = &at(2).outcome else {
        panic!("row 2: {:?}", at(2).outcome)
    };
    assert_eq!(unit.name.as_str(), "Thôn Khuổi Luông");
    assert_eq!(unit.parent_id, Some(id(QUANG_LANG)));
    let review = review.as_ref().unwrap();
    assert_eq!((review.households, review.population), (120, 510));
    assert_eq!(review.area, Area::parse_hectares("340,5").unwrap());
    assert_eq!(review.reviewed_on, date("2026-11-01"));
    assert_eq!(review.unit_id, unit.id);
    // Row 3: "na pan" is Quang Lang's Thôn Nà Pàn, without diacritics or kind: new figures.
    match &at(3).outcome {
        Outcome::Update {
            unit_id,
            existing_name,
            matched_by,
            review,
        } => {
            assert_eq!((*unit_id, existing_name.as_str()), (id(1), "Thôn Nà Pàn"));
            assert_eq!(*matched_by, MatchedBy::Name);
            assert_eq!(review.households, 70);
            assert_eq!(review.reviewed_on, date("2026-12-03"), "no date: today");
        }
        other => panic!("row 3: {other:?}"),
    }
    // Row 4: Còn Nưa with the figures it has: nothing to do, and no second review.
    assert!(matches!(&at(4).outcome, Outcome::Unchanged { unit_id, .. } if *unit_id == id(2)));
    // Row 5: "2,5" workers: a whole number is wanted, said under the file's own header.
    let messages = at(5).messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].starts_with("Dòng 5, cột «Người HĐKCT»: "), "{messages:?}");
    // Row 6: Khuổi Luông again (in capitals): refused as the duplicate of row 2.
    assert_eq!(
        at(6).messages(),
        vec!["Dòng 6, cột «Tên thôn»: trùng với dòng 2 của tệp.".to_owned()]
    );
    // Row 7: "Xóm" is not a kind of village.
    assert!(at(7).messages()[0].starts_with("Dòng 7, cột «Loại»: «Xóm» không phải loại thôn"));
    // Row 8: two problems at once, each under its column.
    let messages = at(8).messages();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|message| message.starts_with("Dòng 8, cột «Số hộ»:")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|message| message.starts_with("Dòng 8, cột «Ngày rà soát»:")),
        "{messages:?}"
    );
    assert_eq!(at(9).outcome, Outcome::Blank);
    // Row 10: a name alone: a new village without figures.
    assert!(matches!(&at(10).outcome, Outcome::New { unit, review: None } if unit.name.as_str() == "Thôn Tà Lài"));
    // Row 11: figures given but the population left blank.
    assert!(
        at(11).messages()[0].starts_with("Dòng 11, cột «Số nhân khẩu»:"),
        "{:?}",
        at(11).messages()
    );

    // The good rows applied, the same file again: nothing new, nothing twice.
    let mut units = province.units.clone();
    let mut latest = latest;
    for row in &rows {
        match &row.outcome {
            Outcome::New { unit, review } => {
                units.push(unit.clone());
                if let Some(review) = review {
                    latest.add(ReviewRecord::Village(review.clone()));
                }
            }
            Outcome::Update { review, .. } => latest.add(ReviewRecord::Village(review.clone())),
            _ => {}
        }
    }
    let again = plan(&units, &latest);
    let new_or_updated: Vec<usize> = again
        .iter()
        .filter(|row| matches!(row.outcome, Outcome::New { .. } | Outcome::Update { .. }))
        .map(|row| row.line)
        .collect();
    assert_eq!(
        new_or_updated,
        Vec::<usize>::new(),
        "a second import is all 'no change'"
    );
    assert!(matches!(
        &again[0].outcome,
        Outcome::Unchanged {
            matched_by: MatchedBy::Name,
            ..
        }
    ));
}
