import middy from '@middy/core';
import { CATALOG } from '../../catalog/index.ts';
import { type AuthenticatedEvent, authMiddleware, claimsOf } from '../commons/auth.ts';
import { getStringFromEnv } from '../commons/config.ts';
import { type HttpResult, httpErrorHandlerMiddleware, json, jsonBodyMiddleware } from '../commons/http.ts';
import { acceptSubmission } from '../commons/intake.ts';
import { observe } from '../commons/observability.ts';

const tableName = getStringFromEnv('TABLE_NAME');

type SubmitEvent = AuthenticatedEvent & { parsedBody?: unknown };

/** POST /api/submissions: a school submits (or corrects) its figures for a period. */
export const handler = middy<SubmitEvent, HttpResult>()
  .use(observe())
  .use(authMiddleware<SubmitEvent>())
  .use(jsonBodyMiddleware({ maxBytes: 64 * 1024 }))
  .use(httpErrorHandlerMiddleware<SubmitEvent>())
  .handler(async (event) => {
    const accepted = await acceptSubmission({
      tableName,
      catalog: CATALOG,
      claims: claimsOf(event),
      body: event.parsedBody,
      source: 'api',
      now: new Date(),
    });
    return json(202, accepted);
  });
