// A Đề án sent back for changes (NĐ 185/2026: the opinions asked for another
// name) is no dead end: "Chờ tôi xử lý" lists it with the comment that
// returned it; offline, the officer opens it in the same wizard with what it
// says, changes the new village's name and records the consultation again;
// back online, the server holds one proposal with every step, and the new name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { createOfficer } from '../support/api.mjs';
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { SCREENSHOTS, SIZES, layoutFaults, reportFailure, screenshots, signIn } from '../support/screens.mjs';
import { openBrowser } from '../support/browser.mjs';
import { ApiDevice, village, villageMerger, villageReview } from '../support/records.mjs';

// Xã Đoàn Kết (06001), one of the 65 units since 1/7/2025.
const COMMUNE = '06001';

/** Today in Vietnam (UTC+7): [yyyy-mm-dd, dd/mm/yyyy]. */
function vietnamToday() {
  const [year, month, day] = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10).split('-');
  return [`${year}-${month}-${day}`, `${day}/${month}/${year}`];
}

test('a returned proposal is edited in the wizard and sent on again, offline', { timeout: 300_000 }, async () => {
  const server = startServer();
  const url = await server.ready;
  const browser = await openBrowser();
  try {
    await createOfficer(url, { username: 'can.bo.xa', display_name: 'Hoàng Văn Nam', role: 'commune_officer', jurisdiction: COMMUNE });
    await createOfficer(url, { username: 'tinh', display_name: 'Vi Văn Minh', role: 'province_officer', jurisdiction: '20' });
    // The scene, through the API as the commune's other tablet: two reviewed
    // villages, their Đề án consulted, then returned with what to change.
    const communeApi = await ApiDevice.signIn(url, 'can.bo.xa');
    const communeId = communeApi.officer.jurisdiction.id;
    const by = communeApi.officer.id;
    const sources = [village('Thôn Nà Mạ', 'village', communeId, by), village('Thôn Cốc Lùng', 'village', communeId, by)];
    for (const [unit, households] of [[sources[0], 60], [sources[1], 85]]) {
      await communeApi.save('unit', unit);
      const review = villageReview(unit.id, households, by);
      // Thôn Nà Mạ's place, taken by the tablet's GPS at the review.
      if (unit === sources[0]) review.location = { latitude: 22.3868, longitude: 106.262, accuracy_m: 12 };
      await communeApi.save('village_review', review);
    }
    const proposal = villageMerger([[sources[0], 60], [sources[1], 85]], 'Thôn Mạ Lùng', 'village', communeId, by);
    proposal.procedure = 'villages_nd185_2026';
    proposal.rule_set_id = 'ND185_2026';
    proposal.worker_plan = { workers_before: 6, workers_after: 3, arrangement: 'Ba người thôi đảm nhiệm, hưởng chế độ theo quy định' };
    proposal.meta.updated_at = Date.now();
    await communeApi.save('proposal', proposal);
    const [today, todayVi] = vietnamToday();
    await communeApi.step(proposal, { transition: 'record_consultation', consultation_date: today }, { status: 'consulted', consultation_date: today });
    const why = 'Nhân dân đề nghị đặt tên thôn mới là Thôn Nà Mạ Cốc Lùng';
    await communeApi.step(proposal, { transition: 'return' }, { status: 'returned' }, why);

    const { page, context } = browser;
    await signIn(page, url, 'can.bo.xa');
    await context.setOffline(true);
    await page.getByTestId('nav-proposals').click();
    const waiting = page.getByTestId('waiting').getByTestId('proposal-row');
    await waiting.filter({ hasText: 'Trả lại để chỉnh sửa' }).waitFor();
    await waiting.first().click();
    await page.getByTestId('returned-text').filter({ hasText: why }).waitFor();
    await screenshots(page, '80-proposal-returned');
    // On a phone the units' table is a card each: it fits, no word broken.
    await page.setViewportSize(SIZES.phone);
    assert.deepEqual(await layoutFaults(page, '[data-testid="proposal-units"]'), { broken: [], tooWide: false });
    await page.setViewportSize(SIZES.tablet);
    await page.getByTestId('edit-proposal').click();

    // The same wizard, with what the proposal says, the comment first.
    await page.getByTestId('proposal-wizard').waitFor();
    await page.getByTestId('returned-text').filter({ hasText: why }).waitFor();
    for (const name of ['Thôn Nà Mạ', 'Thôn Cốc Lùng']) {
      assert.ok(await page.locator(`[data-testid="choose-village"][data-name="${name}"]`).isChecked(), `${name} chosen as saved`);
    }
    assert.equal(await page.getByTestId('held-village').count(), 0, 'its own villages are not held by another');
    await page.getByTestId('next-step').click();
    assert.equal(await page.getByTestId('new-village-name').inputValue(), 'Mạ Lùng', 'the name as saved, without the kind');
    await page.getByTestId('new-village-name').fill('Nà Mạ Cốc Lùng');
    await page.getByTestId('merger-result').filter({ hasText: '145 hộ' }).waitFor();
    await screenshots(page, '81-wizard-editing');
    await page.getByTestId('next-step').click();
    const consultations = page.getByTestId('consultation');
    assert.equal(await consultations.count(), 2);
    assert.equal(await consultations.first().getByTestId('eligible').inputValue(), '60', 'the consultation as saved');
    assert.equal(await page.getByTestId('workers-after').inputValue(), '3', 'the worker plan as saved');
    await page.getByTestId('wizard-consultation-date').fill(todayVi);
    await page.getByTestId('submit-proposal').click();
    await page.getByTestId('proposal-status').filter({ hasText: 'Đã lấy ý kiến nhân dân, chờ HĐND xã' }).waitFor();
    await page.getByRole('heading', { name: /Thôn Nà Mạ Cốc Lùng/ }).waitFor();
    assert.equal(await page.getByTestId('history-entry').count(), 3, 'consulted, returned, consulted again');
    // The step taken in the app names its officer; those sent by the API with no name give the role.
    assert.match(await page.getByTestId('history-entry').nth(2).innerText(), /Hoàng Văn Nam \(Cán bộ xã\)/);
    assert.equal(await page.getByTestId('edit-proposal').count(), 0, 'sent on, no longer to edit');
    await page.getByTestId('sync-summary').filter({ hasText: 'chờ gửi' }).waitFor();

    // On paper: what the proposal says and its history, no header, no buttons;
    // printed by Chromium to an A4 PDF, each page a PNG (pdftoppm) to look at.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.app-header').isVisible(), false, 'no header on paper');
    assert.equal(await page.getByTestId('proposal-actions').isVisible(), false, 'no steps to take on paper');
    assert.equal(await page.locator('button:visible').count(), 0, 'no button on paper');
    assert.ok(await page.getByTestId('proposal-units').isVisible());
    assert.ok(await page.getByTestId('history').isVisible());
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(`${SCREENSHOTS}84-proposal-print.pdf`, pdf);
    execFileSync(process.env.PDFTOPPM || 'pdftoppm', ['-png', '-r', '60', `${SCREENSHOTS}84-proposal-print.pdf`, `${SCREENSHOTS}84-proposal-print-page`]);
    assert.ok(readdirSync(SCREENSHOTS).some((name) => name.startsWith('84-proposal-print-page') && name.endsWith('.png')));
    await page.emulateMedia({ media: 'screen' });

    // Online: one proposal on the server, with every step and the new name.
    await context.setOffline(false);
    await page.getByTestId('sync-summary').filter({ hasText: 'Đã gửi hết' }).waitFor({ timeout: 30_000 });
    const provinceApi = await ApiDevice.signIn(url, 'tinh');
    await provinceApi.pull();
    const stored = provinceApi.seen.get(proposal.id).value;
    assert.equal(stored.action.into.name, 'Thôn Nà Mạ Cốc Lùng');
    assert.equal(stored.status.status, 'consulted');
    assert.deepEqual(stored.history.map((step) => step.transition.transition), ['record_consultation', 'return', 'record_consultation']);
    assert.equal(stored.history[1].comment, why);
    assert.deepEqual(stored.history.map((step) => step.by_name ?? null), [null, null, 'Hoàng Văn Nam'], 'the server took the signed step');

    // A village's page says where it is, with a link for the maps app; one
    // with no place recorded says what to do.
    await page.goto(`${url}/don-vi/${sources[0].id}`);
    await page.getByTestId('unit-location').filter({ hasText: 'Vị trí:' }).waitFor();
    assert.equal(await page.getByTestId('unit-location-map').getAttribute('href'), 'geo:22.386800,106.262000;u=12');
    await screenshots(page, '85-village-location');
    await page.goto(`${url}/don-vi/${sources[1].id}`);
    await page.getByTestId('unit-location').filter({ hasText: 'Chưa ghi vị trí của thôn' }).waitFor();
  } catch (error) {
    await reportFailure(browser.page, 'returned-proposal', server);
    throw error;
  } finally {
    await browser.close();
    await server.stop();
  }
});
