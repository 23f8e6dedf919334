/**
 * HTTP plumbing shared by the API functions: errors with a status, a JSON body parser and the
 * error handler middleware (registered last, so it sees every error).
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
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
