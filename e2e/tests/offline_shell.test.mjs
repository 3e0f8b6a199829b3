// The installable, offline app shell: after one online visit the app starts
// with the network off; a new release is fetched behind the running one,
// announced ("Đã có phiên bản mới"), and taken on reload — whole, never half.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { openBrowser } from '../support/browser.mjs';

/** The cached copy of index.html, read in the page. */
function cachedIndex(page) {
  return page.evaluate(async () => {
    const cache = await caches.open('sapxep-shell-v1');
    const found = await cache.match('/index.html', { ignoreVary: true });
    return found ? found.text() : null;
  });
}

test('the app starts offline after one visit, and a new version is announced and taken on reload', async () => {
  // A copy of the built app that the test can release a new version into.
  const appDir = mkdtempSync(join(tmpdir(), 'sapxep-e2e-app-'));
  cpSync(process.env.SAPXEP_APP_DIR, appDir, { recursive: true });
  const server = startServer({ SAPXEP_APP_DIR: appDir });
  const url = await server.ready;
  const browser = await openBrowser();
  const { page, context } = browser;
  try {
    await page.goto(url);
    await page.getByTestId('sign-in-link').first().waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);
    assert.ok((await cachedIndex(page))?.includes('<title>Sắp xếp</title>'), 'the shell is cached');

    // A cold start with the network off: the app, not the browser's error page.
    await context.setOffline(true);
    await page.goto(`${url}/don-vi/khong-co`);
    await page.getByText('Địa chỉ đơn vị không hợp lệ.').waitFor();
    await context.setOffline(false);

    // A new release on the server: the running version starts, fetches the
    // new one behind it, and says so.
    const index = join(appDir, 'index.html');
    writeFileSync(index, readFileSync(index, 'utf8').replace('</body>', '<!-- phiên bản 2 --></body>'));
    await page.reload();
    await page.getByText('Đã có phiên bản mới của ứng dụng.').waitFor({ timeout: 30_000 });
    assert.ok((await cachedIndex(page)).includes('phiên bản 2'), 'the new version is cached whole');
    await page.getByRole('button', { name: 'Tải lại' }).click();
    await page.getByTestId('sign-in-link').first().waitFor();
    const served = await page.evaluate(() => document.documentElement.outerHTML);
    assert.ok(served.includes('phiên bản 2'), 'the reload runs the new version');
    assert.equal(await page.getByText('Đã có phiên bản mới của ứng dụng.').count(), 0, 'nothing more to announce');
    assert.deepEqual(browser.pageErrors.filter((text) => !/ERR_INTERNET_DISCONNECTED/.test(text)), []);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(appDir, { recursive: true, force: true });
  }
});
