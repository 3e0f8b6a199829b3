// The plan's targets the data does not measure (staff cut, organisation, the
// yearly reports): the province officer sees this year's report to the
// Department overdue, records the agencies' reports offline from the
// dashboard (a bad figure and a missing document refused under their fields,
// in Vietnamese), the dashboard reads them at once, and after sync the
// server's report says the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { api, createOfficer } from '../support/api.mjs';
import { SCREENSHOTS, reportFailure, screenshots, signIn } from '../support/screens.mjs';
import { openBrowser } from '../support/browser.mjs';
import { ApiDevice } from '../support/records.mjs';

test('the agencies’ reports on the plan’s targets are recorded offline and reported by the server', { timeout: 300_000 }, async () => {
  const server = startServer();
  const url = await server.ready;
  const browser = await openBrowser();
  try {
    await createOfficer(url, { username: 'tinh', display_name: 'Vi Văn Minh', role: 'province_officer', jurisdiction: '20' });
    const provinceApi = await ApiDevice.signIn(url, 'tinh');
    const provinceId = provinceApi.officer.jurisdiction.id;
    const { page, context } = browser;
    await signIn(page, url, 'tinh');
    await page.goto(`${url}/tien-do/${provinceId}`);
    const agencyReport = page.getByTestId('plan-target').filter({ hasText: 'Các cơ quan báo cáo kết quả về Sở Nội vụ' });
    // 30/11 has passed this year without a report (the server's clock is today's).
    const year = new Date().getFullYear();
    const lateThisYear = new Date() > new Date(`${year}-11-30T23:59:59+07:00`);
    if (lateThisYear) {
      await agencyReport.filter({ hasText: `Chưa có báo cáo năm ${year}` }).waitFor();
      assert.equal(await agencyReport.getAttribute('data-overdue'), 'true');
    }

    // Offline, from the agencies' reports on paper.
    await context.setOffline(true);
    await page.getByTestId('record-report-staff-reduction').click();
    await page.getByTestId('target-report-form').waitFor();
    assert.equal(await page.getByTestId('target-report-agency').inputValue(), 'Các sở, ban, ngành; UBND các huyện, thành phố');
    await page.getByTestId('target-report-figure').fill('45,5');
    await page.getByTestId('target-report-as-of').fill('31/12/2021');
    await page.getByTestId('target-report-agency').fill('Sở Nội vụ');
    await page.getByTestId('target-report-by').fill('Nguyễn Văn An');
    await page.getByTestId('save').click();
    await page.locator('.form-field.has-error').filter({ hasText: 'Kết quả đạt được: phải là số nguyên' }).waitFor();
    await page.locator('.form-field.has-error').filter({ hasText: 'Văn bản, minh chứng: cần nhập.' }).waitFor();
    await screenshots(page, '70-target-report-refused');
    await page.getByTestId('target-report-figure').fill('2.312');
    await page.getByTestId('target-report-evidence').fill('Báo cáo số 215/BC-SNV ngày 10/01/2022');
    await page.getByTestId('save').click();
    await page.getByTestId('flash').filter({ hasText: 'Đã lưu báo cáo trên máy' }).waitFor();
    const staff = page.getByTestId('plan-target').filter({ hasText: 'Tinh giản biên chế' });
    await staff.getByTestId('target-explanation').filter({ hasText: 'Theo Sở Nội vụ (Nguyễn Văn An), tính đến ngày 31/12/2021: 2.312. Báo cáo số 215/BC-SNV ngày 10/01/2022.' }).waitFor();

    // This year's report to the Department, received: no longer overdue.
    await page.getByTestId('record-report-agency-report').click();
    await page.getByTestId('target-report-agency').fill('Sở Giáo dục và Đào tạo');
    await page.getByTestId('target-report-by').fill('Lương Thị Hoa');
    await page.getByTestId('target-report-evidence').fill(`Báo cáo số 88/BC-SGDĐT năm ${year}`);
    await page.getByTestId('save').click();
    await page.getByTestId('flash').filter({ hasText: 'Đã lưu báo cáo trên máy' }).waitFor();
    await agencyReport.filter({ hasText: `Đã báo cáo năm ${year}` }).waitFor();
    assert.equal(await agencyReport.getAttribute('data-overdue'), 'false');
    await screenshots(page, '71-target-reports-on-dashboard');
    await page.getByTestId('plan-targets').screenshot({ path: `${SCREENSHOTS}71-plan-targets-tablet.png` });

    // Online: sent once, and the server's report reads the same.
    await context.setOffline(false);
    await page.getByTestId('sync-now').click();
    await page.getByTestId('sync-summary').filter({ hasText: 'Đã gửi hết' }).waitFor({ timeout: 30_000 });
    const report = await api(url, 'GET', '/api/v1/reports/progress?unit=20', { token: provinceApi.token });
    const byId = (id) => report.dashboard.targets.find((status) => status.target.id === id);
    assert.match(byId('staff-reduction').explanation.vi, /^Theo Sở Nội vụ \(Nguyễn Văn An\), tính đến ngày 31\/12\/2021: 2\.312\./);
    assert.equal(byId('agency-report').met, true);
    assert.equal(byId('staff-reduction').reports.length, 1, 'saved once');
    assert.deepEqual(browser.pageErrors.filter((text) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(text)), [], 'no page errors');
  } catch (error) {
    await reportFailure(browser.page, 'target-reports', server);
    throw error;
  } finally {
    await browser.close();
    await server.stop();
  }
});
