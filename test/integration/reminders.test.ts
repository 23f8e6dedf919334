/**
 * From the calendar to reminders, on the local clock: importing a calendar creates the schedules
 * through the same sync code the cloud runs; when they fire, only the schools that have not
 * submitted are reminded (read at firing time), with their form link; after the due date the ward
 * leaders get the names of their late schools, the city the count per ward and the province the
 * count per city; a schedule that fires twice sends nothing twice.
 *
 * Each test works on its own city (a copy of the small tree's city under the same province) and
 * sets the clock itself, so the tests hold in any order.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../local/clock.ts';
import type { Unit } from '../../schemas/unit.ts';
import { SMALL_TREE } from '../fixtures/small-tree.ts';
import { completeReport } from '../helpers/reports.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const PROVINCE = 'lao-cai';
const YEAR = '2022-2023';
const PERIOD = '2022-2023.semester1';
/** The calendar appendix of seed 000, copied into the fixtures so tests need nothing outside the repo. */
const appendix = readFileSync('test/fixtures/calendars/seed-000-appendix.txt', 'utf8');
/** The same calendar, updated: one task reworded, one added in February. */
const updated = appendix
  .replace('Thi NCKH cấp tỉnh.', 'Thi NCKH cấp tỉnh (lùi sang tháng 2).')
  .replace('2/2023\t', '2/2023\t<ul> - Họp giao ban hiệu trưởng. ');

const CITIES = ['import', 'schedules', 'update', 'deadline', 'twice', 'late', 'digest'] as const;
type CityKey = (typeof CITIES)[number];

/** The small tree's city, its wards and schools, copied under the province with ids prefixed by `key`. */
const cityTree = (key: CityKey): Unit[] =>
  SMALL_TREE.filter((unit) => unit.id !== PROVINCE).map((unit) => ({
    ...unit,
    id: unit.id.replace('lc-tp', `lc-${key}`),
    name: unit.kind === 'city' ? `Thành phố ${key}` : unit.name,
    parentId: unit.parentId === PROVINCE ? PROVINCE : (unit.parentId?.replace('lc-tp', `lc-${key}`) ?? null),
  }));

const idsOf = (key: CityKey) => {
  const id = (name: string) => `lc-${key}-${name}`;
  return {
    city: `lc-${key}-lao-cai`,
    /** Every schedule of the city is named after it (in the stack's group of the school year). */
    schedules: `lc-${key}-lao-cai.`,
    kimTan: id('p-kim-tan'),
    cocLeu: id('p-coc-leu'),
    kimDong: id('th-kim-dong'),
    leQuyDon: id('thcs-le-quy-don'),
    hoaHong: id('mn-hoa-hong'),
    leVanTam: id('th-le-van-tam'),
  };
};

describe('Calendar to reminders on the local clock', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({
      clock: { start: '2023-01-03T09:00' },
      units: [SMALL_TREE.find((u) => u.id === PROVINCE) as Unit, ...CITIES.flatMap(cityTree)],
    });
  });
  afterAll(async () => {
    await rt?.stop();
  });

  const put = async (city: string, document: string, token?: string) =>
    rt.api(`/api/units/${city}/calendar/${YEAR}`, {
      method: 'PUT',
      token: token ?? (await rt.token(city, 'leader')),
      rawBody: document,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  /** A city of its own, its calendar imported on 3 January 2023 (so every schedule of the semester is ahead). */
  const cityWithCalendar = async (key: CityKey, document = appendix) => {
    const ids = idsOf(key);
    setClock('2023-01-03T09:00');
    expect((await put(ids.city, document)).status).toBe(200);
    await rt.settle();
    return ids;
  };
  const submit = async (school: string) => {
    const answer = await rt.api('/api/submissions', {
      token: await rt.token(school, 'school'),
      body: { unitId: school, period: PERIOD, values: completeReport(school.includes('-mn-') ? ['MN'] : ['TH'], PERIOD) },
    });
    expect(answer.status).toBe(202);
  };
  const fireAt = async (vietnamTime: string) => {
    setClock(vietnamTime);
    await rt.scheduler.fireDue();
    await rt.settle();
  };
  const notifications = async (unitId: string, cityPrefix: string) =>
    (
      (await rt.api(`/api/units/${unitId}/notifications`, { token: await rt.token(PROVINCE, 'leader') })).body.notifications as {
        schedule?: string;
        kind: string;
        title: string;
        lines: string[];
        link?: string;
      }[]
    ).filter((n) => n.schedule?.includes(`/${cityPrefix}`)); // (target notifications have no schedule)
  const reminderEvents = (cityPrefix: string) =>
    rt.bus.published.filter((e) => e['detail-type'] === 'ReminderDue' && (e.detail as { schedule: string }).schedule.includes(`/${cityPrefix}`));

  it('imports the calendar of seed 000 through the API; re-importing it changes nothing', async () => {
    const { city } = idsOf('import');
    setClock('2023-01-03T09:00');
    const first = await put(city, appendix);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ schoolYear: YEAR, added: 96, removed: 0, unchanged: 0, items: 96 });
    await rt.settle();
    const again = await put(city, appendix);
    expect(again.body).toMatchObject({ added: 0, removed: 0, unchanged: 96 });
    await rt.settle();
    expect(rt.bus.published.filter((e) => e['detail-type'] === 'CalendarChanged' && (e.detail as { unitId: string }).unitId === city)).toHaveLength(1);
    const stored = (await rt.api(`/api/units/${city}/calendar/${YEAR}`, { token: await rt.token(city, 'leader') })).body.items;
    expect(stored).toHaveLength(96);
    expect((await put(city, appendix, await rt.token(idsOf('import').kimDong, 'school'))).status).toBe(403);
  });

  it('creates the future schedules of the school year in one group, in Vietnam time, deleting themselves after firing', async () => {
    const { city } = await cityWithCalendar('schedules');
    const schedules = rt.scheduler.schedules.filter((s) => s.Name.startsWith(`${city}.`));
    // One group per school year for every unit, named after the stack; the unit is in each schedule's name.
    expect(new Set(schedules.map((s) => s.GroupName))).toEqual(new Set([`tonghop-local-${YEAR}`]));
    // From 3 January 2023: digests of February to July, semester-1 and end-of-year deadlines.
    expect(schedules.filter((s) => s.Name.startsWith(`${city}.digest-`))).toHaveLength(6);
    expect(schedules.filter((s) => s.Name.startsWith(`${city}.due-semester1-`))).toHaveLength(3);
    const d7 = schedules.find((s) => s.Name.startsWith(`${city}.due-semester1-d7`));
    expect(d7).toMatchObject({
      ScheduleExpression: 'at(2023-01-13T07:30:00)',
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      ActionAfterCompletion: 'DELETE',
    });
    expect(d7?.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 });
  });

  it('an updated calendar replaces only what changed, schedules included', async () => {
    const { city, schedules } = await cityWithCalendar('update');
    const before = rt.scheduler.schedules.filter((s) => s.Name.startsWith(schedules)).length;
    const answer = await put(city, updated);
    expect(answer.body).toMatchObject({ added: 2, removed: 1, unchanged: 95 });
    await rt.settle();
    expect(rt.scheduler.schedules.filter((s) => s.Name.startsWith(schedules)).length).toBe(before);
  });

  it('reminds, 7 days before the due date, exactly the schools that have not submitted, each with its form link', async () => {
    const ids = await cityWithCalendar('deadline');
    for (const school of [ids.kimDong, ids.hoaHong]) await submit(school);
    await rt.settle();
    await fireAt('2023-01-13T07:31');
    const reminded = reminderEvents(ids.schedules)
      .filter((e) => (e.detail as { kind: string }).kind === 'deadline')
      .map((e) => (e.detail as { recipientId: string }).recipientId);
    expect(reminded.sort()).toEqual([ids.leVanTam, ids.leQuyDon].sort());
    const [note] = await notifications(ids.leQuyDon, ids.schedules);
    expect(note?.title).toBe('Nhắc nộp báo cáo Sơ kết học kỳ I năm học 2022-2023');
    expect(note?.lines[0]).toContain('Còn 7 ngày đến hạn');
    expect(note?.link).toMatch(new RegExp(`^${rt.url}/form\\?t=.+&period=2022-2023.semester1$`));
    const form = await fetch(note?.link ?? '');
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Trường THCS Lê Quý Đôn');
  });

  it('a schedule that fires twice sends one reminder per recipient', async () => {
    const ids = await cityWithCalendar('twice');
    const d1 = rt.scheduler.schedules.find((s) => s.Name.startsWith(`${ids.schedules}due-semester1-d1`));
    expect(d1).toBeDefined();
    const copy = structuredClone(d1 as NonNullable<typeof d1>);
    await fireAt('2023-01-19T07:31');
    await rt.scheduler.fire(copy);
    await rt.settle();
    const d1Events = reminderEvents(ids.schedules).filter((e) => (e.detail as { schedule: string }).schedule.includes('due-semester1-d1'));
    const recipients = d1Events.map((e) => (e.detail as { recipientId: string }).recipientId);
    expect(recipients.sort()).toEqual([ids.kimDong, ids.leQuyDon, ids.hoaHong, ids.leVanTam].sort());
    expect((await notifications(ids.leVanTam, ids.schedules)).filter((n) => n.schedule?.includes('due-semester1-d1'))).toHaveLength(1);
  });

  it('after the due date, ward leaders get the names of their late schools, the city the count per ward, the province the count per city', async () => {
    const ids = await cityWithCalendar('late');
    for (const school of [ids.kimDong, ids.hoaHong, ids.leVanTam]) await submit(school);
    await rt.settle();
    await fireAt('2023-01-21T08:01');
    const ward = (await notifications(ids.kimTan, ids.schedules)).find((n) => n.kind === 'late');
    const label = 'Sơ kết học kỳ I năm học 2022-2023';
    expect(ward).toMatchObject({ title: `Đơn vị chưa nộp báo cáo ${label}`, lines: ['Trường THCS Lê Quý Đôn'] });
    expect((await notifications(ids.cocLeu, ids.schedules)).find((n) => n.kind === 'late')).toBeUndefined();
    expect((await notifications(ids.city, ids.schedules)).find((n) => n.kind === 'late')?.lines).toEqual(['Phường Kim Tân: 1 trường']);
    const province = (await notifications(PROVINCE, ids.schedules)).find((n) => n.kind === 'late');
    expect(province).toMatchObject({ title: `Số trường nộp muộn báo cáo ${label}`, lines: ['Thành phố late: 1 trường'] });
  });

  it('sends the monthly digest to each audience on the first working day', async () => {
    const ids = await cityWithCalendar('digest', updated);
    await fireAt('2023-02-01T07:31');
    const office = (await notifications(ids.city, ids.schedules)).find((n) => n.kind === 'digest');
    expect(office?.title).toBe('Công việc tháng 2/2023');
    expect(office?.lines).toContain('Họp giao ban hiệu trưởng.');
    const wardDigest = (await notifications(ids.kimTan, ids.schedules)).find((n) => n.kind === 'digest');
    expect(wardDigest?.lines).toEqual(['Kiểm tra việc thực hiện nhiệm vụ năm học các trường trên địa bàn 03 phường/xã.']);
    const school = (await notifications(ids.kimDong, ids.schedules)).find((n) => n.kind === 'digest');
    expect(school?.lines).toContain('Kiểm tra việc thực hiện nhiệm vụ năm học của các cơ sở giáo dục.');
  });
});
