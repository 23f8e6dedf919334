/**
 * Deployment stages. `-c stage=dev|prod` picks one; prod keeps data and secrets when the
 * stack or a resource is deleted, dev can be torn down completely.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export type StageName = 'dev' | 'prod';

export interface StageSettings {
  readonly name: StageName;
  /** Table, secret, logs: RETAIN in prod, DESTROY in dev. */
  readonly removalPolicy: RemovalPolicy;
  readonly tableDeletionProtection: boolean;
  readonly terminationProtection: boolean;
  readonly logRetention: RetentionDays;
  /** Steady-state requests per second and burst for the whole HTTP API. */
  readonly apiRateLimit: number;
  readonly apiBurstLimit: number;
}

export const STAGES: Record<StageName, StageSettings> = {
  dev: {
    name: 'dev',
    removalPolicy: RemovalPolicy.DESTROY,
    tableDeletionProtection: false,
    terminationProtection: false,
    logRetention: RetentionDays.TWO_WEEKS,
    apiRateLimit: 50,
    apiBurstLimit: 100,
  },
  prod: {
    name: 'prod',
    removalPolicy: RemovalPolicy.RETAIN,
    tableDeletionProtection: true,
    terminationProtection: true,
    logRetention: RetentionDays.THREE_MONTHS,
    // 54,000 schools, most of them in the last day before a deadline: ~1 submission/s on average,
    // peaks of a few hundred per second; the form and the dashboard add reads.
    apiRateLimit: 1000,
    apiBurstLimit: 2000,
  },
};

export const stageOf = (value: unknown): StageSettings => {
  const name = value ?? 'dev';
  if (name !== 'dev' && name !== 'prod') throw new Error(`Unknown stage '${String(name)}': use -c stage=dev or -c stage=prod`);
  return STAGES[name];
};
