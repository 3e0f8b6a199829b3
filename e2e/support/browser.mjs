// Headless Debian Chromium driven by Playwright, on a fresh persistent profile
// (a plain new context would keep IndexedDB in memory only).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Without these, Chromium as root hammers this machine's closed network.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
];

/** A browser context with its own profile (and Chromium's `args` added); `pageErrors` collects uncaught errors. */
export async function openBrowser({ args = [] } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'sapxep-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [...ARGS, ...args],
    locale: 'vi-VN',
  });
  const pageErrors = [];
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('requestfailed', (request) => {
    if (process.env.SAPXEP_E2E_DEBUG) console.log('request failed:', request.url(), request.failure()?.errorText);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  return {
    context,
    page,
    pageErrors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
