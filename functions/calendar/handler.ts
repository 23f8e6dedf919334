import middy from '@middy/core';
import { CALENDAR_RULES } from '../../catalog/calendar-rules.ts';
import { CalendarParseError, parseCalendar, schoolYearOf } from '../../domain/calendar.ts';
import type { CalendarItem } from '../../schemas/calendar.ts';
import { assertCanRead, authenticate } from '../commons/auth.ts';
import { importCalendar, listCalendar } from '../commons/calendar-store.ts';
import { getStringFromEnv } from '../commons/config.ts';
import { HttpError, type HttpEvent, type HttpResult, httpErrorHandlerMiddleware, json, rawBody } from '../commons/http.ts';
import { getUnit } from '../commons/store.ts';

const tableName = getStringFromEnv('TABLE_NAME');
const MAX_DOCUMENT = 512 * 1024;

/**
 * PUT /api/units/{unitId}/calendar/{year}: a leader uploads the unit's work calendar (the document
 * as text, or JSON `{ "document" }`); GET returns the stored items.
 */
export const handler = middy<HttpEvent, HttpResult>()
  .use(httpErrorHandlerMiddleware())
  .handler(async (event) => {
    const claims = await authenticate(event);
    const unitId = event.pathParameters?.unitId ?? '';
    const year = event.pathParameters?.year ?? '';
    if (!/^\d{4}-\d{4}$/.test(year))
      throw new HttpError(400, 'Năm học phải có dạng 2022-2023', [{ path: 'year', code: 'invalid_year', message: 'Năm học phải có dạng 2022-2023' }]);
    const unit = await getUnit(tableName, unitId);
    if (!unit) throw new HttpError(404, `Không tìm thấy đơn vị "${unitId}"`);
    assertCanRead(claims, unit);
    if (event.requestContext.http.method === 'GET') return json(200, { unitId, schoolYear: year, items: await listCalendar(tableName, unitId, year) });
    if (claims.role !== 'leader') throw new HttpError(403, 'Chỉ lãnh đạo đơn vị được cập nhật lịch công tác');
    const text = rawBody(event);
    if (Buffer.byteLength(text) > MAX_DOCUMENT) throw new HttpError(413, 'Tài liệu quá lớn (tối đa 512 KB)');
    let document = text;
    if ((event.headers?.['content-type'] ?? '').includes('application/json')) {
      try {
        document = String((JSON.parse(text) as { document?: unknown }).document ?? '');
      } catch {
        throw new HttpError(400, 'Dữ liệu gửi lên không phải JSON hợp lệ');
      }
    }
    let items: CalendarItem[];
    try {
      items = parseCalendar(document, CALENDAR_RULES, { schoolYear: year });
    } catch (error) {
      if (error instanceof CalendarParseError) throw new HttpError(400, error.message, [{ path: 'document', code: 'unparsable', message: error.message }]);
      throw error;
    }
    const ofYear = items.filter((item) => schoolYearOf(item.month) === year);
    if (ofYear.length === 0)
      throw new HttpError(400, 'Không tìm thấy công việc nào của năm học này trong tài liệu', [
        { path: 'document', code: 'empty_calendar', message: 'Không tìm thấy tháng nào của năm học này' },
      ]);
    const result = await importCalendar(tableName, unitId, year, ofYear);
    return json(200, { unitId, ...result, items: ofYear.length, ignored: items.length - ofYear.length });
  });
