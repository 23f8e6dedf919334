/**
 * HTTP plumbing shared by the API functions: errors with a status, a JSON body parser and the
 * error handler middleware (registered last, so it sees every error).
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { duplicateKeys } from './json.ts';
import { logger } from './logger.ts';

export interface HttpIssue {
  path: string;
  message: string;
  code?: string;
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly issues: HttpIssue[] = [],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

/** Read the raw request body as text (API Gateway may base64-encode it). */
export const rawBody = (event: HttpEvent): string => {
  if (event.body === undefined || event.body === null) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
};

const PATH_PARAMS: Record<string, { pattern: RegExp; message: string }> = {
  unitId: { pattern: /^[a-z0-9][a-z0-9-]{1,79}$/, message: 'Mã đơn vị không hợp lệ (chữ thường không dấu, số và dấu gạch ngang, tối đa 80 ký tự)' },
  schoolId: { pattern: /^[a-z0-9][a-z0-9-]{1,79}$/, message: 'Mã trường không hợp lệ (chữ thường không dấu, số và dấu gạch ngang, tối đa 80 ký tự)' },
  // A period, optionally with the format of an export (`2022-2023.start.xlsx`).
  period: { pattern: /^\d{4}-\d{4}\.[a-z0-9]{1,20}(\.[a-z]{2,5})?$/, message: 'Mã kỳ báo cáo không hợp lệ (ví dụ 2022-2023.start)' },
  year: { pattern: /^\d{4}-\d{4}$/, message: 'Năm học phải có dạng 2022-2023' },
};

/**
 * A path parameter, checked for its pattern and length before anything reaches DynamoDB (a 2 KB
 * id would otherwise hit the key-size limit and answer 500). Unknown names need only be present
 * and at most 200 characters.
 */
export const pathParam = (event: HttpEvent, name: string): string => {
  const value = event.pathParameters?.[name];
  const rule = PATH_PARAMS[name];
  if (!value || (rule ? !rule.pattern.test(value) : value.length > 200)) {
    const message = rule?.message ?? `Tham số ${name} không hợp lệ`;
    throw new HttpError(400, message, [{ path: name, code: 'invalid_path_parameter', message }]);
  }
  return value;
};

export interface JsonBodyOptions {
  maxBytes: number;
}

/** Parse a JSON body into `event.parsedBody`; 413 when too large, 400 when not JSON. */
export const jsonBodyMiddleware = (opts: Partial<JsonBodyOptions> = {}): MiddlewareObj<HttpEvent & { parsedBody?: unknown }, HttpResult> => {
  const { maxBytes } = { maxBytes: 64 * 1024, ...opts };
  const jsonBodyBefore: MiddlewareObj<HttpEvent & { parsedBody?: unknown }, HttpResult>['before'] = async (request) => {
    const text = rawBody(request.event);
    if (Buffer.byteLength(text, 'utf8') > maxBytes) {
      throw new HttpError(413, `Dữ liệu gửi lên quá lớn (tối đa ${Math.floor(maxBytes / 1024)} KB)`, [
        { path: '', code: 'body_too_large', message: `Dữ liệu gửi lên quá lớn (tối đa ${Math.floor(maxBytes / 1024)} KB)` },
      ]);
    }
    try {
      request.event.parsedBody = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new HttpError(400, 'Dữ liệu gửi lên không phải JSON hợp lệ', [
        { path: '', code: 'invalid_json', message: 'Dữ liệu gửi lên không phải JSON hợp lệ' },
      ]);
    }
    // JSON.parse keeps the last of two equal keys silently; an ambiguous body is refused instead.
    const duplicates = text === '' ? [] : duplicateKeys(text);
    if (duplicates.length > 0) {
      throw new HttpError(
        400,
        'Dữ liệu gửi lên có khóa bị lặp lại',
        duplicates.map((path) => ({ path, code: 'duplicate_key', message: `Khóa "${path}" xuất hiện nhiều lần; mỗi khóa chỉ được gửi một lần` })),
      );
    }
  };
  return { before: jsonBodyBefore };
};

/** Turn errors into JSON answers: HttpError keeps its status, anything else is a logged 500. */
export const httpErrorHandlerMiddleware = <E extends HttpEvent>(): MiddlewareObj<E, HttpResult, Error, Context> => {
  const httpErrorHandlerOnError: MiddlewareObj<E, HttpResult, Error, Context>['onError'] = async (request) => {
    const error = request.error;
    if (error instanceof HttpError) {
      if (error.statusCode >= 401 && error.statusCode <= 403) {
        logger.warn('request refused', { status: error.statusCode, reason: error.message, route: request.event.routeKey });
      }
      request.response = json(error.statusCode, { error: error.message, issues: error.issues });
      return;
    }
    logger.error('unhandled error', { error: error instanceof Error ? error.stack : String(error) });
    request.response = json(500, { error: 'Lỗi hệ thống, vui lòng thử lại sau', issues: [] });
  };
  return { onError: httpErrorHandlerOnError };
};
