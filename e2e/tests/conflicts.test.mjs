// A conflict as an officer meets it: the same field of a commune changed on
// a tablet offline and, meanwhile, differently from another device. Nothing
// is overwritten silently: the tablet's conflicts page shows both values side
// by side; the officer picks one; the choice goes back as a mutation that
// resolves the conflict, and the server keeps it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startServer } from '../support/server.mjs';
import { OFFICER_PASSWORD, api, createOfficer, signIn } from '../support/api.mjs';
import { openBrowser } from '../support/browser.mjs';

const PASSWORD = OFFICER_PASSWORD;
// Xã Đoàn Kết (06001), one of the 65 units since 1/7/2025.
const COMMUNE = { code: '06001', name: 'Xã Đoàn Kết' };


/** The commune's record as the server holds it now. */
async function communeRecord(url, token, id) {
  let since = 0;
  for (;;) {
    const page = await api(url, 'GET', `/api/v1/sync/pull?since=${since}&limit=2000`, { token });
    const found = page.records.find((record) => record.id === id);
    if (found) return found;
    if (!page.more) throw new Error(`the commune ${id} was not pulled`);
    since = page.next_cursor;
  }
}

test('a field changed on two devices is a conflict the officer resolves on the tablet', async () => {
  const server = startServer();
  const url = await server.ready;
  const browser = await openBrowser();
  const { page, context } = browser;
  try {
    await createOfficer(url, { username: 'can.bo.tinh', display_name: 'Vi Văn Minh', role: 'province_officer', jurisdiction: '20' });
    const officer = await signIn(url, 'can.bo.tinh');
    const commune = await api(url, 'GET', `/api/v1/units/${COMMUNE.code}`, { token: officer.token });

    // The tablet: signed in and synced, then offline; the commune marked as a border commune.
    await page.goto(`${url}/dang-nhap`);
    await page.getByTestId('username').fill('can.bo.tinh');
    await page.getByTestId('password').fill(PASSWORD);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('sync-summary').filter({ hasText: 'đồng bộ lúc' }).waitFor({ timeout: 30_000 });
    await context.setOffline(true);
    await page.goto(`${url}/don-vi/${commune.id}`);
    await page.getByTestId('unit-title').filter({ hasText: COMMUNE.name }).waitFor();
    await page.getByTestId('border-commune-toggle').check();
    await page.getByTestId('flash').filter({ hasText: 'Đã lưu trên máy' }).waitFor();

    // Meanwhile another device of the province changes the same field otherwise.
    const before = await communeRecord(url, officer.token, commune.id);
    const old = before.body.attributes;
    const theirs = { ...old, mountainous: !old.mountainous };
    const device = randomUUID();
    await api(url, 'POST', '/api/v1/sync/push', {
      token: officer.token,
      body: {
        device_id: device,
        mutations: [{
          mutation_id: randomUUID(),
          device_id: device,
          seq: 1,
          record_type: 'unit',
          record_id: commune.id,
          base_revision: before.revision,
          changes: [{ field: 'attributes', old, new: theirs }],
          officer_id: officer.officer.id,
          at: Date.now(),
        }],
      },
    });

    // The tablet comes back: its change meets the other one.
    await context.setOffline(false);
    await page.getByTestId('sync-now').click();
    await page.getByTestId('sync-summary').filter({ hasText: '1 xung đột cần xử lý' }).waitFor({ timeout: 30_000 });
    let held = await communeRecord(url, officer.token, commune.id);
    if (process.env.SAPXEP_E2E_DEBUG) console.log(JSON.stringify(held));
    assert.deepEqual(held.body.attributes, theirs, 'the server keeps its value for now');
    assert.equal((held.conflicts ?? []).length, 1, 'and the conflict with both values');

    await page.getByTestId('nav-conflicts').click();
    const card = page.getByTestId('conflict');
    await card.getByTestId('server-value').filter({ hasText: `Miền núi: ${theirs.mountainous ? 'có' : 'không'}` }).waitFor();
    await card.getByTestId('client-value').filter({ hasText: 'Xã biên giới: có' }).waitFor();
    await page.screenshot({ path: new URL('../screenshots/14-conflict.png', import.meta.url).pathname, fullPage: true });
    await card.getByTestId('keep-client').click();
    await page.getByTestId('sync-now').click();
    await page.getByTestId('sync-summary').filter({ hasText: 'Đã gửi hết' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('no-conflicts').waitFor();
    held = await communeRecord(url, officer.token, commune.id);
    assert.equal(held.body.attributes.border_commune, true, "the officer's choice is the record's value");
    assert.equal((held.conflicts ?? []).length, 0, 'the conflict is resolved');
    assert.deepEqual(browser.pageErrors.filter((text) => !/ERR_INTERNET_DISCONNECTED/.test(text)), []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
