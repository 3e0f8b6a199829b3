// The foundation's promise: `cargo xtask serve` on a fresh data folder, then the
// app in a browser shows Lạng Sơn as it is today: 65 communes and wards
// directly under the province since 1/7/2025, no districts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServeCommand } from '../support/server.mjs';
import { openBrowser } from '../support/browser.mjs';

test('cargo xtask serve shows the 65 communes and wards of Lạng Sơn today', async (t) => {
  const server = startServeCommand();
  t.after(() => server.stop());
  const url = await server.ready;
  const browser = await openBrowser();
  t.after(() => browser.close());
  const { page, pageErrors } = browser;

  await page.goto(url);
  const rows = page.locator('.unit-row');
  await rows.first().waitFor({ timeout: 30_000 });
  assert.equal(await rows.count(), 65);

  const names = await page.locator('.unit-row .unit-name').allTextContents();
  for (const name of ['Phường Kỳ Lừa', 'Xã Đoàn Kết', 'Xã Hoàng Văn Thụ']) {
    assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
  }
  assert.equal(names.filter((name) => name.startsWith('Phường ')).length, 4, 'four wards');
  assert.equal(names.filter((name) => name.startsWith('Huyện ')).length, 0, 'the districts ended on 1/7/2025');

  assert.equal(await page.locator('h1').textContent(), 'Các xã, phường của Tỉnh Lạng Sơn');
  assert.equal(await page.locator('.app-name').textContent(), 'Sắp xếp');
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  assert.deepEqual(pageErrors, []);
});

test('the built app is served with cache headers for a tablet', async (t) => {
  const server = startServeCommand();
  t.after(() => server.stop());
  const url = await server.ready;

  const index = await fetch(url);
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  const html = await index.text();
  // Trunk writes its 64-bit hash in hex without leading zeros: 16 digits, or fewer.
  const wasm = html.match(/\/(sapxep-[0-9a-f]{13,16}_bg\.wasm)/);
  assert.ok(wasm, 'index.html names the hashed wasm module');

  const module = await fetch(new URL(wasm[1], url));
  assert.equal(module.status, 200);
  assert.equal(module.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(module.headers.get('content-type'), 'application/wasm');

  const route = await fetch(new URL('/don-vi/20', url));
  assert.equal(route.status, 200, 'an app route is answered with index.html');
  assert.equal(route.headers.get('cache-control'), 'no-cache');

  const missing = await fetch(new URL('/missing-0000000000000000.js', url));
  assert.equal(missing.status, 404);
});

test('a stopped server says so and exits cleanly', async () => {
  const server = startServeCommand();
  await server.ready;
  const { code } = await server.stop();
  assert.equal(code, 0);
  assert.match(server.output(), /stopped/);
});
