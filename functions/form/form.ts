/** The school form: GET shows it, POST validates with the API's own rules and stores a version. */
import { randomUUID } from 'node:crypto';
import { dueDateFor } from '../../domain/periods.ts';
import type { TokenClaims } from '../../schemas/auth.ts';
import type { Catalog, Period } from '../../schemas/catalog.ts';
import type { UnitItem } from '../../schemas/unit.ts';
import { verifyToken } from '../commons/auth.ts';
import { html } from '../commons/html.ts';
import { HttpError, type HttpResult } from '../commons/http.ts';
import { getLatestVersion, getUnit } from '../commons/store.ts';
import { vietnamDate } from '../commons/time.ts';
import { acceptSubmission, NeedsConfirmation } from '../submit/accept.ts';
import { type FormModel, formIndicators, renderForm, renderProblem, renderSuccess } from './render.ts';

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

/** Periods the school can report for now: opened, and the school existed then. */
const openPeriods = (catalog: Catalog, school: UnitItem, now: Date): Period[] =>
  catalog.periods.filter((p) => p.opensOn <= vietnamDate(now) && school.periods[p.id] !== undefined);

const baseModel = async (tableName: string, catalog: Catalog, school: UnitItem, period: Period, token: string, now: Date): Promise<FormModel> => {
  const latest = await getLatestVersion(tableName, school.id, period.id);
  return {
    catalog,
    school,
    period,
    periods: openPeriods(catalog, school, now),
    dueOn: dueDateFor(period, [...(school.periods[period.id]?.ancestors ?? []), school.id]),
    token,
    values: Object.fromEntries(Object.entries(latest?.values ?? {}).map(([code, value]) => [code, String(value)])),
    errors: {},
    generalErrors: [],
    warnings: {},
    idempotencyKey: randomUUID(),
    latestVersion: latest?.version ?? 0,
  };
};

export const showForm = async (tableName: string, catalog: Catalog, query: Record<string, string | undefined>, now: Date): Promise<HttpResult> => {
  const who = await schoolOf(tableName, query.t);
  if (!who.ok) return who.result;
  const periods = openPeriods(catalog, who.school, now);
  const period = periods.find((p) => p.id === query.period) ?? periods.at(-1);
  if (!period) return html(200, renderProblem('Chưa có kỳ báo cáo', 'Hiện chưa có kỳ báo cáo nào đang mở cho trường.'));
  return html(200, renderForm(await baseModel(tableName, catalog, who.school, period, query.t as string, now)));
};

/** Parse a typed number: digits, optionally grouped by thousands with '.', ',' or spaces. */
export const parseCount = (text: string): number | null => {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (/^\d{1,3}([., ]\d{3})+$/.test(t)) return Number(t.replace(/[., ]/g, ''));
  return null;
};

export const submitForm = async (tableName: string, catalog: Catalog, body: string, now: Date): Promise<HttpResult> => {
  const form = new URLSearchParams(body);
  const token = form.get('t') ?? undefined;
  const who = await schoolOf(tableName, token);
  if (!who.ok) return who.result;
  const period = catalog.periods.find((p) => p.id === form.get('period'));
  if (!period || !who.school.periods[period.id]) return html(400, renderProblem('Kỳ báo cáo không hợp lệ', 'Hãy mở lại đường dẫn báo cáo.'));
  const model = await baseModel(tableName, catalog, who.school, period, token as string, now);
  model.idempotencyKey = form.get('idempotencyKey') || model.idempotencyKey;
  model.values = {};
  const values: Record<string, number> = {};
  const allowed = new Set(formIndicators(catalog, who.school.levels ?? []).map((i) => i.code));
  for (const [name, raw] of form) {
    if (!name.startsWith('v.')) continue;
    const code = name.slice(2);
    if (!allowed.has(code)) continue;
    model.values[code] = raw;
    if (raw.trim() === '') continue;
    const value = parseCount(raw);
    if (value === null) {
      model.errors[code] ??= [];
      model.errors[code].push('Vui lòng nhập số nguyên không âm (ví dụ 1250)');
    } else values[code] = value;
  }
  if (Object.keys(model.errors).length > 0) return html(400, renderForm(model));
  if (Object.keys(values).length === 0) {
    model.generalErrors.push('Chưa có ô nào được điền.');
    return html(400, renderForm(model));
  }
  try {
    const accepted = await acceptSubmission({
      tableName,
      catalog,
      claims: who.claims,
      body: { unitId: who.school.id, period: period.id, values, idempotencyKey: model.idempotencyKey },
      source: 'form',
      now,
      confirmWarnings: form.get('confirm') === '1' ? 'confirmed' : 'required',
    });
    const latest = await getLatestVersion(tableName, who.school.id, period.id);
    return html(200, renderSuccess({ school: who.school, period, token: token as string, ...accepted, values: latest?.values ?? values, catalog }));
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
      for (const issue of error.issues) {
        const code = issue.path.startsWith('values.') ? issue.path.slice('values.'.length) : '';
        if (code && allowed.has(code)) {
          model.errors[code] ??= [];
          model.errors[code].push(issue.message);
        } else model.generalErrors.push(issue.message);
      }
      if (error.issues.length === 0) model.generalErrors.push(error.message);
      return html(error.statusCode, renderForm(model));
    }
    throw error;
  }
};
