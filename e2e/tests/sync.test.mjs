// Sync as the officer meets it, in the built app against the real server:
// signing in, work waiting while offline (sign-out refused meanwhile), the
// connection back and the work arriving once; two tabs, one engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { OFFICER_PASSWORD, api, createOfficer, signIn as signInApi } from '../support/api.mjs';
import { openBrowser } from '../support/browser.mjs';

const PASSWORD = OFFICER_PASSWORD;


/** A commune officer of Phường Kỳ Lừa (06187, since 1/7/2025); returns their username and profile. */
async function communeOfficer(url, username) {
  await createOfficer(url, { username, display_name: 'Hoàng Thị Mai', role: 'commune_officer', jurisdiction: '06187' });
  return signInApi(url, username);
}

/**
 * An export file from the officer's old tablet: one new village, and the
 * outbox entry that creates it (not yet sent).
 */
async function oldTabletExport(officerId, communeId, name) {
  const village = {
    attributes: { border_commune: false, mountainous: false },
    code: null,
    id: randomUUID(),
    kind: 'village',
    lifecycle: { since: null, state: 'active' },
    meta: { revision: 0, updated_at: Date.now(), updated_by: officerId },
    name,
    parent_id: communeId,
  };
  const changes = ['attributes', 'code', 'kind', 'lifecycle', 'name', 'parent_id'].map((field) => ({
    field,
    old: null,
    new: village[field],
  }));
  const device = randomUUID();
  const file = {
    format: 'sapxep-export',
    version: 1,
    exported_at: Date.now(),
    device_id: device,
    officer_id: officerId,
    only_unsynced: true,
    units: [village],
    mutations: [
      {
        mutation_id: randomUUID(),
        device_id: device,
        seq: 1,
        record_type: 'unit',
        record_id: village.id,
        base_revision: 0,
        changes,
        officer_id: officerId,
        at: Date.now(),
      },
    ],
  };
  const path = join(tmpdir(), `sapxep-e2e-old-tablet-${process.pid}-${randomUUID()}.json`);
  await writeFile(path, JSON.stringify(file));
  return { path, village };
}

async function signIn(page, url, username, password) {
  await page.goto(new URL('/dang-nhap', url).href);
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in').click();
}

test('work done offline waits, blocks sign-out, and arrives once when the connection is back', async (t) => {
  const server = startServer();
  t.after(() => server.stop());
  const url = await server.ready;
  const officer = await communeOfficer(url, 'hoang.thi.mai');
  const browser = await openBrowser();
  t.after(() => browser.close());
  const { context, page, pageErrors } = browser;

  await signIn(page, url, 'hoang.thi.mai', 'sai mật khẩu');
  await page.getByTestId('sign-in-problem').filter({ hasText: 'Sai tên đăng nhập hoặc mật khẩu.' }).waitFor();
  // Chromium logs the refused sign-in (a 401) itself; that one is expected.
  const refused = pageErrors.findIndex((message) => message.includes('401'));
  if (refused >= 0) pageErrors.splice(refused, 1);

  await signIn(page, url, 'hoang.thi.mai', PASSWORD);
  await page.getByTestId('officer').filter({ hasText: 'Hoàng Thị Mai (Cán bộ xã)' }).waitFor();
  await page.getByTestId('sync-summary').filter({ hasText: 'Đã gửi hết · đồng bộ lúc' }).waitFor();

  // No signal: the officer brings in the work of their old tablet.
  await context.setOffline(true);
  await page.getByTestId('connection-status').filter({ hasText: 'Ngoại tuyến' }).waitFor();
  const { path, village } = await oldTabletExport(officer.officer.id, officer.officer.jurisdiction.id, 'Thôn Khuổi Phầy');
  await page.getByRole('link', { name: 'Dữ liệu trên máy' }).click();
  await page.getByLabel('Nhập dữ liệu từ tệp').setInputFiles(path);
  await page.getByTestId('export-message').filter({ hasText: 'Đã nhập' }).waitFor();
  await page.getByTestId('sync-summary').filter({ hasText: '1 thay đổi chờ gửi' }).waitFor();

  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-out-refused').filter({ hasText: 'Còn 1 thay đổi chưa gửi' }).waitFor();
  assert.match(await page.getByTestId('officer').textContent(), /Hoàng Thị Mai/, 'still signed in');

  // The connection comes back: the work goes by itself.
  await context.setOffline(false);
  await page.getByTestId('sync-summary').filter({ hasText: 'Đã gửi hết' }).waitFor({ timeout: 30_000 });
  const pulled = await api(url, 'GET', '/api/v1/sync/pull?since=0&limit=2000', { token: officer.token });
  const copies = pulled.records.filter((record) => record.id === village.id);
  assert.equal(copies.length, 1, 'the village is on the server once');
  assert.equal(copies[0].revision, 1, 'applied once');
  assert.equal(copies[0].body.name, 'Thôn Khuổi Phầy');

  // The server goes down while the network is up: the app says it is offline, no error.
  await page.route('**/api/v1/sync/**', (route) => route.abort('connectionrefused'));
  await page.getByTestId('sync-now').click();
  await page.getByTestId('connection-status').filter({ hasText: 'Ngoại tuyến' }).waitFor();
  assert.equal(await page.getByTestId('sync-warning').count(), 0, 'an unreachable server is not an error');
  const refusedLoads = pageErrors.filter((message) => message.includes('ERR_CONNECTION_REFUSED'));
  pageErrors.splice(0, pageErrors.length, ...pageErrors.filter((message) => !refusedLoads.includes(message)));
  await page.unroute('**/api/v1/sync/**');

  // Back: syncing again sends nothing more.
  await page.getByTestId('sync-now').click();
  await page.getByTestId('connection-status').filter({ hasText: 'Trực tuyến' }).waitFor();
  await page.getByTestId('sync-summary').filter({ hasText: 'Đã gửi hết' }).waitFor();
  const again = await api(url, 'GET', '/api/v1/sync/pull?since=0&limit=2000', { token: officer.token });
  assert.equal(again.records.find((record) => record.id === village.id).revision, 1);

  await page.getByTestId('sign-out').click();
  await page.getByTestId('officer').filter({ hasText: 'Chưa đăng nhập' }).waitFor();
  assert.deepEqual(pageErrors, []);
});

test('with two tabs open, one engine syncs at a time and both show the result', async (t) => {
  const server = startServer();
  t.after(() => server.stop());
  const url = await server.ready;
  const officer = await communeOfficer(url, 'be.van.nam');
  const browser = await openBrowser();
  t.after(() => browser.close());
  const { context, page: first, pageErrors } = browser;

  await signIn(first, url, 'be.van.nam', PASSWORD);
  await first.getByTestId('sync-summary').filter({ hasText: 'Đã gửi hết · đồng bộ lúc' }).waitFor();
  const second = await context.newPage();
  await second.goto(new URL('/thiet-bi', url).href);
  await second.getByTestId('sync-summary').filter({ hasText: 'đồng bộ lúc' }).waitFor();

  // The first tab's engine is busy (it holds the tabs' sync lock).
  await first.evaluate(() => {
    navigator.locks.request('sapxep-sync', () => new Promise((release) => (window.releaseSync = release)));
  });
  const { path, village } = await oldTabletExport(officer.officer.id, officer.officer.jurisdiction.id, 'Thôn Nà Slải');
  await second.getByLabel('Nhập dữ liệu từ tệp').setInputFiles(path);
  await second.getByTestId('sync-summary').filter({ hasText: '1 thay đổi chờ gửi' }).waitFor();
  await first.getByTestId('sync-summary').filter({ hasText: '1 thay đổi chờ gửi' }).waitFor({ timeout: 10_000 });
  await second.getByTestId('sync-now').click();
  await second.waitForTimeout(3_000);
  assert.match(await second.getByTestId('sync-summary').textContent(), /1 thay đổi chờ gửi/, 'no second engine ran');

  await first.evaluate(() => window.releaseSync());
  await second.getByTestId('sync-now').click();
  await second.getByTestId('sync-summary').filter({ hasText: 'Đã gửi hết' }).waitFor({ timeout: 30_000 });
  // The other tab hears of it and reads the store again.
  await first.getByTestId('sync-summary').filter({ hasText: 'Đã gửi hết' }).waitFor({ timeout: 10_000 });
  const pulled = await api(url, 'GET', '/api/v1/sync/pull?since=0&limit=2000', { token: officer.token });
  assert.equal(pulled.records.filter((record) => record.id === village.id).length, 1);
  assert.deepEqual(pageErrors, []);
});
