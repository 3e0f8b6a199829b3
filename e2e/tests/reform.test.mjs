// A server that ran before the 2025 reform, started again today: it carries
// the reform out at start. The province officer finds the 65 communes and
// wards, the districts ended, and "Chờ phân về xã mới" with the village of a
// divided commune, which they place under one of its receivers; the officer
// of the divided commune is told at sign-in why the account waits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { createOfficer } from '../support/api.mjs';
import { SIZES, reportFailure, fillSignIn, screenshots } from '../support/screens.mjs';
import { openBrowser } from '../support/browser.mjs';
import { ApiDevice, village } from '../support/records.mjs';

// Xã Bính Xá (06622), divided between Xã Đình Lập and Xã Kiên Mộc.
const DIVIDED = '06622';


test('a server of June 2025 started today carries the reform out, and the province places the waiting villages', { timeout: 300_000 }, async () => {
  // June 2025: the 2024 tree; Bính Xá's officer records a village.
  let server = startServer({ SAPXEP_CLOCK_START: '2025-06-15' });
  const url = await server.ready;
  const browser = await openBrowser();
  try {
    await createOfficer(url, { username: 'xa.binh.xa', display_name: 'Lộc Văn Sáng', role: 'commune_officer', jurisdiction: DIVIDED });
    await createOfficer(url, { username: 'tinh', display_name: 'Vi Văn Minh', role: 'province_officer', jurisdiction: '20' });
    const communeApi = await ApiDevice.signIn(url, 'xa.binh.xa');
    await communeApi.save('unit', village('Thôn Khe Mò', 'village', communeApi.officer.jurisdiction.id, communeApi.officer.id));

    // Today: the same data, the server's own clock.
    await server.stop({ keepData: true });
    server = startServer({ SAPXEP_ADDR: new URL(url).host }, { dataDir: server.dataDir });
    assert.equal(await server.ready, url, 'the same origin');
    assert.match(server.output(), /reform lang_son_2025: carried out/);
    assert.match(server.output(), /accounts: 0 moved with their commune, 1 waiting to be reassigned/);

    // Bính Xá's officer is told why at sign-in.
    const { page } = browser;
    await page.setViewportSize(SIZES.tablet);
    await fillSignIn(page, url, 'xa.binh.xa');
    await page
      .getByRole('alert')
      .filter({ hasText: 'Tài khoản đang chờ phân công lại: Xã Bính Xá đã được chia về Xã Đình Lập, Xã Kiên Mộc từ ngày 01/07/2025.' })
      .waitFor();
    await screenshots(page, '40-sign-in-awaiting-reassignment');

    // The province officer: today's communes and wards, the districts ended.
    await fillSignIn(page, url, 'tinh');
    await page.getByTestId('sync-summary').filter({ hasText: 'đồng bộ lúc' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('unit-title').filter({ hasText: 'Tỉnh Lạng Sơn' }).waitFor();
    const rows = page.getByTestId('unit-row');
    await page.getByTestId('list-count').filter({ hasText: /^65 \// }).waitFor();
    await page.getByTestId('show-ended').check();
    await page.getByTestId('unit-search').fill('huyen dinh lap');
    await rows.filter({ hasText: 'Huyện Đình Lập' }).getByTestId('ended').filter({ hasText: 'Kết thúc hoạt động từ 01/07/2025' }).waitFor();
    await rows.filter({ hasText: 'Huyện Đình Lập' }).click();
    // Every commune of the former district ended: they show with the ended units.
    await page.getByTestId('list-count').filter({ hasText: /^0 \// }).waitFor();
    await page.getByTestId('show-ended').check();
    await rows.filter({ hasText: 'Xã Bính Xá' }).getByTestId('ended').filter({ hasText: 'Đã chia về Xã Đình Lập, Xã Kiên Mộc từ 01/07/2025' }).waitFor();
    await screenshots(page, '41-before-the-reform');

    // "Chờ phân về xã mới": the village goes to Kiên Mộc.
    await page.getByTestId('nav-home').click();
    await page.getByTestId('awaiting-link').click();
    const commune = page.getByTestId('awaiting-commune').filter({ hasText: 'Xã Bính Xá (đã chia về Xã Đình Lập, Xã Kiên Mộc)' });
    await commune.waitFor();
    const waiting = commune.getByTestId('awaiting-village').filter({ hasText: 'Thôn Khe Mò' });
    await screenshots(page, '42-awaiting-assignment');
    await waiting.getByTestId('awaiting-receiver').selectOption({ label: 'Xã Kiên Mộc' });
    await waiting.getByTestId('awaiting-place').click();
    await page.getByTestId('awaiting-message').filter({ hasText: 'Đã phân Thôn Khe Mò về Xã Kiên Mộc.' }).waitFor();
    await page.getByTestId('awaiting-nothing').waitFor();

    // The province's tablet learns it by sync.
    await page.getByTestId('sync-now').click();
    await page.getByTestId('sync-summary').filter({ hasText: 'Đã gửi hết' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('nav-home').click();
    await page.getByTestId('unit-search').fill('kien moc');
    await rows.filter({ hasText: 'Xã Kiên Mộc' }).filter({ hasText: '1 thôn, tổ dân phố' }).click();
    await rows.filter({ hasText: 'Thôn Khe Mò' }).waitFor();
    assert.deepEqual(browser.pageErrors.filter((text) => !text.includes('Failed to load resource')), [], 'no page errors');
  } catch (error) {
    await reportFailure(browser.page, 'reform', server);
    throw error;
  } finally {
    await browser.close();
    await server.stop();
  }
});
