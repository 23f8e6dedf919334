import middy from '@middy/core';
import { CALENDAR_RULES } from '../../catalog/calendar-rules.ts';
import type { CalendarParse } from '../../domain/calendar.ts';
import { CalendarParseError, parseCalendarDocument, parseSchoolYear, schoolYearOf } from '../../domain/calendar.ts';
import type { IgnoredText } from '../../schemas/calendar.ts';
import { assertCanRead, authenticate } from '../commons/auth.ts';
import { importCalendar, listCalendar } from '../commons/calendar-store.ts';
import { getStringFromEnv } from '../commons/config.ts';
import { HttpError, type HttpEvent, type HttpResult, httpErrorHandlerMiddleware, json, pathParam } from '../commons/http.ts';
import { observe } from '../commons/observability.ts';
import { getUnit } from '../commons/store.ts';
import { type DocumentFormat, readCalendarDocument } from './document.ts';
import { readMultipart } from './multipart.ts';

const tableName = getStringFromEnv('TABLE_NAME');
/** Within Lambda's 6 MB request payload once API Gateway has base64-encoded a binary upload. */
const MAX_DOCUMENT = 4 * 1024 * 1024;

const refuse = (error: CalendarParseError, path = 'document'): HttpError =>
  new HttpError(400, error.message, [{ path, code: error.code, message: error.message }]);

/** The uploaded bytes: the raw body (text, .docx, .pdf; API Gateway base64-encodes binary bodies), JSON `{ "document" }` or a multipart form. */
const documentBytes = async (event: HttpEvent): Promise<Buffer> => {
  const body = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  if (body.length > MAX_DOCUMENT)
    throw new HttpError(413, 'Tài liệu quá lớn (tối đa 4 MB)', [{ path: 'document', code: 'too_large', message: 'Tài liệu quá lớn (tối đa 4 MB)' }]);
  const contentType = event.headers?.['content-type'] ?? '';
  if (/^multipart\/form-data/i.test(contentType)) {
    try {
      const upload = await readMultipart(body, contentType, MAX_DOCUMENT);
      if (!upload)
        throw new HttpError(400, 'Biểu mẫu không có tệp tài liệu', [{ path: 'document', code: 'missing', message: 'Hãy đính kèm tệp (trường "document")' }]);
      return upload.bytes;
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, 'Biểu mẫu tải lên không hợp lệ', [{ path: 'document', code: 'invalid_multipart', message: 'Biểu mẫu tải lên không hợp lệ' }]);
    }
  }
  if (/^application\/json/i.test(contentType)) {
    try {
      const document = (JSON.parse(body.toString('utf8')) as { document?: unknown }).document;
      if (typeof document !== 'string') throw new TypeError('document');
      return Buffer.from(document, 'utf8');
    } catch {
      throw new HttpError(400, 'Dữ liệu gửi lên phải là JSON { "document": "…" }', [
        { path: 'document', code: 'invalid_json', message: 'Dữ liệu gửi lên phải là JSON { "document": "…" }' },
      ]);
    }
  }
  return body;
};

/**
 * PUT /api/units/{unitId}/calendar/{year}: a leader uploads the unit's work calendar (text, .docx
 * or .pdf; raw, JSON `{ "document" }` or multipart). The answer lists the ignored text; with
 * `?dryRun=true` it also lists the items and stores nothing. GET returns the stored items.
 */
export const handler = middy<HttpEvent, HttpResult>()
  .use(observe())
  .use(httpErrorHandlerMiddleware())
  .handler(async (event) => {
    const claims = await authenticate(event);
    const unitId = pathParam(event, 'unitId');
    const year = event.pathParameters?.year ?? '';
    try {
      parseSchoolYear(year);
    } catch (error) {
      if (error instanceof CalendarParseError) throw refuse(error, 'year');
      throw error;
    }
    const unit = await getUnit(tableName, unitId);
    if (!unit) throw new HttpError(404, `Không tìm thấy đơn vị "${unitId}"`);
    assertCanRead(claims, unit);
    if (event.requestContext.http.method === 'GET') return json(200, { unitId, schoolYear: year, items: await listCalendar(tableName, unitId, year) });
    if (claims.role !== 'leader') throw new HttpError(403, 'Chỉ lãnh đạo đơn vị được cập nhật lịch công tác');
    const bytes = await documentBytes(event);
    let format: DocumentFormat;
    let parsed: CalendarParse;
    try {
      const document = await readCalendarDocument(bytes);
      format = document.format;
      parsed = parseCalendarDocument(document.text, CALENDAR_RULES, { schoolYear: year });
    } catch (error) {
      if (error instanceof CalendarParseError) throw refuse(error);
      throw error;
    }
    const ofYear = parsed.items.filter((item) => schoolYearOf(item.month) === year);
    const otherYears: IgnoredText[] = parsed.items
      .filter((item) => schoolYearOf(item.month) !== year)
      .map((item) => ({ reason: 'other-school-year', text: `${item.month}: ${item.text}` }));
    const ignored = [...parsed.ignored, ...otherYears];
    if (ofYear.length === 0)
      throw new HttpError(400, 'Không tìm thấy công việc nào của năm học này trong tài liệu', [
        { path: 'document', code: 'empty_calendar', message: `Không tìm thấy tháng nào của năm học ${year}` },
      ]);
    const months = new Set(ofYear.map((item) => item.month)).size;
    if (event.queryStringParameters?.dryRun === 'true')
      return json(200, { unitId, schoolYear: year, format, dryRun: true, items: ofYear.length, months, preview: ofYear, ignored });
    const result = await importCalendar(tableName, unitId, year, ofYear);
    return json(200, { unitId, ...result, format, items: ofYear.length, months, ignored });
  });
