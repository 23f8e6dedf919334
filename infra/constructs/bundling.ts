/**
 * How every function is bundled and started: one definition read by the CDK construct
 * (tonghop-function.ts) and by the cold-start measurement (scripts/cold-start.ts), so the script
 * measures exactly what the stack deploys. Plain data: no CDK import.
 */

/** Left to the Lambda Node.js runtime, which ships the AWS SDK v3 and its Smithy packages. */
export const EXTERNAL_MODULES: readonly string[] = ['@aws-sdk/*', '@smithy/*'];

export const BUNDLING = {
  format: 'esm',
  target: 'node24',
  platform: 'node',
  minify: true,
  /**
   * No source maps: Node's --enable-source-maps parses the whole map at load (10–14 ms measured
   * by `npm run bench:cold`). Minified names in stack traces are the price; code is kept
   * readable enough with the function names esbuild keeps.
   */
  sourceMap: false,
  mainFields: ['module', 'main'],
  // Some dependencies still call require(); give the ESM bundle one.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const;

/** Environment every function starts with (Powertools reads these at load). */
export const baseEnvironment = (service: string): Record<string, string> => ({
  LOG_LEVEL: 'INFO',
  POWERTOOLS_SERVICE_NAME: service,
  POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
});

/** CloudWatch namespace of tonghop's own metrics (EMF). */
export const METRICS_NAMESPACE = 'Tonghop';
