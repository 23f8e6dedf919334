/**
 * The local runtime: DynamoDB Local, the table, the stream → publisher mapping, the event bus
 * with the deployed rules, the scheduler and the HTTP API, all running the very handlers the
 * stack deploys, every one of platform/functions.ts, wired from platform/ as the stack is.
 * Handlers find everything through standard configuration (TABLE_NAME, EVENT_BUS_NAME,
 * AWS_ENDPOINT_URL_*), set here before they are loaded.
 */

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { DemoSubmission } from '../catalog/demo-submissions.ts';
import { DELIVERY, RULES, STREAM_CONSUMERS, STREAM_OUTBOX } from '../platform/events.ts';
import { FUNCTION_LIST, type FunctionName, functionArnEnv } from '../platform/functions.ts';
import { ROUTES } from '../platform/routes.ts';
import type { Unit } from '../schemas/unit.ts';
import { type ClockOptions, installClock, uninstallClock } from './clock.ts';
import { postDemoSubmissions } from './demo.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';
import { type BusEvent, LocalEventBus } from './event-bus.ts';
import { createLocalHttpServer, type HttpHandler, lambdaContext } from './http-server.ts';
import { LocalScheduler } from './scheduler.ts';
import { loadUnits } from './seed.ts';
import { LocalSes } from './ses.ts';
import { StreamPoller } from './stream-poller.ts';
import { ensureTable } from './table.ts';

export interface RuntimeOptions {
  port?: number;
  host?: string;
  /** Directory for the database, checkpoints and dead letters; in memory when absent. */
  dataDir?: string;
  /** Use a DynamoDB (Local) already running at this endpoint instead of starting one. */
  dynamoEndpoint?: string;
  tableName?: string;
  jwtSecret: string;
  /** Units to load when the table is new. */
  seedUnits?: readonly Unit[];
  /** Submissions to post through the API when the table is new (after the units). */
  seedSubmissions?: readonly DemoSubmission[];
  onSeedProgress?: (done: number, total: number) => void;
  /** Leave the stream unread (to prove recovery after a crash). */
  streamPaused?: boolean;
  /** The local world clock (Vietnam time to start at, speed). */
  clock?: ClockOptions;
  /** Deliver every bus event, and every stream batch to a consumer other than the outbox, this many times (chaos). */
  deliveries?: number;
  busMaxAttempts?: number;
  quiet?: boolean;
  /** Where the local SES writes its .eml files; `<dataDir>/outbox` by default (a temporary directory without dataDir). */
  outboxDir?: string;
}

export interface Runtime {
  url: string;
  port: number;
  dynamoEndpoint: string;
  tableName: string;
  bus: LocalEventBus;
  /** The stream's readers, one per STREAM_CONSUMERS entry, by function (none while the stream is paused). */
  pollers: Partial<Record<FunctionName, StreamPoller>>;
  scheduler: LocalScheduler;
  /** The local SES v2: every email sent, as .eml files in `ses.outboxDir`. */
  ses: LocalSes;
  /** Wait until the stream is read to its end and the bus has delivered everything. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

let running = false;

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const localFunctionArn = (name: FunctionName): string => `arn:aws:lambda:local:000000000000:function:${name}`;

/**
 * Load the handler of every function in FUNCTIONS (after the environment is set: handlers read
 * it once, at load). Each is invoked as Lambda would: with a context and its timeout.
 */
const loadFunctions = async (): Promise<Record<FunctionName, (event: unknown) => Promise<unknown>>> =>
  Object.fromEntries(
    await Promise.all(
      FUNCTION_LIST.map(async ([name, definition]) => {
        const { handler } = (await import(join(ROOT, definition.entry))) as { handler: (event: unknown, context: Context) => Promise<unknown> };
        return [name, (event: unknown) => handler(event, lambdaContext(name, definition.timeoutSeconds * 1000))] as const;
      }),
    ),
  ) as Record<FunctionName, (event: unknown) => Promise<unknown>>;

export const startRuntime = async (options: RuntimeOptions): Promise<Runtime> => {
  // Handlers read their configuration once per process, as in Lambda: one runtime per process.
  if (running) throw new Error('A local runtime is already running in this process');
  running = true;
  if (options.clock) installClock(options.clock);
  const log = (message: string, data?: Record<string, unknown>): void => {
    if (!options.quiet) console.error(JSON.stringify({ level: 'warn', message, ...data }));
  };
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const dynamo: DynamoDbLocal | undefined = options.dynamoEndpoint
    ? undefined
    : await startDynamoDbLocal({ dbPath: options.dataDir ? join(options.dataDir, 'dynamodb') : undefined });
  const dynamoEndpoint = options.dynamoEndpoint ?? (dynamo as DynamoDbLocal).endpoint;

  let bus: LocalEventBus | undefined;
  const scheduler = new LocalScheduler({
    stateFile: options.dataDir ? join(options.dataDir, 'scheduler.json') : undefined,
    targets: {},
    log: (message, data) => console.error(JSON.stringify({ level: 'warn', message, ...data })),
  });
  const ses = new LocalSes({
    outboxDir: options.outboxDir ?? (options.dataDir ? join(options.dataDir, 'outbox') : mkdtempSync(join(tmpdir(), 'tonghop-outbox-'))),
  });
  const handlers: Partial<Record<FunctionName, HttpHandler>> = {};
  const server: Server = createLocalHttpServer({
    handlers,
    bus: () => bus,
    aws: async (request, response, body) => (await scheduler.handle(request, response, body)) || ses.handle(request, response, body),
    extraRoutes: {
      'GET /local/dead-letters': async () => ({ status: 200, body: bus?.deadLetters ?? [] }),
      'GET /local/outbox': async () => ({ status: 200, body: { dir: ses.outboxDir, messages: ses.list() } }),
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;

  const tableName = options.tableName ?? 'tonghop';
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    EVENT_BUS_NAME: 'tonghop-local',
    AWS_REGION: process.env.AWS_REGION ?? 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: url,
    AWS_ENDPOINT_URL_SCHEDULER: url,
    AWS_ENDPOINT_URL_SESV2: url,
    MAIL_FROM: process.env.MAIL_FROM ?? 'Tổng hợp báo cáo <thong-bao@tonghop.example>',
    PUBLIC_URL: url,
    ...Object.fromEntries(FUNCTION_LIST.filter(([, d]) => d.scheduleTarget).map(([name]) => [functionArnEnv(name), localFunctionArn(name)])),
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/tonghop-local-scheduler',
    SCHEDULER_DLQ_ARN: 'arn:aws:sqs:local:000000000000:tonghop-scheduler-dlq',
    SCHEDULE_GROUP_PREFIX: 'tonghop-local',
    // EMF metrics are for CloudWatch; locally they would only flood the console.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    JWT_SECRET: options.jwtSecret,
  });
  delete process.env.JWT_SECRET_ARN;

  const clientConfig = { endpoint: dynamoEndpoint, region: process.env.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const { streamArn, created } = await ensureTable(new DynamoDBClient(clientConfig), tableName);
  if (created && options.seedUnits) await loadUnits(tableName, options.seedUnits);

  if (options.dataDir) writeFileSync(join(options.dataDir, 'runtime.json'), JSON.stringify({ url, tableName, dynamoEndpoint }));

  // Every function of platform/functions.ts, wired as platform/ says: routes, rule targets, the stream, schedules.
  const invoke = await loadFunctions();
  for (const route of ROUTES) handlers[route.function] = invoke[route.function] as HttpHandler;
  for (const [name, definition] of FUNCTION_LIST) if (definition.scheduleTarget) scheduler.setTarget(name, invoke[name]);

  bus = new LocalEventBus({
    rules: RULES,
    targets: Object.fromEntries(RULES.map((rule) => [rule.target, invoke[rule.target] as (event: BusEvent) => Promise<unknown>])),
    maxAttempts: options.busMaxAttempts ?? DELIVERY.retryAttempts,
    backoffMs: 50,
    maxBackoffMs: 5000,
    deadLetterFile: options.dataDir ? join(options.dataDir, 'dead-letters.jsonl') : undefined,
    deliveries: options.deliveries,
    journalFile: options.dataDir ? join(options.dataDir, 'bus-journal.jsonl') : undefined,
    log,
  });
  // Events accepted before a crash and never delivered go out again (EventBridge keeps them durably).
  bus.recover();

  // One reader per stream consumer of platform/events.ts, each with its own checkpoints.
  const streams = new DynamoDBStreamsClient(clientConfig);
  const pollers: Partial<Record<FunctionName, StreamPoller>> = {};
  for (const consumer of options.streamPaused ? [] : STREAM_CONSUMERS) {
    pollers[consumer.function] = new StreamPoller({
      client: streams,
      streamArn,
      filters: consumer.filters,
      handler: invoke[consumer.function] as (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>,
      maxRetries: DELIVERY.localStreamRetryAttempts,
      batchSize: consumer.batchSize,
      // The publisher keeps the checkpoint file's first name, so older data directories resume.
      checkpointFile: options.dataDir
        ? join(options.dataDir, consumer.function === STREAM_OUTBOX ? 'stream-checkpoints.json' : `stream-checkpoints-${consumer.function}.json`)
        : undefined,
      intervalMs: 50,
      // Chaos reaches the consumers of events; the outbox itself publishes once a batch here (its
      // own at-least-once is shown by the crash tests), so tests can count what was published.
      deliveries: consumer.function === STREAM_OUTBOX ? 1 : options.deliveries,
      log,
    });
  }
  for (const poller of Object.values(pollers)) poller.start();

  if (created && options.seedSubmissions?.length) {
    await postDemoSubmissions(options.seedSubmissions, { url, jwtSecret: options.jwtSecret, onProgress: options.onSeedProgress });
  }

  const settle = async (): Promise<void> => {
    // Rollups write APPLIED items whose stream records publish more events: loop until quiet.
    // DynamoDB Local shows a stream record a moment after the write: quiet means several empty reads apart.
    for (let quietRounds = 0; quietRounds < 3; ) {
      let read = 0;
      for (const poller of Object.values(pollers)) read += await poller.pollOnce();
      await bus?.idle();
      quietRounds = read === 0 ? quietRounds + 1 : 0;
      if (read === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  scheduler.start();

  const stop = async (): Promise<void> => {
    await scheduler.stop();
    for (const poller of Object.values(pollers)) await poller.stop();
    bus?.stop();
    await bus?.idle();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections?.();
    await dynamo?.stop();
    uninstallClock();
    running = false;
  };

  return { url, port, dynamoEndpoint, tableName, bus, pollers, scheduler, ses, settle, stop };
};
