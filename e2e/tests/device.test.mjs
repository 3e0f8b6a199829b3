// The device page: storage status, the outbox, export to a file and import back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { openBrowser } from '../support/browser.mjs';
import { screenshots } from '../support/screens.mjs';

test('the device page shows the storage, exports a file and imports it back without duplicates', async (t) => {
  const server = startServer();
  t.after(() => server.stop());
  const url = await server.ready;
  const browser = await openBrowser();
  t.after(() => browser.close());
  const { page, pageErrors } = browser;

  await page.goto(new URL('/thiet-bi', url).href);
  await page.getByRole('heading', { name: 'Dữ liệu trên máy' }).waitFor();
  await page.getByTestId('space').waitFor();
  assert.match(await page.getByTestId('space').textContent(), /Đã dùng \d[\d.]* MB, còn trống \d[\d.]* MB\./);
  assert.match(await page.getByTestId('persistence').textContent(), /lưu lâu dài/);
  assert.equal(await page.getByTestId('pending-count').textContent(), '0 thay đổi chờ đồng bộ.');

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Xuất toàn bộ dữ liệu' }).click();
  const download = await downloadPromise;
  assert.match(download.suggestedFilename(), /^sapxep-toan-bo-\d\d-\d\d-\d{4}\.json$/);
  const path = join(tmpdir(), `sapxep-e2e-${process.pid}.json`);
  await download.saveAs(path);
  const exported = JSON.parse(await readFile(path, 'utf8'));
  assert.equal(exported.format, 'sapxep-export');
  assert.equal(exported.only_unsynced, false);
  assert.ok(Array.isArray(exported.mutations));

  await page.getByLabel('Nhập dữ liệu từ tệp').setInputFiles(path);
  await page.getByTestId('export-message').filter({ hasText: 'Đã nhập' }).waitFor();
  assert.match(await page.getByTestId('export-message').textContent(), /0 bản ghi mới/);

  await writeFile(path, '{"format": "not ours"}');
  await page.getByLabel('Nhập dữ liệu từ tệp').setInputFiles(path);
  await page.getByTestId('export-message').filter({ hasText: 'không phải tệp xuất dữ liệu' }).waitFor();
  await screenshots(page, '30-device');
  assert.deepEqual(pageErrors, []);
});
