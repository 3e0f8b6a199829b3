//! The progress report of an area, from the server: the dashboard's figures
//! computed on the province's data (the same domain function the tablet runs
//! on its own), as JSON and as CSV for Excel.

use crate::helpers::{Backend, spawn_app};
use crate::procedure_support::*;
use domain::sync::RecordType;
use domain::{Role, UnitKind};

/// A cell as a second reader (calamine, not the writer) sees it.
#[derive(Debug, PartialEq)]
enum Value {
    Text(String),
    Number(f64),
    Empty,
}

/// Every sheet of a workbook, in order, as rows of cells from A1.
fn read_xlsx(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<Value>>)> {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let names = workbook.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|row| {
                    row.iter()
                        .map(|cell| match cell {
                            Data::String(text) => Value::Text(text.clone()),
                            Data::Float(value) => Value::Number(*value),
                            Data::Int(value) => Value::Number(*value as f64),
                            Data::Empty => Value::Empty,
                            other => Value::Text(other.to_string()),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}

crate::on_both_backends!(reports:
    a_communes_progress_counts_its_villages_and_opens_in_excel,
    a_workbook_is_read_into_rows_with_excels_row_numbers,
    a_list_is_written_as_a_workbook,
    the_agencies_reports_on_the_plans_targets_are_checked_pulled_and_reported,
);

/// Xã Hoàng Văn Thụ (06172) and Phường Kỳ Lừa (06187), two of the 65 units.
const COMMUNE: &str = "06172";
const OTHER: &str = "06187";

pub async fn a_communes_progress_counts_its_villages_and_opens_in_excel(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut tablet = Tablet::new(&app, "can.bo.xa", Role::CommuneOfficer, COMMUNE).await;
    let by = tablet.officer();
    let commune = app.get_json(&format!("/api/v1/units/{COMMUNE}"), 200).await;
    let commune: uuid::Uuid = commune["id"].as_str().unwrap().parse().unwrap();
    for (name, households) in [("Thôn Nà Pàn", 40), ("Thôn Còn Nưa", 160), ("Thôn Bó Củng", 0)] {
        let village = new_unit(name, UnitKind::Village, commune, by);
        tablet.save_ok(&app, RecordType::Unit, village.id, &village).await;
        if households > 0 {
            let review = village_review(village.id, households, households * 4, 30, date("2026-10-01"), by);
            tablet
                .save_ok(&app, RecordType::VillageReview, review.id, &review)
                .await;
        }
    }
    let token = tablet.device.token.clone();

    let response = app
        .get_as(&token, &format!("/api/v1/reports/progress?unit={COMMUNE}"))
        .await;
    assert_eq!(response.status(), 200);
    let report: serde_json::Value = response.json().await.unwrap();
    assert_eq!(report["name"], "Xã Hoàng Văn Thụ");
    let board = &report["dashboard"];
    let villages = &board["report"]["scopes"][0]["villages"];
    assert_eq!(
        (villages["before"].as_u64(), villages["after"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(board["villages_below_standard"], 1, "Nà Pàn: 40 households");
    assert_eq!(board["villages_unreviewed"], 1, "Bó Củng has no review");
    assert_eq!(
        board["report"]["village_workers"]["recorded_after"], 6,
        "two reviews of 3 workers"
    );

    let response = app
        .get_as(&token, &format!("/api/v1/reports/progress?unit={COMMUNE}&format=csv"))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "a byte-order mark for Excel");
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(
        text.contains("Xã Hoàng Văn Thụ,\"Thôn, tổ dân phố\",3,3,3,0,0\n"),
        "{text}"
    );
    assert!(
        text.contains("Cấp,Chưa đạt tiêu chuẩn,Dưới ngưỡng phải sắp xếp,Chưa rà soát\nXã,0,0,1\n\"Thôn, tổ dân phố\",1,0,1\nTổng cộng,1,0,2\n"),
        "{text}"
    );
    assert!(
        text.contains("\n\n\"III. Đơn vị chưa đạt tiêu chuẩn"),
        "a blank line before each block: {text}"
    );
    assert!(!text.contains("\"\""), "no empty cell stands for a blank line: {text}");

    // The same figures in Excel, read back by calamine (not the writer).
    let response = app
        .get_as(
            &token,
            &format!("/api/v1/reports/progress?unit={COMMUNE}&format=xlsx&year=2026"),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = response.bytes().await.unwrap().to_vec();
    let sheets = read_xlsx(bytes);
    let names: Vec<&str> = sheets.iter().map(|(name, _)| name.as_str()).collect();
    assert!(
        names.starts_with(&[
            "Báo cáo",
            "Số lượng đơn vị",
            "Trong năm",
            "Chưa đạt chuẩn",
            "Người HĐKCT"
        ]),
        "{names:?}"
    );
    let sheet = |name: &str| &sheets.iter().find(|(found, _)| found == name).unwrap().1;
    let counts = sheet("Số lượng đơn vị");
    assert_eq!(counts[1][2], Value::Text("Trước sắp xếp".to_owned()));
    let village_row = counts
        .iter()
        .find(|row| row[1] == Value::Text("Thôn, tổ dân phố".to_owned()))
        .unwrap();
    assert_eq!(
        village_row[2..4],
        [
            Value::Number(villages["before"].as_f64().unwrap()),
            Value::Number(villages["after"].as_f64().unwrap())
        ],
        "numbers as numbers, the JSON's figures"
    );
    let below = sheet("Chưa đạt chuẩn");
    assert_eq!(
        below[3][1],
        Value::Number(board["villages_below_standard"].as_f64().unwrap())
    );
    assert_eq!(
        below[3][3],
        Value::Number(board["villages_unreviewed"].as_f64().unwrap())
    );
    assert_eq!(below[4][0], Value::Text("Tổng cộng".to_owned()));
    assert_eq!(below[4][1], Value::Number(1.0), "the total adds the rows up");
    assert_eq!(
        below[4][3],
        Value::Number(2.0),
        "Bó Củng and the commune itself are not reviewed"
    );
    let year = sheet("Trong năm");
    assert!(matches!(&year[0][0], Value::Text(title) if title.contains("năm 2026")));
    assert_eq!(
        year[3][2],
        Value::Number(board["year"]["villages"]["at_end"].as_f64().unwrap())
    );
    let workers = sheet("Người HĐKCT");
    assert_eq!(
        workers[3][2],
        Value::Number(board["report"]["village_workers"]["recorded_after"].as_f64().unwrap())
    );
    let fund = sheet("Quỹ phụ cấp");
    assert_eq!(
        fund[3][2],
        Value::Number(board["fund"]["monthly_after"].as_f64().unwrap()),
        "the allowance fund now"
    );
    assert_eq!(board["fund"]["villages_after"], 2, "the two reviewed villages");
    let old_year = app
        .get_as(&token, &format!("/api/v1/reports/progress?unit={COMMUNE}&year=2017"))
        .await;
    assert_eq!(old_year.status(), 400);
    let refusal: serde_json::Value = old_year.json().await.unwrap();
    assert!(
        refusal["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Năm báo cáo phải từ 2018"),
        "{refusal}"
    );
    let year_2025: serde_json::Value = app
        .get_as(&token, &format!("/api/v1/reports/progress?unit={COMMUNE}&year=2025"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        year_2025["dashboard"]["year"]["communes"]["established"], 1,
        "the commune was established by the reform on 1/7/2025"
    );

    // The province's report holds the commune and its villages.
    app.create_officer("can.bo.tinh", Role::ProvinceOfficer, "20").await;
    let province = app.sign_in("can.bo.tinh", crate::helpers::PASSWORD).await;
    let response = app.get_as(&province, "/api/v1/reports/progress?unit=20").await;
    assert_eq!(response.status(), 200);
    let report: serde_json::Value = response.json().await.unwrap();
    let scopes = report["dashboard"]["report"]["scopes"].as_array().unwrap();
    let row = scopes
        .iter()
        .find(|scope| scope["unit_id"] == commune.to_string())
        .expect("the commune is a row of the province's report");
    assert_eq!(row["villages"]["after"], 3);
    assert!(
        scopes[0]["villages"]["after"].as_u64().unwrap() >= 3,
        "the province counts the villages of its communes"
    );
    assert_eq!(report["dashboard"]["villages_below_standard"], 1);

    // Another commune's figures are not this officer's; nobody's without a session.
    let response = app
        .get_as(&token, &format!("/api/v1/reports/progress?unit={OTHER}"))
        .await;
    assert_eq!(response.status(), 403);
    let response = app.get(&format!("/api/v1/reports/progress?unit={COMMUNE}")).await;
    assert_eq!(response.status(), 401);
    let response = app
        .get_as(&token, &format!("/api/v1/reports/progress?unit={COMMUNE}&format=pdf"))
        .await;
    assert_eq!(response.status(), 400, "an unknown format is named, not a 500");
}

/// An officer's workbook, as Excel writes it: a title row, the header on row
/// 3, numbers as numbers, a date as a date. The server gives its rows back as
/// the officer sees them; the device checks them (`domain::import`).
pub async fn a_workbook_is_read_into_rows_with_excels_row_numbers(backend: Backend) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let app = spawn_app(backend).await;
    let tablet = Tablet::new(&app, "can.bo.xa", Role::CommuneOfficer, COMMUNE).await;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "DANH SÁCH THÔN XÃ HOÀNG VĂN THỤ").unwrap();
    for (column, header) in [
        "Tên thôn",
        "Số hộ",
        "Số nhân khẩu",
        "Diện tích (ha)",
        "Người HĐKCT",
        "Ngày rà soát",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(2, column as u16, *header).unwrap();
    }
    sheet.write_string(3, 0, "Thôn Nà Pàn").unwrap();
    sheet.write_number(3, 1, 120.0).unwrap();
    sheet.write_number(3, 2, 510.0).unwrap();
    sheet.write_number(3, 3, 340.5).unwrap();
    sheet.write_number(3, 4, 3.0).unwrap();
    let date = ExcelDateTime::from_ymd(2026, 11, 1).unwrap();
    sheet
        .write_datetime_with_format(3, 5, &date, &Format::new().set_num_format("dd/mm/yyyy"))
        .unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let token = tablet.device.token.clone();
    let response = app
        .client
        .post(app.url("/api/v1/sheets/rows"))
        .bearer_auth(&token)
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let table: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        table["header_line"], 3,
        "the title rows above the header are passed over"
    );
    assert_eq!(table["header"][0], "Tên thôn");
    assert_eq!(
        table["rows"][0],
        serde_json::json!(["Thôn Nà Pàn", "120", "510", "340.5", "3", "01/11/2026"])
    );
    let response = app
        .client
        .post(app.url("/api/v1/sheets/rows"))
        .bearer_auth(&token)
        .body("Tên thôn,Số hộ\nThôn Nà Pàn,120\n")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400, "a CSV is no workbook");
    let refusal: serde_json::Value = response.json().await.unwrap();
    assert!(
        refusal["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Tệp không phải bảng tính Excel (.xlsx)"),
        "{refusal}"
    );
}

/// A list the device made, written by the server as a workbook: numbers stay
/// numbers, a code with its leading zero stays text, Vietnamese as it was.
pub async fn a_list_is_written_as_a_workbook(backend: Backend) {
    let app = spawn_app(backend).await;
    let tablet = Tablet::new(&app, "can.bo.xa", Role::CommuneOfficer, COMMUNE).await;
    let list = serde_json::json!({
        "title": "Danh sách đơn vị",
        "header": ["Mã", "Tên", "Số hộ", "Diện tích (ha)"],
        "rows": [["06172", "Thôn Nà Pàn, Khuổi", "62", "310.50"], ["", "Bản Chắt", "", ""]],
    });
    let response = app
        .client
        .post(app.url("/api/v1/sheets/workbook"))
        .bearer_auth(&tablet.device.token)
        .json(&list)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let sheets = read_xlsx(response.bytes().await.unwrap().to_vec());
    assert_eq!(sheets[0].0, "Danh sách đơn vị");
    let rows = &sheets[0].1;
    assert_eq!(rows[0][1], Value::Text("Tên".to_owned()));
    assert_eq!(
        rows[1][0],
        Value::Text("06172".to_owned()),
        "a code keeps its leading zero"
    );
    assert_eq!(rows[1][1], Value::Text("Thôn Nà Pàn, Khuổi".to_owned()));
    assert_eq!(rows[1][2], Value::Number(62.0));
    assert_eq!(rows[1][3], Value::Number(310.5));
    assert_eq!(rows[2][2], Value::Empty);
}

pub async fn the_agencies_reports_on_the_plans_targets_are_checked_pulled_and_reported(backend: Backend) {
    use domain::progress::TargetReport;
    use domain::sync::protocol::Outcome;
    let app = spawn_app(backend).await;
    let mut province = Tablet::new(&app, "can.bo.tinh", Role::ProvinceOfficer, "20").await;
    let mut commune_officer = Tablet::new(&app, "can.bo.xa", Role::CommuneOfficer, COMMUNE).await;
    let report = TargetReport {
        id: uuid::Uuid::now_v7(),
        target_id: "staff-reduction".to_owned(),
        figure: Some(2_312),
        as_of: date("2021-12-31"),
        agency: "Sở Nội vụ".to_owned(),
        reported_by: "Nguyễn Văn An".to_owned(),
        evidence: "Báo cáo số 215/BC-SNV ngày 10/01/2022".to_owned(),
        notes: String::new(),
        meta: domain::SyncMeta::created(domain::Timestamp(0), province.officer()),
    };

    // The province records what the agencies report; a commune officer does not.
    let outcome = commune_officer
        .save(&app, RecordType::TargetReport, report.id, &report)
        .await;
    assert!(matches!(outcome, Outcome::Refused { .. }), "{outcome:?}");
    // A report on a target the data measures, without its document: refused, in Vietnamese.
    let wrong = TargetReport {
        id: uuid::Uuid::now_v7(),
        target_id: "villages-below-standard".to_owned(),
        evidence: String::new(),
        ..report.clone()
    };
    let Outcome::Refused { reason, .. } = province.save(&app, RecordType::TargetReport, wrong.id, &wrong).await else {
        panic!("a report on a measured target was accepted")
    };
    assert!(
        reason.contains("Chỉ tiêu: chỉ tiêu này được tính từ số liệu"),
        "{reason}"
    );
    assert!(reason.contains("Văn bản, minh chứng: cần nhập."), "{reason}");
    province
        .save_ok(&app, RecordType::TargetReport, report.id, &report)
        .await;

    // Every device pulls it, as it pulls the rule sets.
    let pulled = commune_officer.pull(&app).await;
    assert!(
        pulled
            .iter()
            .any(|record| record.record_type == RecordType::TargetReport && record.id == report.id),
        "the commune's tablet has the report"
    );

    // The province's report says where the target stands, from the agency's figure.
    let token = province.device.token.clone();
    let response = app.get_as(&token, "/api/v1/reports/progress?unit=20").await;
    assert_eq!(response.status(), 200);
    let answer: serde_json::Value = response.json().await.unwrap();
    let staff = answer["dashboard"]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|status| status["target"]["id"] == "staff-reduction")
        .unwrap()
        .clone();
    assert_eq!(
        staff["explanation"]["vi"],
        "Theo Sở Nội vụ (Nguyễn Văn An), tính đến ngày 31/12/2021: 2.312. Báo cáo số 215/BC-SNV ngày 10/01/2022."
    );
    assert_eq!(staff["reports"].as_array().map(Vec::len), Some(1));
    let response = app.get_as(&token, "/api/v1/reports/progress?unit=20&format=csv").await;
    let text = response.text().await.unwrap();
    assert!(
        text.contains("tính đến ngày 31/12/2021: 2.312"),
        "the CSV carries it too"
    );
}
