/**
 * From the calendar to reminders, on the local clock: importing a calendar creates the schedules
 * through the same sync code the cloud runs; when they fire, only the schools that have not
 * submitted are reminded (read at firing time), with their form link; after the due date the ward
 * leaders get the names of their late schools and the province the late count per city; a
 * schedule that fires twice sends nothing twice.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../local/clock.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const CITY = 'lc-tp-lao-cai';
const YEAR = '2022-2023';
const PERIOD = '2022-2023.semester1';
/** The calendar appendix of seed 000, copied into the fixtures so tests need nothing outside the repo. */
const appendix = readFileSync('test/fixtures/calendars/seed-000-appendix.txt', 'utf8');

describe('Calendar to reminders on the local clock', () => {
  let rt: TestRuntime;
  let leader: string;
  beforeAll(async () => {
    rt = await startTestRuntime({ clock: { start: '2023-01-03T09:00' } });
    leader = await rt.token(CITY, 'leader');
  });
  afterAll(async () => {
    await rt?.stop();
  });

  const put = (document: string, token = leader) =>
    rt.api(`/api/units/${CITY}/calendar/${YEAR}`, { method: 'PUT', token, rawBody: document, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const notifications = async (unitId: string) =>
    (await rt.api(`/api/units/${unitId}/notifications`, { token: await rt.token('lao-cai', 'leader') })).body.notifications as {
      schedule: string;
      kind: string;
      title: string;
      lines: string[];
      link?: string;
    }[];

  it('imports the calendar of seed 000 through the API; re-importing it changes nothing', async () => {
    const first = await put(appendix);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ schoolYear: YEAR, added: 96, removed: 0, unchanged: 0, items: 96 });
    await rt.settle();
    const again = await put(appendix);
    expect(again.body).toMatchObject({ added: 0, removed: 0, unchanged: 96 });
    await rt.settle();
    expect(rt.bus.published.filter((e) => e['detail-type'] === 'CalendarChanged')).toHaveLength(1);
    const stored = (await rt.api(`/api/units/${CITY}/calendar/${YEAR}`, { token: leader })).body.items;
    expect(stored).toHaveLength(96);
    expect((await put(appendix, await rt.token('lc-tp-th-kim-dong', 'school'))).status).toBe(403);
  });

  it('creates the future schedules of the school year in one group, in Vietnam time, deleting themselves after firing', () => {
    const schedules = rt.scheduler.schedules;
    // One group per school year for every unit, named after the stack; the unit is in each schedule's name.
    expect(new Set(schedules.map((s) => s.GroupName))).toEqual(new Set([`tonghop-local-${YEAR}`]));
    for (const schedule of schedules) expect(schedule.Name.startsWith(`${CITY}.`)).toBe(true);
    // From 3 January 2023: digests of February to July, semester-1 and end-of-year deadlines.
    expect(schedules.filter((s) => s.Name.startsWith(`${CITY}.digest-`))).toHaveLength(6);
    expect(schedules.filter((s) => s.Name.startsWith(`${CITY}.due-semester1-`))).toHaveLength(3);
    const d7 = schedules.find((s) => s.Name.startsWith(`${CITY}.due-semester1-d7`));
    expect(d7).toMatchObject({
      ScheduleExpression: 'at(2023-01-13T07:30:00)',
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      ActionAfterCompletion: 'DELETE',
    });
    expect(d7?.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 });
  });

  it('an updated calendar replaces only what changed, schedules included', async () => {
    const before = rt.scheduler.schedules.length;
    const changed = appendix
      .replace('Thi NCKH cấp tỉnh.', 'Thi NCKH cấp tỉnh (lùi sang tháng 2).')
      .replace('2/2023\t', '2/2023\t<ul> - Họp giao ban hiệu trưởng. ');
    const answer = await put(changed);
    expect(answer.body).toMatchObject({ added: 2, removed: 1, unchanged: 95 });
    await rt.settle();
    expect(rt.scheduler.schedules.length).toBe(before);
  });

  it('reminds, 7 days before the due date, exactly the schools that have not submitted, each with its form link', async () => {
    for (const school of ['lc-tp-th-kim-dong', 'lc-tp-mn-hoa-hong']) {
      const answer = await rt.api('/api/submissions', {
        token: await rt.token(school, 'school'),
        body: { unitId: school, period: PERIOD, values: { teachers: 20 } },
      });
      expect(answer.status).toBe(202);
    }
    await rt.settle();
    setClock('2023-01-13T07:31');
    await rt.scheduler.fireDue();
    await rt.settle();
    const reminded = rt.bus.published
      .filter((e) => e['detail-type'] === 'ReminderDue' && (e.detail as { kind: string }).kind === 'deadline')
      .map((e) => (e.detail as { recipientId: string }).recipientId);
    expect(reminded.sort()).toEqual(['lc-tp-th-le-van-tam', 'lc-tp-thcs-le-quy-don']);
    const [note] = await notifications('lc-tp-thcs-le-quy-don');
    expect(note?.title).toBe('Nhắc nộp báo cáo Sơ kết học kỳ I năm học 2022-2023');
    expect(note?.lines[0]).toContain('Còn 7 ngày đến hạn');
    expect(note?.link).toMatch(new RegExp(`^${rt.url}/form\\?t=.+&period=2022-2023.semester1$`));
    const form = await fetch(note?.link ?? '');
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Trường THCS Lê Quý Đôn');
  });

  it('a schedule that fires twice sends one reminder per recipient', async () => {
    const before = rt.bus.published.filter((e) => e['detail-type'] === 'ReminderDue').length;
    const d1 = rt.scheduler.schedules.find((s) => s.Name.startsWith(`${CITY}.due-semester1-d1`));
    expect(d1).toBeDefined();
    const copy = structuredClone(d1 as NonNullable<typeof d1>);
    setClock('2023-01-19T07:31');
    await rt.scheduler.fireDue();
    await rt.scheduler.fire(copy);
    await rt.settle();
    const d1Events = rt.bus.published.slice(before).filter((e) => (e.detail as { schedule: string }).schedule?.includes('due-semester1-d1'));
    expect(d1Events).toHaveLength(2);
    expect((await notifications('lc-tp-th-le-van-tam')).filter((n) => n.schedule.includes('due-semester1-d1'))).toHaveLength(1);
  });

  it('after the due date, ward leaders get the names of their late schools and the province the count per city', async () => {
    await rt.api('/api/submissions', {
      token: await rt.token('lc-tp-th-le-van-tam', 'school'),
      body: { unitId: 'lc-tp-th-le-van-tam', period: PERIOD, values: { teachers: 9 } },
    });
    await rt.settle();
    setClock('2023-01-21T08:01');
    await rt.scheduler.fireDue();
    await rt.settle();
    const ward = (await notifications('lc-tp-p-kim-tan')).find((n) => n.kind === 'late');
    expect(ward).toMatchObject({ title: 'Đơn vị chưa nộp báo cáo Sơ kết học kỳ I năm học 2022-2023', lines: ['Trường THCS Lê Quý Đôn'] });
    expect((await notifications('lc-tp-p-coc-leu')).find((n) => n.kind === 'late')).toBeUndefined();
    const province = (await notifications('lao-cai')).find((n) => n.kind === 'late');
    expect(province?.lines).toEqual(['Thành phố Lào Cai: 1 trường']);
  });

  it('sends the monthly digest to each audience on the first working day', async () => {
    setClock('2023-02-01T07:31');
    await rt.scheduler.fireDue();
    await rt.settle();
    const office = (await notifications(CITY)).find((n) => n.kind === 'digest');
    expect(office?.title).toBe('Công việc tháng 2/2023');
    expect(office?.lines).toContain('Họp giao ban hiệu trưởng.');
    const wardDigest = (await notifications('lc-tp-p-kim-tan')).find((n) => n.kind === 'digest');
    expect(wardDigest?.lines).toEqual(['Kiểm tra việc thực hiện nhiệm vụ năm học các trường trên địa bàn 03 phường/xã.']);
    const school = (await notifications('lc-tp-th-kim-dong')).find((n) => n.kind === 'digest');
    expect(school?.lines).toContain('Kiểm tra việc thực hiện nhiệm vụ năm học của các cơ sở giáo dục.');
  });
});
