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
    board: Dashboard,
) -> impl IntoView {
    let heading = report_heading(&name, level, crate::clock::today());
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
            <h2>"II. Đơn vị chưa đạt tiêu chuẩn, chưa rà soát"</h2>
            <table class="report-table">
                <thead><tr><th></th><th>"Thôn, tổ dân phố"</th><th>"Xã"</th></tr></thead>
                <tbody>
                    <tr><td>"Chưa đạt tiêu chuẩn"</td><td class="number">{board.villages_below_standard}</td><td class="number">{board.communes_below_standard}</td></tr>
                    <tr><td>"Chưa rà soát"</td><td class="number">{board.villages_unreviewed}</td><td class="number">{board.communes_unreviewed}</td></tr>
                </tbody>
            </table>
            <h2>"III. Người hoạt động không chuyên trách ở thôn, tổ dân phố"</h2>
            <table class="report-table">
                <thead><tr><th>"Theo rà soát gần nhất"</th><th>"Tối đa theo quy định"</th></tr></thead>
                <tbody><tr><td class="number">{workers.recorded_after}</td><td class="number">{workers.limit_after}</td></tr></tbody>
            </table>
            <h2>"IV. Phương án sắp xếp"</h2>
            <table class="report-table">
                <thead><tr><th>"Trạng thái"</th><th>"Số phương án"</th></tr></thead>
                <tbody>
                    {board.by_status.iter().map(|count| view! {
                        <tr><td>{count.status.vi.clone()}</td><td class="number">{count.count}</td></tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr><td><strong>"Tổng cộng"</strong></td><td class="number">{proposals}</td></tr></tfoot>
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
