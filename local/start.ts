/**
 * `npm start`: the whole system locally on DynamoDB Local, with the demo data.
 *   --reset       start with an empty store
 *   --port N      HTTP port (or PORT; default 3000)
 *   --pause-stream  leave the table stream unread (crash-recovery demos and tests)
 *   --units-only  load the demo tree but no demo submissions
 *   --clock 2023-01-20T07:00  start the local clock at this Vietnam time (reminders, due dates)
 *   --speed N     run the local clock N times faster (a month of reminders in minutes)
 */
import './quiet-sdk.ts';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { demoSubmissions } from '../catalog/demo-submissions.ts';
import { DEMO, DEMO_UNITS } from '../catalog/units.ts';
import { signToken } from '../functions/commons/auth.ts';
import { progressBar } from './demo.ts';
import { JavaMissingError } from './dynamodb-local.ts';
import { startRuntime } from './runtime.ts';
import { localJwtSecret } from './secret.ts';

const { values: args } = parseArgs({
  options: {
    reset: { type: 'boolean', default: false },
    port: { type: 'string' },
    'data-dir': { type: 'string', default: '.data' },
    'pause-stream': { type: 'boolean', default: false },
    'units-only': { type: 'boolean', default: false },
    clock: { type: 'string' },
    speed: { type: 'string' },
  },
});

const main = async (): Promise<void> => {
  const dataDir = args['data-dir'] as string;
  if (args.reset) rmSync(dataDir, { recursive: true, force: true });
  const secret = localJwtSecret();
  const runtime = await startRuntime({
    port: Number(args.port ?? process.env.PORT ?? 3000),
    dataDir,
    jwtSecret: secret,
    seedUnits: DEMO_UNITS,
    seedSubmissions: args['units-only'] ? [] : demoSubmissions(DEMO_UNITS),
    onSeedProgress: progressBar('Loading demo submissions through the API'),
    streamPaused: args['pause-stream'],
    clock: args.clock || args.speed ? { start: args.clock, speed: args.speed ? Number(args.speed) : 1 } : undefined,
  });
  const key = new TextEncoder().encode(secret);
  const school = DEMO_UNITS.find((unit) => unit.id === DEMO.school);
  const province = DEMO_UNITS.find((unit) => unit.id === DEMO.province);
  const schoolToken = school ? await signToken({ sub: `demo-${school.id}`, unit: school.id, role: 'school' }, key) : '';
  const leaderToken = province ? await signToken({ sub: `demo-${province.id}`, unit: province.id, role: 'leader' }, key) : '';
  const city = DEMO_UNITS.find((unit) => unit.id === DEMO.city);
  const cityToken = city ? await signToken({ sub: `demo-${city.id}`, unit: city.id, role: 'leader' }, key) : '';
  const lines = [
    '',
    `tonghop is running on ${runtime.url} (DynamoDB Local at ${runtime.dynamoEndpoint}, data in ${dataDir}/)`,
    '',
    `  Health           ${runtime.url}/health`,
    `  Catalog          ${runtime.url}/api/catalog`,
    `  Unit tree        ${runtime.url}/api/units`,
    `  Province rollup  ${runtime.url}/api/units/${province?.id}/rollups/2022-2023.start   (leader token)`,
    `  Dead letters     ${runtime.url}/local/dead-letters`,
    `  Outbox (emails)  ${runtime.url}/local/outbox   (.eml files in ${runtime.ses.outboxDir}/)`,
    '',
    `  Dashboard (leader of ${province?.name}):`,
    `    ${runtime.url}/dashboard?t=${leaderToken}`,
    `  Dashboard (leader of ${city?.name}):`,
    `    ${runtime.url}/dashboard?t=${cityToken}`,
    '',
    `  School form (${school?.name}):`,
    `    ${runtime.url}/form?t=${schoolToken}`,
    '',
    `  School token (${school?.name}):`,
    `    ${schoolToken}`,
    `  Leader token (${province?.name}):`,
    `    ${leaderToken}`,
    '',
    '  Try (2022-2023 is locked by date: this school token gets 409 and the unlock request route; `npm run -s token -- --unit <id> --role school --import` posts as an import):',
    `    curl -s -X POST ${runtime.url}/api/submissions -H "authorization: Bearer $SCHOOL" -H 'content-type: application/json' \\`,
    `      -d '{"unitId":"${school?.id}","period":"2022-2023.start","values":{"th_classes":20,"th_pupils":700,"teachers":28}}'`,
    `    curl -s ${runtime.url}/api/units/${province?.id}/rollups/2022-2023.start -H "authorization: Bearer $LEADER"`,
    '',
    'Ctrl-C stops everything.',
  ];
  console.log(lines.join('\n'));
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    void runtime.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
};

main().catch((error: unknown) => {
  if (error instanceof JavaMissingError) console.error(`\n${error.message}\n`);
  else console.error(error);
  process.exit(1);
});
