import { App } from 'aws-cdk-lib';
import { TonghopStack } from './stack.ts';

const app = new App();
new TonghopStack(app, 'Tonghop', {
  description: 'tonghop: school reports rolled up live (school → ward → city → province)',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'ap-southeast-1' },
});
