import middy from '@middy/core';
import { CATALOG } from '../../catalog/index.ts';
import { RollupViewSchema } from '../../schemas/approval.ts';
import { assertCanRead, authenticate } from '../commons/auth.ts';
import { getStringFromEnv } from '../commons/config.ts';
import { HttpError, type HttpEvent, type HttpResult, httpErrorHandlerMiddleware, json, pathParam } from '../commons/http.ts';
import { authenticateAny } from '../commons/leader-session.ts';
import { listNotifications } from '../commons/notification-store.ts';
import { observe } from '../commons/observability.ts';
import { describeUnit, listTopUnits, readChildren, readRollup, readSubmissions, requireUnit } from '../commons/read.ts';
import { exportRollup, splitFormat } from './export.ts';

const tableName = getStringFromEnv('TABLE_NAME');

const param = pathParam;

/** The read API. The catalog and the unit tree are public; rollups need a token. */
export const handler = middy<HttpEvent, HttpResult>()
  .use(observe())
  .use(httpErrorHandlerMiddleware())
  .handler(async (event) => {
    switch (event.routeKey) {
      case 'GET /health':
        return json(200, { status: 'ok' });
      case 'GET /api/catalog':
        return json(200, CATALOG, { 'cache-control': 'public, max-age=300' });
      case 'GET /api/units':
        return json(200, await listTopUnits(tableName));
      case 'GET /api/units/{unitId}':
        return json(200, await describeUnit(tableName, param(event, 'unitId')));
      case 'GET /api/units/{unitId}/rollups/{period}': {
        // `{period}` is a whole segment: `2022-2023.start.xlsx` and `.csv` are the exports, which
        // also take the dashboard's link token (?t=) or its session cookie.
        const { period, format } = splitFormat(param(event, 'period'));
        if (format !== 'json') return exportRollup(tableName, CATALOG, await authenticateAny(event), param(event, 'unitId'), period, format);
        const claims = await authenticate(event);
        const view = RollupViewSchema.safeParse(event.queryStringParameters?.view ?? 'live');
        if (!view.success)
          throw new HttpError(400, 'Tham số view không hợp lệ', [{ path: 'view', code: 'invalid_view', message: 'view phải là "live" hoặc "approved"' }]);
        return json(200, await readRollup(tableName, CATALOG, claims, param(event, 'unitId'), period, view.data));
      }
      case 'GET /api/units/{unitId}/children/{period}': {
        const claims = await authenticate(event);
        return json(200, await readChildren(tableName, CATALOG, claims, param(event, 'unitId'), param(event, 'period')));
      }
      case 'GET /api/units/{unitId}/submissions/{period}': {
        const claims = await authenticate(event);
        return json(200, await readSubmissions(tableName, CATALOG, claims, param(event, 'unitId'), param(event, 'period')));
      }
      case 'GET /api/units/{unitId}/notifications': {
        const claims = await authenticate(event);
        const unit = await requireUnit(tableName, param(event, 'unitId'));
        assertCanRead(claims, unit);
        return json(200, { unitId: unit.id, notifications: await listNotifications(tableName, unit.id) });
      }
      default:
        throw new HttpError(404, 'Không tìm thấy đường dẫn');
    }
  });
