import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DELIVERY, RULES, STREAM_FILTERS, STREAM_TARGET } from '../platform/events.ts';
import { FUNCTION_LIST, FUNCTIONS, type FunctionName, functionArnEnv } from '../platform/functions.ts';
import { ROUTES } from '../platform/routes.ts';
import { TABLE } from '../platform/table.ts';
import { TonghopFunction } from './constructs/tonghop-function.ts';

const attributeType = (type: 'S' | 'N' | 'B'): AttributeType =>
  type === 'S' ? AttributeType.STRING : type === 'N' ? AttributeType.NUMBER : AttributeType.BINARY;

export class TonghopStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    /*
     * The single table: units, submission versions, applied versions and aggregates. Its stream
     * is the outbox: the publisher turns stored versions into events, so no write can miss its event.
     */
    const table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey.name, type: attributeType(TABLE.partitionKey.type) },
      sortKey: { name: TABLE.sortKey.name, type: attributeType(TABLE.sortKey.type) },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      dynamoStream: StreamViewType[TABLE.streamViewType],
      globalSecondaryIndexes: TABLE.globalSecondaryIndexes.map((gsi) => ({
        indexName: gsi.indexName,
        partitionKey: { name: gsi.partitionKey.name, type: attributeType(gsi.partitionKey.type) },
        sortKey: { name: gsi.sortKey.name, type: attributeType(gsi.sortKey.type) },
      })),
    });

    /* The event bus every tonghop event travels on. */
    const bus = new EventBus(this, 'Bus');

    /* The signing key of bearer tokens: generated in the account, never in the repository. */
    const jwtSecret = new Secret(this, 'JwtSecret', {
      description: 'HS256 key of tonghop bearer tokens',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });

    /* One function per handler, with exactly the access platform/functions.ts declares. */
    const functions = {} as Record<FunctionName, TonghopFunction>;
    for (const [name, definition] of Object.entries(FUNCTIONS) as [FunctionName, (typeof FUNCTIONS)[FunctionName]][]) {
      const fn = new TonghopFunction(this, `${name[0]?.toUpperCase()}${name.slice(1)}`, { definition });
      fn.bindTable(table, definition.table);
      if (definition.putEvents) fn.bindEventBus(bus);
      if (definition.jwt) fn.bindJwtSecret(jwtSecret);
      functions[name] = fn;
    }

    /* Stream → publisher, filtered to the items that stand for events; failures go to a DLQ. */
    const streamDlq = new Queue(this, 'PublisherDlq', { retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true });
    functions[STREAM_TARGET].fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: DELIVERY.streamRetryAttempts,
        onFailure: new SqsDlq(streamDlq),
        filters: STREAM_FILTERS.map((pattern) => FilterCriteria.filter(pattern)),
      }),
    );

    /* Rules from platform/events.ts, each target with a retry policy and its own dead-letter queue. */
    for (const rule of RULES) {
      const dlq = new Queue(this, `${rule.id}Dlq`, { retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true });
      new Rule(this, rule.id, {
        eventBus: bus,
        description: rule.description,
        eventPattern: rule.pattern as never,
        targets: [
          new LambdaFunction(functions[rule.target].fn, {
            deadLetterQueue: dlq,
            retryAttempts: DELIVERY.retryAttempts,
            maxEventAge: Duration.seconds(DELIVERY.maxEventAgeSeconds),
          }),
        ],
      });
    }

    /* The HTTP API: the routes of platform/routes.ts. */
    const api = new HttpApi(this, 'Api', {
      description: 'tonghop HTTP API',
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT],
        allowHeaders: ['authorization', 'content-type'],
      },
    });
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of ROUTES) {
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.function}Integration`, functions[route.function].fn);
        integrations.set(route.function, integration);
      }
      api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
    }

    for (const name of ['form', 'reminder'] as const) functions[name].fn.addEnvironment('PUBLIC_URL', api.apiEndpoint);

    /*
     * Reminders on EventBridge Scheduler. The sync function keeps one schedule group per unit and
     * school year (units are data, so groups are made at run time, all named tonghop-*); Scheduler
     * assumes this role to invoke the reminder function, and sends what it cannot deliver to a DLQ.
     */
    const schedulerDlq = new Queue(this, 'SchedulerDlq', { retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true });
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
    });
    schedulerDlq.grantSendMessages(schedulerRole);
    const scheduleTargets = FUNCTION_LIST.filter(([, definition]) => definition.scheduleTarget).map(([name]) => name);
    for (const name of scheduleTargets) functions[name].fn.grantInvoke(schedulerRole);
    for (const [name, definition] of FUNCTION_LIST) {
      if (!definition.scheduler) continue;
      const manager = functions[name].fn;
      for (const target of scheduleTargets) manager.addEnvironment(functionArnEnv(target), functions[target].fn.functionArn);
      manager.addEnvironment('SCHEDULER_ROLE_ARN', schedulerRole.roleArn);
      manager.addEnvironment('SCHEDULER_DLQ_ARN', schedulerDlq.queueArn);
      manager.addToRolePolicy(
        new PolicyStatement({
          actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule', 'scheduler:ListSchedules'],
          resources: [this.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: 'tonghop-*/*' })],
        }),
      );
      manager.addToRolePolicy(new PolicyStatement({ actions: ['scheduler:ListSchedules'], resources: ['*'] }));
      manager.addToRolePolicy(
        new PolicyStatement({
          actions: ['scheduler:CreateScheduleGroup', 'scheduler:GetScheduleGroup'],
          resources: [this.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'tonghop-*' })],
        }),
      );
      schedulerRole.grantPassRole(manager.grantPrincipal);
    }

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'EventBusName', { value: bus.eventBusName });
    new CfnOutput(this, 'JwtSecretArn', { value: jwtSecret.secretArn });
  }
}
