// The field app end to end, as officers use it, against the real server of
// today (65 communes and wards, NĐ 185/2026): a commune officer of one of the
// 65 signs in, adds three villages with figures, sees them classified, goes
// offline, reloads and finds the app and the data, drafts the village merger
// offline with the worker plan and records the consultation; back online, the
// province officer sees it in another browser and comments, the commune
// records the HĐND xã's resolution and the server carries it out — no
// district step. Bad input is refused at the field, nothing typed is lost.
// Screenshots of the main screens at tablet and phone size go to
// e2e/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startServer } from '../support/server.mjs';
import { OFFICER_PASSWORD, createOfficer } from '../support/api.mjs';
import { openBrowser } from '../support/browser.mjs';
import { messagesNotNamedByLabel } from '../support/screens.mjs';

const PASSWORD = OFFICER_PASSWORD;
const SCREENSHOTS = new URL('../screenshots/', import.meta.url).pathname;
// A tablet, a phone, and the tablet at 200 % zoom (half the CSS pixels).
const SIZES = { tablet: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
const ZOOMED = { width: 640, height: 400 };
// Xã Đoàn Kết (06001), one of the 65 units since 1/7/2025 (Khánh Long,
// Đoàn Kết and others of Huyện Tràng Định merged).
const COMMUNE = { code: '06001', name: 'Xã Đoàn Kết' };

/** Today in Vietnam (UTC+7), as the forms take it: dd/mm/yyyy. */
function vietnamToday() {
  const [year, month, day] = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10).split('-');
  return `${day}/${month}/${year}`;
}


async function createOfficers(url) {
  const officers = [
    ['can.bo.xa', 'Hoàng Văn Nam', 'commune_officer', COMMUNE.code],
    ['can.bo.tinh', 'Vi Văn Minh', 'province_officer', '20'],
  ];
  for (const [username, display_name, role, jurisdiction] of officers) {
    await createOfficer(url, { username, display_name, role, jurisdiction });
  }
}

async function signIn(page, url, username) {
  await page.goto(url);
  await page.getByTestId('sign-in-link').first().click();
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(PASSWORD);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('sync-summary').filter({ hasText: 'đồng bộ lúc' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('unit-title').waitFor({ timeout: 30_000 });
}

async function syncNow(page) {
  await page.getByTestId('sync-now').click();
  await page.getByTestId('sync-summary').filter({ hasText: 'Đã gửi hết' }).waitFor({ timeout: 30_000 });
}

/** Nothing wider than the screen: no sideways scrolling. */
async function assertFits(page, name, size) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  assert.ok(scroll <= width, `${name} at ${size}: ${scroll} px wide in a ${width} px screen`);
}

/** Both sizes of the current screen, named `name`; each fits its screen, and at 200 % zoom. */
async function screenshots(page, name) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: `${SCREENSHOTS}${name}-${size}.png`, fullPage: true });
    await assertFits(page, name, size);
  }
  await page.setViewportSize(ZOOMED);
  await assertFits(page, name, '200 % zoom');
  await page.setViewportSize(SIZES.tablet);
}

async function addVillage(page, name, households) {
  await page.getByTestId('add-village').click();
  await page.getByTestId('village-name').fill(name);
  await page.getByTestId('households').fill(String(households));
  await page.getByTestId('population').fill(String(households * 4));
  await page.getByTestId('area-hectares').fill('120,5');
  await page.getByTestId('workers').fill('3');
  await page.getByTestId('save').click();
  await page.getByTestId('flash').filter({ hasText: 'Đã lưu trên máy, chờ đồng bộ.' }).waitFor();
}

test('a village merger under NĐ 185/2026 from the village hall to the HĐND xã, offline in the middle', { timeout: 300_000 }, async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const server = startServer();
  const url = await server.ready;
  const commune = await openBrowser();
  let province;
  try {
    await createOfficers(url);
    const page = commune.page;
    await page.setViewportSize(SIZES.tablet);
    await signIn(page, url, 'can.bo.xa');
    await page.getByTestId('unit-title').filter({ hasText: COMMUNE.name }).waitFor();
    // The service worker holds the app shell before the network goes.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });

    // Bad input: a message at the field, nothing saved, nothing typed lost.
    await page.getByTestId('add-village').click();
    await page.getByTestId('village-name').fill('Nà Pàn');
    await page.getByTestId('households').fill('45,5');
    await page
      .getByTestId('households-message')
      .filter({ hasText: 'Số hộ gia đình: phải là số nguyên, không có phần thập phân.' })
      .waitFor();
    await page.getByTestId('households').fill('-5');
    await page.getByTestId('households-message').filter({ hasText: 'Số hộ gia đình: không được âm.' }).waitFor();
    await page.getByTestId('population').fill('nhiều');
    await page.getByTestId('save').click();
    await page.getByTestId('form-problem').filter({ hasText: 'Chưa lưu' }).waitFor();
    await page.getByTestId('population-message').filter({ hasText: 'Số nhân khẩu: phải là một số.' }).waitFor();
    await page.getByTestId('area-hectares-message').filter({ hasText: 'cần nhập' }).waitFor();
    assert.equal(await page.getByTestId('village-name').inputValue(), 'Nà Pàn', 'what was typed stays');
    assert.equal(await page.getByTestId('population').inputValue(), 'nhiều');
    // Every message under a field begins with that field's label.
    const named = await messagesNotNamedByLabel(page);
    assert.ok(named.read >= 3, `messages read: ${named.read}`);
    assert.deepEqual(named.wrong, []);
    await screenshots(page, '03-village-form-errors');
    await page.goBack();
    await page.getByTestId('unit-title').filter({ hasText: COMMUNE.name }).waitFor();
    assert.equal(await page.getByTestId('sync-summary').filter({ hasText: 'chờ gửi' }).count(), 0, 'nothing was saved');

    // Three villages with figures, classified on the device by the decree in
    // force today (NĐ 185/2026: below 150 households, no compulsory band).
    await addVillage(page, 'Nà Pàn', 60);
    await addVillage(page, 'Khuổi Luông', 50);
    await addVillage(page, 'Bản Chắt', 70);
    const rows = page.getByTestId('unit-row');
    await rows.filter({ hasText: 'Thôn Nà Pàn' }).getByTestId('standing').filter({ hasText: 'Chưa đạt chuẩn' }).waitFor();
    await rows.filter({ hasText: 'Thôn Khuổi Luông' }).getByTestId('standing').filter({ hasText: 'Chưa đạt chuẩn' }).waitFor();
    await rows.filter({ hasText: 'Thôn Bản Chắt' }).getByTestId('standing').filter({ hasText: 'Chưa đạt chuẩn' }).waitFor();
    // Search without diacritics, and the filter by classification.
    await page.getByTestId('unit-search').fill('khuoi luong');
    await page.getByTestId('list-count').filter({ hasText: /^1 \// }).waitFor();
    await page.getByTestId('unit-search').fill('');
    await page.getByTestId('standing-filter').selectOption('meets');
    await page.getByTestId('list-count').filter({ hasText: /^0 \// }).waitFor();
    await page.getByTestId('standing-filter').selectOption('');
    await screenshots(page, '02-commune');

    // The commune's own review: bad input refused at the field, then classified.
    await page.getByTestId('review-link').click();
    await page.getByTestId('population').fill('12a');
    await page.getByTestId('area-km2').fill('-3');
    await page.getByTestId('save').click();
    await page.getByTestId('population-message').filter({ hasText: 'phải là một số' }).waitFor();
    await page.getByTestId('area-km2-message').filter({ hasText: 'không được âm' }).waitFor();
    await page.getByTestId('category-message').filter({ hasText: 'cần nhập' }).waitFor();
    await page.getByTestId('cadres-message').filter({ hasText: 'cần nhập' }).waitFor();
    await screenshots(page, '03b-commune-review-errors');
    await page.getByTestId('population').fill('2.150');
    await page.getByTestId('area-km2').fill('35,2');
    await page.getByTestId('category').selectOption('III');
    await page.getByTestId('cadres').fill('10');
    await page.getByTestId('civil-servants').fill('9');
    await page.getByTestId('workers').fill('12');
    await page.getByTestId('ethnic-minority-percent').fill('97');
    await page.getByTestId('save').click();
    await page.getByTestId('flash').filter({ hasText: 'Đã lưu trên máy, chờ đồng bộ.' }).waitFor();
    await page.getByTestId('latest-review').filter({ hasText: '2.150 người' }).waitFor();
    await page.getByTestId('unit-screen').getByTestId('standing').first().filter({ hasNotText: 'Chưa rà soát' }).waitFor();
    await page.getByTestId('explanation').waitFor();
    await syncNow(page);

    // Offline: the browser has no network; a reload finds the app and the data.
    const cached = await page.evaluate(async () => {
      const cache = await caches.open('sapxep-shell-v1');
      return (await cache.keys()).map((request) => new URL(request.url).pathname).sort();
    });
    if (process.env.SAPXEP_E2E_DEBUG) console.log('cached before going offline:', cached);
    assert.ok(cached.includes('/index.html'), `the app shell is cached: ${cached}`);
    await commune.context.setOffline(true);
    await page.reload();
    await page.getByTestId('unit-title').filter({ hasText: COMMUNE.name }).waitFor({ timeout: 15_000 });
    await page.getByTestId('connection-status').filter({ hasText: 'Ngoại tuyến' }).waitFor();
    await rows.filter({ hasText: 'Thôn Nà Pàn' }).waitFor();
    await rows.filter({ hasText: 'Thôn Bản Chắt' }).waitFor();
    await rows.filter({ hasText: 'Thôn Khuổi Luông' }).click();
    await page.getByTestId('explanation').filter({ hasText: '50 hộ' }).waitFor();
    // The rule set in words, never its id.
    await page
      .getByTestId('rule-set')
      .filter({ hasText: 'Nghị định 185/2026/NĐ-CP: thôn ở vùng trung du và miền núi phía Bắc cần từ 150 hộ' })
      .waitFor();
    await screenshots(page, '04-village');

    // A name corrected, offline: one the commune has already is refused at its
    // field; a new one is saved and shown; then the old one again.
    await page.getByTestId('edit-village').click();
    await page.getByTestId('village-name').fill('nà pàn');
    await page.getByTestId('save').click();
    await page
      .getByTestId('village-name-message')
      .filter({ hasText: `Tên: ${COMMUNE.name} đã có Thôn Nà Pàn; hãy đặt tên khác hoặc sửa thôn đã có.` })
      .waitFor();
    await page.getByTestId('form-problem').waitFor();
    // Without its tone marks it is not refused (two villages may differ by a
    // tone mark) but warned before saving.
    await page.getByTestId('village-name').fill('Na Pan');
    await page
      .getByTestId('similar-name')
      .filter({ hasText: `${COMMUNE.name} đã có Thôn Nà Pàn, gần giống tên này.` })
      .waitFor();
    assert.equal((await page.getByTestId('village-name-message').innerText()).trim(), '', 'a warning, not a refusal');
    await page.getByTestId('village-name').fill('Khuổi Luông Trên');
    // Once the field reads, the sentence under "Lưu" goes.
    await page.getByTestId('form-problem').waitFor({ state: 'detached' });
    await screenshots(page, '04b-edit-village');
    await page.getByTestId('save').click();
    await page.getByTestId('unit-title').filter({ hasText: 'Thôn Khuổi Luông Trên' }).waitFor();
    await page.getByTestId('flash').filter({ hasText: 'Đã lưu trên máy' }).waitFor();
    await page.getByTestId('edit-village').click();
    await page.getByTestId('village-name').fill('Thôn Khuổi Luông');
    await page.getByTestId('save').click();
    await page.getByTestId('unit-title').filter({ hasText: /^Thôn Khuổi Luông$/ }).waitFor();
    await page.getByTestId('parent-link').click();

    // The merger wizard, offline.
    await page.getByTestId('new-proposal').click();
    await page.getByTestId('proposal-wizard').waitFor();
    await screenshots(page, '05-wizard-villages');
    for (const name of ['Thôn Nà Pàn', 'Thôn Khuổi Luông', 'Thôn Bản Chắt']) {
      await page.locator(`[data-testid="choose-village"][data-name="${name}"]`).check();
    }
    await page.getByTestId('next-step').click();
    await page.getByTestId('new-village-name').fill('Nà Pàn Mới');
    await page.getByTestId('merger-result').filter({ hasText: '180 hộ' }).waitFor();
    await page.getByTestId('merger-result').getByTestId('standing').filter({ hasText: 'Đạt chuẩn' }).waitFor();
    await screenshots(page, '06-wizard-result');
    await page.getByTestId('next-step').click();
    const consultations = page.getByTestId('consultation');
    assert.equal(await consultations.count(), 3);
    // The decree's last step of the wizard is the consultation, not a submission.
    await page.getByTestId('submit-proposal').filter({ hasText: 'Ghi nhận kết quả lấy ý kiến' }).waitFor();
    await page.getByTestId('submit-proposal').click();
    await page.getByTestId('wizard-problems').filter({ hasText: 'Ngày lấy ý kiến: cần nhập.' }).waitFor();
    // Recorded before the consultation and the worker plan are entered: refused, with why.
    await page.getByTestId('wizard-consultation-date').fill(vietnamToday());
    await page.getByTestId('submit-proposal').click();
    await page.getByTestId('wizard-problems').filter({ hasText: 'chưa đủ điều kiện trình' }).waitFor();
    await page
      .getByTestId('wizard-problems')
      .filter({ hasText: 'Phương án bố trí người hoạt động không chuyên trách: cần nhập.' })
      .waitFor();
    for (let index = 0; index < 3; index += 1) {
      const unit = consultations.nth(index);
      await unit.getByTestId('eligible').fill('60');
      await unit.getByTestId('participating').fill('55');
      await unit.getByTestId('agreeing').fill('50');
      await unit.getByTestId('disagreeing').fill('5');
      await unit.getByTestId('consultation-summary').filter({ hasText: 'đạt' }).waitFor();
    }
    // The worker plan: at most 3 in the new village.
    await page.getByTestId('workers-before').fill('9');
    await page.getByTestId('workers-after').fill('4');
    await page.getByTestId('worker-arrangement').fill('Bố trí 5 người dôi dư theo nghị quyết của HĐND tỉnh');
    await page.getByTestId('submit-proposal').click();
    await page.getByTestId('wizard-problems').filter({ hasText: 'Số người sau sắp xếp: tối đa 3' }).waitFor();
    await page.getByTestId('workers-after').fill('3');
    await screenshots(page, '07-wizard-consultation');
    await page.getByTestId('submit-proposal').click();
    await page.getByTestId('proposal-status').filter({ hasText: 'Đã lấy ý kiến nhân dân, chờ HĐND xã' }).waitFor();
    await page.getByTestId('history-entry').filter({ hasText: 'Ghi nhận kết quả lấy ý kiến' }).waitFor();
    await page.getByTestId('procedure').filter({ hasText: 'Nghị định 185/2026/NĐ-CP' }).waitFor();
    await page.getByTestId('worker-plan').filter({ hasText: 'hiện có 9, sau sắp xếp 3' }).waitFor();
    await page.getByTestId('sync-summary').filter({ hasText: 'chờ gửi' }).waitFor();
    await screenshots(page, '08-proposal-consulted');
    // A new merger: the villages this proposal holds are shown greyed, with it, never hidden.
    await page.getByTestId('nav-home').click();
    await page.getByTestId('new-proposal').click();
    await page.getByTestId('proposal-wizard').waitFor();
    const held = page.getByTestId('held-village');
    for (const name of ['Thôn Nà Pàn', 'Thôn Khuổi Luông', 'Thôn Bản Chắt']) {
      await held
        .filter({ has: page.locator('.unit-name').getByText(name, { exact: true }) })
        .filter({ hasText: 'đang trong phương án' })
        .waitFor();
      assert.equal(await page.locator(`[data-testid="choose-village"][data-name="${name}"]`).count(), 0, `${name} cannot be chosen twice`);
    }
    await page.getByTestId('no-suggestion').filter({ hasText: 'Không còn thôn nào để chọn' }).waitFor();
    await screenshots(page, '08b-wizard-held-villages');
    await held.first().getByRole('link').click();
    await page.getByTestId('proposal-status').filter({ hasText: 'Đã lấy ý kiến nhân dân, chờ HĐND xã' }).waitFor();

    // Online again: everything goes to the province's database.
    await commune.context.setOffline(false);
    await page.getByTestId('sync-summary').filter({ hasText: 'Đã gửi hết' }).waitFor({ timeout: 30_000 });

    // The province officer, in another browser, sees every step and comments.
    province = await openBrowser();
    await province.page.setViewportSize(SIZES.tablet);
    await signIn(province.page, url, 'can.bo.tinh');
    // Today's province: its communes and wards, no districts.
    await province.page.getByTestId('nav-home').click();
    await province.page.getByTestId('unit-row').filter({ hasText: COMMUNE.name }).waitFor();
    assert.equal(await province.page.getByTestId('unit-row').filter({ hasText: 'Huyện Tràng Định' }).count(), 0, 'no district listed');
    await province.page.getByTestId('nav-proposals').click();
    await province.page.getByTestId('all-proposals').getByTestId('proposal-row').first().click();
    await province.page.getByTestId('proposal-status').filter({ hasText: 'chờ HĐND xã' }).waitFor();
    assert.equal(await province.page.getByTestId('step-resolution').count(), 0, 'the council decides, not the province');
    await province.page.getByTestId('step-comment').click();
    await province.page.getByTestId('step-problem').filter({ hasText: 'Cần ghi ý kiến' }).waitFor();
    await province.page.getByTestId('decision-comment').fill('Đề nghị gửi kèm biên bản họp thôn');
    await province.page.getByTestId('step-comment').click();
    await province.page.getByTestId('history-entry').filter({ hasText: 'Góp ý' }).waitFor();
    await screenshots(province.page, '09-province-comments');
    // The province records that Đoàn Kết is a border commune: NĐ 185 sets no
    // lower figure itself, so its villages still need 150 households until the
    // province records its own; every device's badges follow.
    await province.page.getByTestId('nav-home').click();
    await province.page.getByTestId('unit-row').filter({ hasText: COMMUNE.name }).click();
    await province.page.getByTestId('border-commune-toggle').check();
    await province.page.getByTestId('flash').filter({ hasText: 'Đã lưu trên máy' }).waitFor();
    await province.page.getByTestId('unit-row').filter({ hasText: 'Thôn Nà Pàn' }).getByTestId('standing').filter({ hasText: 'Chưa đạt chuẩn' }).waitFor();
    await syncNow(province.page);

    // The commune officer's device: the comment, then the HĐND xã's resolution.
    await syncNow(page);
    await page.getByTestId('nav-home').click();
    await page.getByTestId('border-commune').filter({ hasText: 'Xã biên giới' }).waitFor();
    await rows.filter({ hasText: 'Thôn Nà Pàn' }).getByTestId('standing').filter({ hasText: 'Chưa đạt chuẩn' }).waitFor();
    await page.getByTestId('nav-proposals').click();
    await page.getByTestId('waiting').getByTestId('proposal-row').first().click();
    await page.getByTestId('history-entry').filter({ hasText: 'Đề nghị gửi kèm biên bản họp thôn' }).waitFor();
    await page.getByTestId('step-resolution').click();
    await page.getByTestId('step-problem').filter({ hasText: 'Cần nhập số nghị quyết của HĐND xã.' }).waitFor();
    await page.getByTestId('resolution-number').fill('15/NQ-HĐND');
    await page.getByTestId('resolution-date').fill(vietnamToday());
    await page.getByTestId('effective-date').fill(vietnamToday());
    await screenshots(page, '10-council-resolution');
    await page.getByTestId('step-resolution').click();
    // The tablet records the resolution; the server carries it out.
    await page.getByTestId('proposal-status').filter({ hasText: 'chờ máy chủ cập nhật' }).waitFor();
    await syncNow(page);
    await page.getByTestId('proposal-status').filter({ hasText: 'Có hiệu lực từ' }).waitFor();
    await page.getByTestId('decision').filter({ hasText: 'Nghị quyết HĐND xã số 15/NQ-HĐND' }).waitFor();
    assert.equal(await page.getByTestId('history-entry').count(), 3, 'consulted, commented, resolved');
    assert.equal(await page.getByTestId('history-entry').filter({ hasText: 'Huyện' }).count(), 0, 'no district step');
    assert.equal(await page.getByTestId('sync-summary').filter({ hasText: 'từ chối' }).count(), 0, 'nothing refused');
    await screenshots(page, '11-commune-resolution-in-effect');
    // The province sees it in effect.
    await syncNow(province.page);
    await province.page.getByTestId('nav-proposals').click();
    await province.page.getByTestId('all-proposals').getByTestId('proposal-status').filter({ hasText: 'Có hiệu lực từ' }).waitFor();
    // The units changed: three villages merged into the new one, with their figures.
    await page.getByTestId('nav-home').click();
    await rows.filter({ hasText: 'Thôn Nà Pàn Mới' }).getByTestId('standing').filter({ hasText: 'Đạt chuẩn' }).waitFor();
    await page.getByTestId('list-count').filter({ hasText: '1 / 4 đơn vị' }).waitFor();
    await page.getByTestId('show-ended').check();
    await page.getByTestId('list-count').filter({ hasText: '4 / 4 đơn vị' }).waitFor();
    await rows.filter({ hasText: 'Thôn Khuổi Luông' }).getByTestId('ended').filter({ hasText: 'Đã sáp nhập' }).waitFor();
    await screenshots(page, '11b-after-merger');
    // The list as shown (ended villages too), as a spreadsheet made on the tablet.
    const [listFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-list').click()]);
    const list = readFileSync(await listFile.path(), 'utf8');
    assert.ok(list.startsWith('\ufeffMã,Tên,Loại,Tình trạng,Đánh giá,Số hộ'), list.slice(0, 80));
    assert.match(list, /\n,Thôn Nà Pàn Mới,Thôn,Đang hoạt động,Đạt chuẩn,180,/);
    assert.match(list, /\n,Thôn Khuổi Luông,Thôn,Đã sáp nhập,/);
    await rows.filter({ hasText: 'Thôn Nà Pàn Mới' }).filter({ hasNot: page.getByTestId('ended') }).click();
    await page.getByTestId('latest-review').filter({ hasText: '180 hộ' }).waitFor();

    // The commune's progress, computed on the tablet from what it holds, offline.
    await commune.context.setOffline(true);
    await page.getByTestId('nav-home').click();
    await page.getByTestId('dashboard-link').click();
    const villageCard = page.getByTestId('card-villages');
    await villageCard.getByTestId('counts').filter({ hasText: 'Trước sắp xếp 3, hiện nay 1: giảm 2 (66,7%)' }).waitFor();
    await villageCard.getByTestId('below-standard').filter({ hasText: 'Chưa đạt tiêu chuẩn: 0' }).waitFor();
    await page.getByTestId('bar').filter({ hasText: 'Có hiệu lực' }).filter({ hasText: '1' }).waitFor();
    // This year: the three merged into one new village; the fund at the base salary in force.
    await page.getByTestId('year-villages').filter({ hasText: 'đầu năm 3, cuối kỳ 1; sáp nhập 3, chia tách 0, giải thể 0, thành lập mới 1' }).waitFor();
    await page.getByTestId('card-fund').filter({ hasText: '2.530.000' }).waitFor();
    await page.getByTestId('plan-target').first().waitFor();
    await screenshots(page, '11c-dashboard');
    // Another year is another period (the same villages, nothing arranged in 2025).
    await page.getByTestId('report-year').selectOption('2025');
    await page.getByTestId('card-year').filter({ hasText: 'Trong năm 2025' }).waitFor();
    await page.getByTestId('year-villages').filter({ hasText: 'sáp nhập 0' }).waitFor();
    await page.getByTestId('report-year').selectOption(String(new Date().getFullYear()));
    await page.getByTestId('year-villages').filter({ hasText: 'sáp nhập 3' }).waitFor();
    // The server's spreadsheet needs the network: said so, offline; then it comes, for Excel.
    await page.getByTestId('download-csv').click();
    await page.getByTestId('download-problem').waitFor();
    await commune.context.setOffline(false);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.ok(csv.startsWith('\ufeff'), 'a byte-order mark, so that Excel reads Vietnamese');
    assert.match(csv, /\nXã Đoàn Kết,"Thôn, tổ dân phố",3,1,1,2,66\.67\n/);
    assert.ok(!csv.includes('""'), 'blocks are parted by blank lines, not empty cells');
    // The same figures as an Excel workbook (its contents are read back by the server's own test).
    const [workbook] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-xlsx').click()]);
    assert.match(workbook.suggestedFilename(), /^tien-do-\d{4}-.*\.xlsx$/);
    const xlsx = readFileSync(await workbook.path());
    assert.equal(xlsx.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX is a zip archive');
    // On paper: the administrative report, not the screen.
    await page.emulateMedia({ media: 'print' });
    const printed = page.getByTestId('print-report');
    await printed.filter({ hasText: 'Kính gửi: Sở Nội vụ tỉnh Lạng Sơn.' }).waitFor();
    await printed.filter({ hasText: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' }).waitFor();
    assert.equal(await page.getByTestId('dashboard-title').isVisible(), false, 'the screen layout is not printed');
    await printed.filter({ hasText: 'VI. Thực hiện các mục tiêu của kế hoạch' }).waitFor();
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: `${SCREENSHOTS}11d-dashboard-print-a4.png`, fullPage: true });
    // As Chromium prints it: A4 PDF, each page turned into PNG by pdftoppm.
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(`${SCREENSHOTS}11e-report.pdf`, pdf);
    execFileSync(process.env.PDFTOPPM || 'pdftoppm', ['-png', '-r', '60', `${SCREENSHOTS}11e-report.pdf`, `${SCREENSHOTS}11e-report-page`]);
    const pngs = readdirSync(SCREENSHOTS).filter((name) => name.startsWith('11e-report-page') && name.endsWith('.png'));
    assert.ok(pngs.length >= 1, `the report prints on A4 pages: ${pngs}`);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize(SIZES.tablet);

    await page.getByTestId('nav-conflicts').click();
    await page.getByTestId('no-conflicts').waitFor();
    await screenshots(page, '12-conflicts');

    // English as a choice, remembered; numbers and dates stay as Vietnam writes them.
    await page.getByTestId('language-switch').click();
    await page.getByTestId('nav-proposals').filter({ hasText: 'Proposals' }).waitFor();
    await page.getByTestId('nav-home').click();
    await page.getByTestId('add-village').filter({ hasText: 'Add a village' }).waitFor();
    await page.reload();
    await page.getByTestId('review-link').filter({ hasText: 'Review the figures' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByTestId('add-village').click();
    await page.getByTestId('households').fill('-1');
    await page.getByTestId('households-message').filter({ hasText: 'Households: cannot be negative.' }).waitFor();
    await screenshots(page, '13-english-form');
    await page.getByTestId('language-switch').click();
    await page.getByTestId('households-message').filter({ hasText: 'Số hộ gia đình: không được âm.' }).waitFor();
    assert.equal(await page.getByTestId('households').inputValue(), '-1', 'switching language keeps what was typed');

    // Chromium itself logs the requests that fail while the network is off.
    const offlineNoise = /net::ERR_INTERNET_DISCONNECTED/;
    for (const browser of [commune, province]) {
      assert.deepEqual(browser.pageErrors.filter((text) => !offlineNoise.test(text)), [], 'no errors in the page');
    }
  } catch (error) {
    // What the commune officer's screen showed, for the one reading the failure.
    await commune.page.screenshot({ path: `${SCREENSHOTS}failure.png`, fullPage: true }).catch(() => {});
    console.log('page errors:', commune.pageErrors);
    console.log(await commune.page.locator('body').innerText().catch(() => ''));
    for (const [name, other] of [['province', province]]) {
      if (!other) continue;
      await other.page.screenshot({ path: `${SCREENSHOTS}failure-${name}.png`, fullPage: true }).catch(() => {});
      console.log(`${name}:`, other.pageErrors, await other.page.locator('body').innerText().catch(() => ''));
    }
    throw error;
  } finally {
    await commune.close();
    if (province) await province.close();
    await server.stop();
  }
});
