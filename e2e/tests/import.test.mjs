// A commune officer's spreadsheet of villages, imported on the tablet: a CSV
// offline (checked row by row, the refusals by row and column, a village
// already there matched by its name without diacritics and updated, a
// duplicate refused), saved as ordinary changes that sync; the same file
// again changes nothing; an Excel .xlsx offline is refused with the reason,
// and online is read by the server and checked the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer } from '../support/server.mjs';
import { createOfficer } from '../support/api.mjs';
import { reportFailure, screenshots, signIn } from '../support/screens.mjs';
import { openBrowser } from '../support/browser.mjs';
import { ApiDevice, village, villageReview } from '../support/records.mjs';

// Xã Hoàng Văn Thụ (06172), one of the 65 units since 1/7/2025.
const COMMUNE = '06172';
const CSV = [
  'STT;Tên thôn;Số hộ;Số nhân khẩu;Diện tích (ha);Người HĐKCT',
  '1;Thôn Bản Chang;210;905;410,5;3',
  '2;na pan;166;700;300;3',
  '3;Thôn Khuổi Cấp;80;;120;2',
  '4;THÔN BẢN CHANG;1;1;1;1',
].join('\r\n');
const XLSX = readFileSync(new URL('../fixtures/thon.xlsx', import.meta.url));

test('villages imported from a spreadsheet: checked, matched, never doubled, and synced', { timeout: 300_000 }, async () => {
  const server = startServer();
  const url = await server.ready;
  const browser = await openBrowser();
  try {
    await createOfficer(url, { username: 'xa.hvt', display_name: 'Hoàng Thị Lan', role: 'commune_officer', jurisdiction: COMMUNE });
    const communeApi = await ApiDevice.signIn(url, 'xa.hvt');
    const communeId = communeApi.officer.jurisdiction.id;
    const naPan = village('Thôn Nà Pàn', 'village', communeId, communeApi.officer.id);
    await communeApi.save('unit', naPan);
    await communeApi.save('village_review', villageReview(naPan.id, 120, communeApi.officer.id));

    const { page, context } = browser;
    await signIn(page, url, 'xa.hvt');
    await page.goto(`${url}/don-vi/${communeId}`);
    await page.getByTestId('unit-row').filter({ hasText: 'Thôn Nà Pàn' }).waitFor();

    // Offline, a CSV saved from Excel (semicolons, a decimal comma).
    await context.setOffline(true);
    await page.getByTestId('import-villages').click();
    await page.getByTestId('import-file').setInputFiles({ name: 'thon.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${CSV}`) });
    await page.getByTestId('import-summary').filter({ hasText: 'Mới 1 · cập nhật số liệu 1 · không thay đổi 0 · bị từ chối 2' }).waitFor();
    assert.equal(await page.getByTestId('map-households').inputValue(), '2', 'the columns are guessed from the headers');
    const problems = await page.getByTestId('import-problem').allInnerTexts();
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems.join('\n'), /Dòng 4, cột «Số nhân khẩu»: /);
    assert.match(problems.join('\n'), /Dòng 5, cột «Tên thôn»: trùng với dòng 2 của tệp\./);
    await page.locator('[data-testid="import-row"][data-line="3"]').filter({ hasText: 'Cập nhật số liệu — khớp theo tên với Thôn Nà Pàn' }).waitFor();
    await screenshots(page, '60-import-preview');
    await page.getByTestId('import-save').filter({ hasText: 'Nhập 2 dòng' }).click();
    await page.getByTestId('flash').filter({ hasText: 'Đã nhập 1 thôn mới và 2 bản số liệu' }).waitFor();
    await page.getByTestId('unit-row').filter({ hasText: 'Thôn Bản Chang' }).waitFor();

    // What waits to be sent, as a spreadsheet made on the tablet, offline.
    await page.goto(`${url}/thiet-bi`);
    const [outbox] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-outbox-csv').click()]);
    const outboxText = readFileSync(await outbox.path(), 'utf8');
    assert.ok(outboxText.startsWith('\ufeffSố thứ tự,Loại bản ghi,Mã bản ghi'), outboxText.slice(0, 80));
    assert.equal(outboxText.trim().split('\r\n').length, 1 + 3, 'one village and two sets of figures wait');
    assert.match(outboxText, /,Chờ gửi,/);
    // Excel needs the server: said so, offline.
    await page.getByTestId('export-outbox-xlsx').click();
    await page.getByTestId('export-outbox-problem').waitFor();
    await page.goto(`${url}/don-vi/${communeId}`);

    // The same file again: nothing new, nothing twice.
    await page.getByTestId('import-villages').click();
    await page.getByTestId('import-file').setInputFiles({ name: 'thon.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByTestId('import-summary').filter({ hasText: 'Mới 0 · cập nhật số liệu 0 · không thay đổi 2 · bị từ chối 2' }).waitFor();
    assert.equal(await page.getByTestId('import-save').isDisabled(), true);

    // An Excel file needs the server: said so, offline.
    await page.getByTestId('import-file').setInputFiles({ name: 'thon.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: XLSX });
    await page.getByTestId('import-error').filter({ hasText: 'cần có mạng' }).waitFor();

    // Online: the imported villages and figures sync, once each.
    await context.setOffline(false);
    await page.getByTestId('sync-now').click();
    await page.getByTestId('sync-summary').filter({ hasText: 'Đã gửi hết' }).waitFor({ timeout: 30_000 });
    await communeApi.pull();
    const values = [...communeApi.seen.values()].map((seen) => seen.value);
    assert.equal(values.filter((value) => value.name === 'Thôn Bản Chang').length, 1, 'Bản Chang once on the server');
    const naPanReviews = values.filter((value) => value.unit_id === naPan.id).map((value) => value.households).sort();
    assert.deepEqual(naPanReviews, [120, 166], 'Nà Pàn keeps its review and gains the imported one');

    // The commune's list as an Excel workbook, written by the server; the proposals as CSV.
    await page.goto(`${url}/don-vi/${communeId}`);
    const [listFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-list-xlsx').click()]);
    assert.match(listFile.suggestedFilename(), /^danh-sach-.*\.xlsx$/);
    assert.equal(readFileSync(await listFile.path()).subarray(0, 2).toString('latin1'), 'PK');
    await page.getByTestId('nav-proposals').click();
    const [proposalsFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-proposals-csv').click()]);
    assert.ok(readFileSync(await proposalsFile.path(), 'utf8').startsWith('\ufeffHành động,Đơn vị,Tên mới,Trạng thái'));
    await page.goto(`${url}/don-vi/${communeId}/nhap`);

    // The workbook, read by the server: the header on row 3 under a title, the rows checked the same way.
    await page.getByTestId('import-file').setInputFiles({ name: 'thon.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: XLSX });
    await page.getByTestId('import-summary').filter({ hasText: 'Mới 0 · cập nhật số liệu 0 · không thay đổi 2 · bị từ chối 1' }).waitFor();
    await page.getByTestId('import-problem').filter({ hasText: 'Dòng 6, cột «Số nhân khẩu»:' }).waitFor();
    await screenshots(page, '61-import-xlsx');
    assert.deepEqual(browser.pageErrors.filter((text) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(text)), [], 'no page errors');
  } catch (error) {
    await reportFailure(browser.page, 'import', server);
    throw error;
  } finally {
    await browser.close();
    await server.stop();
  }
});
