/**
 * Review and approval up the tree, locking by approval and by date, unlocking with a reason: every
 * rule over HTTP, on the local clock (each test sets the Vietnam time it needs, so they run in any
 * order). School tokens here carry no import flag: the locks apply to them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../local/clock.ts';
import { EventDetailSchemas } from '../../schemas/events.ts';
import { SMALL_TREE } from '../fixtures/small-tree.ts';
import { readOutbox } from '../helpers/outbox.ts';
import { startTestRuntime, type TestRuntime, waitFor } from '../helpers/runtime.ts';

const PROVINCE = 'lao-cai';
const CITY = 'lc-tp-lao-cai';
const KIM_TAN = 'lc-tp-p-kim-tan';
const COC_LEU = 'lc-tp-p-coc-leu';
const KIM_DONG = 'lc-tp-th-kim-dong';
const LQD = 'lc-tp-thcs-le-quy-don';
const HOA_HONG = 'lc-tp-mn-hoa-hong';
const LVT = 'lc-tp-th-le-van-tam';

const ATTENDANCE = { attendance_present: 9800, attendance_expected: 10_000 };
/** Complete reports per period kind (each kind asks its own fields). */
const VALUES: Record<string, Record<string, Record<string, number>>> = {
  start: {
    [KIM_DONG]: { th_classes: 20, th_pupils: 700, teachers: 28 },
    [LVT]: { th_classes: 15, th_pupils: 520, teachers: 20 },
  },
  semester1: {
    [KIM_DONG]: { ...ATTENDANCE, th_assessed: 700, th_class_completed: 690 },
    [LVT]: { ...ATTENDANCE, th_assessed: 520, th_class_completed: 515 },
    [LQD]: { ...ATTENDANCE, thcs_assessed: 350 },
    [HOA_HONG]: { ...ATTENDANCE, mn_measured: 240, mn_normal_weight: 230, mn_normal_height: 235 },
  },
  end: {
    [KIM_DONG]: { th_classes: 20, th_pupils: 700, ...ATTENDANCE, th_assessed: 700, th_class_completed: 690, th_grade5: 140, th_completed: 139 },
    [LVT]: { th_classes: 15, th_pupils: 520, ...ATTENDANCE, th_assessed: 520, th_class_completed: 515, th_grade5: 100, th_completed: 100 },
    [LQD]: { thcs_classes: 10, thcs_pupils: 350, ...ATTENDANCE, thcs_assessed: 350, thcs_promoted: 345, thcs_grade9: 90, thcs_graduated: 89 },
    [HOA_HONG]: { ...ATTENDANCE, mn_measured: 240, mn_normal_weight: 230, mn_normal_height: 235, mn_5y_children: 80, mn_5y_completed: 80 },
  },
};
const valuesOf = (id: string, period: string): Record<string, number> => VALUES[period.split('.')[1] as string]?.[id] ?? {};

describe('Review and approval up the tree, locks and unlocks', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    // Schools with a contact address (on a reserved domain), so the email channel can be checked.
    rt = await startTestRuntime({
      units: SMALL_TREE.map((u) => (u.levels ? { ...u, email: `${u.id}@truong.example` } : u)),
      clock: { start: '2022-10-20T08:00' },
    });
  });
  afterAll(async () => {
    await rt?.stop();
  });

  const school = (id: string) => rt.token(id, 'school', '1h', { import: false });
  const leader = (id: string) => rt.token(id, 'leader');
  const submit = async (id: string, period: string, values = valuesOf(id, period)) =>
    rt.api('/api/submissions', { token: await school(id), body: { unitId: id, period, values } });
  const review = async (by: string, id: string, period: string, body: unknown) =>
    rt.api(`/api/units/${id}/reviews/${period}`, { token: await leader(by), body });
  const decide = async (by: string, id: string, period: string, decision: 'approve' | 'withdraw') =>
    rt.api(`/api/units/${id}/approvals/${period}`, { token: await leader(by), body: { decision } });
  const status = async (id: string, period: string, token?: string) =>
    rt.api(`/api/units/${id}/approvals/${period}`, { token: token ?? (await leader(PROVINCE)) });
  const events = (type: string) => rt.bus.published.filter((e) => e['detail-type'] === type);

  it('given a submitted report, when a leader above returns it, then the school is notified with the comment and its form link, and a correction makes it submitted again', async () => {
    const period = '2022-2023.start';
    setClock('2022-10-20T08:00');
    expect((await submit(KIM_DONG, period)).status).toBe(202);
    expect((await status(KIM_DONG, period)).body).toMatchObject({ status: 'submitted', children: [] });

    // Only a leader of an ancestor decides: not the school, not a sibling ward, not a leader below.
    expect((await rt.api(`/api/units/${KIM_DONG}/reviews/${period}`, { token: await school(KIM_DONG), body: { decision: 'return' } })).status).toBe(403);
    expect((await review(COC_LEU, KIM_DONG, period, { decision: 'return' })).status).toBe(403);
    expect((await review(KIM_TAN, KIM_DONG, period, { decision: 'maybe' })).status).toBe(400);
    // Nothing submitted, nothing to review.
    const empty = await review(KIM_TAN, LQD, period, { decision: 'approve' });
    expect(empty.status).toBe(409);
    expect(empty.body.issues[0]).toMatchObject({ code: 'nothing_submitted' });

    const comment = 'Số học sinh lớp 5 chưa khớp với số lớp, đề nghị kiểm tra lại';
    const returned = await review(KIM_TAN, KIM_DONG, period, { decision: 'return', comment });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', version: 1 });
    expect((await status(KIM_DONG, period)).body.status).toBe('returned');
    expect((await review(KIM_TAN, KIM_DONG, period, { decision: 'return' })).body.issues[0]).toMatchObject({ code: 'already_returned' });

    // The school's inbox: the comment and a form link that opens the form for that period.
    const inbox = await rt.api(`/api/units/${KIM_DONG}/notifications`, { token: await school(KIM_DONG) });
    const note = inbox.body.notifications.find((n: { kind: string }) => n.kind === 'returned');
    expect(note).toMatchObject({ recipientId: KIM_DONG, title: 'Báo cáo Đầu năm học 2022-2023 được trả lại để sửa' });
    expect(note.lines[0]).toBe(`Phường Kim Tân trả lại báo cáo với nhận xét: “${comment}”`);
    expect(note.link).toMatch(new RegExp(`^${rt.url}/form\\?t=.+&period=2022-2023.start$`));
    const form = await fetch(note.link);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Trường Tiểu học Kim Đồng');

    // The event, with its schema; the notification reaches the channel as ReminderDue.
    await rt.settle();
    const event = events('SubmissionReturned').find((e) => (e.detail as { schoolId: string }).schoolId === KIM_DONG);
    expect(event?.detail).toMatchObject({ schoolId: KIM_DONG, period, version: 1, comment, byUnit: KIM_TAN, link: note.link });
    expect(EventDetailSchemas.SubmissionReturned.safeParse(event?.detail).success).toBe(true);
    expect(events('ReminderDue').some((e) => (e.detail as { kind: string; recipientId: string }).kind === 'returned')).toBe(true);
    // …and the email channel: at the end of the notification window, one email to the school's address.
    setClock('2022-10-20T08:05');
    const mails = await waitFor(
      async () => (await readOutbox(rt)).filter((m) => m.to === `${KIM_DONG}@truong.example`),
      (found) => found.length > 0,
      20_000,
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain('được trả lại để sửa');
    expect(mails[0]?.text).toContain(comment);
    expect(mails[0]?.text).toContain(`${rt.url}/form?t=`);

    expect((await submit(KIM_DONG, period, { th_classes: 21, th_pupils: 700, teachers: 28 })).status).toBe(202);
    expect((await status(KIM_DONG, period)).body.status).toBe('submitted');
  });

  it('given an approved report, then the school gets 409 with a Vietnamese message from the API and the form, until it is returned', async () => {
    const period = '2022-2023.start';
    setClock('2022-10-25T08:00');
    expect((await submit(LVT, period)).status).toBe(202);
    const approved = await review(COC_LEU, LVT, period, { decision: 'approve', comment: 'Đã đối chiếu' });
    expect(approved.body).toMatchObject({ status: 'approved', version: 1 });
    // A retried approval changes nothing.
    expect((await review(COC_LEU, LVT, period, { decision: 'approve' })).body).toMatchObject({ status: 'approved', unchanged: true });

    const refused = await submit(LVT, period, { th_classes: 16, th_pupils: 520, teachers: 20 });
    expect(refused.status).toBe(409);
    expect(refused.body.issues[0]).toMatchObject({ path: 'period', code: 'report_approved' });
    expect(refused.body.error).toContain('đã được cấp trên phê duyệt');
    const form = await fetch(`${rt.url}/form`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: await school(LVT), period, 'v.th_classes': '16', 'v.th_pupils': '520', 'v.teachers': '20', confirm: '1' }).toString(),
    });
    expect(form.status).toBe(409);
    expect(await form.text()).toContain('đã được cấp trên phê duyệt');
    expect((await rt.api(`/api/units/${LVT}/submissions/${period}`, { token: await school(LVT) })).body.versions).toHaveLength(1);

    // Returned by the city (also above), the school can correct again.
    expect((await review(CITY, LVT, period, { decision: 'return', comment: 'Bổ sung số trẻ' })).body.status).toBe('returned');
    expect((await submit(LVT, period, { th_classes: 16, th_pupils: 520, teachers: 20 })).status).toBe(202);
    await rt.settle();
    expect(
      events('SubmissionApproved').filter(
        (e) => (e.detail as { schoolId: string; period: string }).schoolId === LVT && (e.detail as { period: string }).period === period,
      ),
    ).toHaveLength(1);
  });

  it('approves a unit only when every child is approved, and refuses to withdraw a child or return a school while the level above has approved', async () => {
    const period = '2022-2023.semester1';
    setClock('2023-01-10T08:00');
    for (const id of [KIM_DONG, LQD, HOA_HONG, LVT]) expect((await submit(id, period)).status).toBe(202);
    expect((await review(KIM_TAN, KIM_DONG, period, { decision: 'approve' })).status).toBe(200);

    const early = await decide(CITY, KIM_TAN, period, 'approve');
    expect(early.status).toBe(409);
    expect(early.body.issues[0]).toMatchObject({ code: 'children_not_approved' });
    expect(early.body.error).toContain('Trường THCS Lê Quý Đôn');
    // The ward's own leader is not above the ward.
    expect((await decide(KIM_TAN, KIM_TAN, period, 'approve')).status).toBe(403);
    // A school is reviewed, not approved as a unit; a unit is approved, not reviewed.
    expect((await decide(KIM_TAN, KIM_DONG, period, 'approve')).status).toBe(400);
    expect((await review(CITY, KIM_TAN, period, { decision: 'approve' })).status).toBe(400);

    expect((await review(KIM_TAN, LQD, period, { decision: 'approve' })).status).toBe(200);
    expect((await decide(CITY, KIM_TAN, period, 'approve')).body).toMatchObject({ status: 'approved' });
    const ward = await status(KIM_TAN, period, await leader(KIM_TAN));
    expect(ward.body).toMatchObject({
      status: 'approved',
      children: [
        { id: LQD, status: 'approved' },
        { id: KIM_DONG, status: 'approved' },
      ],
    });
    expect((await status(CITY, period)).body).toMatchObject({
      status: 'submitted',
      children: [
        { id: COC_LEU, status: 'submitted' },
        { id: KIM_TAN, status: 'approved' },
      ],
    });

    // The ward has approved: its school cannot be returned.
    const blocked = await review(KIM_TAN, KIM_DONG, period, { decision: 'return', comment: 'Sửa lại' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.issues[0]).toMatchObject({ code: 'parent_approved' });

    // The city approves once Cốc Lếu is approved too; then the ward's approval cannot be withdrawn.
    expect((await decide(PROVINCE, CITY, period, 'approve')).status).toBe(409);
    for (const id of [HOA_HONG, LVT]) expect((await review(COC_LEU, id, period, { decision: 'approve' })).status).toBe(200);
    expect((await decide(CITY, COC_LEU, period, 'approve')).status).toBe(200);
    expect((await decide(PROVINCE, CITY, period, 'approve')).body.status).toBe('approved');
    const withdraw = await decide(CITY, KIM_TAN, period, 'withdraw');
    expect(withdraw.status).toBe(409);
    expect(withdraw.body.issues[0]).toMatchObject({ code: 'parent_approved' });

    // Top down it opens again: the province withdraws the city, the city the ward, the ward returns the school.
    expect((await decide(PROVINCE, CITY, period, 'withdraw')).body.status).toBe('open');
    expect((await decide(PROVINCE, CITY, period, 'withdraw')).body.issues[0]).toMatchObject({ code: 'not_approved' });
    expect((await decide(CITY, KIM_TAN, period, 'withdraw')).status).toBe(200);
    expect((await review(KIM_TAN, KIM_DONG, period, { decision: 'return', comment: 'Sửa lại' })).body.status).toBe('returned');

    await rt.settle();
    const unitApproved = events('UnitApproved').filter((e) => (e.detail as { period: string }).period === period);
    expect(unitApproved.map((e) => (e.detail as { unitId: string }).unitId).sort()).toEqual([CITY, COC_LEU, KIM_TAN]);
    for (const e of unitApproved) expect(EventDetailSchemas.UnitApproved.safeParse(e.detail).success).toBe(true);
  });

  it('reads the rollup over approved reports only with ?view=approved, live by default', async () => {
    const period = '2022-2023.end';
    setClock('2023-06-01T08:00');
    for (const id of [KIM_DONG, LQD]) expect((await submit(id, period)).status).toBe(202);
    await rt.settle();
    const token = await leader(CITY);
    const read = async (view?: string) => (await rt.api(`/api/units/${KIM_TAN}/rollups/${period}${view ? `?view=${view}` : ''}`, { token })).body;
    expect((await read()).indicators.pupils.value).toBe(1050);
    expect((await read('approved')).completeness).toMatchObject({ submitted: 0 });

    expect((await review(KIM_TAN, KIM_DONG, period, { decision: 'approve' })).status).toBe(200);
    const approved = await read('approved');
    expect(approved.indicators.pupils.value).toBe(700);
    expect(approved.completeness).toMatchObject({ expected: 2, submitted: 1 });
    expect((await read('live')).indicators.pupils.value).toBe(1050);
    const cityApproved = (await rt.api(`/api/units/${CITY}/rollups/${period}?view=approved`, { token })).body;
    expect(cityApproved.indicators.th_pupils.value).toBe(700);
    const schoolApproved = (await rt.api(`/api/units/${KIM_DONG}/rollups/${period}?view=approved`, { token })).body;
    expect(schoolApproved.indicators.th_pupils.value).toBe(700);

    // Returned: its figures leave the approved view, exactly once, and come back with the new approval.
    expect((await review(KIM_TAN, KIM_DONG, period, { decision: 'return' })).status).toBe(200);
    expect((await read('approved')).completeness.submitted).toBe(0);
    expect((await submit(KIM_DONG, period, { ...valuesOf(KIM_DONG, period), th_pupils: 710 })).status).toBe(202);
    expect((await review(KIM_TAN, KIM_DONG, period, { decision: 'approve' })).status).toBe(200);
    expect((await read('approved')).indicators.pupils.value).toBe(710);
    expect((await rt.api(`/api/units/${KIM_TAN}/rollups/${period}?view=final`, { token })).status).toBe(400);
  });

  it('locks a period after its lock date (409 offering an unlock request); a grant reopens it for the school until it expires', async () => {
    const period = '2022-2023.end'; // due 15/06/2023, locked after 15/07/2023
    setClock('2023-07-20T08:00');
    const locked = await submit(LVT, period);
    expect(locked.status).toBe(409);
    expect(locked.body.issues[0]).toMatchObject({ path: 'period', code: 'period_locked' });
    expect(locked.body.error).toContain('đã khóa sổ sau ngày 15/07/2023');
    expect(locked.body.error).toContain(`/api/units/${LVT}/unlock-requests/${period}`);
    expect((await status(LVT, period, await school(LVT))).body.lock).toMatchObject({ locksOn: '2023-07-15', locked: true, unlockedUntil: null });

    // Only the school asks, with a reason.
    const path = `/api/units/${LVT}/unlock-requests/${period}`;
    expect((await rt.api(path, { token: await school(KIM_DONG), body: { reason: 'Nhập nhầm số lớp' } })).status).toBe(403);
    expect((await rt.api(path, { token: await school(LVT), body: {} })).status).toBe(400);
    const asked = await rt.api(path, { token: await school(LVT), body: { reason: 'Nhập nhầm số lớp, cần sửa lại' } });
    expect(asked.status).toBe(201);
    expect(asked.body.id).toEqual(expect.any(String));

    // Only a leader above decides; a refusal keeps the lock.
    expect((await rt.api(`${path}/${asked.body.id}`, { token: await leader(KIM_TAN), body: { decision: 'grant' } })).status).toBe(403);
    const refusedAsk = await rt.api(path, { token: await school(LVT), body: { reason: 'Lần hai: cần sửa số lớp' } });
    expect(
      (await rt.api(`${path}/${refusedAsk.body.id}`, { token: await leader(COC_LEU), body: { decision: 'refuse', comment: 'Không đủ lý do' } })).body,
    ).toMatchObject({
      status: 'refused',
    });
    expect((await submit(LVT, period)).status).toBe(409);

    const granted = await rt.api(`${path}/${asked.body.id}`, {
      token: await leader(COC_LEU),
      body: { decision: 'grant', hours: 2, comment: 'Sửa trong 2 giờ' },
    });
    expect(granted.body).toMatchObject({ status: 'granted', hours: 2, expiresAt: expect.stringMatching(/^2023-07-20T10:00:/) });
    expect((await rt.api(`${path}/${asked.body.id}`, { token: await leader(COC_LEU), body: { decision: 'grant' } })).body.issues[0]).toMatchObject({
      code: 'already_decided',
    });
    // Open for that school only.
    expect((await submit(LVT, period)).status).toBe(202);
    expect((await submit(HOA_HONG, period)).status).toBe(409);
    expect((await status(LVT, period, await school(LVT))).body.lock.unlockedUntil).toBe(granted.body.expiresAt);

    // Two hours and a minute later the grant has expired.
    setClock('2023-07-20T10:01');
    expect((await submit(LVT, period, { ...valuesOf(LVT, period), th_classes: 16 })).status).toBe(409);
    // A report returned after the lock date can still be corrected: the return is the invitation.
    expect((await review(COC_LEU, LVT, period, { decision: 'return', comment: 'Sửa số lớp' })).status).toBe(200);
    expect((await submit(LVT, period, { ...valuesOf(LVT, period), th_classes: 16 })).status).toBe(202);

    // The demo loader's import is allowed past the lock date and recorded as such.
    const imported = await rt.api('/api/submissions', {
      token: await rt.token(HOA_HONG, 'school'),
      body: { unitId: HOA_HONG, period, values: valuesOf(HOA_HONG, period) },
    });
    expect(imported.status).toBe(202);
    const history = await rt.api(`/api/units/${HOA_HONG}/submissions/${period}`, { token: await school(HOA_HONG) });
    expect(history.body.versions.at(-1)).toMatchObject({ imported: true });

    await rt.settle();
    const requested = events('UnlockRequested').filter((e) => (e.detail as { schoolId: string }).schoolId === LVT);
    expect(requested).toHaveLength(2);
    const grants = events('UnlockGranted').filter((e) => (e.detail as { schoolId: string }).schoolId === LVT);
    expect(grants.map((e) => e.detail)).toEqual([expect.objectContaining({ requestId: asked.body.id, hours: 2, byUnit: COC_LEU })]);
    for (const e of [...requested, ...grants]) expect(EventDetailSchemas[e['detail-type'] as 'UnlockGranted'].safeParse(e.detail).success).toBe(true);
  });

  it('keeps every decision with who, when and the comment, readable by the unit and the leaders above only', async () => {
    const period = '2021-2022.end';
    setClock('2022-06-10T08:00');
    expect((await submit(LQD, period)).status).toBe(202);
    expect((await review(KIM_TAN, LQD, period, { decision: 'return', comment: 'Thiếu số học sinh giỏi' })).status).toBe(200);
    expect((await submit(LQD, period, { ...valuesOf(LQD, period), thcs_pupils: 351 })).status).toBe(202);
    expect((await review(CITY, LQD, period, { decision: 'approve', comment: 'Đạt' })).status).toBe(200);

    const audit = await status(LQD, period, await school(LQD));
    expect(audit.status).toBe(200);
    expect(audit.body).toMatchObject({ status: 'approved', decision: { decision: 'approved', version: 2, by: `test-leader-${CITY}`, comment: 'Đạt' } });
    const at = expect.stringMatching(/^2022-06-10T08:\d\d:\d\d\.\d{3}\+07:00$/);
    expect(audit.body.decisions).toEqual([
      { rev: 1, action: 'review-return', by: `test-leader-${KIM_TAN}`, byUnit: KIM_TAN, at, comment: 'Thiếu số học sinh giỏi', version: 1 },
      { rev: 2, action: 'review-approve', by: `test-leader-${CITY}`, byUnit: CITY, at, comment: 'Đạt', version: 2 },
    ]);
    expect((await status(LQD, period, await leader(COC_LEU))).status).toBe(403);
    expect((await status(LQD, period, await school(KIM_DONG))).status).toBe(403);
    await waitFor(
      async () => events('SubmissionApproved').filter((e) => (e.detail as { period: string }).period === period).length,
      (n) => n === 1,
    );
  });
});
