/**
 * The school form in a real browser (Debian's Chromium driven by playwright-core): fill and
 * submit, an error shown and fixed, a soft warning confirmed, a correction, a phone-sized
 * viewport, keyboard use, and a screenshot kept as a test artifact.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { startTestRuntime, type TestRuntime, waitFor } from '../helpers/runtime.ts';

const SCHOOL = 'lc-tp-th-kim-dong';
const PERIOD = '2022-2023.start';
const ARTIFACTS = 'test-results';

describe('The school form in Chromium', () => {
  let rt: TestRuntime;
  let browser: Browser;
  let page: Page;
  let link: string;

  beforeAll(async () => {
    rt = await startTestRuntime();
    browser = await launchBrowser();
    link = `${rt.url}/form?t=${await rt.token(SCHOOL, 'school')}&period=${PERIOD}`;
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await rt?.stop();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
  });

  const provinceRollup = async () => (await rt.api(`/api/units/lao-cai/rollups/${PERIOD}`, { token: await rt.token('lao-cai', 'leader') })).body;

  it('given a school link, when the school fills and submits, then it sees what was recorded and the province changes', async () => {
    await page.goto(link);
    await expect(page.locator('h1').textContent()).resolves.toBe('Trường Tiểu học Kim Đồng');
    await expect(page.locator('.meta').textContent()).resolves.toContain('Hạn nộp: 31/10/2022');
    // Only the fields of a primary school, labelled in Vietnamese.
    expect(await page.locator('label', { hasText: 'Số học sinh tiểu học' }).count()).toBe(1);
    expect(await page.locator('label', { hasText: 'Số trẻ mầm non' }).count()).toBe(0);
    await page.getByLabel('Số lớp tiểu học').fill('20');
    await page.getByLabel('Số học sinh tiểu học').fill('640');
    await page.getByLabel('Số giáo viên').fill('27');
    await page.getByLabel('Trẻ 6 tuổi trên địa bàn').fill('120');
    await page.getByLabel('Trẻ 6 tuổi vào lớp 1').fill('119');
    // The percentage appears as one types.
    await expect(page.locator('output[data-n="th_6y_entered"]').textContent()).resolves.toBe('99,17 %');
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('Phiên bản 1');
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('nộp muộn');
    const province = await waitFor(provinceRollup, (r) => r.indicators?.th_pupils?.value === 640);
    expect(province.indicators.classes.value).toBe(20);
  });

  it('given a numerator above its denominator, then the message shows next to the field, values kept, and fixing it submits', async () => {
    await page.goto(link);
    await page.getByLabel('Trẻ 6 tuổi trên địa bàn').fill('100');
    await page.getByLabel('Trẻ 6 tuổi vào lớp 1').fill('105');
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    const error = page.locator('#e-th_6y_entered');
    await expect(error.textContent()).resolves.toContain('không được lớn hơn');
    await expect(page.getByLabel('Trẻ 6 tuổi vào lớp 1').inputValue()).resolves.toBe('105');
    await expect(page.getByLabel('Trẻ 6 tuổi vào lớp 1').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel('Trẻ 6 tuổi vào lớp 1').fill('98');
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('Đã ghi nhận');
  });

  it('given an implausible class size, then it asks to confirm, and confirming stores it', async () => {
    await page.goto(link);
    const versionsBefore = (await rt.api(`/api/units/${SCHOOL}/submissions/${PERIOD}`, { token: await rt.token(SCHOOL, 'school') })).body.versions.length;
    await page.getByLabel('Số lớp tiểu học').fill('2');
    await page.getByLabel('Số học sinh tiểu học').fill('640');
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await expect(page.locator('#w-th_pupils').textContent()).resolves.toContain('học sinh/lớp');
    const notYet = (await rt.api(`/api/units/${SCHOOL}/submissions/${PERIOD}`, { token: await rt.token(SCHOOL, 'school') })).body.versions.length;
    expect(notYet).toBe(versionsBefore);
    await page.getByRole('button', { name: 'Xác nhận và nộp' }).click();
    await expect(page.locator('[role=status]').textContent()).resolves.toContain(`Phiên bản ${versionsBefore + 1}`);
  });

  it('given an earlier version, then the form is prefilled and a correction becomes a new version with its changes listed', async () => {
    await page.goto(link);
    await expect(page.getByLabel('Số học sinh tiểu học').inputValue()).resolves.toBe('640');
    await page.getByLabel('Số lớp tiểu học').fill('21');
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('Phiên bản');
    const history = (await rt.api(`/api/units/${SCHOOL}/submissions/${PERIOD}`, { token: await rt.token('lc-tp-p-kim-tan', 'leader') })).body;
    const last = history.versions.at(-1);
    expect(last).toMatchObject({ source: 'form', changes: { th_classes: { from: 2, to: 21 } } });
    expect(last.submittedBy).toBe(`test-school-${SCHOOL}`);
  });

  it('fits a 360 px phone, works from the keyboard, weighs under 50 KB, and leaves a screenshot', async () => {
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true });
    const response = await phone.goto(link);
    const bytes = (await response?.body())?.length ?? Infinity;
    expect(bytes).toBeLessThan(50 * 1024);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // Every input has a label.
    expect(
      await phone.evaluate(() =>
        Array.from(document.querySelectorAll('input:not([type=hidden]),select')).every((el) => el.id && document.querySelector(`label[for="${el.id}"]`)),
      ),
    ).toBe(true);
    await phone.getByLabel('Số lớp tiểu học').focus();
    await phone.keyboard.type('2');
    await phone.keyboard.press('Tab');
    await expect(phone.evaluate(() => (document.activeElement as HTMLInputElement).id)).resolves.toBe('f-th_pupils');
    await phone.screenshot({ path: `${ARTIFACTS}/form-phone.png`, fullPage: true });
    await phone.close();
  });

  it('works without JavaScript: the server renders, validates and records', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await plain.goto(link);
    await plain.getByLabel('Số giáo viên').fill('30');
    await plain.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await expect(plain.locator('[role=status]').textContent()).resolves.toContain('Đã ghi nhận');
    await context.close();
  });

  it('refuses a tampered link with a Vietnamese message', async () => {
    const response = await page.goto(`${rt.url}/form?t=abc.def.ghi`);
    expect(response?.status()).toBe(401);
    await expect(page.locator('h1').textContent()).resolves.toBe('Đường dẫn không hợp lệ');
  });
});
