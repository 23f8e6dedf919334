import middy from '@middy/core';
import { CATALOG } from '../../catalog/index.ts';
import { getStringFromEnv } from '../commons/config.ts';
import { HttpError, type HttpEvent, type HttpResult, httpErrorHandlerMiddleware } from '../commons/http.ts';
import { observe } from '../commons/observability.ts';
import { liveDashboard, resendLink, showDashboard } from './dashboard.ts';
import { emailFormLink } from './mail-link.ts';

const tableName = getStringFromEnv('TABLE_NAME');
const publicUrl = getStringFromEnv('PUBLIC_URL');

/** The leaders' dashboard: the page, its live stamp and its "gửi lại đường dẫn" buttons. */
export const handler = middy<HttpEvent, HttpResult>()
  .use(observe())
  .use(httpErrorHandlerMiddleware())
  .handler(async (event) => {
    switch (event.routeKey) {
      case 'GET /dashboard':
        return showDashboard(tableName, CATALOG, event, new Date());
      case 'GET /dashboard/live':
        return liveDashboard(tableName, CATALOG, event);
      case 'POST /dashboard/resend':
        return resendLink(tableName, CATALOG, event, new Date(), (school, period, sentBy) => emailFormLink(publicUrl, school, period, sentBy));
      default:
        throw new HttpError(404, 'Không tìm thấy đường dẫn');
    }
  });
