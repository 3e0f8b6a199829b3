// A decision in effect from a day still ahead: the commune records the HĐND
// xã's resolution (NĐ 185/2026) on its tablet, every device shows "Có hiệu
// lực từ …" and nothing is refused, the villages stay as they are; when that
// day begins (the server restarted with its clock on that day) the server
// carries it out and the commune's tablet shows the new village after sync.
// Nobody's tablet changes a unit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer } from '../support/server.mjs';
import { OFFICER_PASSWORD, createOfficer } from '../support/api.mjs';
import { openBrowser } from '../support/browser.mjs';
import { ApiDevice, village, villageMerger, villageReview } from '../support/records.mjs';

const SCREENSHOTS = new URL('../screenshots/', import.meta.url).pathname;
// Xã Đoàn Kết (06001), one of the 65 units since 1/7/2025.
const COMMUNE = { code: '06001' };
const SIZES = { tablet: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

/** A day in Vietnam (UTC+7), `days` after today: [yyyy-mm-dd, dd/mm/yyyy]. */
function vietnamDay(days) {
  const moment = new Date(Date.now() + 7 * 3600 * 1000 + days * 86_400_000);
  const [year, month, day] = moment.toISOString().slice(0, 10).split('-');
  return [`${year}-${month}-${day}`, `${day}/${month}/${year}`];
}

async function signIn(page, url, username) {
  await page.goto(url);
  await page.getByTestId('sign-in-link').first().click();
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(OFFICER_PASSWORD);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('sync-summary').filter({ hasText: 'đồng bộ lúc' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('unit-title').waitFor({ timeout: 30_000 });
}

async function syncNow(page) {
  await page.getByTestId('sync-now').click();
  await page.getByTestId('sync-summary').filter({ hasText: 'Đã gửi hết' }).waitFor({ timeout: 60_000 });
}

async function screenshots(page, name) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: `${SCREENSHOTS}${name}-${size}.png`, fullPage: true });
  }
  await page.setViewportSize(SIZES.tablet);
}

test('a decision in effect from a later day is carried out by the server on that day', { timeout: 600_000 }, async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  let server = startServer();
  const url = await server.ready;
  const commune = await openBrowser();
  const province = await openBrowser();
  try {
    for (const [username, role, jurisdiction] of [
      ['xa.doan.ket', 'commune_officer', COMMUNE.code],
      ['tinh', 'province_officer', '20'],
    ]) {
      await createOfficer(url, { username, display_name: `Cán bộ ${username}`, role, jurisdiction });
    }
    // The scene, through the API: two villages of the commune, reviewed, the
    // Đề án of their merger with its worker plan, the consultation recorded.
    const communeApi = await ApiDevice.signIn(url, 'xa.doan.ket');
    const communeId = communeApi.officer.jurisdiction.id;
    const sources = [village('Thôn Bản Chắt', 'village', communeId, communeApi.officer.id), village('Thôn Pò Cại', 'village', communeId, communeApi.officer.id)];
    for (const [unit, households] of [[sources[0], 70], [sources[1], 90]]) {
      await communeApi.save('unit', unit);
      await communeApi.save('village_review', villageReview(unit.id, households, communeApi.officer.id));
    }
    const proposal = villageMerger([[sources[0], 70], [sources[1], 90]], 'Thôn Chắt Cại', 'village', communeId, communeApi.officer.id);
    proposal.procedure = 'villages_nd185_2026';
    proposal.rule_set_id = 'ND185_2026';
    proposal.worker_plan = { workers_before: 6, workers_after: 3, arrangement: 'Ba người thôi đảm nhiệm, hưởng chế độ theo quy định' };
    proposal.meta.updated_at = Date.now();
    await communeApi.save('proposal', proposal);
    const [today] = vietnamDay(0);
    await communeApi.step(proposal, { transition: 'record_consultation', consultation_date: today }, { status: 'consulted', consultation_date: today });

    // The commune records the HĐND xã's resolution, in effect three days ahead, on its tablet.
    const [effective, effectiveText] = vietnamDay(3);
    await signIn(commune.page, url, 'xa.doan.ket');
    await commune.page.getByTestId('nav-proposals').click();
    await commune.page.getByTestId('waiting').getByTestId('proposal-row').first().click();
    await commune.page.getByTestId('resolution-number').fill('15/NQ-HĐND');
    await commune.page.getByTestId('effective-date').fill(effectiveText);
    await commune.page.getByTestId('step-resolution').click();
    await commune.page.getByTestId('proposal-status').filter({ hasText: `Có hiệu lực từ ${effectiveText}` }).waitFor();
    await syncNow(commune.page);
    assert.equal(await commune.page.getByTestId('sync-summary').filter({ hasText: 'từ chối' }).count(), 0, 'nothing refused');
    await screenshots(commune.page, '30-effective-from-a-later-day');
    const rows = commune.page.getByTestId('unit-row');
    await commune.page.getByTestId('nav-home').click();
    await rows.filter({ hasText: 'Thôn Bản Chắt' }).waitFor();
    assert.equal(await rows.filter({ hasText: 'Thôn Chắt Cại' }).count(), 0, 'no new village before the day');

    // The province's tablet: the resolution, and nothing refused.
    await signIn(province.page, url, 'tinh');
    await syncNow(province.page);
    await province.page.getByTestId('nav-proposals').click();
    await province.page.getByTestId('all-proposals').getByTestId('proposal-status').filter({ hasText: `Có hiệu lực từ ${effectiveText}` }).waitFor();
    assert.equal(await province.page.getByTestId('sync-summary').filter({ hasText: 'từ chối' }).count(), 0, 'nothing refused');

    // The day begins: the server (restarted on the same address and data,
    // its clock on that day) carries the decision out.
    await server.stop({ keepData: true });
    server = startServer(
      { SAPXEP_ADDR: new URL(url).host, SAPXEP_CLOCK_START: effective },
      { dataDir: server.dataDir },
    );
    assert.equal(await server.ready, url, 'the same origin');
    await syncNow(commune.page);
    await commune.page.getByTestId('nav-home').click();
    await rows.filter({ hasText: 'Thôn Chắt Cại' }).waitFor({ timeout: 30_000 });
    assert.equal(await rows.filter({ hasText: 'Thôn Bản Chắt' }).count(), 0, 'the merged villages ended');
    await commune.page.getByTestId('show-ended').check();
    await rows.filter({ hasText: 'Thôn Bản Chắt' }).getByTestId('ended').filter({ hasText: 'Đã sáp nhập' }).waitFor();
    await rows.filter({ hasText: 'Thôn Chắt Cại' }).filter({ hasNot: commune.page.getByTestId('ended') }).click();
    await commune.page.getByTestId('latest-review').filter({ hasText: '160 hộ' }).waitFor();
    await screenshots(commune.page, '31-carried-out-on-the-day');
    assert.deepEqual(commune.pageErrors.filter((text) => !text.includes('Failed to load resource')), [], 'no page errors');
  } finally {
    await commune.close();
    await province.close();
    await server.stop();
  }
});
