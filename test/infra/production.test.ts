import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLING, EXTERNAL_MODULES } from '../../infra/constructs/bundling.ts';
import { TonghopStack } from '../../infra/stack.ts';
import { STAGES } from '../../infra/stage.ts';
import { RULES, STREAM_CONSUMERS } from '../../platform/events.ts';
import { FUNCTIONS, type FunctionDefinition, type FunctionName, type TableOperation } from '../../platform/functions.ts';

const env = { account: '111111111111', region: 'ap-southeast-1' };
const synth = (stage: keyof typeof STAGES, alarmEmail?: string): { template: Template; stack: TonghopStack } => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new TonghopStack(app, `Tonghop-${stage}`, { env, stage: STAGES[stage], alarmEmail });
  return { template: Template.fromStack(stack), stack };
};
const entries = Object.entries(FUNCTIONS) as [FunctionName, FunctionDefinition][];
const logicalIdOf = (template: Template, name: FunctionName): string => {
  const id = Object.keys(template.findResources('AWS::Lambda::Function')).find((k) => k.startsWith(`${name[0]?.toUpperCase()}${name.slice(1)}Function`));
  if (!id) throw new Error(`no function ${name}`);
  return id;
};
const policyOf = (template: Template, name: FunctionName): string =>
  JSON.stringify(
    Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith(`${name[0]?.toUpperCase()}${name.slice(1)}Function`))
      .map(([, p]) => p.Properties.PolicyDocument),
  );

describe('Given the prod stage', () => {
  let template: Template;
  let stack: TonghopStack;
  beforeAll(() => ({ template, stack } = synth('prod', 'ops@example.org')));

  it('then the table has deletion protection and is retained, the secret is retained and the stack has termination protection', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] }),
    });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
    expect(stack.terminationProtection).toBe(true);
  });

  it('then every function invoked asynchronously (rule and schedule targets, from platform data) has an SQS on-failure destination', () => {
    const asyncNames = new Set<FunctionName>([...RULES.map((r) => r.target as FunctionName), ...entries.filter(([, d]) => d.scheduleTarget).map(([n]) => n)]);
    // The rollup reads the stream itself (STREAM_CONSUMERS): its failures go to its mapping's queue, checked with the alarms.
    expect([...asyncNames]).toEqual(expect.arrayContaining(['evaluate', 'calendarSync', 'reminder', 'notify']));
    const configs = template.findResources('AWS::Lambda::EventInvokeConfig');
    for (const [name] of entries) {
      const fnId = logicalIdOf(template, name);
      const config = Object.values(configs).find((c) => JSON.stringify(c.Properties.FunctionName).includes(fnId));
      if (!asyncNames.has(name)) {
        expect(config, name).toBeUndefined();
        continue;
      }
      expect(config?.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][1], name).toBe('Arn');
      expect(config?.Properties.MaximumRetryAttempts).toBe(2);
      expect(policyOf(template, name)).toContain('sqs:SendMessage');
    }
  });

  it('then each stream consumer (the outbox and the rollup) has its own mapping with filters, batching, bisection and an on-failure queue', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).map((m) => m.Properties);
    for (const consumer of STREAM_CONSUMERS) {
      const fnId = logicalIdOf(template, consumer.function);
      const mapping = mappings.find((m) => JSON.stringify(m.FunctionName).includes(fnId));
      expect(mapping, consumer.function).toBeDefined();
      expect(mapping?.BatchSize).toBe(consumer.batchSize);
      expect(mapping?.BisectBatchOnFunctionError).toBe(true);
      expect(mapping?.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(mapping?.FilterCriteria.Filters).toHaveLength(consumer.filters.length);
      expect(mapping?.DestinationConfig.OnFailure.Destination).toBeDefined();
      if (consumer.maxBatchingWindowSeconds > 0) expect(mapping?.MaximumBatchingWindowInSeconds).toBe(consumer.maxBatchingWindowSeconds);
    }
  });

  it('then an SNS topic mails the alarms, and every queue, function, the stream, the API and the table have alarms', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    for (const alarm of alarms) expect(alarm.AlarmActions, alarm.AlarmDescription).toHaveLength(1);
    const queues = Object.keys(template.findResources('AWS::SQS::Queue'));
    expect(queues.length).toBeGreaterThanOrEqual(RULES.length + 2 + 4);
    for (const queue of queues) {
      expect(
        alarms.some((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(a.Dimensions).includes(queue)),
        queue,
      ).toBe(true);
    }
    for (const [name] of entries) {
      const fnId = logicalIdOf(template, name);
      for (const metric of ['Errors', 'Throttles']) {
        expect(
          alarms.some((a) => a.MetricName === metric && JSON.stringify(a.Dimensions).includes(fnId)),
          `${name} ${metric}`,
        ).toBe(true);
      }
    }
    for (const consumer of STREAM_CONSUMERS) {
      expect(alarms.some((a) => a.MetricName === 'IteratorAge' && JSON.stringify(a.Dimensions).includes(logicalIdOf(template, consumer.function)))).toBe(true);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalIdOf(template, consumer.function) },
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      });
    }
    expect(alarms.some((a) => a.MetricName === '5xx' && a.Namespace === 'AWS/ApiGateway')).toBe(true);
    expect(alarms.filter((a) => a.Namespace === 'AWS/DynamoDB').map((a) => a.MetricName)).toEqual(
      expect.arrayContaining(['ReadThrottleEvents', 'WriteThrottleEvents']),
    );
  });

  it('then a dashboard shows the custom metrics, the API, the functions, the stream and the queues', () => {
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    for (const text of [
      'SubmissionsAccepted',
      'RollupLag',
      'NotificationsSent',
      'NotificationsFailed',
      'IteratorAge',
      'ApproximateNumberOfMessagesVisible',
      '5xx',
    ]) {
      expect(body).toContain(text);
    }
  });

  it('then the API is throttled and writes JSON access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: STAGES.prod.apiRateLimit, ThrottlingBurstLimit: STAGES.prod.apiBurstLimit }),
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"status":"\\$context.status"') },
    });
  });

  it('then Scan, DeleteItem and BatchWriteItem are granted only to the functions that declare them, and no function gets a table wildcard', () => {
    const actionOf: Record<TableOperation, string> = { scan: 'dynamodb:Scan', delete: 'dynamodb:DeleteItem', batchWrite: 'dynamodb:BatchWriteItem' };
    for (const [name, definition] of entries) {
      const policy = policyOf(template, name);
      for (const [operation, action] of Object.entries(actionOf) as [TableOperation, string][]) {
        expect(policy.includes(`"${action}"`), `${name} ${action}`).toBe((definition.tableOperations ?? []).includes(operation));
      }
      expect(policy, name).not.toContain('index/*');
      if (definition.table === 'read') expect(policy, name).not.toMatch(/dynamodb:(PutItem|UpdateItem)/);
    }
  });

  it('then schedules and groups are named after the stack, and PassRole is only for Scheduler', () => {
    const policy = policyOf(template, 'calendarSync');
    expect(policy).toContain('schedule/tonghop-prod-*/*');
    expect(policy).toContain('schedule-group/tonghop-prod-*');
    expect(policy).not.toContain('tonghop-*');
    expect(policy).toContain('"iam:PassedToService":"scheduler.amazonaws.com"');
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SCHEDULE_GROUP_PREFIX: 'tonghop-prod' }) } });
  });

  it('then the stream is read with several batches per shard', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { ParallelizationFactor: Match.anyValue() });
    for (const consumer of STREAM_CONSUMERS) expect(consumer.parallelizationFactor).toBeGreaterThan(1);
  });
});

describe('Given the dev stage', () => {
  it('then the table, the secret and the logs can be destroyed and the stack is not protected', () => {
    const { template, stack } = synth('dev');
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
    expect(JSON.stringify(template.findResources('AWS::DynamoDB::GlobalTable'))).not.toContain('"DeletionProtectionEnabled":true');
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Delete' });
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) expect(group.DeletionPolicy).toBe('Delete');
    expect(stack.terminationProtection).toBe(false);
    expect(template.findResources('AWS::SNS::Subscription')).toEqual({});
  });
});

describe('Given each handler bundled as the stack bundles it', () => {
  const COMMANDS: Record<string, TableOperation> = {
    ScanCommand: 'scan',
    DeleteCommand: 'delete',
    DeleteItemCommand: 'delete',
    BatchWriteCommand: 'batchWrite',
    BatchWriteItemCommand: 'batchWrite',
  };

  it('then the table operations it performs are exactly those platform/functions.ts declares', async () => {
    for (const [name, definition] of entries) {
      const out = await build({
        entryPoints: [definition.entry],
        bundle: true,
        write: false,
        format: BUNDLING.format,
        platform: BUNDLING.platform,
        target: BUNDLING.target,
        minify: true,
        external: [...EXTERNAL_MODULES],
        logLevel: 'silent',
      });
      const code = out.outputFiles[0]?.text ?? '';
      const used = new Set<TableOperation>();
      for (const [command, operation] of Object.entries(COMMANDS)) {
        for (const match of code.matchAll(new RegExp(`\\b${command} as ([\\w$]+)`, 'g'))) {
          if (code.includes(`new ${match[1]}(`)) used.add(operation);
        }
      }
      // A Delete inside a transaction needs DeleteItem too.
      if (/\bDelete:\{/.test(code)) used.add('delete');
      expect([...used].sort(), name).toEqual([...(definition.tableOperations ?? [])].sort());
    }
  });
});
