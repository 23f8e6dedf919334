/**
 * The school form: GET shows it (or, with `view=history`, the school's versions for the period),
 * POST validates with the API's own rules and stores a version.
 */
import { randomUUID } from 'node:crypto';
import { dueDateFor } from '../../domain/periods.ts';
import { computedTotals, periodFieldsFor, requiredFieldsFor } from '../../domain/validation.ts';
import { vietnamDate } from '../../domain/vietnam-time.ts';
import { catalogForLevels } from '../../domain/wording.ts';
import type { TokenClaims } from '../../schemas/auth.ts';
import type { Catalog, Indicator, Level, Period } from '../../schemas/catalog.ts';
import type { UnitItem } from '../../schemas/unit.ts';
import { verifyToken } from '../commons/auth.ts';
import { formatNumber, html } from '../commons/html.ts';
import { HttpError, type HttpResult } from '../commons/http.ts';
import { acceptSubmission, NeedsConfirmation } from '../commons/intake.ts';
import { readSubmissions } from '../commons/read.ts';
import { getHead, getLatestVersion, getUnit } from '../commons/store.ts';
import { assessmentWording } from './assessment.ts';
import { parseCount } from './numbers.ts';
import { type FormModel, type PeriodState, type PeriodStatus, renderForm, renderHistory, renderProblem, renderReceipt } from './render.ts';

export { parseCount } from './numbers.ts';

const refuse = (statusCode: number, body: string): { ok: false; result: HttpResult } => ({ ok: false, result: html(statusCode, body) });

/** The school of a form token; a problem page when the token is missing, invalid or not a school's. */
const schoolOf = async (
  tableName: string,
  token: string | undefined,
): Promise<{ ok: true; claims: TokenClaims; school: UnitItem } | { ok: false; result: HttpResult }> => {
  if (!token) return refuse(401, renderProblem('Thiếu đường dẫn báo cáo', 'Hãy mở đường dẫn báo cáo mà phòng giáo dục đã gửi cho trường.'));
  let claims: TokenClaims;
  try {
    claims = await verifyToken(token);
  } catch (error) {
    return refuse(
      401,
      renderProblem(
        'Đường dẫn không hợp lệ',
        error instanceof HttpError ? `${error.message}. Hãy xin phòng giáo dục đường dẫn mới.` : 'Hãy xin phòng giáo dục đường dẫn mới.',
      ),
    );
  }
  const school = claims.role === 'school' ? await getUnit(tableName, claims.unit) : undefined;
  if (!school?.levels) return refuse(403, renderProblem('Không có quyền', 'Đường dẫn này không phải của một trường.'));
  return { ok: true, claims, school };
};

/**
 * Periods the school can report for now (opened, and the school existed then): the open one, the
 * last to have opened, first; then the others, latest first.
 */
export const openPeriods = (catalog: Catalog, school: UnitItem, now: Date): Period[] =>
  catalog.periods
    .filter((p) => p.opensOn <= vietnamDate(now) && school.periods[p.id] !== undefined)
    .sort((a, b) => b.opensOn.localeCompare(a.opensOn) || b.dueOn.localeCompare(a.dueOn));

const dueFor = (school: UnitItem, period: Period): string => dueDateFor(period, [...(school.periods[period.id]?.ancestors ?? []), school.id]);

/** Where the school stands for a period: submitted (a final version), a draft only, overdue or not yet submitted. */
const statusOf = async (tableName: string, school: UnitItem, period: Period, today: string): Promise<PeriodStatus> => {
  const head = await getHead(tableName, school.id, period.id);
  if (head.latestFinal > 0) return 'submitted';
  if (head.latestVersion > 0) return 'draft';
  return dueFor(school, period) < today ? 'overdue' : 'missing';
};

const periodStates = async (tableName: string, school: UnitItem, periods: Period[], today: string): Promise<PeriodState[]> =>
  Promise.all(periods.map(async (period) => ({ period, dueOn: dueFor(school, period), status: await statusOf(tableName, school, period, today) })));

/** The indicators a school enters itself for a period: the period kind's fields of its levels (catalog data), not computed totals. */
export const formIndicators = (catalog: Catalog, levels: readonly Level[], period: Period): Indicator[] => {
  const computed = computedTotals(catalog);
  return periodFieldsFor(catalog, period, levels).filter((i) => i.kind !== 'rate' && !computed.has(i.code));
};

/** The lower-secondary results section names the assessment scale in force that school year (catalog data). */
const RESULTS_ANCHOR = 'thcs_assessed';

const wordingFor = (catalog: Catalog, period: Period, fields: Indicator[]): Pick<FormModel, 'notes' | 'labels'> => {
  const anchor = fields.find((f) => f.code === RESULTS_ANCHOR);
  const rates = catalog.indicators.flatMap((i) => (i.kind === 'rate' ? [i] : []));
  const wording = anchor ? assessmentWording(catalog.assessmentScales, rates, period.schoolYear) : undefined;
  return anchor && wording ? { notes: { [anchor.section]: wording.notes }, labels: wording.labels } : { notes: {}, labels: {} };
};

const baseModel = async (tableName: string, catalog: Catalog, school: UnitItem, period: Period, token: string, now: Date): Promise<FormModel> => {
  const today = vietnamDate(now);
  const [latest, periods] = await Promise.all([
    getLatestVersion(tableName, school.id, period.id),
    periodStates(tableName, school, openPeriods(catalog, school, now), today),
  ]);
  const levels = school.levels ?? [];
  const fields = formIndicators(catalog, levels, period);
  return {
    catalog,
    school,
    period,
    periods,
    dueOn: dueFor(school, period),
    today,
    token,
    fields,
    required: requiredFieldsFor(catalog, period, levels),
    drafts: true,
    ...wordingFor(catalog, period, fields),
    values: Object.fromEntries(Object.entries(latest?.values ?? {}).map(([code, value]) => [code, formatNumber(value)])),
    errors: {},
    generalErrors: [],
    warnings: {},
    idempotencyKey: randomUUID(),
    latestVersion: latest?.version ?? 0,
    latestIsDraft: latest?.draft === true,
    previous: latest?.values ?? {},
  };
};

/** The period asked for, else the open one. */
const choosePeriod = (catalog: Catalog, school: UnitItem, wanted: string | undefined, now: Date): Period | undefined => {
  const periods = openPeriods(catalog, school, now);
  return periods.find((p) => p.id === wanted) ?? periods[0];
};

export const showForm = async (tableName: string, shared: Catalog, query: Record<string, string | undefined>, now: Date): Promise<HttpResult> => {
  const who = await schoolOf(tableName, query.t);
  if (!who.ok) return who.result;
  const catalog = catalogForLevels(shared, who.school.levels ?? []);
  const token = query.t as string;
  const period = choosePeriod(catalog, who.school, query.period, now);
  if (!period) return html(200, renderProblem('Chưa có kỳ báo cáo', 'Hiện chưa có kỳ báo cáo nào đang mở cho trường.'));
  if (query.view === 'history') {
    // The very data of GET /api/units/{school}/submissions/{period}, read with the school's own token.
    const { versions } = await readSubmissions(tableName, catalog, who.claims, who.school.id, period.id);
    const { labels } = wordingFor(catalog, period, formIndicators(catalog, who.school.levels ?? [], period));
    return html(200, renderHistory({ catalog, school: who.school, period, token, labels, versions }));
  }
  return html(200, renderForm(await baseModel(tableName, catalog, who.school, period, token, now)));
};

const NOT_A_COUNT = 'Vui lòng nhập số nguyên không âm, ví dụ 1250 hoặc 1.250';

export const submitForm = async (tableName: string, shared: Catalog, body: string, now: Date): Promise<HttpResult> => {
  const form = new URLSearchParams(body);
  const token = form.get('t') ?? undefined;
  const who = await schoolOf(tableName, token);
  if (!who.ok) return who.result;
  const catalog = catalogForLevels(shared, who.school.levels ?? []);
  const period = catalog.periods.find((p) => p.id === form.get('period'));
  if (!period || !who.school.periods[period.id]) return html(400, renderProblem('Kỳ báo cáo không hợp lệ', 'Hãy mở lại đường dẫn báo cáo.'));
  const model = await baseModel(tableName, catalog, who.school, period, token as string, now);
  model.idempotencyKey = form.get('idempotencyKey') || model.idempotencyKey;
  model.values = {};
  // Fields that cannot be read as counts go to the intake as text: it refuses them with the rest of
  // the body's problems, so that every hard error comes back in one round.
  const values: Record<string, number | string | null> = {};
  const draft = form.get('action') === 'draft';
  const unreadable = new Set<string>();
  const allowed = new Set(model.fields.map((i) => i.code));
  for (const [name, raw] of form) {
    if (!name.startsWith('v.')) continue;
    const code = name.slice(2);
    if (!allowed.has(code)) continue;
    model.values[code] = raw;
    if (raw.trim() === '') {
      // An emptied field that the latest version had is cleared explicitly (a correction).
      if (model.previous[code] !== undefined) values[code] = null;
      continue;
    }
    const value = parseCount(raw);
    if (value === null) {
      unreadable.add(code);
      values[code] = raw;
    } else values[code] = value;
  }
  if (Object.values(values).every((v) => v === null)) {
    model.generalErrors.push('Chưa có ô nào được điền.');
    return html(400, renderForm(model));
  }
  try {
    const accepted = await acceptSubmission({
      tableName,
      catalog,
      claims: who.claims,
      body: { unitId: who.school.id, period: period.id, values, ...(draft ? { draft: true } : {}), idempotencyKey: model.idempotencyKey },
      source: 'form',
      now,
      confirmWarnings: form.get('confirm') === '1' ? 'confirmed' : 'required',
    });
    const latest = await getLatestVersion(tableName, who.school.id, period.id);
    return html(
      200,
      renderReceipt({
        catalog,
        school: who.school,
        period,
        token: token as string,
        ...accepted,
        draft: accepted.draft === true,
        values: latest?.version === accepted.version ? latest.values : {},
        labels: model.labels,
      }),
    );
  } catch (error) {
    if (error instanceof NeedsConfirmation) {
      for (const warning of error.warnings) {
        const field = warning.path.replace(/^values\./, '');
        model.warnings[field] ??= [];
        model.warnings[field].push(warning.message);
      }
      return html(200, renderForm(model));
    }
    if (error instanceof HttpError && error.statusCode < 500) {
      // A field both required and needed as a denominator is reported once, as required.
      const required = new Set(error.issues.filter((i) => i.code === 'required').map((i) => i.path));
      for (const issue of error.issues.filter((i) => !(i.code === 'denominator_missing' && required.has(i.path)))) {
        const code = issue.path.startsWith('values.') ? issue.path.slice('values.'.length) : '';
        if (code && allowed.has(code)) {
          model.errors[code] ??= [];
          const message = unreadable.has(code) ? NOT_A_COUNT : issue.message;
          if (!model.errors[code].includes(message)) model.errors[code].push(message);
        } else model.generalErrors.push(issue.message);
      }
      if (error.issues.length === 0) model.generalErrors.push(error.message);
      return html(error.statusCode, renderForm(model));
    }
    throw error;
  }
};
