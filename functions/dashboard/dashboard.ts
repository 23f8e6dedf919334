/**
 * The leaders' dashboard: `GET /dashboard` (the page), `GET /dashboard/live` (a small stamp the
 * page polls to refresh itself) and `POST /dashboard/resend` (send a school its form link again).
 *
 * A link `/dashboard?t=<leader token>` is traded for an HttpOnly, SameSite=Strict cookie and a 302
 * to the same address without the token. A browser that followed the link from another site (an
 * email) does not send a SameSite=Strict cookie on that redirect; it gets a tiny page that reloads
 * the address from our own site, and then the cookie goes along.
 */
import { decodeJwt } from 'jose';
import type { TokenClaims } from '../../schemas/auth.ts';
import type { Catalog, Period } from '../../schemas/catalog.ts';
import { isSchool, type UnitItem } from '../../schemas/unit.ts';
import { canRead, verifyToken } from '../commons/auth.ts';
import { html as page } from '../commons/html.ts';
import { HttpError, type HttpEvent, type HttpResult, json, rawBody } from '../commons/http.ts';
import { credentialOf, sessionCookie } from '../commons/leader-session.ts';
import { logger } from '../commons/logger.ts';
import { requirePeriod } from '../commons/read.ts';
import { getUnit } from '../commons/store.ts';
import { type DashboardQuery, liveStamp, loadDashboard } from './model.ts';
import { CONTENT_SECURITY_POLICY, renderBounce, renderDashboard, renderProblem } from './render.ts';
import { recordResend } from './resend.ts';

/** Every dashboard answer: the shared page headers (no cache, no referrer, no framing) and a strict CSP. */
const html = (statusCode: number, body: string, headers: Record<string, string> = {}): HttpResult =>
  page(statusCode, body, { 'content-security-policy': CONTENT_SECURITY_POLICY, ...headers });

/** A redirect that keeps those headers (and sets cookies, if any). */
const redirect = (statusCode: 302 | 303, location: string, cookies?: string[]): HttpResult => ({
  ...html(statusCode, '', { location }),
  ...(cookies ? { cookies } : {}),
});

const TITLES: Record<number, string> = {
  503: 'Chưa gửi được',
  400: 'Yêu cầu không hợp lệ',
  401: 'Cần đường dẫn đăng nhập',
  403: 'Không có quyền',
  404: 'Không tìm thấy',
};

/** An HttpError as a Vietnamese page with the same status. */
export const problemPage = (error: HttpError): HttpResult =>
  html(error.statusCode, renderProblem(TITLES[error.statusCode] ?? 'Có lỗi', error.message), error.statusCode === 401 ? { 'www-authenticate': 'Bearer' } : {});

const LOGIN_HINT = 'Hãy mở lại đường dẫn bảng điều khiển (có mã truy cập) mà phòng giáo dục đã gửi cho bạn.';

/** A leader's claims, and the unit asked for (their own by default), which they must be allowed to read. */
const leaderAndUnit = async (tableName: string, token: string, unitId: string | undefined): Promise<{ claims: TokenClaims; unit: UnitItem }> => {
  let claims: TokenClaims;
  try {
    claims = await verifyToken(token);
  } catch (error) {
    throw error instanceof HttpError ? new HttpError(401, `${error.message}. ${LOGIN_HINT}`) : error;
  }
  if (claims.role !== 'leader') throw new HttpError(403, 'Bảng điều khiển dành cho lãnh đạo đơn vị; đường dẫn này là của một trường.');
  const unit = await getUnit(tableName, unitId || claims.unit);
  if (!unit) throw new HttpError(404, `Không tìm thấy đơn vị "${unitId ?? claims.unit}"`);
  if (!canRead(claims, unit)) throw new HttpError(403, 'Bạn không có quyền xem đơn vị này: nó không thuộc đơn vị của bạn.');
  return { claims, unit };
};

const queryOf = (event: HttpEvent): DashboardQuery & { t?: string } & Record<string, string | undefined> => event.queryStringParameters ?? {};

/** The same address without the token. */
const cleanAddress = (query: Record<string, string | undefined>): string => {
  const clean = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (name !== 't' && value !== undefined) clean.set(name, value);
  const text = clean.toString();
  return `/dashboard${text ? `?${text}` : ''}`;
};

/** Did this navigation come from another site (a link in an email), so that a Strict cookie was withheld? */
const crossSiteNavigation = (event: HttpEvent): boolean =>
  ['cross-site', 'same-site'].includes(event.headers?.['sec-fetch-site'] ?? '') && event.headers?.['sec-fetch-mode'] === 'navigate';

export const showDashboard = async (tableName: string, catalog: Catalog, event: HttpEvent, now: Date): Promise<HttpResult> => {
  const query = queryOf(event);
  try {
    if (query.t) {
      await leaderAndUnit(tableName, query.t, query.unit);
      const expires = decodeJwt(query.t).exp;
      return redirect(302, cleanAddress(query), [sessionCookie(event, query.t, expires, now)]);
    }
    const credential = credentialOf(event, ['bearer', 'cookie']);
    if (!credential) {
      if (crossSiteNavigation(event)) return html(200, renderBounce(cleanAddress(query)));
      throw new HttpError(401, `Chưa đăng nhập. ${LOGIN_HINT}`);
    }
    const { claims, unit } = await leaderAndUnit(tableName, credential.token, query.unit);
    if (query.period) requirePeriod(catalog, query.period);
    const model = await loadDashboard(tableName, catalog, claims, unit, query, now);
    return html(200, renderDashboard(model, await liveStamp(tableName, catalog, unit, model.period)));
  } catch (error) {
    if (error instanceof HttpError) return problemPage(error);
    throw error;
  }
};

/** `GET /dashboard/live?unit&period`: `{ stamp }`, which changes whenever the page would. */
export const liveDashboard = async (tableName: string, catalog: Catalog, event: HttpEvent): Promise<HttpResult> => {
  const query = queryOf(event);
  const credential = credentialOf(event, ['bearer', 'cookie']);
  if (!credential) throw new HttpError(401, `Chưa đăng nhập. ${LOGIN_HINT}`);
  const { unit } = await leaderAndUnit(tableName, credential.token, query.unit);
  const period = requirePeriod(catalog, query.period ?? '');
  return json(200, { stamp: await liveStamp(tableName, catalog, unit, period) }, { 'cache-control': 'no-store' });
};

/** What a resend does besides recording it: emailing the school its form link; the address it went to, if any. */
export type SendFormLink = (school: UnitItem, period: Period, sentBy: string) => Promise<string | undefined>;

/** `POST /dashboard/resend` (school, unit, period): email the link, record the resend, back to the dashboard (303). */
export const resendLink = async (tableName: string, catalog: Catalog, event: HttpEvent, now: Date, send: SendFormLink): Promise<HttpResult> => {
  try {
    const form = new URLSearchParams(rawBody(event));
    const credential = credentialOf(event, ['bearer', 'cookie']);
    if (!credential) throw new HttpError(401, `Chưa đăng nhập. ${LOGIN_HINT}`);
    const schoolId = form.get('school') ?? '';
    if (!schoolId) throw new HttpError(400, 'Thiếu trường cần gửi lại đường dẫn (school)');
    const { claims, unit: school } = await leaderAndUnit(tableName, credential.token, schoolId);
    if (!isSchool(school)) throw new HttpError(400, `"${school.name}" không phải là một trường`);
    const period = requirePeriod(catalog, form.get('period') ?? '');
    if (!school.periods[period.id]) throw new HttpError(400, `Trường không phải báo cáo kỳ ${period.label}`);
    const office = (await getUnit(tableName, claims.unit))?.name ?? claims.unit;
    let emailedTo: string | undefined;
    try {
      emailedTo = await send(school, period, office);
    } catch (error) {
      logger.error('form link email failed', { schoolId: school.id, period: period.id, error: String(error) });
      throw new HttpError(503, 'Chưa gửi được email tới trường, vui lòng thử lại sau ít phút.');
    }
    await recordResend(tableName, claims, school.id, period.id, now, emailedTo);
    const back = new URLSearchParams({ unit: form.get('unit') || claims.unit, period: period.id, resent: school.id });
    return redirect(303, `/dashboard?${back.toString()}`);
  } catch (error) {
    if (error instanceof HttpError) return problemPage(error);
    throw error;
  }
};
