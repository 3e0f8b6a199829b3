// A server restored from a backup (the disk died; last night's copy is put
// back and the operator runs `new-epoch`): a village another officer added
// after the backup reached this tablet, and that officer's tablet was lost,
// so nobody sends it again. After its next sync the tablet holds what the
// server holds: the village is gone from its lists, everything else stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { ADMIN_PASSWORD, createOfficer } from '../support/api.mjs';
import { reportFailure, screenshots, signIn } from '../support/screens.mjs';
import { openBrowser } from '../support/browser.mjs';
import { ApiDevice, village } from '../support/records.mjs';

// Xã Hoàng Văn Thụ (06172), one of the 65 units since 1/7/2025.
const COMMUNE = '06172';

test('after a restore the tablet drops the records the restored server no longer has', { timeout: 300_000 }, async () => {
  let server = startServer();
  const url = await server.ready;
  const address = new URL(url).host;
  const liveDir = server.dataDir;
  const backupDir = mkdtempSync(join(tmpdir(), 'sapxep-e2e-backup-'));
  const browser = await openBrowser();
  try {
    await createOfficer(url, { username: 'xa.lan', display_name: 'Hoàng Thị Lan', role: 'commune_officer', jurisdiction: COMMUNE });
    await createOfficer(url, { username: 'xa.minh', display_name: 'Lý Văn Minh', role: 'commune_officer', jurisdiction: COMMUNE });
    const minh = await ApiDevice.signIn(url, 'xa.minh');
    await minh.save('unit', village('Thôn Trước Sao Lưu', 'village', minh.officer.jurisdiction.id, minh.officer.id));

    const { page } = browser;
    await signIn(page, url, 'xa.lan');

    // Last night's backup: the server stopped, its data copied.
    await server.stop({ keepData: true });
    cpSync(server.dataDir, backupDir, { recursive: true });
    server = startServer({ SAPXEP_ADDR: address }, { dataDir: server.dataDir });
    assert.equal(await server.ready, url);

    // This morning: Minh adds a village; Lan's tablet pulls it.
    const after = await ApiDevice.signIn(url, 'xa.minh');
    await after.save('unit', village('Thôn Sau Sao Lưu', 'village', after.officer.jurisdiction.id, after.officer.id));
    await page.getByTestId('sync-now').click();
    const rows = page.getByTestId('unit-row');
    await rows.filter({ hasText: 'Thôn Sau Sao Lưu' }).waitFor({ timeout: 30_000 });
    await rows.filter({ hasText: 'Thôn Trước Sao Lưu' }).waitFor();

    // The disk dies; the backup is restored with a new epoch. Minh's tablet is lost.
    await server.stop({ keepData: true });
    execFileSync(process.env.SAPXEP_SERVER_BIN, ['new-epoch'], {
      env: { ...process.env, SAPXEP_DATA_DIR: backupDir, SAPXEP_ADMIN_PASSWORD: ADMIN_PASSWORD },
    });
    const restored = startServer({ SAPXEP_ADDR: address }, { dataDir: backupDir });
    assert.equal(await restored.ready, url);
    server = restored;

    await page.getByTestId('sync-now').click();
    await rows.filter({ hasText: 'Thôn Sau Sao Lưu' }).waitFor({ state: 'detached', timeout: 30_000 });
    await rows.filter({ hasText: 'Thôn Trước Sao Lưu' }).waitFor();
    await screenshots(page, '60-after-restore');
    // Reloaded from the device's own store, offline: the same.
    await browser.context.setOffline(true);
    await page.reload();
    await rows.filter({ hasText: 'Thôn Trước Sao Lưu' }).waitFor();
    assert.equal(await rows.filter({ hasText: 'Thôn Sau Sao Lưu' }).count(), 0, 'not kept on the device');
    await browser.context.setOffline(false);
    assert.deepEqual(browser.pageErrors.filter((text) => !text.includes('Failed to load resource')), [], 'no page errors');
  } catch (error) {
    await reportFailure(browser.page, 'restore', server);
    throw error;
  } finally {
    await browser.close();
    await server.stop();
    rmSync(backupDir, { recursive: true, force: true });
    rmSync(liveDir, { recursive: true, force: true });
  }
});
