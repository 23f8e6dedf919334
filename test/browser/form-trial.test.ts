/**
 * The school form after the phone trial, in Chromium, on a fixed local clock (25/01/2023, when
 * the semester-1 report of 2022-2023 is five days overdue): periods with their status, thousands
 * separators read as the server reads them, the error summary, the receipt, the history of
 * versions, tap targets, wording, drafts and the assessment scale. Screenshots go to test-results/.
 * The tests of this file run in order: the history test reads the version the receipt test stored.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../catalog/index.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { startTestRuntime, type TestRuntime, waitFor } from '../helpers/runtime.ts';

const PRIMARY = 'lc-tp-th-kim-dong';
const PRESCHOOL = 'lc-tp-mn-hoa-hong';
const OTHER_PRIMARY = 'lc-tp-th-le-van-tam';
const SECONDARY = 'lc-tp-thcs-le-quy-don';
const ARTIFACTS = 'test-results';
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1024, height: 900 } };

describe('The school form after the phone trial', () => {
  let rt: TestRuntime;
  let browser: Browser;
  const linkOf = async (school: string, period?: string) =>
    `${rt.url}/form?t=${await rt.token(school, 'school')}${period ? `&period=${encodeURIComponent(period)}` : ''}`;
  const open = async (url: string, options: Parameters<Browser['newPage']>[0] = DESKTOP): Promise<Page> => {
    const page = await browser.newPage(options);
    await page.goto(url);
    return page;
  };

  beforeAll(async () => {
    rt = await startTestRuntime({ clock: { start: '2023-01-25T09:00' } });
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await rt?.stop();
  });

  it('given no period in the link, then the open period comes first with its status, and an overdue notice is shown', async () => {
    const page = await open(await linkOf(PRIMARY));
    await expect(page.locator('.meta').first().textContent()).resolves.toContain('Sơ kết học kỳ I năm học 2022-2023');
    const first = page.locator('nav.periods li').first();
    await expect(first.textContent()).resolves.toContain('Sơ kết học kỳ I năm học 2022-2023');
    await expect(first.locator('.st').textContent()).resolves.toBe('quá hạn');
    await expect(first.locator('[aria-current=page]').count()).resolves.toBe(1);
    await expect(page.locator('[role=note]').textContent()).resolves.toContain('đã quá hạn nộp (hạn 20/01/2023)');
    // The start-of-year report (due 31/10/2022) is overdue too.
    const start = page.locator('nav.periods a', { hasText: 'Đầu năm học 2022-2023' });
    await expect(start.locator('.st').textContent()).resolves.toBe('quá hạn');
    await page.close();
  });

  it('given a report stored for a period, then its link says "đã nộp" and the overdue notice is gone on it', async () => {
    const token = await rt.token(PRIMARY, 'school');
    const stored = await rt.api('/api/submissions', {
      token,
      body: { unitId: PRIMARY, period: '2022-2023.start', values: { th_classes: 20, th_pupils: 640, teachers: 30 } },
    });
    expect(stored.status).toBe(202);
    const page = await open(await linkOf(PRIMARY));
    const start = page.locator('nav.periods a', { hasText: 'Đầu năm học 2022-2023' });
    await expect(start.locator('.st').textContent()).resolves.toBe('đã nộp');
    await start.click();
    await expect(page.locator('.meta').first().textContent()).resolves.toContain('Đầu năm học 2022-2023');
    await expect(page.locator('.meta .st').textContent()).resolves.toBe('đã nộp');
    expect(await page.locator('[role=note]', { hasText: 'Đầu năm học 2022-2023' }).count()).toBe(0);
    await page.close();
  });

  it('given "185.200" and "189 000", then the live preview and the server-side rate both read them as thousands', async () => {
    const link = await linkOf(PRIMARY, '2022-2023.semester1');
    const page = await open(link);
    await page.getByLabel('Lượt học sinh có mặt').fill('185.200');
    await page.getByLabel('Lượt học sinh phải có mặt').fill('189 000');
    await expect(page.locator('output[data-n="attendance_present"]').textContent()).resolves.toBe('97,99 %');
    await page.close();
    // Without JavaScript, the page the server sends back after an error shows the same rate.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await plain.goto(link);
    await plain.getByLabel('Lượt học sinh có mặt').fill('185.200');
    await plain.getByLabel('Lượt học sinh phải có mặt').fill('189 000');
    await plain.getByLabel('Học sinh tiểu học được đánh giá').fill('abc');
    await plain.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await expect(plain.locator('output[data-n="attendance_present"]').textContent()).resolves.toBe('97,99 %');
    await expect(plain.getByLabel('Lượt học sinh có mặt').inputValue()).resolves.toBe('185.200');
    // Without JavaScript too, the error summary takes the focus (autofocus).
    await expect(plain.evaluate(() => document.activeElement?.id)).resolves.toBe('error-summary');
    await context.close();
  });

  it('given several errors, then one round lists them all in a summary that takes the focus and links to each field', async () => {
    const page = await open(await linkOf(PRIMARY, '2022-2023.semester1'), PHONE);
    // A required field left empty, a number that is not one, and a numerator above its denominator.
    await page.getByLabel('Học sinh hoàn thành chương trình lớp học').fill('mười');
    await page.getByLabel('Lượt học sinh có mặt').fill('200');
    await page.getByLabel('Lượt học sinh phải có mặt').fill('100');
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    const summary = page.locator('#error-summary');
    await expect(summary.locator('h2').textContent()).resolves.toContain('có 3 lỗi');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('error-summary');
    const links = summary.locator('a');
    expect(await links.count()).toBe(3);
    const hrefs = await Promise.all([0, 1, 2].map((i) => links.nth(i).getAttribute('href')));
    expect(hrefs.sort()).toEqual(['#f-attendance_present', '#f-th_assessed', '#f-th_class_completed']);
    const texts = await links.allTextContents();
    // The required field left empty is in the same round, by name.
    expect(texts).toContain('Thiếu "Học sinh tiểu học được đánh giá" (bắt buộc trong Sơ kết học kỳ I năm học 2022-2023)');
    expect(texts.some((t) => t.includes('số nguyên không âm'))).toBe(true);
    expect(texts.some((t) => t.includes('không được lớn hơn'))).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/form-error-summary-phone.png`, fullPage: false });
    await summary.locator('a[href="#f-attendance_present"]').click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('f-attendance_present');
    await page.close();
  });

  it('given a stored report, then the receipt groups it by section with units and rates, and prints without its buttons', async () => {
    const page = await open(await linkOf(PRIMARY, '2022-2023.semester1'));
    await page.getByLabel('Lượt học sinh có mặt').fill('185.200');
    await page.getByLabel('Lượt học sinh phải có mặt').fill('189 000');
    await page.getByLabel('Học sinh tiểu học được đánh giá').fill('640');
    await page.getByLabel('Học sinh hoàn thành chương trình lớp học').fill('630');
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('Đã ghi nhận báo cáo Sơ kết học kỳ I năm học 2022-2023');
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('nộp muộn');
    const attendance = page.locator('section', { has: page.locator('h2', { hasText: 'Chuyên cần' }) });
    await expect(attendance.locator('tr', { hasText: 'Lượt học sinh có mặt' }).locator('td').textContent()).resolves.toBe('185.200 lượt');
    await expect(attendance.locator('tr', { hasText: 'Tỷ lệ chuyên cần' }).textContent()).resolves.toContain('97,99 %');
    await expect(attendance.locator('tr', { hasText: 'Tỷ lệ chuyên cần' }).textContent()).resolves.toContain('185.200/189.000');
    const primary = page.locator('section', { has: page.locator('h2', { hasText: 'Chất lượng giáo dục tiểu học' }) });
    await expect(primary.locator('tr', { hasText: 'Tỷ lệ hoàn thành chương trình lớp học' }).locator('td').textContent()).resolves.toBe('98,44 %');
    await expect(page.getByRole('button', { name: 'In biên nhận' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/form-receipt-desktop.png`, fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: 'In biên nhận' }).isVisible()).resolves.toBe(false);
    await expect(page.getByRole('link', { name: 'Sửa báo cáo này' }).isVisible()).resolves.toBe(false);
    await page.screenshot({ path: `${ARTIFACTS}/form-receipt-print.png`, fullPage: true });
    await page.close();
  });

  it('given two versions, then the history page reachable from the form shows who, when and what changed, as the API does', async () => {
    const page = await open(await linkOf(PRIMARY, '2022-2023.semester1'), PHONE);
    await page.getByLabel('Học sinh tiểu học được đánh giá').fill('642');
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('Phiên bản 2');
    await page.getByRole('link', { name: 'Lịch sử các lần nộp' }).click();
    const api = (await rt.api(`/api/units/${PRIMARY}/submissions/2022-2023.semester1`, { token: await rt.token(PRIMARY, 'school') })).body;
    expect(api.versions).toHaveLength(2);
    const items = page.locator('ol.hist > li');
    expect(await items.count()).toBe(2);
    const newest = items.first();
    await expect(newest.locator('h2').textContent()).resolves.toContain('Lần 2');
    await expect(newest.textContent()).resolves.toContain(`người nộp: ${api.versions[1].submittedBy}`);
    await expect(newest.textContent()).resolves.toContain('qua biểu mẫu');
    await expect(newest.locator('li').textContent()).resolves.toBe('Học sinh tiểu học được đánh giá: 640 học sinh → 642 học sinh');
    await expect(items.nth(1).locator('h2').textContent()).resolves.toContain('Lần 1 · đã nộp, muộn');
    expect(await items.nth(1).locator('li').count()).toBe(Object.keys(api.versions[0].changes).length);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: `${ARTIFACTS}/form-history-phone.png`, fullPage: true });
    // And back to the form, from the history.
    await page.getByRole('link', { name: 'Quay lại biểu mẫu' }).click();
    await expect(page.getByLabel('Học sinh tiểu học được đánh giá').inputValue()).resolves.toBe('642');
    await page.close();
    // And the ward's rollup counts what the latest receipt says.
    const leader = await rt.token('lc-tp-p-kim-tan', 'leader');
    const ward = await waitFor(
      async () => (await rt.api('/api/units/lc-tp-p-kim-tan/rollups/2022-2023.semester1', { token: leader })).body,
      (r) => r.indicators?.th_assessed?.value === 642,
    );
    expect(ward.indicators.attendance_present.value).toBe(185200);
  });

  it('on a 360 px phone: every tap target is at least 44 px, nothing overflows, and the page stays under 50 KB', async () => {
    const page = await browser.newPage(PHONE);
    const response = await page.goto(await linkOf(PRIMARY, '2022-2023.semester1'));
    expect((await response?.body())?.length ?? Infinity).toBeLessThan(50 * 1024);
    await page.locator('details summary').first().click();
    const small = await page.evaluate(() =>
      Array.from(document.querySelectorAll('a, button, input:not([type=hidden]), select, summary'))
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => ({ what: `${el.tagName} ${el.textContent?.trim().slice(0, 30) ?? ''}`, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.height < 44 || box.width < 44)
        .map(({ what, box }) => `${what}: ${Math.round(box.width)}×${Math.round(box.height)}`),
    );
    expect(small).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: `${ARTIFACTS}/form-trial-phone.png`, fullPage: true });
    await page.close();
    const desktop = await open(await linkOf(PRIMARY, '2022-2023.semester1'));
    await desktop.screenshot({ path: `${ARTIFACTS}/form-trial-desktop.png`, fullPage: true });
    await desktop.close();
  });

  it('says "trẻ" on a preschool form, and no label repeats its unit (the unit stands next to the input)', async () => {
    const page = await open(await linkOf(PRESCHOOL, '2022-2023.start'));
    const preschoolOnly = CATALOG.indicators.filter((i) => i.levels.length === 1 && i.levels[0] === 'MN').map((i) => i.code);
    const texts = await page.evaluate(
      (codes) =>
        codes.flatMap((code) => {
          const field = document.getElementById(`f-${code}`)?.closest('.f');
          const rate = document.querySelector(`output[data-n="${code}"]`)?.parentElement;
          return [field?.textContent ?? '', rate?.textContent ?? ''];
        }),
      preschoolOnly,
    );
    expect(texts.join('').length).toBeGreaterThan(100);
    expect(texts.filter((t) => /học sinh/i.test(t))).toEqual([]);
    // The fields it shares with the other levels take their preschool wording too (catalog data).
    await expect(page.locator('form').first().textContent()).resolves.not.toMatch(/học sinh/i);
    await expect(page.getByLabel('Số trẻ theo kế hoạch giao').count()).resolves.toBe(1);
    const repeats = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.f')).flatMap((f) => {
        const label = f.querySelector('label')?.textContent ?? '';
        const unit = f.querySelector('.u')?.textContent ?? '';
        return unit && label.includes(`(${unit})`) ? [label] : [];
      }),
    );
    expect(repeats).toEqual([]);
    await expect(page.locator('#u-mn_pupils').textContent()).resolves.toBe('trẻ');
    await page.screenshot({ path: `${ARTIFACTS}/form-preschool-desktop.png`, fullPage: true });
    // Its receipt says "trẻ" too, and does not repeat a total made of the one level it has.
    await page.getByLabel('Số nhóm, lớp mầm non').fill('8');
    await page.getByLabel('Số trẻ mầm non').fill('210');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await expect(page.locator('section').first().textContent()).resolves.toContain('210 trẻ');
    await expect(page.locator('section').first().textContent()).resolves.not.toMatch(/học sinh|Tổng số/);
    await page.close();
  });

  it('given "Lưu nháp" on a partial report, then it is kept as a draft, shown as "nháp", never rolled up, and "Nộp báo cáo" lists what is missing', async () => {
    const leader = await rt.token('lao-cai', 'leader');
    const period = '2022-2023.semester1';
    const page = await open(await linkOf(OTHER_PRIMARY, period), PHONE);
    await expect(page.getByLabel('Học sinh tiểu học được đánh giá').getAttribute('aria-required')).resolves.toBe('true');
    await expect(page.getByLabel(/Lượt học sinh phải có mặt/).getAttribute('aria-required')).resolves.toBe(null);
    await page.getByLabel(/Lượt học sinh có mặt/).fill('9.000');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await expect(page.locator('[role=status] h2').textContent()).resolves.toBe('Đã lưu nháp Sơ kết học kỳ I năm học 2022-2023');
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('chưa được tính là đã nộp');
    await page.screenshot({ path: `${ARTIFACTS}/form-draft-saved-phone.png`, fullPage: true });
    await page.getByRole('link', { name: 'Tiếp tục điền báo cáo' }).click();
    await expect(page.getByLabel(/Lượt học sinh có mặt/).inputValue()).resolves.toBe('9.000');
    await expect(page.locator('.meta .st').textContent()).resolves.toBe('nháp, quá hạn');
    await expect(page.locator('nav.periods [aria-current=page] .st').textContent()).resolves.toBe('nháp, quá hạn');
    await rt.settle();
    const rollup = (await rt.api(`/api/units/lc-tp-p-coc-leu/rollups/${period}`, { token: leader })).body;
    expect(rollup.completeness.missing.map((m: { id: string }) => m.id)).toContain(OTHER_PRIMARY);
    expect(rollup.indicators.attendance_present?.value ?? 0).toBe(0);
    // Submitting the partial report names every missing required field, in Vietnamese.
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    const links = page.locator('#error-summary a');
    await expect(links.allTextContents()).resolves.toEqual([
      'Thiếu "Học sinh tiểu học được đánh giá" (bắt buộc trong Sơ kết học kỳ I năm học 2022-2023)',
      'Thiếu "Học sinh hoàn thành chương trình lớp học" (bắt buộc trong Sơ kết học kỳ I năm học 2022-2023)',
      // Attendance is optional, but a numerator given needs its denominator.
      'Thiếu "Lượt học sinh phải có mặt": cần để tính "Tỷ lệ chuyên cần" từ "Lượt học sinh có mặt"',
    ]);
    await page.getByLabel('Học sinh tiểu học được đánh giá').fill('300');
    await page.getByLabel('Học sinh hoàn thành chương trình lớp học').fill('299');
    await page.getByLabel(/Lượt học sinh phải có mặt/).fill('9.500');
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await expect(page.locator('[role=status] h2').textContent()).resolves.toContain('Đã ghi nhận báo cáo');
    const counted = await waitFor(
      async () => (await rt.api(`/api/units/lc-tp-p-coc-leu/rollups/${period}`, { token: leader })).body,
      (r) => r.indicators?.attendance_present?.value === 9000,
    );
    expect(counted.completeness.missing.map((m: { id: string }) => m.id)).not.toContain(OTHER_PRIMARY);
    await page.goto(await linkOf(OTHER_PRIMARY, period));
    await expect(page.locator('.meta .st').textContent()).resolves.toBe('đã nộp');
    await page.close();
  });

  it("shows, in the lower-secondary results section, the assessment scale in force for each grade in the period's school year", async () => {
    const page = await open(await linkOf(SECONDARY, '2022-2023.semester1'), PHONE);
    const note = page.locator('fieldset', { has: page.locator('legend', { hasText: 'Chất lượng giáo dục THCS' }) }).locator('.note');
    await expect(note.textContent()).resolves.toContain('lớp 6, 7 theo Thông tư 22/2021/TT-BGDĐT: Tốt / Khá / Đạt / Chưa đạt');
    await expect(note.textContent()).resolves.toContain('lớp 8, 9 theo Thông tư 58/2011/TT-BGDĐT: Giỏi / Khá / Trung bình / Yếu / Kém');
    await expect(page.locator('label[for=f-thcs_good]').textContent()).resolves.toBe('Học sinh xếp loại Tốt (lớp 6, 7) hoặc Giỏi (lớp 8, 9)');
    await expect(page.locator('label[for=f-thcs_weak]').textContent()).resolves.toBe('Học sinh xếp loại Chưa đạt (lớp 6, 7) hoặc Yếu (lớp 8, 9)');
    await expect(page.locator('output[data-n=thcs_good]').locator('..').textContent()).resolves.toBe('Tỷ lệ xếp loại Tốt (lớp 6, 7) hoặc Giỏi (lớp 8, 9): —');
    await page.locator('fieldset', { has: page.locator('legend', { hasText: 'Chất lượng giáo dục THCS' }) }).screenshot({
      path: `${ARTIFACTS}/form-assessment-scale-phone.png`,
    });
    // A year earlier only grade 6 had moved to Circular 22/2021.
    await page.goto(await linkOf(SECONDARY, '2021-2022.end'));
    await expect(page.locator('.note').first().textContent()).resolves.toContain('lớp 6 theo Thông tư 22/2021/TT-BGDĐT');
    await expect(page.locator('.note').first().textContent()).resolves.toContain('lớp 7, 8, 9 theo Thông tư 58/2011/TT-BGDĐT');
    await page.close();
  });
});
