/**
 * Notifications on the local clock (the same one-time EventBridge Scheduler schedules as in the
 * cloud, fired by the local Scheduler): a burst becomes one email per recipient per window, listing
 * everything; the daily digest goes at 17:00 Vietnam time; schools get their deadline reminder by
 * email with their own form link; a failing email channel retries, ends in the dead-letter list,
 * and blocks neither the inbox nor later emails.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../local/clock.ts';
import { SMALL_TREE } from '../fixtures/small-tree.ts';
import { noPendingFlush, readOutbox } from '../helpers/outbox.ts';
import { startTestRuntime, type TestRuntime, waitFor } from '../helpers/runtime.ts';

const PERIOD = '2022-2023.semester1';
const CITY = 'lc-tp-lao-cai';
const KIM_DONG = 'lc-tp-th-kim-dong';
const LQD = 'lc-tp-thcs-le-quy-don';
const HOA_HONG = 'lc-tp-mn-hoa-hong';
const LE_VAN_TAM = 'lc-tp-th-le-van-tam';
const WATCHER = 'pho-phong@tp.example';
const DIGEST = 'tong-hop@tp.example';
/** The small tree, each school with a contact address on a reserved domain. */
const TREE = SMALL_TREE.map((unit) => (unit.levels ? { ...unit, email: `${unit.id}@truong.example` } : unit));
/** Complete semester-1 reports: attendance and results, every rate on target but the one under test. */
const ATTENDANCE = { attendance_present: 990, attendance_expected: 1000 };
const th = (assessed: number, completed: number) => ({ ...ATTENDANCE, th_assessed: assessed, th_class_completed: completed });
const appendix = readFileSync('test/fixtures/calendars/seed-000-appendix.txt', 'utf8');

describe('Coalescing, the daily digest, school reminders and a failing channel on the local clock', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    process.env.NOTIFY_RETRY_ATTEMPTS = '2';
    rt = await startTestRuntime({ units: TREE, clock: { start: '2023-01-10T16:00' } });
  });
  afterAll(async () => {
    await rt?.stop();
  });

  const leader = () => rt.token(CITY, 'leader');
  const submit = async (school: string, values: Record<string, number>) =>
    expect((await rt.api('/api/submissions', { token: await rt.token(school, 'school'), body: { unitId: school, period: PERIOD, values } })).status).toBe(202);
  const mailsTo = async (to: string) => (await readOutbox(rt)).filter((m) => m.to === to);
  /** Distinct rollup events of the city's subtree so far (what the city's subtree subscription hears about). */
  const cityEvents = (types: string[]) =>
    new Set(
      rt.bus.published
        .filter((e) => types.includes(e['detail-type']) && (e.detail as { unitId: string }).unitId !== 'lao-cai')
        .map((e) => JSON.stringify([e['detail-type'], e.detail])),
    ).size;
  /** Move the clock and wait until every due window is flushed. */
  const advance = async (to: string) => {
    await rt.settle();
    setClock(to);
    await waitFor(
      async () => noPendingFlush(rt) && !rt.scheduler.schedules.some((s) => new Date(`${s.ScheduleExpression.slice(3, -1)}+07:00`) <= new Date()),
      Boolean,
      20_000,
    );
    await rt.settle();
  };

  it('a burst of events becomes one email per recipient at the end of the window, listing everything', async () => {
    for (const body of [
      { email: WATCHER, kinds: ['unit-completed', 'target-missed', 'target-met'], scope: 'subtree' },
      { email: DIGEST, kinds: ['daily-digest'], scope: 'subtree' },
    ]) {
      expect((await rt.api(`/api/units/${CITY}/subscriptions`, { token: await leader(), body })).status).toBe(201);
    }
    // Kim Tân completes and misses the completion target (190 / 200 = 95 %), and so does the city.
    await submit(KIM_DONG, th(200, 190));
    await submit(LQD, { ...ATTENDANCE, thcs_assessed: 300, thcs_good: 30, thcs_fair: 150, thcs_weak: 5 });
    await submit(HOA_HONG, { ...ATTENDANCE, mn_measured: 100, mn_normal_weight: 97, mn_normal_height: 98 });
    await rt.settle();
    expect(await mailsTo(WATCHER)).toHaveLength(0);
    expect(noPendingFlush(rt)).toBe(false);
    const flushes = rt.scheduler.schedules.filter((sc) => sc.GroupName.endsWith('-notify') && sc.Name.startsWith('flush-'));
    expect(flushes).toHaveLength(1);
    const copy = structuredClone(flushes[0] as NonNullable<(typeof flushes)[0]>);

    await advance('2023-01-10T16:02');
    expect(await mailsTo(WATCHER)).toHaveLength(1);
    // The Scheduler delivers at least once: the same window firing again sends nothing more.
    await rt.scheduler.fire(copy);
    const mails = await mailsTo(WATCHER);
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    // Every event of the burst is in it: completion, the missed completion rate, and the rates met for the first time.
    const first = cityEvents(['UnitCompleted', 'TargetMissed', 'TargetMet']);
    expect(first).toBeGreaterThanOrEqual(3);
    expect(mail?.subject).toMatch(new RegExp(`^${first} thông báo mới: `));
    expect(mail?.text).toContain('Phường Kim Tân đã nộp đủ báo cáo Sơ kết học kỳ I năm học 2022-2023');
    expect(mail?.text).toContain('Phường Kim Tân chưa đạt chỉ tiêu Tỷ lệ hoàn thành chương trình lớp học');
    expect(mail?.text).toContain('Thành phố Lào Cai chưa đạt chỉ tiêu Tỷ lệ hoàn thành chương trình lớp học');
    expect(mail?.text).toContain('95 %');

    // The next event opens the next window: one more email, with only what is new.
    await submit(KIM_DONG, th(200, 199));
    await advance('2023-01-10T16:04');
    const [, second] = await mailsTo(WATCHER);
    expect(await mailsTo(WATCHER)).toHaveLength(2);
    expect(second?.subject).toMatch(new RegExp(`^${cityEvents(['UnitCompleted', 'TargetMissed', 'TargetMet']) - first} thông báo mới: `));
    expect(second?.text).toContain('Phường Kim Tân đã đạt chỉ tiêu Tỷ lệ hoàn thành chương trình lớp học');
    expect(second?.text).not.toContain('đã nộp đủ');
  });

  it('the daily digest goes at 17:00 Vietnam time: submitted today, still missing, late, target changes; tomorrow’s is scheduled', async () => {
    const digest = rt.scheduler.schedules.find((s) => s.GroupName.endsWith('-notify') && s.Name === 'digest-2023-01-10');
    expect(digest).toMatchObject({ ScheduleExpression: 'at(2023-01-10T17:00:00)', ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh' });
    expect(await mailsTo(DIGEST)).toHaveLength(0);
    await advance('2023-01-10T17:00:05');
    const mails = await mailsTo(DIGEST);
    expect(mails).toHaveLength(1);
    const text = mails[0]?.text ?? '';
    expect(mails[0]?.subject).toBe('Tổng hợp ngày 10/01/2023: Thành phố Lào Cai');
    expect(text).toContain('Kỳ báo cáo Sơ kết học kỳ I năm học 2022-2023, hạn 20/01/2023: 3/4 trường đã nộp.');
    expect(text).toContain('Nộp hôm nay (3): ');
    expect(text).toContain('Còn thiếu (1): Trường Tiểu học Lê Văn Tám.');
    expect(text).toContain('Muộn hạn: 0 trường nộp muộn, 0 trường quá hạn chưa nộp.');
    expect(text).toContain(`Thay đổi chỉ tiêu hôm nay (${cityEvents(['TargetMissed', 'TargetMet'])}):`);
    expect(text).toContain('• Phường Kim Tân chưa đạt chỉ tiêu');
    expect(mails[0]?.unsubscribe).toMatch(/\/unsubscribe\?t=/);
    expect(rt.scheduler.schedules.some((s) => s.Name === 'digest-2023-01-11')).toBe(true);
  });

  it('a school that has not submitted gets its deadline reminder by email, with its own form link', async () => {
    const put = await rt.api(`/api/units/${CITY}/calendar/2022-2023`, {
      method: 'PUT',
      token: await leader(),
      rawBody: appendix,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
    expect(put.status).toBe(200);
    await advance('2023-01-13T07:30:30');
    await advance('2023-01-13T07:32');
    const mails = await mailsTo(`${LE_VAN_TAM}@truong.example`);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Trường Tiểu học Lê Văn Tám: Nhắc nộp báo cáo Sơ kết học kỳ I năm học 2022-2023');
    expect(mails[0]?.text).toContain('Còn 7 ngày đến hạn');
    const link = /(http:\/\/\S+\/form\?t=\S+)/.exec(mails[0]?.text ?? '')?.[1] ?? '';
    const form = await fetch(link);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Trường Tiểu học Lê Văn Tám');
    // The schools that submitted got nothing.
    expect(await mailsTo(`${KIM_DONG}@truong.example`)).toHaveLength(0);
  });

  it('a failing email channel retries, ends in the dead-letter list without blocking the inbox, and later emails still go', async () => {
    const before = (await mailsTo(WATCHER)).length;
    rt.ses.failWith = 'MessageRejected';
    await submit(LE_VAN_TAM, th(100, 100));
    await rt.settle();
    setClock('2023-01-13T07:35');
    await waitFor(async () => rt.scheduler.deadLetters.some((d) => d.schedule.Name.startsWith('flush-')), Boolean, 20_000);
    expect(rt.ses.calls).toBeGreaterThanOrEqual(3);
    expect((await mailsTo(WATCHER)).length).toBe(before);
    const inbox = (await rt.api('/api/units/lc-tp-p-coc-leu/notifications', { token: await leader() })).body.notifications as { kind: string }[];
    expect(inbox.filter((n) => n.kind === 'unit-completed')).toHaveLength(1);

    rt.ses.failWith = undefined;
    await submit(KIM_DONG, th(200, 180));
    await advance('2023-01-13T07:37');
    const mails = await mailsTo(WATCHER);
    expect(mails).toHaveLength(before + 1);
    // What the failed window held is carried by the next email, once.
    expect(mails.at(-1)?.text).toContain('Phường Cốc Lếu đã nộp đủ báo cáo');
    expect(mails.at(-1)?.text).toContain('Phường Kim Tân chưa đạt chỉ tiêu');
  });

  it('after a due date, a subscriber to late-units gets the late lists of the city and the wards below, in one email', async () => {
    const late = 'tre-han@tp.example';
    const body = { email: late, kinds: ['late-units'], scope: 'subtree' };
    expect((await rt.api(`/api/units/${CITY}/subscriptions`, { token: await leader(), body })).status).toBe(201);
    // Nobody has sent the end-of-year report: its late list, as the calendar's schedule fires it the day after the due date.
    await rt.scheduler.fire({
      Name: 'late-end-test',
      GroupName: 'tonghop-local-2022-2023',
      ScheduleExpression: 'at(2023-01-13T08:00:00)',
      Target: {
        Arn: 'arn:aws:lambda:local:000000000000:function:reminder',
        Input: JSON.stringify({
          schedule: 'tonghop-local-2022-2023/late-end-test',
          payload: { type: 'late', unitId: CITY, schoolYear: '2022-2023', periodId: '2022-2023.end' },
        }),
      },
    });
    await advance('2023-01-13T07:40');
    const mails = await mailsTo(late);
    expect(mails).toHaveLength(1);
    // Each ward’s late schools by name, and the city’s count per ward: three notices, one email.
    expect(mails[0]?.subject).toMatch(/^3 thông báo mới: /);
    expect(mails[0]?.text).toContain('Thành phố Lào Cai: ');
    for (const name of [
      'Phường Kim Tân',
      'Phường Cốc Lếu',
      'Trường Tiểu học Kim Đồng',
      'Trường THCS Lê Quý Đôn',
      'Trường Mầm non Hoa Hồng',
      'Trường Tiểu học Lê Văn Tám',
    ]) {
      expect(mails[0]?.text).toContain(name);
    }
    expect(mails[0]?.text).toContain('chưa nộp báo cáo Tổng kết năm học 2022-2023');
  });
});
