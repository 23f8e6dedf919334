import middy from '@middy/core';
import { CATALOG } from '../../catalog/index.ts';
import { getStringFromEnv } from '../commons/config.ts';
import { type HttpEvent, type HttpResult, httpErrorHandlerMiddleware, rawBody } from '../commons/http.ts';
import { observe } from '../commons/observability.ts';
import { showForm, submitForm } from './form.ts';

const tableName = getStringFromEnv('TABLE_NAME');

/** GET /form?t=<token> shows the school's form; POST /form stores a version (the API's own validation). */
export const handler = middy<HttpEvent, HttpResult>()
  .use(observe())
  .use(httpErrorHandlerMiddleware())
  .handler(async (event) => {
    if (event.requestContext.http.method === 'POST') {
      const body = rawBody(event);
      if (Buffer.byteLength(body) > 64 * 1024)
        return { statusCode: 413, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Dữ liệu gửi lên quá lớn' };
      return submitForm(tableName, CATALOG, body, new Date());
    }
    return showForm(tableName, CATALOG, event.queryStringParameters ?? {}, new Date());
  });
