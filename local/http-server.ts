/**
 * The local API Gateway: turns HTTP requests into API Gateway HTTP API (payload 2.0) events for
 * the routes of platform/routes.ts, and answers EventBridge's JSON protocol (PutEvents) for the
 * handlers' EventBridge client.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { FunctionName } from '../platform/functions.ts';
import { matchRoutePath, ROUTES } from '../platform/routes.ts';
import { type LocalEventBus, type PutEventsEntryInput, ValidationException } from './event-bus.ts';

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** A Lambda context good enough for middy and our handlers. */
export const lambdaContext = (functionName: string, timeoutMs = 30_000): Context => {
  const deadline = performance.now() + timeoutMs; // real time, whatever the local clock says
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - performance.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

/** Lambda's synchronous payload limit: a larger request never reaches a function in the cloud either. */
const MAX_BODY = 6 * 1024 * 1024;

const readBody = (request: IncomingMessage): Promise<Buffer | null> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks)));
    request.on('error', reject);
  });

export interface LocalHttpOptions {
  handlers: Partial<Record<FunctionName, HttpHandler>>;
  bus: () => LocalEventBus | undefined;
  extraRoutes?: Record<string, (request: IncomingMessage) => Promise<{ status: number; body: unknown }>>;
  /** Other AWS APIs served locally (the Scheduler); answers true when it handled the request. */
  aws?: (request: IncomingMessage, response: ServerResponse, body: string) => Promise<boolean>;
}

const send = (response: ServerResponse, status: number, headers: Record<string, string | number | boolean>, body: string): void => {
  response.writeHead(status, Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])));
  response.end(body);
};

const handleEventBridge = async (request: IncomingMessage, response: ServerResponse, body: Buffer, bus: LocalEventBus | undefined): Promise<void> => {
  const target = String(request.headers['x-amz-target'] ?? '');
  const type = 'application/x-amz-json-1.1';
  if (!bus) return send(response, 503, { 'content-type': type }, JSON.stringify({ __type: 'ServiceUnavailable', message: 'bus not ready' }));
  if (target !== 'AWSEvents.PutEvents') {
    return send(response, 400, { 'content-type': type }, JSON.stringify({ __type: 'UnknownOperationException', message: `${target} is not served locally` }));
  }
  try {
    const input = JSON.parse(body.toString('utf8')) as { Entries?: PutEventsEntryInput[] };
    const result = bus.putEvents(input.Entries ?? []);
    send(response, 200, { 'content-type': type }, JSON.stringify(result));
  } catch (error) {
    const name = error instanceof ValidationException ? 'ValidationException' : 'InternalException';
    send(
      response,
      error instanceof ValidationException ? 400 : 500,
      { 'content-type': type },
      JSON.stringify({ __type: name, message: (error as Error).message }),
    );
  }
};

export const createLocalHttpServer = (options: LocalHttpOptions): Server =>
  createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      if (!body)
        return send(response, 413, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify({ error: 'Dữ liệu gửi lên quá lớn', issues: [] }));
      if (request.headers['x-amz-target']) return handleEventBridge(request, response, body, options.bus());
      if (options.aws && (await options.aws(request, response, body.toString('utf8')))) return;
      const url = new URL(request.url ?? '/', 'http://localhost');
      const method = (request.method ?? 'GET').toUpperCase();
      const extra = options.extraRoutes?.[`${method} ${url.pathname}`];
      if (extra) {
        const answer = await extra(request);
        return send(response, answer.status, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(answer.body));
      }
      for (const route of ROUTES) {
        if (route.method !== method) continue;
        const params = matchRoutePath(route.path, url.pathname);
        if (!params) continue;
        const handler = options.handlers[route.function];
        if (!handler) break;
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : (v ?? '')]));
        const text = body.toString('utf8');
        const isText = !body.length || Buffer.from(text, 'utf8').equals(body);
        const event: APIGatewayProxyEventV2 = {
          version: '2.0',
          routeKey: `${route.method} ${route.path}`,
          rawPath: url.pathname,
          rawQueryString: url.search.slice(1),
          // Payload 2.0 hands request cookies over in `cookies`, one `name=value` each.
          cookies: headers.cookie
            ? headers.cookie
                .split(';')
                .map((c) => c.trim())
                .filter(Boolean)
            : undefined,
          headers,
          queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
          pathParameters: Object.keys(params).length ? params : undefined,
          requestContext: {
            accountId: '000000000000',
            apiId: 'local',
            domainName: url.host,
            domainPrefix: 'local',
            http: {
              method,
              path: url.pathname,
              protocol: 'HTTP/1.1',
              sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
              userAgent: headers['user-agent'] ?? '',
            },
            requestId: randomUUID(),
            routeKey: `${route.method} ${route.path}`,
            stage: '$default',
            time: new Date().toUTCString(),
            timeEpoch: Date.now(),
          },
          body: body.length ? (isText ? text : body.toString('base64')) : undefined,
          isBase64Encoded: body.length > 0 && !isText,
        };
        const result = await handler(event, lambdaContext(route.function));
        const resultBody = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
        const setCookies = result.cookies?.length ? { 'set-cookie': result.cookies } : {};
        response.writeHead(result.statusCode ?? 200, { ...(result.headers ?? {}), ...setCookies } as Record<string, string | string[]>);
        response.end(resultBody);
        return;
      }
      send(response, 404, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify({ error: 'Không tìm thấy đường dẫn', issues: [] }));
    })().catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { 'content-type': 'application/json' }, JSON.stringify({ error: String(error), issues: [] }));
    });
  });
