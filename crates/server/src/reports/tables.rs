//! The report's figures as tables, one per section, with Vietnamese headers:
//! what the CSV writes as blocks and the XLSX as sheets. A table may end with
//! a total row: the sum of each numeric column above it.

use domain::format::date_vi;
use domain::progress::Dashboard;
use domain::wire::ProgressResponse;

/// One cell: text, or a number (kept a number in the spreadsheet).
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    fn count(value: impl Into<f64>) -> Cell {
        Cell::Number(value.into())
    }
}

/// One section of the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The sheet's name (at most 31 characters, as Excel allows).
    pub sheet: &'static str,
    pub title: String,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
    /// A last row "Tổng cộng" sums the numeric columns.
    pub total: bool,
}

impl Table {
    /// The total row's numbers: the sum of each numeric column (text columns
    /// are left empty; the first reads "Tổng cộng").
    pub fn total_row(&self) -> Option<Vec<Cell>> {
        if !self.total || self.rows.is_empty() {
            return None;
        }
        let width = self.header.len();
        let mut row = vec![Cell::text(""); width];
        row[0] = Cell::text("Tổng cộng");
        for (column, cell) in row.iter_mut().enumerate().skip(1) {
            let numbers: Vec<f64> = self
                .rows
                .iter()
                .filter_map(|row| match row.get(column) {
                    Some(Cell::Number(value)) => Some(*value),
                    _ => None,
                })
                .collect();
            if !numbers.is_empty() && numbers.len() == self.rows.len() {
                *cell = Cell::Number(numbers.iter().sum());
            }
        }
        Some(row)
    }
}

fn yes_no(value: Option<bool>) -> Cell {
    Cell::text(match value {
        Some(true) => "Đạt",
        Some(false) => "Chưa đạt",
        None => "Không đo trong ứng dụng",
    })
}

/// The report's sections in order.
pub fn tables(report: &ProgressResponse, year: i32) -> Vec<Table> {
    let board: &Dashboard = &report.dashboard;
    let mut tables = Vec::new();
    tables.push(Table {
        sheet: "Báo cáo",
        title: "Báo cáo tiến độ sắp xếp".to_owned(),
        header: vec!["Đơn vị", "Năm báo cáo", "Số liệu đến ngày"],
        rows: vec![vec![
            Cell::text(&report.name),
            Cell::count(year),
            Cell::text(date_vi(report.on)),
        ]],
        total: false,
    });
    let mut counts = Vec::new();
    for scope in &board.report.scopes {
        for (level, count) in [("Xã", &scope.communes), ("Thôn, tổ dân phố", &scope.villages)] {
            if count.before == 0 && count.after == 0 {
                continue;
            }
            let share = if count.before == 0 {
                0.0
            } else {
                (count.reduction() as f64 * 10_000.0 / f64::from(count.before)).round() / 100.0
            };
            counts.push(vec![
                Cell::text(&scope.name),
                Cell::text(level),
                Cell::count(count.before),
                Cell::count(count.after),
                Cell::count(count.planned),
                Cell::Number(count.reduction() as f64),
                Cell::Number(share),
            ]);
        }
    }
    tables.push(Table {
        sheet: "Số lượng đơn vị",
        title: "I. Số lượng đơn vị trước và sau sắp xếp".to_owned(),
        header: vec![
            "Đơn vị",
            "Cấp",
            "Trước sắp xếp",
            "Hiện nay",
            "Sau các phương án đã duyệt",
            "Giảm",
            "Tỷ lệ giảm (%)",
        ],
        rows: counts,
        total: false,
    });
    if let Some(changes) = &board.year {
        let row = |level: &str, count: &domain::progress::YearCount| {
            vec![
                Cell::text(level),
                Cell::count(count.at_start),
                Cell::count(count.at_end),
                Cell::count(count.merged),
                Cell::count(count.divided),
                Cell::count(count.dissolved),
                Cell::count(count.established),
                Cell::Number(count.reduction() as f64),
            ]
        };
        tables.push(Table {
            sheet: "Trong năm",
            title: format!(
                "II. Kết quả trong năm {} (từ {} đến {})",
                changes.year,
                date_vi(changes.from),
                date_vi(changes.to)
            ),
            header: vec![
                "Cấp",
                "Đầu năm",
                "Cuối kỳ",
                "Sáp nhập",
                "Chia tách",
                "Giải thể",
                "Thành lập mới",
                "Giảm",
            ],
            rows: vec![row("Xã", &changes.communes), row("Thôn, tổ dân phố", &changes.villages)],
            total: true,
        });
    }
    tables.push(Table {
        sheet: "Chưa đạt chuẩn",
        title: "III. Đơn vị chưa đạt tiêu chuẩn, chưa rà soát".to_owned(),
        header: vec!["Cấp", "Chưa đạt tiêu chuẩn", "Dưới ngưỡng phải sắp xếp", "Chưa rà soát"],
        rows: vec![
            vec![
                Cell::text("Xã"),
                Cell::count(board.communes_below_standard),
                Cell::Number(board.report.communes_below_threshold.len() as f64),
                Cell::count(board.communes_unreviewed),
            ],
            vec![
                Cell::text("Thôn, tổ dân phố"),
                Cell::count(board.villages_below_standard),
                Cell::Number(board.report.villages_below_threshold.len() as f64),
                Cell::count(board.villages_unreviewed),
            ],
        ],
        total: true,
    });
    let workers = |level: &str, progress: &domain::progress::WorkerProgress| {
        vec![
            Cell::text(level),
            Cell::Number(progress.recorded_before as f64),
            Cell::Number(progress.recorded_after as f64),
            Cell::Number(progress.limit_after as f64),
            Cell::Number(progress.units_over_limit.len() as f64),
        ]
    };
    tables.push(Table {
        sheet: "Người HĐKCT",
        title: "IV. Người hoạt động không chuyên trách".to_owned(),
        header: vec![
            "Cấp",
            "Trước sắp xếp",
            "Hiện nay",
            "Tối đa theo quy định",
            "Số đơn vị vượt",
        ],
        rows: vec![
            workers("Xã", &board.report.commune_workers),
            workers("Thôn, tổ dân phố", &board.report.village_workers),
        ],
        total: true,
    });
    if let Some(fund) = &board.fund {
        tables.push(Table {
            sheet: "Quỹ phụ cấp",
            title: format!(
                "Quỹ phụ cấp hằng tháng ở thôn, tổ dân phố (mức lương cơ sở {} đồng, {})",
                domain::format::integer_vi(fund.base_salary),
                fund.base_salary_source
            ),
            header: vec!["", "Số thôn, tổ dân phố", "Quỹ hằng tháng (đồng)"],
            rows: vec![
                vec![
                    Cell::text("Trước sắp xếp"),
                    Cell::count(fund.villages_before),
                    Cell::Number(fund.monthly_before as f64),
                ],
                vec![
                    Cell::text("Hiện nay"),
                    Cell::count(fund.villages_after),
                    Cell::Number(fund.monthly_after as f64),
                ],
                vec![
                    Cell::text("Tiết kiệm hằng tháng"),
                    Cell::text(""),
                    Cell::Number(fund.monthly_saving() as f64),
                ],
            ],
            total: false,
        });
    }
    tables.push(Table {
        sheet: "Phương án",
        title: "V. Phương án theo trạng thái".to_owned(),
        header: vec!["Trạng thái", "Số phương án"],
        rows: board
            .by_status
            .iter()
            .map(|count| vec![Cell::text(&count.status.vi), Cell::count(count.count)])
            .collect(),
        total: true,
    });
    tables.push(Table {
        sheet: "Đang xử lý",
        title: "Phương án đang xử lý, chờ lâu nhất trước".to_owned(),
        header: vec!["Phương án", "Trạng thái", "Số ngày chờ"],
        rows: board
            .waiting
            .iter()
            .map(|open| {
                vec![
                    Cell::text(&open.names),
                    Cell::text(&open.status.vi),
                    Cell::Number(open.days as f64),
                ]
            })
            .collect(),
        total: false,
    });
    tables.push(Table {
        sheet: "Mục tiêu",
        title: "VI. Mục tiêu của kế hoạch".to_owned(),
        header: vec![
            "Mục tiêu",
            "Cơ quan chủ trì",
            "Thời hạn",
            "Kết quả",
            "Quá hạn",
            "Ghi chú",
        ],
        rows: board
            .targets
            .iter()
            .map(|status| {
                vec![
                    Cell::text(&status.target.description.vi),
                    Cell::text(&status.target.agency.vi),
                    Cell::text(status.target.deadline.label().vi),
                    yes_no(status.met),
                    Cell::text(if status.overdue { "Quá hạn" } else { "" }),
                    Cell::text(&status.explanation.vi),
                ]
            })
            .collect(),
        total: false,
    });
    tables
}
