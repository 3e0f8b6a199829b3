// A tablet reaches the server by a LAN address: the service worker and
// persistent storage need a secure context. The server speaks HTTPS itself
// when given a certificate (SAPXEP_TLS_CERT / SAPXEP_TLS_KEY; here the test
// certificate for 127.0.0.1, which this Chromium is told to accept), and the
// app installs and starts offline over it; a page opened by a LAN name over
// plain HTTP says at once, in Vietnamese, that it cannot work offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { openBrowser } from '../support/browser.mjs';
import { screenshots } from '../support/screens.mjs';

const FIXTURES = new URL('../../crates/server/tests/fixtures/', import.meta.url).pathname;

test('served over HTTPS by the server itself, the app starts offline after one visit', async () => {
  const server = startServer({ SAPXEP_TLS_CERT: `${FIXTURES}tls-test-cert.pem`, SAPXEP_TLS_KEY: `${FIXTURES}tls-test-key.pem` });
  const url = await server.ready;
  assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const browser = await openBrowser({ args: ['--ignore-certificate-errors'] });
  const { page, context } = browser;
  try {
    await page.goto(url);
    await page.getByTestId('sign-in-link').first().waitFor();
    assert.equal(await page.evaluate(() => window.isSecureContext), true);
    await page.evaluate(() => navigator.serviceWorker.ready);
    assert.equal(await page.getByTestId('insecure-context').count(), 0, 'no warning on HTTPS');

    await context.setOffline(true);
    await page.goto(`${url}/don-vi/khong-co`);
    await page.getByText('Địa chỉ đơn vị không hợp lệ.').waitFor();
    await page.goto(url);
    await page.getByTestId('sign-in-link').first().waitFor();
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('opened by a LAN name over plain HTTP, the page says at once that it cannot work offline', async () => {
  const server = startServer();
  const url = await server.ready;
  const port = new URL(url).port;
  // A name that is not loopback, as a LAN address is: not a secure context.
  const browser = await openBrowser({ args: ['--host-resolver-rules=MAP may-chu-tinh.lan 127.0.0.1'] });
  const { page } = browser;
  try {
    await page.goto(`http://may-chu-tinh.lan:${port}/`);
    const warning = page.getByTestId('insecure-context');
    await warning.waitFor();
    assert.match(await warning.innerText(), /không bảo mật.*https:\/\//s);
    assert.equal(await page.evaluate(() => window.isSecureContext), false);
    await screenshots(page, '80-insecure-context');
  } finally {
    await browser.close();
    await server.stop();
  }
});
