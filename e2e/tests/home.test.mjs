// The foundation's promise: `cargo xtask serve` on a fresh data folder, then the
// app in a browser shows the 11 district-level units of Lạng Sơn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServeCommand } from '../support/server.mjs';
import { openBrowser } from '../support/browser.mjs';

test('cargo xtask serve shows the 11 districts of Lạng Sơn with their 194 communes', async (t) => {
  const server = startServeCommand();
  t.after(() => server.stop());
  const url = await server.ready;
  const browser = await openBrowser();
  t.after(() => browser.close());
  const { page, pageErrors } = browser;

  await page.goto(url);
  const rows = page.locator('.unit-row');
  await rows.first().waitFor({ timeout: 30_000 });
  assert.equal(await rows.count(), 11);

  const names = await page.locator('.unit-row .unit-name').allTextContents();
  assert.ok(names.includes('Thành phố Lạng Sơn'), names.join(', '));
  assert.ok(names.includes('Huyện Tràng Định'), names.join(', '));
  assert.ok(names.includes('Huyện Đình Lập'), names.join(', '));

  const counts = await page.locator('.unit-row .unit-count').allTextContents();
  const communes = counts.map((text) => Number.parseInt(text, 10)).reduce((sum, count) => sum + count, 0);
  assert.equal(communes, 194, counts.join(', '));

  assert.match(await page.locator('h1').textContent(), /Tỉnh Lạng Sơn/);
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
  const wasm = html.match(/\/(sapxep-[0-9a-f]{16}_bg\.wasm)/);
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
