/**
 * npm run bench:cold [-- --runs 9] [--probes] [--json] [--metric cpu|wall]
 *
 * Bundles every function of platform/functions.ts with esbuild exactly as the stack does
 * (infra/constructs/bundling.ts), plus a bare `@aws-sdk/client-dynamodb` import bundled the same
 * way, then loads each bundle in fresh Node processes (runs interleaved, median) and prints bundle
 * sizes and module-load times, CPU and wall. Goal: every function within 15 ms of the bare client,
 * judged on CPU time by default (on a shared machine, wall time mostly measures the wait for a
 * core; --metric wall judges on it). Exit 1 when a function misses it. `--probes` also measures single libraries (zod flavours, locales,
 * Powertools) to show what each costs at load.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { BUNDLING, baseEnvironment, EXTERNAL_MODULES } from '../infra/constructs/bundling.ts';
import { FUNCTIONS } from '../platform/functions.ts';

const GOAL_MS = 15;
const root = resolve(import.meta.dirname, '..');
// Inside the repository, so that the external @aws-sdk/* imports resolve to node_modules.
const outRoot = join(root, '.cold-start');

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '9' },
    probes: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    /** cpu (default): CPU time, which other processes on a shared machine do not inflate; wall: elapsed time. */
    metric: { type: 'string', default: 'cpu' },
    /** Only the bundles whose name matches this regular expression (the baseline always runs). */
    only: { type: 'string' },
  },
});
const runs = Number(args.runs);

interface Target {
  name: string;
  /** An entry file, or the source of one. */
  entry?: string;
  source?: string;
  env: Record<string, string>;
  kind: 'baseline' | 'function' | 'probe';
}

const BASELINE: Target = {
  name: 'bare @aws-sdk/client-dynamodb',
  source: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const client = new DynamoDBClient({});\n",
  env: {},
  kind: 'baseline',
};

const PROBES: Record<string, string> = {
  'zod (import { z })': "import { z } from 'zod'; export const s = z.object({ a: z.string() });",
  'zod (import * as z)': "import * as z from 'zod'; export const s = z.object({ a: z.string() });",
  'zod + vi locale': "import * as z from 'zod'; import vi from 'zod/v4/locales/vi.js'; z.config(vi()); export const s = z.object({ a: z.string() });",
  'zod + all locales': "import * as z from 'zod'; z.config(z.locales.vi()); export const s = z.object({ a: z.string() });",
  'zod/mini': "import * as z from 'zod/mini'; export const s = z.object({ a: z.string() });",
  'zod/v4/core': "import * as z from 'zod/v4/core'; export const s = z;",
  '@middy/core': "import middy from '@middy/core'; export const h = middy();",
  jose: "import { jwtVerify } from 'jose'; export const v = jwtVerify;",
  'powertools logger': "import { Logger } from '@aws-lambda-powertools/logger'; export const l = new Logger();",
  'powertools metrics': "import { Metrics } from '@aws-lambda-powertools/metrics'; export const m = new Metrics();",
  'powertools tracer': "import { Tracer } from '@aws-lambda-powertools/tracer'; export const t = new Tracer();",
  catalog: `import { CATALOG } from ${JSON.stringify(join(root, 'catalog/index.ts'))}; export const c = CATALOG;`,
  exceljs: "import ExcelJS from 'exceljs'; export const e = ExcelJS;",
  'client-dynamodb + lib-dynamodb':
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'; export const d = DynamoDBDocumentClient.from(new DynamoDBClient({}));",
  'client-dynamodb + client-eventbridge':
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { EventBridgeClient } from '@aws-sdk/client-eventbridge'; export const c = [new DynamoDBClient({}), new EventBridgeClient({})];",
  'client-dynamodb + client-scheduler':
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { SchedulerClient } from '@aws-sdk/client-scheduler'; export const c = [new DynamoDBClient({}), new SchedulerClient({})];",
};

const lambdaEnv = (name: string): Record<string, string> => ({
  ...baseEnvironment(name),
  AWS_REGION: 'ap-southeast-1',
  AWS_LAMBDA_FUNCTION_NAME: name,
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
});

const allTargets: Target[] = [
  BASELINE,
  ...Object.entries(FUNCTIONS).map(([name, definition]): Target => ({ name, entry: join(root, definition.entry), env: lambdaEnv(name), kind: 'function' })),
  ...(args.probes ? Object.entries(PROBES).map(([name, source]): Target => ({ name, source, env: lambdaEnv('probe'), kind: 'probe' })) : []),
];

const only = args.only ? new RegExp(args.only) : undefined;
const targets = allTargets.filter((target) => target.kind === 'baseline' || !only || only.test(target.name));

const slug = (name: string): string => name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');

/** The same esbuild options as NodejsFunction builds from BUNDLING (see aws-lambda-nodejs). */
const bundle = async (target: Target): Promise<{ file: string; bytes: number }> => {
  const dir = join(outRoot, slug(target.name));
  mkdirSync(dir, { recursive: true });
  let entry = target.entry;
  if (!entry) {
    entry = join(dir, 'entry.ts');
    writeFileSync(entry, target.source ?? '');
  }
  const file = join(dir, 'index.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    outfile: file,
    format: BUNDLING.format,
    target: BUNDLING.target,
    platform: BUNDLING.platform,
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    mainFields: [...BUNDLING.mainFields],
    banner: { js: BUNDLING.banner },
    external: [...EXTERNAL_MODULES],
    logLevel: 'error',
  });
  return { file, bytes: statSync(file).size };
};

interface Sample {
  /** Wall-clock milliseconds of the import. */
  wall: number;
  /** CPU milliseconds (user + system) the process spent on it: what the machine's other work does not inflate. */
  cpu: number;
}

/** Time to import the bundle in a fresh Node process, with the function's environment. */
const loadOnce = (file: string, env: Record<string, string>): Sample => {
  const code = [
    'const c = process.cpuUsage(); const t = performance.now();',
    `await import(${JSON.stringify(`file://${file}`)});`,
    'const wall = performance.now() - t; const u = process.cpuUsage(c);',
    'process.stdout.write(JSON.stringify({ wall, cpu: (u.user + u.system) / 1000 }));',
  ].join(' ');
  const extra: Record<string, string> = {};
  // Handlers read their required variables at load: give each one a placeholder, as the stack gives a value.
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
        env: { PATH: process.env.PATH ?? '', ...env, ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return JSON.parse(out.toString()) as Sample;
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
      const missing = stderr.match(/Error: Missing environment variable (\w+)/)?.[1];
      if (!missing || extra[missing]) throw new Error(`Loading ${file} failed:\n${stderr}`);
      extra[missing] = missing.endsWith('_ARN') ? `arn:aws:lambda:ap-southeast-1:111111111111:function:${missing.toLowerCase()}` : 'placeholder';
    }
  }
  throw new Error(`Loading ${file}: too many missing variables`);
};

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

rmSync(outRoot, { recursive: true, force: true });
const built = await Promise.all(targets.map(async (target) => ({ target, ...(await bundle(target)) })));
const times = new Map<string, Sample[]>(built.map(({ target }) => [target.name, []]));
const loadBefore = loadavg()[0] ?? 0;
// One warm-up load each (file system cache), then interleaved rounds: load on the machine hits all alike.
for (const { file, target } of built) loadOnce(file, target.env);
for (let round = 0; round < runs; round++) {
  for (const { file, target } of built) times.get(target.name)?.push(loadOnce(file, target.env));
}
rmSync(outRoot, { recursive: true, force: true });

const loadAfter = loadavg()[0] ?? 0;
const medianOf = (name: string, key: keyof Sample): number => median((times.get(name) ?? []).map((sample) => sample[key]));
const round = (x: number): number => Number(x.toFixed(1));
const baseline = { wall: medianOf(BASELINE.name, 'wall'), cpu: medianOf(BASELINE.name, 'cpu') };
const rows = built.map(({ target, bytes }) => {
  const wall = medianOf(target.name, 'wall');
  const cpu = medianOf(target.name, 'cpu');
  return {
    name: target.name,
    kind: target.kind,
    bundleKB: Math.round(bytes / 1024),
    wallMs: round(wall),
    wallOverMs: round(wall - baseline.wall),
    cpuMs: round(cpu),
    cpuOverMs: round(cpu - baseline.cpu),
  };
});
const metric = args.metric === 'wall' ? 'wallOverMs' : 'cpuOverMs';
const failed = rows.filter((row) => row.kind === 'function' && row[metric] > GOAL_MS);

if (args.json) {
  console.log(JSON.stringify({ node: process.version, runs, goalMs: GOAL_MS, metric, loadAverage: [loadBefore, loadAfter], baseline, rows }, null, 2));
} else {
  console.log(`Module load: median of ${runs} fresh Node ${process.version} processes per bundle, runs interleaved; sourcemap ${BUNDLING.sourceMap},`);
  console.log(
    `external ${EXTERNAL_MODULES.join(' ')}; ${cpus().length} CPUs, load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}. ` +
      `Goal judged on ${metric === 'cpuOverMs' ? 'CPU' : 'wall'} time.`,
  );
  console.log('');
  console.log('| bundle | size (KB) | CPU (ms) | CPU over the bare client | wall (ms) | wall over the bare client | goal ≤ 15 ms |');
  console.log('|---|---:|---:|---:|---:|---:|---|');
  for (const row of rows) {
    const mark = row.kind === 'baseline' ? '(baseline)' : row.kind === 'probe' ? '(library alone)' : row[metric] <= GOAL_MS ? 'met' : 'MISSED';
    const over = (x: number): string => (row.kind === 'baseline' ? '' : `${x > 0 ? '+' : ''}${x}`);
    console.log(`| ${row.name} | ${row.bundleKB} | ${row.cpuMs} | ${over(row.cpuOverMs)} | ${row.wallMs} | ${over(row.wallOverMs)} | ${mark} |`);
  }
}
if (failed.length > 0) {
  console.error(`\nOver the goal: ${failed.map((row) => `${row.name} (+${row[metric]} ms)`).join(', ')}`);
  process.exitCode = 1;
}
