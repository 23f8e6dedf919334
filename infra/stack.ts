import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { DELIVERY, RULES, STREAM_CONSUMERS } from '../platform/events.ts';
import { FUNCTION_LIST, type FunctionName, functionArnEnv } from '../platform/functions.ts';
import { ROUTES } from '../platform/routes.ts';
import { TABLE } from '../platform/table.ts';
import { Observability } from './constructs/observability.ts';
import { failureQueue, TonghopFunction } from './constructs/tonghop-function.ts';
import { acknowledgeFindings } from './nag.ts';
import { STAGES, type StageSettings } from './stage.ts';

export interface TonghopStackProps extends StackProps {
  /** dev (default): everything can be destroyed; prod: data, secret and stack protected. */
  readonly stage?: StageSettings;
  /** Email subscribed to the alarm topic. */
  readonly alarmEmail?: string;
}

const attributeType = (type: 'S' | 'N' | 'B'): AttributeType =>
  type === 'S' ? AttributeType.STRING : type === 'N' ? AttributeType.NUMBER : AttributeType.BINARY;

export class TonghopStack extends Stack {
  readonly stage: StageSettings;

  constructor(scope: Construct, id: string, props: TonghopStackProps = {}) {
    const stage = props.stage ?? STAGES.dev;
    super(scope, id, { ...props, terminationProtection: props.terminationProtection ?? stage.terminationProtection });
    this.stage = stage;
    const { removalPolicy } = stage;

    /*
     * The single table: units, submission versions, applied versions and aggregates. Its stream
     * is the outbox: the publisher turns stored versions into events, so no write can miss its event.
     */
    const table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey.name, type: attributeType(TABLE.partitionKey.type) },
      sortKey: { name: TABLE.sortKey.name, type: attributeType(TABLE.sortKey.type) },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: stage.tableDeletionProtection,
      removalPolicy,
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
      removalPolicy,
    });

    /* One function per handler, with exactly the access platform/functions.ts declares. */
    const functions = {} as Record<FunctionName, TonghopFunction>;
    for (const [name, definition] of FUNCTION_LIST) {
      const fn = new TonghopFunction(this, `${name[0]?.toUpperCase()}${name.slice(1)}`, {
        name,
        definition,
        logRetention: stage.logRetention,
        removalPolicy,
      });
      fn.bindTable(table, definition);
      if (definition.putEvents) fn.bindEventBus(bus);
      if (definition.jwt) fn.bindJwtSecret(jwtSecret);
      functions[name] = fn;
    }

    /*
     * The table stream's consumers (platform/events.ts STREAM_CONSUMERS): the publisher (the
     * outbox) and the rollup (stored final versions, in batches), each filtered, batched and with
     * its own failure queue. Order does not matter downstream (APPLIED markers and revision checks
     * make every consumer idempotent and order-free), so each shard is read by concurrent batches.
     */
    for (const consumer of STREAM_CONSUMERS) {
      const name = consumer.function;
      const dlq = failureQueue(this, `${name[0]?.toUpperCase()}${name.slice(1)}Dlq`, removalPolicy);
      functions[name].fn.addEventSource(
        new DynamoEventSource(table, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: consumer.batchSize,
          maxBatchingWindow: consumer.maxBatchingWindowSeconds > 0 ? Duration.seconds(consumer.maxBatchingWindowSeconds) : undefined,
          parallelizationFactor: consumer.parallelizationFactor,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          retryAttempts: DELIVERY.streamRetryAttempts,
          onFailure: new SqsDlq(dlq),
          filters: consumer.filters.map((pattern) => FilterCriteria.filter(pattern)),
        }),
      );
    }

    /* Rules from platform/events.ts, each target with a retry policy and its own dead-letter queue. */
    for (const rule of RULES) {
      const dlq = failureQueue(this, `${rule.id}Dlq`, removalPolicy);
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

    /*
     * Functions invoked asynchronously (the targets of rules and of schedules, from platform data):
     * an event whose handler keeps failing goes to the function's failure queue, never dropped.
     */
    const asyncInvoked = new Set<FunctionName>([
      ...RULES.map((rule) => rule.target),
      ...FUNCTION_LIST.filter(([, d]) => d.scheduleTarget).map(([name]) => name),
    ]);
    for (const name of asyncInvoked) functions[name].sendFailuresToQueue();

    /* The HTTP API: the routes of platform/routes.ts, throttled, with JSON access logs. */
    const api = new HttpApi(this, 'Api', {
      description: 'tonghop HTTP API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.DELETE],
        allowHeaders: ['authorization', 'content-type'],
      },
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: stage.logRetention, removalPolicy });
    new HttpStage(this, 'ApiStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: stage.apiRateLimit, burstLimit: stage.apiBurstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: AccessLogFormat.custom(API_ACCESS_LOG_FORMAT) },
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

    for (const name of ['form', 'reminder', 'dashboard', 'notify', 'subscriptions', 'approval'] as const)
      functions[name].fn.addEnvironment('PUBLIC_URL', api.apiEndpoint);

    /*
     * Email through SES v2. The sender comes from context (`-c sesSender=thong-bao@so-gd.example`,
     * a verified address; `-c sesIdentity=so-gd.example` when the domain is the verified identity);
     * `ses:SendEmail` is granted on that identity only.
     */
    const sesSender = String(this.node.tryGetContext('sesSender') ?? 'thong-bao@tonghop.example');
    const sesIdentity = String(this.node.tryGetContext('sesIdentity') ?? sesSender);
    for (const [name, definition] of FUNCTION_LIST) {
      if (!definition.ses) continue;
      functions[name].fn.addEnvironment('MAIL_FROM', `Tổng hợp báo cáo <${sesSender}>`);
      functions[name].fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [this.formatArn({ service: 'ses', resource: 'identity', resourceName: sesIdentity })],
        }),
      );
    }

    /*
     * Reminders on EventBridge Scheduler. The sync function keeps one schedule group per school
     * year, named after this stack (SCHEDULE_GROUP_PREFIX-2024-2025), with the unit in each
     * schedule's name, and deletes the groups of past years. Scheduler assumes its own role to
     * invoke the reminder function, and sends what it cannot deliver to a DLQ.
     */
    const schedulePrefix = this.stackName.toLowerCase();
    const schedulerDlq = failureQueue(this, 'SchedulerDlq', removalPolicy);
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
    });
    schedulerDlq.grantSendMessages(schedulerRole);
    const scheduleTargets = FUNCTION_LIST.filter(([, definition]) => definition.scheduleTarget).map(([name]) => name);
    // The functions themselves, not their versions (grantInvoke would add `:*`).
    schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: scheduleTargets.map((name) => functions[name].fn.functionArn) }),
    );
    const schedulerManagers: TonghopFunction[] = [];
    for (const [name, definition] of FUNCTION_LIST) {
      if (!definition.scheduler) continue;
      schedulerManagers.push(functions[name]);
      const manager = functions[name].fn;
      // A function that schedules itself (notify) reads its own ARN from its invocation context: no cycle.
      for (const target of scheduleTargets) if (target !== name) manager.addEnvironment(functionArnEnv(target), functions[target].fn.functionArn);
      manager.addEnvironment('SCHEDULER_ROLE_ARN', schedulerRole.roleArn);
      manager.addEnvironment('SCHEDULER_DLQ_ARN', schedulerDlq.queueArn);
      manager.addEnvironment('SCHEDULE_GROUP_PREFIX', schedulePrefix);
      manager.addToRolePolicy(
        new PolicyStatement({
          actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule'],
          resources: [this.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${schedulePrefix}-*/*` })],
        }),
      );
      manager.addToRolePolicy(
        new PolicyStatement({
          actions: ['scheduler:CreateScheduleGroup', 'scheduler:GetScheduleGroup', 'scheduler:DeleteScheduleGroup'],
          resources: [this.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: `${schedulePrefix}-*` })],
        }),
      );
      // Listing has no resource-level permission in Scheduler.
      manager.addToRolePolicy(new PolicyStatement({ actions: ['scheduler:ListSchedules', 'scheduler:ListScheduleGroups'], resources: ['*'] }));
      manager.addToRolePolicy(
        new PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [schedulerRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        }),
      );
    }

    new CfnOutput(this, 'Stage', { value: stage.name });
    new CfnOutput(this, 'Region', { value: this.region });
    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'EventBusName', { value: bus.eventBusName });
    new CfnOutput(this, 'JwtSecretArn', { value: jwtSecret.secretArn });

    /* Alarms and the dashboard, over every queue and function above: keep this last. */
    const observability = new Observability(this, 'Observability', {
      alarmEmail: props.alarmEmail,
      table,
      api,
      streamConsumers: STREAM_CONSUMERS.map((consumer) => functions[consumer.function].fn),
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: observability.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: observability.dashboard.dashboardName });

    /* cdk-nag AwsSolutions findings that remain by design, each with its reason (infra/nag.ts). */
    acknowledgeFindings(this, { schedulePrefix, schedulerManagers });
  }
}

/** One JSON line per request: who, what, how it ended, how long it took. */
const API_ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  bytes: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  userAgent: '$context.identity.userAgent',
});
