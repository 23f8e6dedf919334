import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionDefinition, TableOperation } from '../../platform/functions.ts';
import { TABLE } from '../../platform/table.ts';
import { BUNDLING, baseEnvironment, EXTERNAL_MODULES } from './bundling.ts';

export interface TonghopFunctionProps {
  /** The key of the function in FUNCTIONS (its Powertools service name). */
  readonly name: string;
  readonly definition: FunctionDefinition;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** IAM actions of each table access level; Scan, DeleteItem and BatchWriteItem only on request. */
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
const OPERATION_ACTIONS: Record<TableOperation, string> = { scan: 'dynamodb:Scan', delete: 'dynamodb:DeleteItem', batchWrite: 'dynamodb:BatchWriteItem' };

/** A queue for what could not be processed: 14 days, encrypted, TLS only. */
export const failureQueue = (scope: Construct, id: string, removalPolicy: RemovalPolicy): Queue =>
  new Queue(scope, id, { retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, removalPolicy });

/**
 * One Lambda of tonghop with the project's defaults: nodejs24.x on arm64, an ESM bundle made
 * locally by esbuild (no Docker) with the options of bundling.ts, X-Ray active tracing, a log
 * group per function. Access is granted only through the bind methods, each setting the
 * environment variable and the grant together.
 */
export class TonghopFunction extends Construct {
  readonly fn: NodejsFunction;
  /** The on-failure destination, for functions invoked asynchronously. */
  failures?: Queue;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: TonghopFunctionProps,
  ) {
    super(scope, id);
    const { definition } = props;
    this.fn = new NodejsFunction(this, 'Function', {
      entry: definition.entry,
      handler: 'handler',
      description: definition.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(definition.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      logGroup: new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: props.removalPolicy }),
      environment: baseEnvironment(props.name),
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLING.target,
        sourceMap: BUNDLING.sourceMap,
        minify: BUNDLING.minify,
        forceDockerBundling: false,
        mainFields: [...BUNDLING.mainFields],
        externalModules: [...EXTERNAL_MODULES],
        banner: BUNDLING.banner,
      },
    });
  }

  bindTable(table: ITableV2, definition: FunctionDefinition): this {
    this.fn.addEnvironment('TABLE_NAME', table.tableName);
    const actions = [
      ...READ_ACTIONS,
      ...(definition.table === 'readWrite' ? WRITE_ACTIONS : []),
      ...(definition.tableOperations ?? []).map((operation) => OPERATION_ACTIONS[operation]),
    ];
    // The table and each of its indexes by name: no wildcard.
    const resources = [table.tableArn, ...TABLE.globalSecondaryIndexes.map((gsi) => `${table.tableArn}/index/${gsi.indexName}`)];
    this.fn.addToRolePolicy(new PolicyStatement({ actions, resources }));
    return this;
  }

  bindEventBus(bus: IEventBus): this {
    this.fn.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
    bus.grantPutEventsTo(this.fn);
    return this;
  }

  bindJwtSecret(secret: ISecret): this {
    this.fn.addEnvironment('JWT_SECRET_ARN', secret.secretArn);
    secret.grantRead(this.fn);
    return this;
  }

  /**
   * For a function invoked asynchronously (rule target, schedule target): Lambda retries a
   * failed invocation twice, then sends the event with the error to this queue instead of
   * dropping it.
   */
  sendFailuresToQueue(): Queue {
    this.failures ??= failureQueue(this, 'Failures', this.props.removalPolicy);
    this.fn.configureAsyncInvoke({ onFailure: new SqsDestination(this.failures), retryAttempts: 2, maxEventAge: Duration.hours(6) });
    return this.failures;
  }
}
