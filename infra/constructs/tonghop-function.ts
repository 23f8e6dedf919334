import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { FunctionDefinition, TableAccess } from '../../platform/functions.ts';

export interface TonghopFunctionProps {
  readonly definition: FunctionDefinition;
}

/**
 * One Lambda of tonghop with the project's defaults: nodejs24.x on arm64, ESM bundle made
 * locally by esbuild (no Docker), source maps, one-month log retention. Access is granted only
 * through the bind methods, each setting the environment variable and the grant together.
 */
export class TonghopFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: TonghopFunctionProps) {
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
      logGroup: new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH }),
      environment: { NODE_OPTIONS: '--enable-source-maps', LOG_LEVEL: 'info' },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        sourceMap: true,
        minify: true,
        forceDockerBundling: false,
        mainFields: ['module', 'main'],
        // Some AWS SDK dependencies still call require(); give the ESM bundle one.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
      },
    });
  }

  bindTable(table: ITableV2, access: TableAccess): this {
    this.fn.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'readWrite') table.grantReadWriteData(this.fn);
    else table.grantReadData(this.fn);
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
}
