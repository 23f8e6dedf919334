import { App } from 'aws-cdk-lib';
import { TonghopStack } from './stack.ts';
import { stageOf } from './stage.ts';

/*
 * npx cdk synth|deploy -c stage=dev|prod [-c region=ap-southeast-1] [-c alarmEmail=ops@example.org]
 *
 * The region is explicit: the CDK CLI always sets CDK_DEFAULT_REGION (from the profile), so a
 * fallback on it would never apply. It comes from `-c region=…`, else TONGHOP_REGION, else
 * ap-southeast-1 (Singapore: the nearest region to Vietnam, and the data stays in it).
 */
const app = new App();
const stage = stageOf(app.node.tryGetContext('stage'));
const region = app.node.tryGetContext('region') ?? process.env.TONGHOP_REGION ?? 'ap-southeast-1';
new TonghopStack(app, `Tonghop-${stage.name}`, {
  description: `tonghop (${stage.name}): school reports rolled up live (school → ward → city → province)`,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region },
  stage,
  alarmEmail: app.node.tryGetContext('alarmEmail') ?? process.env.TONGHOP_ALARM_EMAIL,
});
