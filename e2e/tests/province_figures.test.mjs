// The province's lower figures (NĐ 185/2026/NĐ-CP Điều 10.3): a thôn of 120
// households in a border commune is below the decree's 150 and its page says
// the province may set lower figures; the province officer records the
// province's decision on "Mức thấp hơn của tỉnh" offline (a figure not lower
// than the decree's is refused under its field, in Vietnamese), the thôn
// meets the province's 100 at once on the tablet, and after sync the server
// measures by it and the commune's device pulls it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { api, createOfficer } from '../support/api.mjs';
import { reportFailure, screenshots, signIn } from '../support/screens.mjs';
import { openBrowser } from '../support/browser.mjs';
import { ApiDevice, village, villageReview } from '../support/records.mjs';

// Xã Hoàng Văn Thụ (06172), one of the 65 units since 1/7/2025.
const COMMUNE = '06172';


test('the province records its lower figures offline, and the border commune’s thôn is measured by them everywhere', { timeout: 300_000 }, async () => {
  const server = startServer();
  const url = await server.ready;
  const browser = await openBrowser();
  try {
    await createOfficer(url, { username: 'xa.hvt', display_name: 'Hoàng Thị Lan', role: 'commune_officer', jurisdiction: COMMUNE });
    await createOfficer(url, { username: 'tinh', display_name: 'Vi Văn Minh', role: 'province_officer', jurisdiction: '20' });
    // The scene: the commune is a border commune, its thôn has 120 households.
    const communeApi = await ApiDevice.signIn(url, 'xa.hvt');
    const communeId = communeApi.officer.jurisdiction.id;
    const thon = village('Thôn Nà Pàn', 'village', communeId, communeApi.officer.id);
    await communeApi.save('unit', thon);
    await communeApi.save('village_review', villageReview(thon.id, 120, communeApi.officer.id));
    const provinceApi = await ApiDevice.signIn(url, 'tinh');
    await provinceApi.pull();
    const commune = structuredClone(provinceApi.seen.get(communeId).value);
    commune.attributes.border_commune = true;
    await provinceApi.save('unit', commune);

    const { page, context } = browser;
    await signIn(page, url, 'tinh');

    await page.goto(`${url}/don-vi/${thon.id}`);
    await page.getByTestId('explanation').filter({ hasText: 'chưa đạt chuẩn' }).filter({ hasText: 'Tỉnh có thể quy định mức thấp hơn' }).waitFor();

    // Offline, in the province's office without a network.
    await context.setOffline(true);
    await page.getByTestId('nav-home').click();
    await page.getByTestId('figures-link').click();
    await page.getByTestId('figures-decree').filter({ hasText: 'Nghị định 185/2026/NĐ-CP: thôn ở vùng trung du và miền núi phía Bắc cần từ 150 hộ' }).waitFor();
    await page.getByTestId('figures-none').waitFor();
    await page.getByTestId('figures-document').fill('Quyết định 12/2026/QĐ-UBND');
    await page.getByTestId('figures-issued-on').fill('15/07/2026');
    await page.getByTestId('figures-in-force-from').fill('01/08/2026');
    await page.getByTestId('figures-border-rural').fill('150');
    await page.getByTestId('save').click();
    await page
      .locator('.form-field.has-error')
      .filter({ hasText: 'Số hộ tối thiểu của thôn ở xã biên giới: phải thấp hơn mức 150 hộ của Nghị định 185/2026/NĐ-CP' })
      .waitFor();
    await screenshots(page, '50-province-figures-refused');
    await page.getByTestId('figures-border-rural').fill('100');
    await page.getByTestId('save').click();
    await page.getByTestId('figures-in-force').filter({ hasText: 'Theo Quyết định 12/2026/QĐ-UBND, áp dụng từ ngày 01/08/2026:' }).waitFor();
    await page.getByTestId('figures-in-force').filter({ hasText: 'Quyết định 12/2026/QĐ-UBND: thôn của xã biên giới ở vùng trung du và miền núi phía Bắc cần từ 100 hộ' }).waitFor();
    await screenshots(page, '51-province-figures-recorded');

    // The tablet measures by them at once, still offline.
    await page.goto(`${url}/don-vi/${thon.id}`);
    await page.getByTestId('explanation').filter({ hasText: 'đạt tiêu chuẩn 100 hộ' }).waitFor();

    // Online: the server takes them and measures by them; the commune's device pulls them.
    await context.setOffline(false);
    await page.getByTestId('sync-now').click();
    await page.getByTestId('sync-summary').filter({ hasText: 'Đã gửi hết' }).waitFor({ timeout: 30_000 });
    const listed = await api(url, 'GET', '/api/v1/rule-sets');
    const copy = listed.rule_sets.find((set) => set.derived_from === 'ND185_2026');
    assert.ok(copy, 'the province copy is on the server');
    assert.equal(listed.village_in_force, copy.id);
    const measured = await api(url, 'GET', `/api/v1/units/${thon.id}`, { token: communeApi.token });
    assert.equal(measured.standing.standing, 'meets', JSON.stringify(measured.standing));
    await communeApi.pull();
    assert.ok(communeApi.seen.has(copy.id), 'the commune’s device pulls the province’s figures');
    assert.deepEqual(browser.pageErrors.filter((text) => !text.includes('Failed to load resource')), [], 'no page errors');
  } catch (error) {
    await reportFailure(browser.page, 'province-figures', server);
    throw error;
  } finally {
    await browser.close();
    await server.stop();
  }
});
