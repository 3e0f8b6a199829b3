//! The yearly report as it is printed (A4, the layout of a Vietnamese
//! administrative report: the agency and number, the national motto, place
//! and date, title, "Kính gửi", numbered sections with tables and totals,
//! the signature block). Shown only on paper; always in Vietnamese, as the
//! report is filed. Its heading is the domain's (`progress::report_heading`).

use domain::UnitLevel;
use domain::progress::{Dashboard, LevelCount, percent, report_heading};
use leptos::prelude::*;

fn count_cells(count: &LevelCount) -> impl IntoView + use<> {
    let share = percent(count.reduction(), i64::from(count.before), domain::Language::Vi);
    view! {
        <td class="number">{count.before}</td>
        <td class="number">{count.after}</td>
        <td class="number">{count.reduction()}</td>
        <td class="number">{share}</td>
    }
}

/// The printed report of the area.
#[component]
pub fn ProgressReportPrint(
    /// The unit whose area is reported.
    name: String,
    level: UnitLevel,
    /// The year reported.
    year: i32,
    board: Dashboard,
) -> impl IntoView {
    let heading = report_heading(&name, level, year, crate::clock::today());
    let money = |value: u64| domain::format::integer_vi(value);
    let year_rows = board.year.clone().map(|changes| {
        let row = |label: &'static str, count: &domain::progress::YearCount| {
            view! {
                <tr>
                    <td>{label}</td>
                    <td class="number">{count.at_start}</td>
                    <td class="number">{count.at_end}</td>
                    <td class="number">{count.merged}</td>
                    <td class="number">{count.divided}</td>
                    <td class="number">{count.dissolved}</td>
                    <td class="number">{count.established}</td>
                    <td class="number">{count.reduction()}</td>
                </tr>
            }
        };
        let period = format!(
            "Từ ngày {} đến ngày {}",
            domain::format::date_vi(changes.from),
            domain::format::date_vi(changes.to)
        );
        (
            period,
            vec![
                row("Xã, phường", &changes.communes),
                row("Thôn, tổ dân phố", &changes.villages),
            ],
        )
    });
    let fund = board.fund.clone();
    let targets = board.targets.clone();
    let scopes = board.report.scopes.clone();
    let total = scopes.first().cloned();
    let parts: Vec<_> = scopes
        .into_iter()
        .skip(1)
        .filter(|scope| scope.level == UnitLevel::Commune)
        .collect();
    let mut rows = Vec::new();
    for (index, scope) in parts.iter().enumerate() {
        rows.push(view! {
            <tr>
                <td class="number">{index + 1}</td>
                <td>{scope.name.clone()}</td>
                {count_cells(&scope.villages)}
            </tr>
        });
    }
    let proposals: u32 = board.by_status.iter().map(|count| count.count).sum();
    let workers = board.report.village_workers.clone();
    view! {
        <article class="print-report print-only" data-testid="print-report">
            <header class="report-heading">
                <div class="report-agency">
                    <p>{heading.agency}</p>
                    <p><strong>{heading.unit}</strong></p>
                    <p>{heading.number}</p>
                </div>
                <div class="report-nation">
                    <p><strong>"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"</strong></p>
                    <p><strong class="motto">"Độc lập - Tự do - Hạnh phúc"</strong></p>
                    <p><em>{heading.place_date}</em></p>
                </div>
            </header>
            <h1 class="report-title">"BÁO CÁO"<br/>{heading.title}</h1>
            <p class="report-recipient">{heading.recipient}</p>
            <h2>"I. Số thôn, tổ dân phố trước và sau sắp xếp"</h2>
            <table class="report-table">
                <thead>
                    <tr><th>"TT"</th><th>"Đơn vị"</th><th>"Trước sắp xếp"</th><th>"Hiện nay"</th><th>"Giảm"</th><th>"Tỷ lệ giảm"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    {total.map(|total| view! {
                        <tr><td></td><td><strong>"Tổng cộng"</strong></td>{count_cells(&total.villages)}</tr>
                    })}
                </tfoot>
            </table>
            <h2>{format!("II. Kết quả sắp xếp trong năm {year}")}</h2>
            {match year_rows {
                Some((period, rows)) => view! {
                    <p><em>{period}</em></p>
                    <table class="report-table">
                        <thead><tr><th>"Cấp"</th><th>"Đầu năm"</th><th>"Cuối kỳ"</th><th>"Sáp nhập"</th><th>"Chia tách"</th><th>"Giải thể"</th><th>"Thành lập mới"</th><th>"Giảm"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any(),
                None => view! { <p>"Năm này chưa bắt đầu."</p> }.into_any(),
            }}
            <h2>"III. Đơn vị chưa đạt tiêu chuẩn, chưa rà soát"</h2>
            <table class="report-table">
                <thead><tr><th></th><th>"Thôn, tổ dân phố"</th><th>"Xã"</th></tr></thead>
                <tbody>
                    <tr><td>"Chưa đạt tiêu chuẩn"</td><td class="number">{board.villages_below_standard}</td><td class="number">{board.communes_below_standard}</td></tr>
                    <tr><td>"Chưa rà soát"</td><td class="number">{board.villages_unreviewed}</td><td class="number">{board.communes_unreviewed}</td></tr>
                </tbody>
            </table>
            <h2>"IV. Người hoạt động không chuyên trách ở thôn, tổ dân phố"</h2>
            <table class="report-table">
                <thead><tr><th>"Trước sắp xếp"</th><th>"Theo rà soát gần nhất"</th><th>"Tối đa theo quy định"</th><th>"Số thôn vượt"</th></tr></thead>
                <tbody><tr>
                    <td class="number">{workers.recorded_before}</td>
                    <td class="number">{workers.recorded_after}</td>
                    <td class="number">{workers.limit_after}</td>
                    <td class="number">{workers.units_over_limit.len()}</td>
                </tr></tbody>
            </table>
            {fund.map(|fund| view! {
                <p>{format!(
                    "Quỹ phụ cấp hằng tháng (mức lương cơ sở {} đồng, {}): trước sắp xếp {} đồng ({} thôn, tổ dân phố); hiện nay {} đồng ({} thôn, tổ dân phố); tiết kiệm {} đồng/tháng.",
                    money(fund.base_salary),
                    fund.base_salary_source,
                    money(fund.monthly_before),
                    fund.villages_before,
                    money(fund.monthly_after),
                    fund.villages_after,
                    money(fund.monthly_saving().unsigned_abs()),
                )}</p>
            })}
            <h2>"V. Phương án sắp xếp"</h2>
            <table class="report-table">
                <thead><tr><th>"Trạng thái"</th><th>"Số phương án"</th></tr></thead>
                <tbody>
                    {board.by_status.iter().map(|count| view! {
                        <tr><td>{count.status.vi.clone()}</td><td class="number">{count.count}</td></tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr><td><strong>"Tổng cộng"</strong></td><td class="number">{proposals}</td></tr></tfoot>
            </table>
            <h2>"VI. Thực hiện các mục tiêu của kế hoạch"</h2>
            <table class="report-table report-targets">
                <thead><tr><th>"TT"</th><th>"Mục tiêu"</th><th>"Chủ trì"</th><th>"Thời hạn"</th><th>"Kết quả"</th></tr></thead>
                <tbody>
                    {targets.into_iter().enumerate().map(|(index, status)| {
                        let result = match (status.overdue, status.met) {
                            (true, _) => "Quá hạn, chưa đạt",
                            (false, Some(true)) => "Đạt",
                            (false, Some(false)) => "Chưa đạt",
                            (false, None) => "Theo báo cáo",
                        };
                        view! {
                            <tr>
                                <td class="number">{index + 1}</td>
                                <td>{status.target.description.vi.clone()}</td>
                                <td>{status.target.agency.vi.clone()}</td>
                                <td>{status.target.deadline.label().vi}</td>
                                <td><span class="result">{result}</span>{status.explanation.vi.clone()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <footer class="report-footer">
                <div class="report-recipients">
                    <p><strong><em>"Nơi nhận:"</em></strong></p>
                    <p>"- Như trên;"</p>
                    <p>"- Lưu: VT."</p>
                </div>
                <div class="report-signature">
                    <p><strong>{heading.signer_body}</strong></p>
                    <p><strong>{heading.signer}</strong></p>
                    <p><em>"(Ký, ghi rõ họ tên, đóng dấu)"</em></p>
                </div>
            </footer>
        </article>
    }
}
