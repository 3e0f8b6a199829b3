//! Reports on the province's data: the progress of a unit's area by
//! `domain::progress::dashboard` (the function the device runs on its own
//! data), and the same figures as CSV for a spreadsheet. Knows no HTTP.

use crate::db::{Database, DbError};
use crate::unit_views;
use domain::progress::{Dashboard, dashboard, unit_status};
use domain::proposal::Proposal;
use domain::review::LatestReviews;
use domain::rules::{RuleSelection, WorkerLimits};
use domain::sync::RecordType;
use domain::wire::{ProgressResponse, UnitSummary};
use domain::{Hierarchy, NaiveDate, Unit, UnitLevel};
use std::collections::HashMap;
use uuid::Uuid;

/// The progress of `scope`'s area on `today`.
pub async fn progress(database: &Database, scope: &UnitSummary, today: NaiveDate) -> Result<ProgressResponse, DbError> {
    // The scope and every unit under it, ended ones too (they count "before").
    let mut inside = vec![scope.id];
    let mut parents = vec![scope.id];
    while let Some(parent) = parents.pop() {
        for child in database.unit_children(parent, true).await? {
            if child.kind.level() != UnitLevel::Village {
                parents.push(child.id);
            }
            inside.push(child.id);
        }
    }
    let mut wanted = inside.clone();
    wanted.extend(database.ancestors(scope.id).await?);
    let units: Vec<Unit> = database
        .unit_records(&wanted)
        .await?
        .iter()
        .filter_map(|row| serde_json::from_str::<Unit>(&row.body).ok())
        .collect();
    let latest = LatestReviews::from_reviews(
        database
            .reviews_of(&inside)
            .await?
            .iter()
            .filter_map(crate::sync::procedure::review_of),
    );
    let book = unit_views::rule_book(database).await?;
    let by_id: HashMap<Uuid, &Unit> = units.iter().map(|unit| (unit.id, unit)).collect();
    let statuses: HashMap<Uuid, domain::progress::UnitStatus> = units
        .iter()
        .map(|unit| {
            let review = latest.get(unit.id);
            let parent = unit.parent_id.and_then(|id| by_id.get(&id).copied());
            let standing = review
                .and_then(|review| unit_views::standing_of(&book, unit, parent, review))
                .map(|standing| standing.standing);
            (unit.id, unit_status(standing, review))
        })
        .collect();
    let proposals: Vec<Proposal> = database
        .anchored_at(&[RecordType::Proposal], &inside)
        .await?
        .iter()
        .filter_map(|row| serde_json::from_str(&row.body).ok())
        .collect();
    let limits = book
        .select_or_latest(UnitLevel::Village, today, &RuleSelection::default())
        .map(|(set, _)| set.worker_limits().clone())
        .unwrap_or(WorkerLimits {
            per_village: 0,
            per_commune_category_i: 0,
            per_commune_category_ii: 0,
            per_commune_category_iii: 0,
        });
    let board = match Hierarchy::of_rooted(&units) {
        Ok(hierarchy) => dashboard(scope.id, &hierarchy, &statuses, &proposals, &limits, today),
        Err(error) => {
            return Err(DbError::Corrupt(format!(
                "the units under {} form no tree: {error}",
                scope.id
            )));
        }
    };
    Ok(ProgressResponse {
        unit_id: scope.id,
        name: scope.name.clone(),
        on: today,
        dashboard: board,
    })
}

/// The figures as CSV, UTF-8 with a byte-order mark (so that Excel reads
/// Vietnamese right), Vietnamese headers, numbers as numbers; one block per
/// section, a blank line between.
pub fn progress_csv(report: &ProgressResponse) -> Result<Vec<u8>, csv::Error> {
    let board: &Dashboard = &report.dashboard;
    let text = |value: &str| value.to_owned();
    let mut blocks: Vec<Vec<Vec<String>>> = Vec::new();
    blocks.push(vec![vec![
        text("Báo cáo tiến độ sắp xếp"),
        report.name.clone(),
        format!("ngày {}", domain::format::date_vi(report.on)),
    ]]);
    let mut counts = vec![
        [
            "Đơn vị",
            "Cấp",
            "Trước sắp xếp",
            "Hiện nay",
            "Sau các phương án đã duyệt",
            "Giảm",
            "Tỷ lệ giảm (%)",
        ]
        .map(text)
        .to_vec(),
    ];
    for scope in &board.report.scopes {
        for (level, count) in [("Xã", &scope.communes), ("Thôn, tổ dân phố", &scope.villages)] {
            if count.before == 0 && count.after == 0 {
                continue;
            }
            let share = if count.before == 0 {
                0.0
            } else {
                count.reduction() as f64 * 100.0 / f64::from(count.before)
            };
            counts.push(vec![
                scope.name.clone(),
                text(level),
                count.before.to_string(),
                count.after.to_string(),
                count.planned.to_string(),
                count.reduction().to_string(),
                format!("{share:.2}"),
            ]);
        }
    }
    blocks.push(counts);
    blocks.push(vec![
        vec![
            text("Chưa đạt tiêu chuẩn"),
            text("Thôn, tổ dân phố"),
            board.villages_below_standard.to_string(),
        ],
        vec![
            text("Chưa đạt tiêu chuẩn"),
            text("Xã"),
            board.communes_below_standard.to_string(),
        ],
        vec![
            text("Chưa rà soát"),
            text("Thôn, tổ dân phố"),
            board.villages_unreviewed.to_string(),
        ],
        vec![text("Chưa rà soát"), text("Xã"), board.communes_unreviewed.to_string()],
    ]);
    let (villages, communes) = (&board.report.village_workers, &board.report.commune_workers);
    blocks.push(vec![
        vec![
            text("Người hoạt động không chuyên trách"),
            text("Theo rà soát"),
            text("Tối đa"),
        ],
        vec![
            text("Thôn, tổ dân phố"),
            villages.recorded_after.to_string(),
            villages.limit_after.to_string(),
        ],
        vec![
            text("Xã"),
            communes.recorded_after.to_string(),
            communes.limit_after.to_string(),
        ],
    ]);
    let mut statuses = vec![vec![text("Phương án theo trạng thái"), text("Số phương án")]];
    statuses.extend(
        board
            .by_status
            .iter()
            .map(|count| vec![count.status.vi.clone(), count.count.to_string()]),
    );
    blocks.push(statuses);
    let mut waiting = vec![vec![
        text("Phương án đang xử lý"),
        text("Trạng thái"),
        text("Số ngày chờ"),
    ]];
    waiting.extend(
        board
            .waiting
            .iter()
            .map(|open| vec![open.names.clone(), open.status.vi.clone(), open.days.to_string()]),
    );
    blocks.push(waiting);

    let mut out = Vec::from("\u{feff}".as_bytes());
    for (index, block) in blocks.iter().enumerate() {
        if index > 0 {
            out.extend_from_slice(b"\n");
        }
        let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(&mut out);
        for row in block {
            writer.write_record(row)?;
        }
        writer.flush()?;
    }
    Ok(out)
}
