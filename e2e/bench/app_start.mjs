// `cargo xtask bench`: the app's first load and its cold offline start.
//
// First load: a fresh browser profile opens the app online; every response
// of the page and the files it loads is counted as sent on the wire (gzip
// where the server compresses) and as gzip of its body (what a server with
// gzip would send).
// Cold offline start: a commune of 2,000 villages is pushed to the real
// server, the officer's device pulls it, the browser is closed; a new browser
// on the same profile starts with the network off, and the time from
// navigation to the list of villages shown is measured (median of 5 starts).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { startServer } from '../support/server.mjs';
import { OFFICER_PASSWORD, api, createOfficer, signIn } from '../support/api.mjs';

const PASSWORD = OFFICER_PASSWORD;
const COMMUNE_CODE = '05998';
const VILLAGES = 2_000;
const STARTS = 5;
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions'];


function launch(profile) {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    locale: 'vi-VN',
    viewport: { width: 1280, height: 800 },
  });
}

/** 2,000 villages of the commune, created through the sync API as another device would. */
async function seedVillages(url, token, officerId, communeId) {
  const device = randomUUID();
  let seq = 1;
  for (let start = 0; start < VILLAGES; start += 1_000) {
    const mutations = [];
    for (let index = start; index < Math.min(start + 1_000, VILLAGES); index += 1) {
      const village = {
        attributes: { border_commune: false, mountainous: false },
        code: null,
        id: randomUUID(),
        kind: 'village',
        lifecycle: { since: null, state: 'active' },
        name: `Thôn Số ${index + 1}`,
        parent_id: communeId,
      };
      mutations.push({
        mutation_id: randomUUID(),
        device_id: device,
        seq: seq++,
        record_type: 'unit',
        record_id: village.id,
        base_revision: 0,
        changes: Object.entries(village)
          .filter(([field]) => field !== 'id')
          .map(([field, value]) => ({ field, old: null, new: value })),
        officer_id: officerId,
        at: Date.now(),
      });
    }
    await api(url, 'POST', '/api/v1/sync/push', { token, body: { device_id: device, mutations } });
  }
}

async function firstLoad(url) {
  const profile = mkdtempSync(join(tmpdir(), 'sapxep-bench-first-'));
  const context = await launch(profile);
  const page = context.pages()[0] ?? (await context.newPage());
  const responses = [];
  page.on('response', (response) => responses.push(response));
  await page.goto(url, { waitUntil: 'networkidle' });
  let wire = 0;
  let gzip = 0;
  const files = [];
  for (const response of responses) {
    const path = new URL(response.url()).pathname;
    if (path.startsWith('/api/')) continue;
    const body = await response.body().catch(() => Buffer.alloc(0));
    const sizes = await response.request().sizes();
    wire += sizes.responseBodySize + sizes.responseHeadersSize;
    const zipped = gzipSync(body, { level: 9 }).length;
    gzip += zipped;
    files.push(`${path} ${(body.length / 1024).toFixed(1)} KiB raw, ${(zipped / 1024).toFixed(1)} KiB gzip`);
  }
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  return { wire, gzip, files };
}

async function main() {
  const server = startServer();
  const url = await server.ready;
  const profile = mkdtempSync(join(tmpdir(), 'sapxep-bench-start-'));
  try {
    const load = await firstLoad(url);
    for (const file of load.files) console.log(`BENCH   first load: ${file}`);
    console.log(`BENCH first load of the app (fresh browser): ${(load.gzip / 1024).toFixed(1)} KiB gzip in total` +
      ` (${(load.wire / 1024).toFixed(1)} KiB on the wire as served) — target < 300 KB gzip`);

    await createOfficer(url, { username: 'bench.xa', display_name: 'Cán bộ đo', role: 'commune_officer', jurisdiction: COMMUNE_CODE });
    const officer = await signIn(url, 'bench.xa');
    const commune = await api(url, 'GET', `/api/v1/units/${COMMUNE_CODE}`, { token: officer.token });
    await seedVillages(url, officer.token, officer.officer.id, commune.id);

    // The officer's device: sign in online, pull the commune, keep the app shell.
    let context = await launch(profile);
    let page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${url}/dang-nhap`);
    await page.getByTestId('username').fill('bench.xa');
    await page.getByTestId('password').fill(PASSWORD);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('list-count').filter({ hasText: `/ 2.000 đơn vị` }).waitFor({ timeout: 120_000 });
    await page.evaluate(() => navigator.serviceWorker.ready);
    await context.close();

    const times = [];
    for (let run = 0; run < STARTS; run += 1) {
      context = await launch(profile);
      await context.setOffline(true);
      page = context.pages()[0] ?? (await context.newPage());
      await page.goto(url);
      await page.getByTestId('unit-row').first().waitFor({ timeout: 30_000 });
      await page.getByTestId('list-count').filter({ hasText: `/ 2.000 đơn vị` }).waitFor();
      times.push(await page.evaluate(() => performance.now()));
      await context.close();
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(`BENCH cold offline start to the list of 2.000 villages: median ${median.toFixed(0)} ms, ` +
      `best ${times[0].toFixed(0)} ms, worst ${times[times.length - 1].toFixed(0)} ms over ${STARTS} starts ` +
      '(new Chromium process, network off, from navigation) — target < 1 s');
  } finally {
    rmSync(profile, { recursive: true, force: true });
    await server.stop();
  }
}

await main();
