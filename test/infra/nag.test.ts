import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { TonghopStack } from '../../infra/stack.ts';
import { STAGES } from '../../infra/stage.ts';

// Bundling is irrelevant to the rules: skip it to keep the test fast.
const synthApp = (): App => new App({ context: { 'aws:cdk:bundling-stacks': [] } });

describe('Given the stack checked by cdk-nag 3 (AwsSolutions)', () => {
  for (const stage of [STAGES.dev, STAGES.prod]) {
    it(`when the ${stage.name} stage is validated, then no finding is left unacknowledged`, () => {
      const app = synthApp();
      const stack = new TonghopStack(app, `Nag-${stage.name}`, {
        env: { account: '111111111111', region: 'ap-southeast-1' },
        stage,
        alarmEmail: 'ops@example.org',
      });
      const report = new AwsSolutionsChecks(app).validateScope(stack);
      const findings = report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId).join(', ')}`);
      expect(findings).toEqual([]);
      expect(report.success).toBe(true);
    });
  }

  it('when the account and region are left to deployment time, then the acknowledgements still match', () => {
    const app = synthApp();
    const stack = new TonghopStack(app, 'Nag-agnostic', { stage: STAGES.prod });
    expect(new AwsSolutionsChecks(app).validateScope(stack).violations).toEqual([]);
  });

  it('when a resource breaks a rule that is not acknowledged, then the check reports it (the check can fail)', async () => {
    const { Queue } = await import('aws-cdk-lib/aws-sqs');
    const { Bucket } = await import('aws-cdk-lib/aws-s3');
    const app = synthApp();
    const stack = new TonghopStack(app, 'Nag-broken', { env: { account: '111111111111', region: 'ap-southeast-1' } });
    new Bucket(stack, 'Unsafe');
    new Queue(stack, 'PlainQueue');
    const report = new AwsSolutionsChecks(app).validateScope(stack);
    const rules = report.violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
    expect(report.success).toBe(false);
  });
});
