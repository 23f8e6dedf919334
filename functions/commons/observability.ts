/**
 * Powertools for AWS Lambda in every handler: `.use(observe())` adds the Lambda context and cold
 * start to the logs (Logger), flushes the invocation's metrics as EMF (Metrics), and, in Lambda
 * with tracing on, records the invocation and its AWS SDK calls in X-Ray (Tracer).
 *
 * Cold start: Logger and Metrics cost a few milliseconds at load (npm run bench:cold --probes).
 * Tracer loads aws-xray-sdk-core, several times that, so it is imported on the first invocation,
 * only in Lambda and only when POWERTOOLS_TRACE_ENABLED is not "false"; the module load of every
 * function stays free of it.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj, Request } from '@middy/core';
import type { Context } from 'aws-lambda';
import { dynamoDbClient } from './clients.ts';
import { logger } from './logger.ts';
import { METRIC_NAMES } from './metric-names.ts';

export { METRIC_NAMES };

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Tonghop',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'tonghop',
});

/** One submission version stored (submit, form). */
export const countSubmissionAccepted = (): void => {
  metrics.addMetric(METRIC_NAMES.submissionsAccepted, MetricUnit.Count, 1);
};

/** Milliseconds from a version's submittedAt to the rollup having applied it. */
export const recordRollupLag = (submittedAt: string, now = Date.now()): void => {
  const lag = now - Date.parse(submittedAt);
  if (Number.isFinite(lag) && lag >= 0) metrics.addMetric(METRIC_NAMES.rollupLag, MetricUnit.Milliseconds, lag);
};

/** One notification handed to its channel (sent) or refused by it (failed): for the notification function. */
export const countNotification = (outcome: 'sent' | 'failed', count = 1): void => {
  metrics.addMetric(outcome === 'sent' ? METRIC_NAMES.notificationsSent : METRIC_NAMES.notificationsFailed, MetricUnit.Count, count);
};

type TraceMiddleware = Required<Pick<MiddlewareObj, 'before' | 'after' | 'onError'>>;
let tracing: Promise<TraceMiddleware | undefined> | undefined;

const tracingEnabled = (): boolean => Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME) && process.env.POWERTOOLS_TRACE_ENABLED !== 'false';

/** Tracer and its middleware, imported once, on the first invocation. */
const loadTracing = (): Promise<TraceMiddleware | undefined> => {
  tracing ??= (async () => {
    if (!tracingEnabled()) return undefined;
    const [{ Tracer }, { captureLambdaHandler }] = await Promise.all([
      import('@aws-lambda-powertools/tracer'),
      import('@aws-lambda-powertools/tracer/middleware'),
    ]);
    const tracer = new Tracer();
    tracer.captureAWSv3Client(dynamoDbClient);
    return captureLambdaHandler(tracer) as TraceMiddleware;
  })();
  return tracing;
};

const flushMetrics = (): void => {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
};

/** Logger context, metrics flush and (in Lambda) tracing for a middy handler. Register it first. */
export const observe = <E, R>(): MiddlewareObj<E, R, Error, Context> => ({
  before: async (request) => {
    logger.resetKeys();
    logger.addContext(request.context);
    await (await loadTracing())?.before(request as unknown as Request);
  },
  after: async (request) => {
    flushMetrics();
    await (await loadTracing())?.after(request as unknown as Request);
  },
  onError: async (request) => {
    flushMetrics();
    await (await loadTracing())?.onError(request as unknown as Request);
  },
});
