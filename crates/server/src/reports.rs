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
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(&mut out);
        writer.write_record([
            "Báo cáo tiến độ sắp xếp",
            report.name.as_str(),
            &format!("ngày {}", domain::format::date_vi(report.on)),
        ])?;
        writer.write_record([""])?;
        writer.write_record([
            "Đơn vị",
            "Cấp",
            "Trước sắp xếp",
            "Hiện nay",
            "Sau các phương án đã duyệt",
            "Giảm",
            "Tỷ lệ giảm (%)",
        ])?;
        for scope in &board.report.scopes {
            for (level, count) in [("Xã", &scope.communes), ("Thôn, tổ dân phố", &scope.villages)] {
                if count.before == 0 && count.after == 0 {
                    continue;
                }
                writer.write_record([
                    scope.name.clone(),
                    level.to_owned(),
                    count.before.to_string(),
                    count.after.to_string(),
                    count.planned.to_string(),
                    count.reduction().to_string(),
                    format!("{:.2}", count.reduction_basis_points() as f64 / 100.0),
                ])?;
            }
        }
        writer.write_record([""])?;
        writer.write_record([
            "Chưa đạt tiêu chuẩn",
            "Thôn, tổ dân phố",
            &board.villages_below_standard.to_string(),
        ])?;
        writer.write_record(["Chưa đạt tiêu chuẩn", "Xã", &board.communes_below_standard.to_string()])?;
        writer.write_record([
            "Chưa rà soát",
            "Thôn, tổ dân phố",
            &board.villages_unreviewed.to_string(),
        ])?;
        writer.write_record(["Chưa rà soát", "Xã", &board.communes_unreviewed.to_string()])?;
        writer.write_record([""])?;
        writer.write_record(["Người hoạt động không chuyên trách", "Theo rà soát", "Tối đa"])?;
        let workers = &board.report.village_workers;
        writer.write_record([
            "Thôn, tổ dân phố",
            &workers.recorded_after.to_string(),
            &workers.limit_after.to_string(),
        ])?;
        let workers = &board.report.commune_workers;
        writer.write_record([
            "Xã",
            &workers.recorded_after.to_string(),
            &workers.limit_after.to_string(),
        ])?;
        writer.write_record([""])?;
        writer.write_record(["Phương án theo trạng thái", "Số phương án"])?;
        for count in &board.by_status {
            writer.write_record([count.status.vi.as_str(), &count.count.to_string()])?;
        }
        writer.write_record([""])?;
        writer.write_record(["Phương án đang xử lý", "Trạng thái", "Số ngày chờ"])?;
        for waiting in &board.waiting {
            writer.write_record([
                waiting.names.as_str(),
                waiting.status.vi.as_str(),
                &waiting.days.to_string(),
            ])?;
        }
        writer.flush()?;
    }
    Ok(out)
}
