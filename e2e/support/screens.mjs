// What the screen tests share: signing in through the app as an officer
// does, and screenshots at tablet and phone size.
import { mkdirSync } from 'node:fs';
import { OFFICER_PASSWORD } from './api.mjs';

export const SCREENSHOTS = new URL('../screenshots/', import.meta.url).pathname;
mkdirSync(SCREENSHOTS, { recursive: true });
export const SIZES = { tablet: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

/** Screenshots of the whole page at each size, named `name-tablet.png`, `name-phone.png`; back at tablet size after. */
export async function screenshots(page, name) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: `${SCREENSHOTS}${name}-${size}.png`, fullPage: true });
  }
  await page.setViewportSize(SIZES.tablet);
}

/** Opens the app at `url` and signs in as `username` from the header's link, without waiting for the first sync. */
export async function fillSignIn(page, url, username, password = OFFICER_PASSWORD) {
  await page.goto(url);
  await page.getByTestId('sign-in-link').first().click();
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in').click();
}

/** Signs in and waits for the first sync to end. */
export async function signIn(page, url, username) {
  await fillSignIn(page, url, username);
  await page.getByTestId('sync-summary').filter({ hasText: 'đồng bộ lúc' }).waitFor({ timeout: 30_000 });
}

/** After a failed screen test: a screenshot `failure-name.png`, the page's text and the server's log. */
export async function reportFailure(page, name, server) {
  await page.screenshot({ path: `${SCREENSHOTS}failure-${name}.png`, fullPage: true }).catch(() => {});
  console.log(await page.locator('body').innerText().catch(() => ''));
  console.log(server.output());
}

/** The words inside `selector` that the layout breaks across lines (a word
 *  drawn in more than one piece), and whether the page is wider than the screen. */
export async function layoutFaults(page, selector) {
  return page.evaluate((selector) => {
    const broken = [];
    for (const element of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of node.textContent.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
          if (lines.size > 1) broken.push(match[0]);
        }
      }
    }
    return { broken, tooWide: document.documentElement.scrollWidth > window.innerWidth };
  }, selector);
}

/** The messages under the fields on the page that do not begin with their
 *  field's label ("Số hộ gia đình: …" under "Số hộ gia đình"), and how many were read. */
export async function messagesNotNamedByLabel(page) {
  return page.evaluate(() => {
    const wrong = [];
    let read = 0;
    for (const field of document.querySelectorAll('.form-field')) {
      const message = field.querySelector('.field-error')?.innerText.trim();
      const label = field.querySelector('label')?.innerText.trim();
      if (!message || !label) continue;
      read += 1;
      if (!message.startsWith(`${label}:`)) wrong.push({ label, message });
    }
    return { read, wrong };
  });
}
