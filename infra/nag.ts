/**
 * The cdk-nag AwsSolutions findings that remain by design, each acknowledged with its reason
 * (cdk-nag 3: CDK's own Validations.of(...).acknowledge). They are found by construct type, not
 * listed by name, so a function, route or queue added from platform data is covered by the same
 * reasoning; anything new and different makes test/infra/nag.test.ts fail until it is fixed or
 * explained here.
 */
import { type Stack, Token, Validations } from 'aws-cdk-lib';
import { HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';

export interface AcknowledgeOptions {
  /** Schedule groups and schedules are named `<schedulePrefix>-…`. */
  readonly schedulePrefix: string;
  /** The functions that manage Scheduler schedules (platform: `scheduler: true`). */
  readonly schedulerManagers: readonly IConstruct[];
}

export const acknowledgeFindings = (stack: Stack, { schedulePrefix, schedulerManagers }: AcknowledgeOptions): void => {
  const all = stack.node.findAll();
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;

  for (const secret of all.filter((c) => c instanceof Secret)) {
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The JWT signing key is rotated by hand with two keys accepted during the rotation (README, "Rotating the signing key"): ' +
        'an automatic rotation would invalidate the form links already sent to schools.',
    });
  }

  for (const fn of all.filter((c): c is LambdaFunction => c instanceof LambdaFunction)) {
    Validations.of(fn).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'AWSLambdaBasicExecutionRole grants only CreateLogGroup, CreateLogStream and PutLogEvents: the function writing its own logs.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray active tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) and Scheduler listing (scheduler:ListSchedules, ' +
          'ListScheduleGroups) have no resource-level permissions; every other statement names its resources.',
      },
    );
  }

  for (const queue of all.filter((c) => c instanceof Queue)) {
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'Every queue of this stack is itself a dead-letter or on-failure queue (stream mapping, rule targets, schedules, async ' +
        'invocations): the last stop, watched by an alarm and redriven by hand (README, "Redriving a queue").',
    });
  }

  for (const route of all.filter((c) => c instanceof HttpRoute)) {
    Validations.of(route).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Authorization is in the handlers (functions/commons/auth.ts): JWT bearer tokens and form or dashboard link tokens, ' +
        'checked against the unit tree (a school only for itself, a leader for its subtree). /health and /api/catalog are public.',
    });
  }

  for (const sync of schedulerManagers) {
    const arn = (resource: string): string => `arn:<AWS::Partition>:scheduler:${region}:${account}:${resource}`;
    Validations.of(sync).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${arn(`schedule/${schedulePrefix}-*/*`)}]`,
        reason: 'Schedules are made at run time from calendars, in groups named after this stack: the wildcard stays within this stack’s groups.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${arn(`schedule-group/${schedulePrefix}-*`)}]`,
        reason: 'One schedule group per school year, made and deleted at run time, named after this stack.',
      },
    );
  }
};
