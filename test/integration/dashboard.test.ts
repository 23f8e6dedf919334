/**
 * The leaders' dashboard over HTTP: the link token traded for an HttpOnly, SameSite=Strict cookie
 * with a 302 to a clean address, another subtree refused (403), the live stamp that changes when
 * the rollup does, and a recorded "gửi lại đường dẫn".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_TREE } from '../fixtures/small-tree.ts';
import { readOutbox } from '../helpers/outbox.ts';
import { startTestRuntime, type TestRuntime, waitFor } from '../helpers/runtime.ts';

const PERIOD = '2022-2023.start';
const CITY = 'lc-tp-lao-cai';
/** Kim Đồng's start-of-year report: 700 pupils against 710 planned, a national-standard school. */
const KIM_DONG = { th_classes: 20, th_pupils: 700, teachers: 27, pupils_planned: 710, std_national: 1 };
/** One school with a contact address on file (units carry it as data). */
const HOA_HONG = { id: 'lc-tp-mn-hoa-hong', email: 'mn-hoa-hong@truong.example' };

describe('The leaders’ dashboard over HTTP', () => {
  let rt: TestRuntime;
  let cityLeader: string;

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${rt.url}${path}`, { headers, redirect: 'manual' });

  /** Trade a link token for the session cookie, as a browser does. */
  const login = async (token: string, query = ''): Promise<string> => {
    const answer = await get(`/dashboard?t=${encodeURIComponent(token)}${query}`);
    expect(answer.status).toBe(302);
    return (answer.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
  };

  beforeAll(async () => {
    rt = await startTestRuntime({ units: SMALL_TREE.map((u) => (u.id === HOA_HONG.id ? { ...u, email: HOA_HONG.email } : u)) });
    cityLeader = await rt.token(CITY, 'leader');
    const school = await rt.token('lc-tp-th-kim-dong', 'school');
    const posted = await rt.api('/api/submissions', {
      token: school,
      body: { unitId: 'lc-tp-th-kim-dong', period: PERIOD, values: KIM_DONG },
    });
    expect(posted.status).toBeLessThan(300);
    await waitFor(
      () => rt.api(`/api/units/${CITY}/rollups/${PERIOD}`, { token: cityLeader }),
      (a) => a.body.completeness?.submitted === 1,
    );
  });
  afterAll(async () => {
    await rt?.stop();
  });

  describe('given a leader’s link', () => {
    it('when opened, then the token becomes an HttpOnly, SameSite=Strict cookie and a 302 leads to the address without it', async () => {
      const answer = await get(`/dashboard?t=${encodeURIComponent(cityLeader)}&period=${PERIOD}`);
      expect(answer.status).toBe(302);
      expect(answer.headers.get('location')).toBe(`/dashboard?period=${PERIOD}`);
      const cookie = answer.headers.getSetCookie()[0] ?? '';
      expect(cookie).toMatch(/^tonghop_leader=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      const page = await get(answer.headers.get('location') as string, { cookie: cookie.split(';')[0] as string });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const body = await page.text();
      expect(body).toContain('<h1>Thành phố Lào Cai</h1>');
      expect(body).not.toContain(cityLeader);
      // Shown the Vietnamese way with the fraction, the target and the mark: pupils against the
      // plan 700/710 = 0,99 (≥ 0,98, 001 mục 3), and a flag as a count and a share of the 4 schools (≥ 64,9 %).
      const row = (label: string): string => body.slice(body.indexOf(`<td>${label}</td>`), body.indexOf('</tr>', body.indexOf(`<td>${label}</td>`)));
      const plan = (await rt.api(`/api/units/${CITY}/rollups/${PERIOD}`, { token: cityLeader })).body.indicators.plan_fulfilment;
      const vi = (n: number): string => n.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      expect(plan.denominator).toBe(710); // only Kim Đồng reports a plan; other tests may add pupils
      expect(plan.numerator).toBeGreaterThanOrEqual(700);
      expect(row('Tỷ lệ thực hiện kế hoạch số học sinh')).toContain(
        `>${vi(plan.numerator / plan.denominator)}<span class="frac">${plan.numerator.toLocaleString('vi-VN')}/710</span>`,
      );
      expect(row('Tỷ lệ thực hiện kế hoạch số học sinh')).toContain(`≥ 0,98 <span class="${plan.met ? 'ok' : 'ko'}"`);
      expect(row('Trường đạt chuẩn quốc gia')).toMatch(/>1 \(25 %\)<span class="frac">1\/4 trường<\/span>[\s\S]*≥ 64,9 % <span class="ko"/);
      expect(body).toContain('Trường Tiểu học Lê Văn Tám');
    });

    it('when the token is a bearer header instead (API clients), then the page is served directly', async () => {
      const page = await get(`/dashboard?unit=lc-tp-p-kim-tan&period=${PERIOD}`, { authorization: `Bearer ${cityLeader}` });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<h1>Phường Kim Tân</h1>');
    });

    it('when a school of the subtree is opened, then its submission history shows what changed', async () => {
      const corrected = await rt.api('/api/submissions', {
        token: await rt.token('lc-tp-th-kim-dong', 'school'),
        body: { unitId: 'lc-tp-th-kim-dong', period: PERIOD, values: { ...KIM_DONG, th_pupils: 705 } },
      });
      expect(corrected.status).toBeLessThan(300);
      const cookie = await login(cityLeader);
      const page = await get(`/dashboard?unit=lc-tp-th-kim-dong&period=${PERIOD}`, { cookie });
      const body = await page.text();
      expect(page.status).toBe(200);
      expect(body).toContain('Lịch sử nộp báo cáo');
      // Version 1 folded with its figures (the totals computed by the sum rules included), version 2 with what changed.
      expect(body).toContain('Nộp lần đầu: 7 số liệu');
      const second = body.slice(body.indexOf('<strong>Lần 2</strong>'), body.indexOf('<strong>Lần 1</strong>'));
      expect(second).toContain('<li>Số học sinh tiểu học: 700 → <strong>705</strong></li>');
      expect(second).toContain('<li>Tổng số học sinh, trẻ: 700 → <strong>705</strong></li>');
      expect(second).not.toContain('Số lớp tiểu học');
    });
  });

  describe('given a leader of another subtree', () => {
    it('when its link or cookie asks for Lào Cai city, then 403, and nothing is traded', async () => {
      const other = await rt.token('quang-ninh', 'leader');
      const byLink = await get(`/dashboard?t=${encodeURIComponent(other)}&unit=${CITY}`);
      expect(byLink.status).toBe(403);
      expect(byLink.headers.getSetCookie()).toEqual([]);
      expect(await byLink.text()).toContain('Bạn không có quyền xem đơn vị này');
      const cookie = await login(await rt.token('lc-tp-p-coc-leu', 'leader'));
      expect((await get(`/dashboard?unit=lc-tp-p-kim-tan`, { cookie })).status).toBe(403);
      expect((await get(`/dashboard?unit=${CITY}`, { cookie })).status).toBe(403);
      expect((await get(`/dashboard/live?unit=${CITY}&period=${PERIOD}`, { cookie })).status).toBe(403);
    });

    it('when a school token, a bad token or nothing comes, then 403, 401, 401 pages, never a 5xx', async () => {
      expect((await get(`/dashboard?t=${await rt.token('lc-tp-th-kim-dong', 'school')}`)).status).toBe(403);
      expect((await get('/dashboard?t=not-a-token')).status).toBe(401);
      expect((await get('/dashboard')).status).toBe(401);
      const cookie = await login(cityLeader);
      expect((await get('/dashboard?unit=khong-co', { cookie })).status).toBe(404);
      expect((await get('/dashboard?period=1999-2000.start', { cookie })).status).toBe(404);
      expect((await get('/dashboard?unit=%2E%2E%2F&sort=%3Cscript%3E&dir=x&rate=%22', { cookie })).status).toBe(404);
      expect((await get('/dashboard?sort=%3Cscript%3E&dir=x&rate=%22', { cookie })).status).toBe(200);
    });
  });

  describe('given a report approved up the tree (issue 13)', () => {
    it('when the city leader approves a school’s report, then the school and its ward show the approval, with who and when', async () => {
      const school = 'lc-tp-th-le-van-tam';
      const posted = await rt.api('/api/submissions', {
        token: await rt.token(school, 'school'),
        body: { unitId: school, period: PERIOD, values: { th_classes: 15, th_pupils: 500, teachers: 20 } },
      });
      expect(posted.status).toBeLessThan(300);
      const cookie = await login(cityLeader);
      const ward = async (): Promise<string> => (await get(`/dashboard?unit=lc-tp-p-coc-leu&period=${PERIOD}`, { cookie })).text();
      expect(await ward()).toMatch(/Trường Tiểu học Lê Văn Tám<\/a><\/td>[\s\S]*?<td class="a-submitted">Chờ duyệt<\/td>/);
      const review = await rt.api(`/api/units/${school}/reviews/${PERIOD}`, { token: cityLeader, body: { decision: 'approve', comment: 'Số liệu khớp' } });
      expect(review.status).toBeLessThan(300);
      expect(await ward()).toMatch(/Trường Tiểu học Lê Văn Tám<\/a><\/td>[\s\S]*?<td class="a-approved">Đã phê duyệt<\/td>/);
      const page = await (await get(`/dashboard?unit=${school}&period=${PERIOD}`, { cookie })).text();
      expect(page).toMatch(
        /<strong class="a-approved">Đã phê duyệt<\/strong> · \d\d:\d\d \d\d\/\d\d\/\d{4} \(test-leader-lc-tp-lao-cai\)<span class="frac">Nhận xét: Số liệu khớp<\/span>/,
      );
    });
  });

  describe('given an open dashboard', () => {
    it('when a school reports, then the live stamp changes (the page polls it every 4 s and reloads its content)', async () => {
      const cookie = await login(cityLeader);
      const stamp = async (): Promise<string> => {
        const answer = await get(`/dashboard/live?unit=${CITY}&period=${PERIOD}`, { cookie });
        expect(answer.status).toBe(200);
        return ((await answer.json()) as { stamp: string }).stamp;
      };
      const before = await stamp();
      expect(await stamp()).toBe(before);
      const school = await rt.token('lc-tp-thcs-le-quy-don', 'school');
      const posted = await rt.api('/api/submissions', {
        token: school,
        body: { unitId: 'lc-tp-thcs-le-quy-don', period: PERIOD, values: { thcs_classes: 12, thcs_pupils: 480, teachers: 23 } },
      });
      expect(posted.status).toBeLessThan(300);
      await waitFor(stamp, (s) => s !== before, 15_000);
      const rollup = (await rt.api(`/api/units/${CITY}/rollups/${PERIOD}`, { token: cityLeader })).body;
      expect(rollup.indicators.thcs_pupils.value).toBe(480);
      const page = await (await get(`/dashboard?period=${PERIOD}`, { cookie })).text();
      expect(page).toContain(`<td class="n">${rollup.indicators.pupils.value.toLocaleString('vi-VN')}`);
    });

    it('when the leader sends a missing school its link again, then the resend is recorded with who and when, and shown', async () => {
      const cookie = await login(cityLeader);
      const answer = await fetch(`${rt.url}/dashboard/resend`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ school: 'lc-tp-mn-hoa-hong', unit: CITY, period: PERIOD }).toString(),
      });
      expect(answer.status).toBe(303);
      expect(answer.headers.get('location')).toBe(`/dashboard?unit=${CITY}&period=${PERIOD}&resent=lc-tp-mn-hoa-hong`);
      const page = await (await get(answer.headers.get('location') as string, { cookie })).text();
      expect(page).toContain(`Đã gửi lại đường dẫn báo cáo cho Trường Mầm non Hoa Hồng (tới ${HOA_HONG.email}).`);
      expect(page).toMatch(/Đã gửi lại \d\d:\d\d \d\d\/\d\d\/\d{4} \(test-leader-lc-tp-lao-cai\)<\/span>/);
      // The school got an email with a fresh link to its own form, which opens that form.
      const mails = (await readOutbox(rt)).filter((m) => m.to.includes(HOA_HONG.email));
      expect(mails).toHaveLength(1);
      expect(mails[0]?.subject).toBe('Đường dẫn nộp báo cáo Đầu năm học 2022-2023 — Trường Mầm non Hoa Hồng');
      expect(mails[0]?.text).toContain('Thành phố Lào Cai gửi lại đường dẫn để trường nộp báo cáo Đầu năm học 2022-2023 (hạn nộp 31/10/2022)');
      const link = mails[0]?.text.match(/https?:\/\/\S+\/form\?t=\S+/)?.[0] as string;
      const form = await fetch(link);
      expect(form.status).toBe(200);
      expect(await form.text()).toContain('Trường Mầm non Hoa Hồng');
      // A school without an address: the resend is recorded, and the leader is told to reach it another way.
      const noAddress = await fetch(`${rt.url}/dashboard/resend`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ school: 'lc-tp-th-le-van-tam', unit: CITY, period: PERIOD }).toString(),
      });
      const told = await (await get(noAddress.headers.get('location') as string, { cookie })).text();
      expect(told).toContain('Đã ghi nhận yêu cầu gửi lại đường dẫn cho Trường Tiểu học Lê Văn Tám, nhưng trường chưa có địa chỉ email');
      expect(await readOutbox(rt)).toHaveLength(1);
      // Without the cookie (a cross-site form post does not carry a SameSite=Strict cookie) nothing happens.
      const forged = await fetch(`${rt.url}/dashboard/resend`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ school: 'lc-tp-mn-hoa-hong', unit: CITY, period: PERIOD }).toString(),
      });
      expect(forged.status).toBe(401);
    });
  });
});
