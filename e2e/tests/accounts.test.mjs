// Accounts in the app: the administrator creates a commune officer on the
// accounts screen (every refusal in Vietnamese, under its field's label), the
// generated password is shown once, and the new officer signs in with it on
// their own tablet; disabled, they cannot; enabled with a new password, they can.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { ADMIN_PASSWORD } from '../support/api.mjs';
import { SIZES, fillSignIn, layoutFaults, messagesNotNamedByLabel, reportFailure, screenshots } from '../support/screens.mjs';
import { openBrowser } from '../support/browser.mjs';

test('an administrator creates a commune officer in the app, who then signs in', { timeout: 300_000 }, async () => {
  const server = startServer();
  const url = await server.ready;
  const admin = await openBrowser();
  const officer = await openBrowser();
  const { page } = admin;
  try {
    await fillSignIn(page, url, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('nav-accounts').click();
    await page.locator('[data-testid="account-row"][data-username="admin"]').waitFor();
    assert.match(await page.locator('[data-testid="account-row"][data-username="admin"]').innerText(), /\(bạn\)/);

    // An empty form: each message names its field by the label above it.
    await page.getByTestId('create-account').click();
    const said = async (id) => (await page.getByTestId(`${id}-message`).innerText()).trim();
    assert.equal(await said('account-username'), 'Tên đăng nhập: cần nhập.');
    assert.equal(await said('account-name'), 'Họ và tên: không được để trống.');
    assert.equal(await said('account-jurisdiction'), 'Địa bàn phụ trách: cần nhập.');
    assert.deepEqual(await messagesNotNamedByLabel(page), { read: 3, wrong: [] });
    await page.getByTestId('account-username').fill('Lan Hoàng');
    assert.match(await said('account-username'), /^Tên đăng nhập: chỉ gồm chữ cái a–z không dấu/);

    // The commune officer, over Xã Đoàn Kết (one of the 65 units since 1/7/2025).
    await page.getByTestId('account-username').fill('lan.hoang');
    await page.getByTestId('account-name').fill('Hoàng Thị Lan');
    await page.getByTestId('account-role').selectOption('commune_officer');
    await page.getByTestId('account-jurisdiction').selectOption({ label: 'Xã Đoàn Kết' });
    await page.getByTestId('create-account').click();
    const notice = page.getByTestId('account-notice');
    await notice.filter({ hasText: 'Đã tạo tài khoản lan.hoang (Cán bộ xã, Xã Đoàn Kết)' }).waitFor();
    const first = (await page.getByTestId('password-once').innerText()).trim();
    assert.match(first, /^[a-zA-Z2-9]{12}$/, `a generated password: ${first}`);
    const row = page.locator('[data-testid="account-row"][data-username="lan.hoang"]');
    await row.waitFor();
    assert.match(await row.innerText(), /Hoàng Thị Lan[\s\S]*Cán bộ xã[\s\S]*Xã Đoàn Kết[\s\S]*Đang hoạt động/);
    await screenshots(page, '82-accounts-created');
    await page.setViewportSize(SIZES.phone);
    assert.deepEqual(await layoutFaults(page, '[data-testid="accounts-table"]'), { broken: [], tooWide: false });
    await page.setViewportSize(SIZES.tablet);

    // The same username again: refused by the server, in Vietnamese.
    await page.getByTestId('account-username').fill('lan.hoang');
    await page.getByTestId('account-name').fill('Hoàng Thị Lan');
    await page.getByTestId('account-jurisdiction').selectOption({ label: 'Xã Đoàn Kết' });
    await page.getByTestId('create-account').click();
    await page.getByTestId('account-problem').filter({ hasText: 'Tên đăng nhập này đã có người dùng' }).waitFor();

    // The officer signs in on their own tablet with the password handed over.
    await fillSignIn(officer.page, url, 'lan.hoang', first);
    await officer.page.getByTestId('sync-summary').filter({ hasText: 'đồng bộ lúc' }).waitFor({ timeout: 30_000 });
    assert.equal((await officer.page.getByTestId('officer').innerText()).trim(), 'Hoàng Thị Lan (Cán bộ xã)');
    await officer.page.getByRole('heading', { name: 'Xã Đoàn Kết' }).first().waitFor();

    // Disabled: it cannot sign in again.
    await row.getByTestId('account-disable').click();
    await notice.filter({ hasText: 'Đã khoá tài khoản lan.hoang' }).waitFor();
    await row.getByTestId('account-status').filter({ hasText: 'Đã khoá' }).waitFor();
    const other = await openBrowser();
    try {
      await fillSignIn(other.page, url, 'lan.hoang', first);
      await other.page.getByTestId('sign-in-problem').filter({ hasText: 'Tài khoản này đã bị khoá' }).waitFor();
      // Enabled, with a new password: the old one no longer opens it, the new one does.
      await row.getByTestId('account-disable').click();
      await notice.filter({ hasText: 'Đã mở khoá tài khoản lan.hoang' }).waitFor();
      await row.getByTestId('account-reset').click();
      await notice.filter({ hasText: 'Đã đặt lại mật khẩu của lan.hoang' }).waitFor();
      const second = (await page.getByTestId('password-once').innerText()).trim();
      assert.notEqual(second, first);
      await screenshots(page, '83-accounts-password-reset');
      await other.page.getByTestId('password').fill(first);
      await other.page.getByTestId('sign-in').click();
      await other.page.getByTestId('sign-in-problem').filter({ hasText: 'Sai tên đăng nhập hoặc mật khẩu' }).waitFor();
      await other.page.getByTestId('password').fill(second);
      await other.page.getByTestId('sign-in').click();
      await other.page.getByTestId('sync-summary').filter({ hasText: 'đồng bộ lúc' }).waitFor({ timeout: 30_000 });
    } finally {
      await other.close();
    }

    // Reassigned as a province officer: the unit offered is the province itself.
    await row.getByTestId('account-reassign').click();
    await row.getByTestId('reassign-role').selectOption('province_officer');
    await row.getByTestId('reassign-save').click();
    await notice.filter({ hasText: 'lan.hoang nay là Cán bộ tỉnh, phụ trách Tỉnh Lạng Sơn' }).waitFor();
    // The browser logs the refused duplicate (409) itself; nothing else went wrong.
    assert.deepEqual(admin.pageErrors.filter((error) => !error.includes('status of 409')), []);
  } catch (error) {
    await reportFailure(page, 'accounts', server);
    throw error;
  } finally {
    await officer.close();
    await admin.close();
    server.stop();
  }
});
