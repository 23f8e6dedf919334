/**
 * Notifications by email, over HTTP and through the local SES outbox, with every bus event
 * delivered twice: subscriptions and who may manage them; the ward's last school submits → one
 * email and one inbox entry; a correction sends nothing; a target crossing sends one
 * target-missed email; the one-click unsubscribe link works and nothing follows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noPendingFlush, readOutbox } from '../helpers/outbox.ts';
import { startTestRuntime, type TestRuntime, waitFor } from '../helpers/runtime.ts';

const PERIOD = '2022-2023.start';
/** The semester-1 review asks for attendance and results (complete TH report). */
const SEMESTER = '2022-2023.semester1';
const results = (assessed: number, completed: number) => ({
  attendance_present: 990,
  attendance_expected: 1000,
  th_assessed: assessed,
  th_class_completed: completed,
});
const WARD = 'lc-tp-p-kim-tan';
const CITY = 'lc-tp-lao-cai';
const KIM_DONG = 'lc-tp-th-kim-dong';
const LQD = 'lc-tp-thcs-le-quy-don';
const LEADER_EMAIL = 'lanh-dao@kim-tan.example';

describe('Notifications by email (every event delivered twice)', () => {
  let rt: TestRuntime;
  let wardLeader: string;
  beforeAll(async () => {
    process.env.NOTIFY_WINDOW_SECONDS = '2';
    rt = await startTestRuntime({ deliveries: 2 });
    wardLeader = await rt.token(WARD, 'leader');
  });
  afterAll(async () => {
    await rt?.stop();
  });

  const submit = async (school: string, values: Record<string, number>, period = PERIOD) =>
    expect((await rt.api('/api/submissions', { token: await rt.token(school, 'school'), body: { unitId: school, period, values } })).status).toBe(202);
  /** Everything delivered, every coalescing window flushed. */
  const quiet = async () => {
    await rt.settle();
    await waitFor(async () => noPendingFlush(rt), Boolean, 15_000);
  };
  const inbox = async (unitId: string) =>
    (await rt.api(`/api/units/${unitId}/notifications`, { token: wardLeader })).body.notifications as { kind: string; title: string; lines: string[] }[];

  it('subscriptions: a leader of the unit or of an ancestor manages them; a school, a sibling and no token are refused; bad input is a 400 naming the field', async () => {
    const cityLeader = await rt.token(CITY, 'leader');
    const body = { email: 'pho-phong@tp.example', name: 'Anh Minh', kinds: ['target-missed'], scope: 'subtree' };
    const byCity = await rt.api(`/api/units/${WARD}/subscriptions`, { token: cityLeader, body });
    expect(byCity.status).toBe(201);
    expect(byCity.body).toMatchObject({ unitId: WARD, email: 'pho-phong@tp.example', kinds: ['target-missed'], scope: 'subtree' });
    expect(byCity.body.id).toEqual(expect.any(String));

    expect((await rt.api(`/api/units/${WARD}/subscriptions`, { token: await rt.token(KIM_DONG, 'school'), body })).status).toBe(403);
    expect((await rt.api(`/api/units/${WARD}/subscriptions`, { token: await rt.token('lc-tp-p-coc-leu', 'leader'), body })).status).toBe(403);
    expect((await rt.api(`/api/units/${WARD}/subscriptions`, { token: await rt.token('lc-tp-p-coc-leu', 'leader') })).status).toBe(403);
    expect((await rt.api(`/api/units/${WARD}/subscriptions`, { body })).status).toBe(401);
    expect((await rt.api(`/api/units/${CITY}/subscriptions`, { token: wardLeader, body })).status).toBe(403);

    const bad = await rt.api(`/api/units/${WARD}/subscriptions`, { token: wardLeader, body: { email: 'không-phải-email', kinds: ['weekly'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['email', 'kinds.0']);
    expect(bad.body.issues.find((i: { path: string }) => i.path === 'email').message).toBe('Địa chỉ email không hợp lệ');

    const listed = await rt.api(`/api/units/${WARD}/subscriptions`, { token: wardLeader });
    expect(listed.status).toBe(200);
    expect(listed.body.subscriptions.map((s: { email: string }) => s.email)).toEqual(['pho-phong@tp.example']);
    expect((await rt.api(`/api/units/${WARD}/subscriptions/${byCity.body.id}`, { method: 'DELETE', token: await rt.token(KIM_DONG, 'school') })).status).toBe(
      403,
    );
    expect((await rt.api(`/api/units/${WARD}/subscriptions/${byCity.body.id}`, { method: 'DELETE', token: wardLeader })).status).toBe(204);
    expect((await rt.api(`/api/units/${WARD}/subscriptions/${byCity.body.id}`, { method: 'DELETE', token: wardLeader })).status).toBe(404);
    expect((await rt.api(`/api/units/${WARD}/subscriptions`, { token: wardLeader })).body.subscriptions).toEqual([]);
  });

  it('given a leader subscribed to a ward, when its last school submits, then exactly one email reaches the outbox within seconds and one entry the inbox', async () => {
    const subscribed = await rt.api(`/api/units/${WARD}/subscriptions`, {
      token: wardLeader,
      body: { email: LEADER_EMAIL, kinds: ['unit-completed', 'target-missed'] },
    });
    expect(subscribed.status).toBe(201);
    await submit(KIM_DONG, { th_classes: 32, th_pupils: 1200, teachers: 40 });
    await rt.settle();
    expect(rt.ses.list()).toHaveLength(0);

    await submit(LQD, { thcs_classes: 10, thcs_pupils: 350, teachers: 20 });
    const [mail] = await waitFor(
      () => readOutbox(rt),
      (mails) => mails.length > 0,
      15_000,
    );
    await quiet();
    expect(rt.ses.list()).toHaveLength(1);
    expect(mail?.to).toBe(LEADER_EMAIL);
    expect(mail?.subject).toBe('Phường Kim Tân đã nộp đủ báo cáo Đầu năm học 2022-2023');
    expect(mail?.text).toContain('2/2 trường đã nộp báo cáo Đầu năm học 2022-2023');
    expect(mail?.text).toContain('Tổng số học sinh, trẻ: 1.550.');
    expect(mail?.text).toContain(`${rt.url}/dashboard?unit=${WARD}&period=${PERIOD}`);
    expect(mail?.html).toContain('1.550');
    expect(mail?.unsubscribe).toMatch(new RegExp(`^${rt.url}/unsubscribe\\?t=`));
    expect(mail?.unsubscribePost).toBe('List-Unsubscribe=One-Click');

    const entries = await inbox(WARD);
    expect(entries.filter((n) => n.kind === 'unit-completed')).toHaveLength(1);
    expect(entries[0]?.title).toBe('Phường Kim Tân đã nộp đủ báo cáo Đầu năm học 2022-2023');
  });

  it('given every bus event delivered twice, the notify function saw UnitCompleted twice and still sent once', () => {
    const deliveries = rt.bus.delivered.filter(
      (d) => d.ruleId === 'NotificationEventsToNotify' && d.event['detail-type'] === 'UnitCompleted' && (d.event.detail as { unitId: string }).unitId === WARD,
    );
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    expect(rt.ses.list()).toHaveLength(1);
  });

  it('a correction after that sends nothing', async () => {
    await submit(KIM_DONG, { th_classes: 32, th_pupils: 1210, teachers: 40 });
    await quiet();
    expect(rt.ses.list()).toHaveLength(1);
    expect((await inbox(WARD)).filter((n) => n.kind === 'unit-completed')).toHaveLength(1);
  });

  it('a target crossing sends one target-missed email, with the figures in Vietnamese format', async () => {
    // 190 / 200 = 95 % < 98,5 % (the province's target of 001): the ward, the city and the province cross.
    await submit(KIM_DONG, results(200, 190), SEMESTER);
    await waitFor(
      () => readOutbox(rt),
      (mails) => mails.length > 1,
      15_000,
    );
    await quiet();
    const mails = await readOutbox(rt);
    expect(mails).toHaveLength(2);
    const mail = mails[1];
    expect(mail?.subject).toBe('Phường Kim Tân chưa đạt chỉ tiêu Tỷ lệ hoàn thành chương trình lớp học');
    expect(mail?.text).toContain('Tỷ lệ hoàn thành chương trình lớp học: 95 %; chỉ tiêu ≥ 98,5 % (Sơ kết học kỳ I năm học 2022-2023).');
    expect(mail?.text).toContain('Chỉ tiêu của Tỉnh Lào Cai.');
    expect((await inbox(WARD)).filter((n) => n.kind === 'target-missed')).toHaveLength(1);
  });

  it('the one-click unsubscribe link works, and nothing is sent after it', async () => {
    const [, last] = await readOutbox(rt);
    const link = last?.unsubscribe ?? '';
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(LEADER_EMAIL);
    expect((await rt.api(`/api/units/${WARD}/subscriptions`, { token: wardLeader })).body.subscriptions).toHaveLength(1);

    const tampered = await fetch(`${link.slice(0, -4)}AAAA`, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    expect(tampered.status).toBe(400);
    const bearer = await fetch(`${rt.url}/unsubscribe?t=${wardLeader}`, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    expect(bearer.status).toBe(400);
    expect((await rt.api(`/api/units/${WARD}/subscriptions`, { token: wardLeader })).body.subscriptions).toHaveLength(1);

    const done = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Đã hủy');
    expect((await rt.api(`/api/units/${WARD}/subscriptions`, { token: wardLeader })).body.subscriptions).toEqual([]);

    // Met again, then missed again: a new target-missed event, and no one left to tell.
    await submit(KIM_DONG, results(200, 199), SEMESTER);
    await rt.settle();
    await submit(KIM_DONG, results(200, 180), SEMESTER);
    await quiet();
    expect((await inbox(WARD)).filter((n) => n.kind === 'target-missed')).toHaveLength(2);
    expect(rt.ses.list()).toHaveLength(2);
  });
});
