/**
 * The leaders' dashboard in Chromium, on Lào Cai city's demo data rolled up by the real pipeline
 * (three schools left out of 2022-2023 so that some are missing): the province, the city and a
 * school, with screenshots (desktop and a 360 px phone) kept in test-results/; the cookie trade;
 * sorting with and without JavaScript; drilling down; the page updating itself; a resend; and the
 * link opened from another site (an email), where a SameSite=Strict cookie is not sent at first.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSubmissions } from '../../catalog/demo-submissions.ts';
import { DEMO_UNITS } from '../../catalog/units.ts';
import { postDemoSubmissions } from '../../local/demo.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { readOutbox } from '../helpers/outbox.ts';
import { startTestRuntime, TEST_SECRET, type TestRuntime, waitFor } from '../helpers/runtime.ts';
import { seededCities } from '../helpers/seed-tables.ts';

const PERIOD = '2022-2023.start';
const CITY = 'lc-tp-lao-cai';
const ARTIFACTS = 'test-results';
/** Left out of the 2022-2023 demo load: they show as missing, and one of them reports during a test. */
const WARD = 'lc-tp-xa-ta-phoi';
const LE_QUY_DON_EMAIL = 'thcs-le-quy-don@truong.example';
const HELD_BACK = ['lc-tp-tieu-hoc-kim-dong', 'lc-tp-mam-non-hop-thanh', 'lc-tp-thcs-le-quy-don'];

describe('The leaders’ dashboard in Chromium', () => {
  let rt: TestRuntime;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const open = async (options: { width?: number; height?: number; javaScript?: boolean } = {}): Promise<Page> => {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1100, height: options.height ?? 900 },
      javaScriptEnabled: options.javaScript ?? true,
      locale: 'vi-VN',
    });
    contexts.push(context);
    return context.newPage();
  };
  const link = async (unit: string, query = ''): Promise<string> => `${rt.url}/dashboard?t=${await rt.token(unit, 'leader')}${query}`;

  beforeAll(async () => {
    rt = await startTestRuntime({ units: seededCities.map((u) => (u.id === 'lc-tp-thcs-le-quy-don' ? { ...u, email: LE_QUY_DON_EMAIL } : u)) });
    // 2022-2023 for the city (but three schools), 2021-2022 for one commune only: enough for last year's bar, and quick to load.
    const lastYear = new Set(DEMO_UNITS.filter((u) => u.parentId === WARD).map((u) => u.id));
    const city = demoSubmissions(DEMO_UNITS).filter((s) =>
      s.period === PERIOD ? s.schoolId.startsWith('lc-tp-') && !HELD_BACK.includes(s.schoolId) : lastYear.has(s.schoolId),
    );
    await postDemoSubmissions(city, { url: rt.url, jwtSecret: TEST_SECRET, concurrency: 8 });
    const token = await rt.token(CITY, 'leader');
    await waitFor(
      () => rt.api(`/api/units/${CITY}/rollups/${PERIOD}`, { token }),
      (a) => a.body.completeness?.submitted === 70,
      60_000,
    );
    await rt.settle();
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await rt?.stop();
  });

  it('given the city leader’s link, when opened, then the token leaves the address for an HttpOnly Strict cookie and the city shows', async () => {
    const page = await open();
    await page.goto(await link(CITY, `&period=${PERIOD}`));
    expect(page.url()).toBe(`${rt.url}/dashboard?period=${PERIOD}`);
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: 'tonghop_leader', httpOnly: true, sameSite: 'Strict' });
    await expect(page.locator('h1').textContent()).resolves.toBe('Thành phố Lào Cai');
    await expect(page.locator('.tabs [aria-current=page]').textContent()).resolves.toMatch(/^Đầu năm họcQuá hạn · 7[01]\/73$/);
    // The switcher: the periods of the chosen school year with their state, the other years as links.
    await expect(page.locator('.years [aria-current]').textContent()).resolves.toBe('2022-2023');
    expect(await page.locator('.tabs li').allTextContents()).toHaveLength(4);
    await expect(page.locator('.years a', { hasText: '2021-2022' }).getAttribute('href')).resolves.toContain('period=2021-2022.start');
    // Two or three of the held-back schools are missing (one reports in another test), sorted by name.
    const missing = await page.locator('#missing tbody tr td:first-child').allTextContents();
    expect(missing.slice(0, 2)).toEqual(['Trường Mầm non Hợp Thành', 'Trường THCS Lê Quý Đôn']);
    expect(missing.slice(2)).toEqual(missing.length === 3 ? ['Trường Tiểu học Kim Đồng'] : []);
    await expect(page.locator('.legend').textContent()).resolves.toContain(`Chưa nộp: ${missing.length}`);
    // The demo reports are all late (made today): 70 named in a folded list.
    await expect(page.locator('#late summary').textContent()).resolves.toContain(`Trường nộp muộn (${73 - missing.length})`);
    expect(await page.locator('#late tbody tr').count()).toBe(73 - missing.length);
    expect(await page.locator('#late').getAttribute('open')).toBeNull();
    // Indicators the Vietnamese way, with their fraction, target and mark.
    // (A start-of-year report collects the scale: its rate with a target is pupils against the plan, 001 mục 3.)
    const row = page.locator('tr', { has: page.locator('td', { hasText: /^Tỷ lệ thực hiện kế hoạch số học sinh$/ }) });
    const rollup = (await rt.api(`/api/units/${CITY}/rollups/${PERIOD}`, { token: await rt.token(CITY, 'leader') })).body;
    const { numerator: n, denominator: d, met } = rollup.indicators.plan_fulfilment;
    const vi = (x: number, digits = 0): string => x.toLocaleString('vi-VN', { maximumFractionDigits: digits });
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe(
      `${(n / d).toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}${vi(n)}/${vi(d)}`,
    );
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe(`≥ 0,98 ${met ? '✓ Đạt' : '✗ Chưa đạt'}`);
    expect(await page.locator('#chart-children-t').count()).toBe(1);
    expect(await page.locator('svg line.target').count()).toBe(2);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-city.png`, fullPage: true });
  });

  it('given the province leader on a 360 px phone, then nothing overflows sideways, and the rate per child and over the years is charted', async () => {
    const page = await open({ width: 360, height: 780 });
    await page.goto(await link('lao-cai', `&period=${PERIOD}&rate=plan_fulfilment`));
    await expect(page.locator('h1').textContent()).resolves.toBe('Tỉnh Lào Cai');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const children = await page.locator('#children tbody tr td:first-child').allTextContents();
    expect(children).toContain('Thành phố Lào Cai');
    const years = await page.locator('#chart-years-t ~ g text').allTextContents();
    expect(years).toEqual(expect.arrayContaining(['2021-2022', '2022-2023']));
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-province-360.png`, fullPage: true });
  });

  it('given the city table, when sorted by pupils without JavaScript (links) and with it (in place), then the order is by pupils', async () => {
    const pupilsOf = async (page: Page): Promise<number[]> =>
      (await page.locator('#children tbody tr td:nth-child(4)').allTextContents()).map((t) => Number(t.replace(/\./g, '').replace('—', 'NaN')));
    const ascending = (list: number[]): boolean => list.filter(Number.isFinite).every((v, i, a) => i === 0 || (a[i - 1] as number) <= v);
    const plain = await open({ javaScript: false });
    await plain.goto(await link(CITY, `&period=${PERIOD}`));
    await plain.getByRole('link', { name: 'Số học sinh', exact: true }).click();
    expect(plain.url()).toContain('sort=pupils&dir=asc');
    expect(ascending(await pupilsOf(plain))).toBe(true);
    const scripted = await open();
    await scripted.goto(await link(CITY, `&period=${PERIOD}`));
    const before = scripted.url();
    await scripted.getByRole('link', { name: 'Số học sinh', exact: true }).click();
    await waitFor(
      () => pupilsOf(scripted),
      (list) => ascending(list),
    );
    expect(scripted.url()).toContain('sort=pupils&dir=asc');
    expect(await scripted.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    expect(before).not.toContain('sort=');
  });

  it('given the city, when the leader drills down to a commune and a school, then the school shows its submission history with changes; screenshot', async () => {
    const school = 'lc-tp-tieu-hoc-kim-dong';
    const first = demoSubmissions(DEMO_UNITS).find((s) => s.schoolId === school && s.period === '2021-2022.end')?.values ?? {};
    const corrected = { ...first, th_pupils: (first.th_pupils ?? 0) + 5 };
    const posted = await rt.api('/api/submissions', {
      token: await rt.token(school, 'school'),
      body: { unitId: school, period: '2021-2022.end', values: corrected },
    });
    expect(posted.status).toBeLessThan(300);
    const page = await open();
    await page.goto(await link(CITY, `&period=2021-2022.end`));
    await page.locator('#children tbody a', { hasText: 'Xã Tả Phời' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Xã Tả Phời');
    await page.locator('#children tbody a', { hasText: 'Trường Tiểu học Kim Đồng' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Trường Tiểu học Kim Đồng');
    await expect(page.locator('.trail').textContent()).resolves.toBe('Thành phố Lào Cai › Xã Tả Phời › ');
    const latest = page.locator('#h-history + ol > li').first();
    await expect(latest.textContent()).resolves.toContain('Lần 2');
    await expect(latest.locator('ul.changes li').first().textContent()).resolves.toBe(
      `Số học sinh tiểu học: ${(first.th_pupils ?? 0).toLocaleString('vi-VN')} → ${((first.th_pupils ?? 0) + 5).toLocaleString('vi-VN')}`,
    );
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-school.png`, fullPage: true });
    const phone = await open({ width: 360, height: 780 });
    await phone.goto(await link(CITY, '&unit=lc-tp-tieu-hoc-kim-dong&period=2021-2022.end'));
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await phone.screenshot({ path: `${ARTIFACTS}/dashboard-school-360.png`, fullPage: true });
  });

  it('given the city page open, when a missing school reports, then the page updates itself within seconds', async () => {
    const page = await open();
    await page.goto(await link(CITY, `&period=${PERIOD}`));
    await expect(page.locator('#missing').textContent()).resolves.toContain('Trường Tiểu học Kim Đồng');
    await expect(page.locator('.legend').textContent()).resolves.toContain('Chưa nộp: 3');
    const school = 'lc-tp-tieu-hoc-kim-dong';
    const values = demoSubmissions(DEMO_UNITS).find((s) => s.schoolId === school && s.period === PERIOD)?.values;
    const posted = await rt.api('/api/submissions', { token: await rt.token(school, 'school'), body: { unitId: school, period: PERIOD, values } });
    expect(posted.status).toBeLessThan(300);
    await waitFor(
      () => page.locator('.legend').textContent(),
      (text) => text?.includes('Chưa nộp: 2') ?? false,
      20_000,
    );
    await expect(page.locator('#live').textContent()).resolves.toContain('Vừa cập nhật');
  });

  it('given a missing school, when the leader presses “Gửi lại đường dẫn”, then the page says so and shows who sent it when', async () => {
    const page = await open();
    await page.goto(await link(CITY, `&period=${PERIOD}`));
    const row = page.locator('#missing tbody tr', { hasText: 'Trường THCS Lê Quý Đôn' });
    await row.getByRole('button', { name: 'Gửi lại đường dẫn' }).click();
    await expect(page.locator('.flash').textContent()).resolves.toBe(`Đã gửi lại đường dẫn báo cáo cho Trường THCS Lê Quý Đôn (tới ${LE_QUY_DON_EMAIL}).`);
    const mails = (await readOutbox(rt)).filter((m) => m.to.includes(LE_QUY_DON_EMAIL));
    expect(mails.map((m) => m.subject)).toEqual(['Đường dẫn nộp báo cáo Đầu năm học 2022-2023 — Trường THCS Lê Quý Đôn']);
    await expect(page.locator('#missing tbody tr', { hasText: 'Trường THCS Lê Quý Đôn' }).textContent()).resolves.toMatch(
      /Đã gửi lại \d\d:\d\d \d\d\/\d\d\/\d{4} \(test-leader-lc-tp-lao-cai\)/,
    );
  });

  it('given the link in an email (another site), when clicked, then the dashboard opens although the Strict cookie was withheld on the redirect', async () => {
    const page = await open();
    const answers: number[] = [];
    page.on('response', (r) => {
      if (r.url() === `${rt.url}/dashboard?period=${PERIOD}`) answers.push(r.status());
    });
    const href = await link(CITY, `&period=${PERIOD}`);
    await page.setContent(`<a id="mail-link" href="${href}">Mở bảng điều khiển</a>`);
    await page.click('#mail-link');
    await page.waitForURL(`${rt.url}/dashboard?period=${PERIOD}`);
    await page.locator('h1', { hasText: 'Thành phố Lào Cai' }).waitFor({ timeout: 10_000 });
    // Chromium withheld the cookie on the redirect of a navigation that began on another site: the
    // clean address was answered twice, first by the page that reloads it from our own site.
    expect(answers).toEqual([200, 200]);
  });
});
