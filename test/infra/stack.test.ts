import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TonghopStack } from '../../infra/stack.ts';
import { RULES } from '../../platform/events.ts';
import { FUNCTIONS } from '../../platform/functions.ts';
import { ROUTES } from '../../platform/routes.ts';

describe('Class: TonghopStack', () => {
  let template: Template;
  beforeAll(() => {
    const app = new App();
    template = Template.fromStack(new TonghopStack(app, 'Test', { env: { account: '111111111111', region: 'ap-southeast-1' } }));
  });

  it('has one table, on demand, with point-in-time recovery, a stream and the children index', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'gsi1' })],
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
    expect(JSON.stringify(template.findResources('AWS::DynamoDB::GlobalTable'))).not.toContain('"TableName"');
  });

  it('has one function per handler on nodejs24.x, arm64, traced, without source maps (they cost load time)', () => {
    const functions = template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x' } });
    expect(Object.keys(functions)).toHaveLength(Object.keys(FUNCTIONS).length);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
      expect(fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBeDefined();
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables.TABLE_NAME).toBeDefined();
    }
  });

  it('routes every rule to its target with a retry policy and a dead-letter queue', () => {
    template.resourceCountIs('AWS::Events::Rule', RULES.length);
    for (const rule of RULES) {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: rule.pattern,
        Targets: [
          Match.objectLike({
            DeadLetterConfig: { Arn: Match.anyValue() },
            RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
          }),
        ],
      });
    }
  });

  it('feeds the publisher from the stream with filters, partial batch failures and a DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: { Filters: Match.arrayWith([{ Pattern: Match.stringLikeRegexp('SubmissionVersion') }]) },
    });
  });

  it('serves every route of the HTTP API', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', ROUTES.length);
    for (const route of ROUTES) template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${route.method} ${route.path}` });
  });

  it('grants least privilege: only the publisher may put events, the query function only reads', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).map((p) => JSON.stringify(p.Properties));
    const putEvents = policies.filter((p) => p.includes('events:PutEvents'));
    expect(putEvents).toHaveLength(Object.values(FUNCTIONS).filter((f) => f.putEvents).length);
    const query = policies.find((p) => p.includes('QueryFunction'));
    expect(query).toBeDefined();
    expect(query).not.toContain('dynamodb:PutItem');
    expect(query).not.toContain('dynamodb:UpdateItem');
    for (const p of policies) expect(p).not.toMatch(/"Action":"\*"|"dynamodb:\*"/);
  });

  it('lets EventBridge Scheduler invoke only the reminder function, through its own role, with a DLQ, and the sync manage only this stack’s schedules', () => {
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] } },
    });
    expect(Object.keys(roles)).toHaveLength(1);
    const byId = Object.entries(template.findResources('AWS::IAM::Policy')).map(([id, p]) => [id, JSON.stringify(p.Properties)] as const);
    const schedulerPolicy = byId.find(([id]) => id.startsWith('SchedulerRole'))?.[1];
    expect(schedulerPolicy).toContain('lambda:InvokeFunction');
    expect(schedulerPolicy).toContain('sqs:SendMessage');
    expect(schedulerPolicy).not.toContain('dynamodb');
    const syncPolicy = byId.find(([id]) => id.startsWith('CalendarSyncFunction'))?.[1];
    expect(syncPolicy).toContain('scheduler:CreateSchedule');
    expect(syncPolicy).toContain('schedule/test-*/*');
    expect(syncPolicy).toContain('iam:PassRole');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SCHEDULER_DLQ_ARN: Match.anyValue(), REMINDER_FUNCTION_ARN: Match.anyValue() }) },
    });
  });

  it('lets only the notify and dashboard functions send email, ses:SendEmail on the sender identity from context only; its rule has retries and a DLQ', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')).map(([id, p]) => [id, JSON.stringify(p.Properties)] as const);
    const senders = policies.filter(([, text]) => text.includes('ses:SendEmail'));
    expect(senders.map(([id]) => id).sort()).toEqual([expect.stringMatching(/^DashboardFunction/), expect.stringMatching(/^NotifyFunction/)]);
    for (const [, text] of senders) {
      expect(text).toContain(':identity/thong-bao@tonghop.example');
      expect(text).not.toMatch(/"Resource":"\*"[^}]*ses:SendEmail|ses:SendEmail[^}]*"Resource":"\*"/);
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MAIL_FROM: 'Tổng hợp báo cáo <thong-bao@tonghop.example>' }) },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ 'detail-type': ['UnitCompleted', 'TargetMissed', 'TargetMet', 'ReminderDue'] }),
      Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue(), RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 185 }) })],
    });
  });

  it('keeps the signing key in Secrets Manager, generated in the account', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ PasswordLength: 48 }) });
  });
});
