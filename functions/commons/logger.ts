/**
 * Structured JSON logs with Powertools for AWS Lambda (Logger): one JSON line per entry with the
 * level, time, service (POWERTOOLS_SERVICE_NAME), the Lambda context once `observe()` has run, and
 * the correlation id: a submission's id wherever one is handled. LOG_LEVEL=silent quiets it.
 */
import { Logger } from '@aws-lambda-powertools/logger';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
type Level = (typeof LEVELS)[number];
const configured = (process.env.LOG_LEVEL ?? 'INFO').toUpperCase();

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'tonghop',
  logLevel: (LEVELS as readonly string[]).includes(configured) ? (configured as Level) : 'INFO',
});

/** Tie the following log lines of this invocation to a submission. */
export const correlateWith = (submissionId: string): void => logger.setCorrelationId(submissionId);
