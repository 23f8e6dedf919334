import middy from '@middy/core';
import { isSchool } from '../../schemas/unit.ts';
import { authenticate, canRead, signingKey } from '../commons/auth.ts';
import { getStringFromEnv } from '../commons/config.ts';
import { HttpError, type HttpEvent, type HttpResult, httpErrorHandlerMiddleware, json, rawBody } from '../commons/http.ts';
import { nextDigest, scheduleDigest } from '../commons/notify-schedules.ts';
import { observe } from '../commons/observability.ts';
import { getUnit } from '../commons/store.ts';
import { createSubscription, deleteSubscription, listSubscriptions } from '../commons/subscriptions.ts';
import { verifyUnsubscribe } from '../commons/unsubscribe.ts';
import { parseSubscription, unsubscribe, unsubscribePage } from './subscriptions.ts';

const tableName = getStringFromEnv('TABLE_NAME');

type SubscriptionsEvent = HttpEvent;

/** The JSON body of a subscription (the unsubscribe POST is a form, so no JSON middleware). */
const jsonBody = (event: HttpEvent): unknown => {
  const text = rawBody(event);
  if (Buffer.byteLength(text, 'utf8') > 16 * 1024) throw new HttpError(413, 'Dữ liệu gửi lên quá lớn (tối đa 16 KB)');
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Dữ liệu gửi lên không phải JSON hợp lệ', [{ path: '', code: 'invalid_json', message: 'Dữ liệu gửi lên không phải JSON hợp lệ' }]);
  }
};

/** The unit of the path, for a leader of it or of one of its ancestors; 401 / 403 / 404 otherwise. */
const leaderUnit = async (event: HttpEvent) => {
  const claims = await authenticate(event);
  const unitId = event.pathParameters?.unitId ?? '';
  const unit = await getUnit(tableName, unitId);
  if (!unit) throw new HttpError(404, `Không tìm thấy đơn vị ${unitId}`);
  if (claims.role !== 'leader' || !canRead(claims, unit)) {
    throw new HttpError(403, 'Chỉ lãnh đạo của đơn vị hoặc của cấp trên mới quản lý được đăng ký nhận thông báo');
  }
  if (isSchool(unit)) throw new HttpError(400, 'Trường không có đăng ký nhận thông báo; email nhắc hạn gửi tới địa chỉ liên hệ của trường');
  return { claims, unit };
};

/**
 * Subscriptions of leaders to a unit's notifications, and the one-click unsubscribe link every
 * email carries (no bearer token: the link's own signature is the proof).
 */
export const handler = middy<SubscriptionsEvent, HttpResult>()
  .use(observe())
  .use(httpErrorHandlerMiddleware<SubscriptionsEvent>())
  .handler(async (event) => {
    switch (event.routeKey) {
      case 'POST /api/units/{unitId}/subscriptions': {
        const { claims, unit } = await leaderUnit(event);
        const body = parseSubscription(jsonBody(event));
        const now = new Date();
        const subscription = await createSubscription(tableName, unit.id, body, claims.sub, now);
        if (subscription.kinds.includes('daily-digest')) await scheduleDigest(nextDigest(now));
        return json(201, subscription);
      }
      case 'GET /api/units/{unitId}/subscriptions': {
        const { unit } = await leaderUnit(event);
        return json(200, { unitId: unit.id, subscriptions: await listSubscriptions(tableName, unit.id) });
      }
      case 'DELETE /api/units/{unitId}/subscriptions/{id}': {
        const { unit } = await leaderUnit(event);
        const id = event.pathParameters?.id ?? '';
        if (!(await deleteSubscription(tableName, unit.id, id))) throw new HttpError(404, 'Không tìm thấy đăng ký này');
        return { statusCode: 204, body: '' };
      }
      case 'GET /unsubscribe':
      case 'POST /unsubscribe': {
        const token = event.queryStringParameters?.t ?? '';
        const claims = token ? await verifyUnsubscribe(token, await signingKey()) : undefined;
        if (!claims) return unsubscribePage(400, 'invalid', token);
        if (event.routeKey === 'GET /unsubscribe') return unsubscribePage(200, 'confirm', token, claims.email);
        await unsubscribe(tableName, claims, new Date());
        return unsubscribePage(200, 'done', token, claims.email);
      }
      default:
        throw new HttpError(404, 'Không tìm thấy đường dẫn');
    }
  });
