import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMES } from '../../functions/commons/metric-names.ts';
import { METRICS_NAMESPACE } from './bundling.ts';

export interface ObservabilityProps {
  /** Where alarms are mailed (context alarmEmail); the topic exists without it. */
  readonly alarmEmail?: string;
  readonly table: ITableV2;
  readonly api: HttpApi;
  /** The functions fed by the table stream (their IteratorAge is the backlog of events and rollups). */
  readonly streamConsumers: readonly LambdaFunction[];
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms and a dashboard over everything in the stack. Queues and functions are found in the
 * construct tree, not listed: a function or a dead-letter queue added by platform data gets its
 * alarms without an edit here. Create it last in the stack.
 */
export class Observability extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.topic = new Topic(this, 'Alarms', { displayName: `${stack.stackName} alarms`, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);
    const alarm = (alarmId: string, metric: IMetric, threshold: number, description: string, evaluationPeriods = 1): Alarm => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `${description} Runbook: README, "When an alarm fires".`,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
      return created;
    };

    const queues = stack.node.findAll().filter((c): c is Queue => c instanceof Queue);
    const functions = stack.node.findAll().filter((c): c is LambdaFunction => c instanceof LambdaFunction);
    const label = (c: Construct): string => c.node.path.split('/').slice(1).join('') || c.node.id;

    for (const queue of queues) {
      alarm(
        `${label(queue)}Visible`,
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        1,
        `Messages wait in ${queue.node.path}: events that failed every retry.`,
      );
    }
    for (const fn of functions) {
      const name = label(fn.node.scope as Construct);
      alarm(`${name}Errors`, fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }), 1, `Function ${fn.node.path} threw.`);
      alarm(`${name}Throttles`, fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }), 1, `Function ${fn.node.path} was throttled.`);
    }
    // Alarms on the plain metric; the dashboard's copies carry the function's name as label.
    const iteratorAge = (fn: LambdaFunction, label?: string): Metric => fn.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum', label });
    for (const fn of props.streamConsumers) {
      const name = label(fn.node.scope as Construct);
      alarm(`${name}StreamIteratorAge`, iteratorAge(fn), 60_000, `${name} reads the table stream more than a minute late for 5 minutes.`, 5);
    }
    const iteratorAges = props.streamConsumers.map((fn) => iteratorAge(fn, label(fn.node.scope as Construct)));
    const api5xx = props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    alarm('Api5xx', api5xx, 1, 'The HTTP API answered 5xx.');
    const tableMetric = (metricName: string): Metric =>
      new Metric({ namespace: 'AWS/DynamoDB', metricName, dimensionsMap: { TableName: props.table.tableName }, period: FIVE_MINUTES, statistic: 'Sum' });
    alarm('TableReadThrottles', tableMetric('ReadThrottleEvents'), 1, 'DynamoDB throttled reads of the table.');
    alarm('TableWriteThrottles', tableMetric('WriteThrottleEvents'), 1, 'DynamoDB throttled writes to the table.');

    const custom = (metricName: string, statistic: string, title: string): MathExpression =>
      new MathExpression({
        expression: `SUM(SEARCH('{${METRICS_NAMESPACE},service} MetricName="${metricName}"', '${statistic}', 300))`,
        label: title,
        period: FIVE_MINUTES,
      });
    const rollupLag = (statistic: string): MathExpression =>
      new MathExpression({
        expression: `MAX(SEARCH('{${METRICS_NAMESPACE},service} MetricName="${METRIC_NAMES.rollupLag}"', '${statistic}', 60))`,
        label: `rollup lag ${statistic} (ms)`,
        period: Duration.minutes(1),
      });
    const perFunction = (title: string, metric: (fn: LambdaFunction) => IMetric): GraphWidget =>
      new GraphWidget({ title, width: 12, left: functions.map(metric) });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${stack.stackName}-operations`,
      widgets: [
        [
          new TextWidget({
            markdown: `# ${stack.stackName}\nAlarms mail the SNS topic. What to do when one fires: README, "When an alarm fires".`,
            width: 24,
            height: 2,
          }),
        ],
        [
          new GraphWidget({
            title: 'Submissions accepted (per 5 min)',
            width: 8,
            left: [custom(METRIC_NAMES.submissionsAccepted, 'Sum', 'accepted')],
          }),
          new GraphWidget({ title: 'Rollup lag: stored → province (ms)', width: 8, left: [rollupLag('p50'), rollupLag('p99'), rollupLag('Maximum')] }),
          new GraphWidget({
            title: 'Notifications (per 5 min)',
            width: 8,
            left: [custom(METRIC_NAMES.notificationsSent, 'Sum', 'sent'), custom(METRIC_NAMES.notificationsFailed, 'Sum', 'failed')],
          }),
        ],
        [
          new GraphWidget({
            title: 'HTTP API',
            width: 12,
            left: [props.api.metricCount({ period: FIVE_MINUTES }), props.api.metricClientError({ period: FIVE_MINUTES }), api5xx],
            right: [props.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' })],
          }),
          new GraphWidget({ title: 'Stream iterator age (ms)', width: 12, left: iteratorAges }),
        ],
        [
          perFunction('Function errors', (fn) => fn.metricErrors({ period: FIVE_MINUTES, label: label(fn.node.scope as Construct) })),
          perFunction('Function duration p99 (ms)', (fn) =>
            fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p99', label: label(fn.node.scope as Construct) }),
          ),
        ],
        [
          perFunction('Function throttles', (fn) => fn.metricThrottles({ period: FIVE_MINUTES, label: label(fn.node.scope as Construct) })),
          new GraphWidget({
            title: 'Dead-letter and failure queues (visible)',
            width: 12,
            left: queues.map((queue) => queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum', label: label(queue) })),
          }),
        ],
        [
          new GraphWidget({
            title: 'DynamoDB capacity consumed',
            width: 12,
            left: [tableMetric('ConsumedWriteCapacityUnits'), tableMetric('ConsumedReadCapacityUnits')],
          }),
          new SingleValueWidget({
            title: 'DynamoDB throttles (5 min)',
            width: 12,
            metrics: [tableMetric('ReadThrottleEvents'), tableMetric('WriteThrottleEvents')],
          }),
        ],
      ],
    });
  }
}
