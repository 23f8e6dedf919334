import middy from '@middy/core';
import { CATALOG } from '../../catalog/index.ts';
import { type AuthenticatedEvent, authMiddleware, claimsOf, signingKey } from '../commons/auth.ts';
import { getStringFromEnv } from '../commons/config.ts';
import { HttpError, type HttpEvent, type HttpResult, httpErrorHandlerMiddleware, json, jsonBodyMiddleware } from '../commons/http.ts';
import { type ApprovalContext, approvalStatus, decideUnit, decideUnlock, requestUnlock, reviewReport } from './decide.ts';

const tableName = getStringFromEnv('TABLE_NAME');
const publicUrl = getStringFromEnv('PUBLIC_URL');

type ApprovalEvent = AuthenticatedEvent & { parsedBody?: unknown };

const param = (event: HttpEvent, name: string): string => {
  const value = event.pathParameters?.[name];
  if (!value) throw new HttpError(400, `Thiếu tham số ${name}`);
  return value;
};

/** Reviews of school reports, unit approvals, their status and audit, unlock requests. */
export const handler = middy<ApprovalEvent, HttpResult>()
  .use(authMiddleware<ApprovalEvent>())
  .use(jsonBodyMiddleware({ maxBytes: 16 * 1024 }))
  .use(httpErrorHandlerMiddleware<ApprovalEvent>())
  .handler(async (event) => {
    const ctx: ApprovalContext = { tableName, catalog: CATALOG, publicUrl, signingKey, now: () => new Date() };
    const claims = claimsOf(event);
    const unitId = param(event, 'unitId');
    const period = param(event, 'period');
    switch (event.routeKey) {
      case 'POST /api/units/{unitId}/reviews/{period}':
        return json(200, await reviewReport(ctx, claims, unitId, period, event.parsedBody));
      case 'POST /api/units/{unitId}/approvals/{period}':
        return json(200, await decideUnit(ctx, claims, unitId, period, event.parsedBody));
      case 'GET /api/units/{unitId}/approvals/{period}':
        return json(200, await approvalStatus(ctx, claims, unitId, period));
      case 'POST /api/units/{unitId}/unlock-requests/{period}':
        return json(201, await requestUnlock(ctx, claims, unitId, period, event.parsedBody));
      case 'POST /api/units/{unitId}/unlock-requests/{period}/{id}':
        return json(200, await decideUnlock(ctx, claims, unitId, period, param(event, 'id'), event.parsedBody));
      default:
        throw new HttpError(404, 'Không tìm thấy đường dẫn');
    }
  });
