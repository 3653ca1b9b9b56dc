/**
 * Running out of file descriptors. The descriptor limit is per process, so the built
 * service runs in a child started under `ulimit -n`.
 * - By default the connection limit sits below the descriptor limit: connections past it
 *   are refused (closed at once) and counted as dropped.
 * - Set above what the descriptors allow, accept() fails with EMFILE: libuv accepts and
 *   closes such connections itself (Node never hears of them), and the service must simply
 *   survive and keep serving.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { httpRequest } from './test-system.js';

const BUILT = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'src', 'index.js');
const FD_LIMIT = 128;

let dir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  if (!existsSync(BUILT)) throw new Error('build first: npx tsc -b packages/reference-system');
  dir = await mkdtemp(join(tmpdir(), 'headroom-fd-'));
});

afterAll(async () => {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

async function startChild(fdLimit: number, options: string): Promise<string> {
  const script = join(dir, `serve-${fdLimit}.mjs`);
  await writeFile(
    script,
    `import { resolveSystemConfig, startReferenceSystem } from ${JSON.stringify(pathToFileURL(BUILT).href)};
const system = await startReferenceSystem(resolveSystemConfig({ dataDir: ${JSON.stringify(join(dir, `data-${fdLimit}`))}, instruments: 10, ${options} }));
console.log(system.url);`,
  );
  const started = spawn('/bin/sh', ['-c', `ulimit -n ${fdLimit} && exec "${process.execPath}" "${script}"`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = started;
  return new Promise<string>((resolve, reject) => {
    createInterface({ input: started.stdout }).once('line', resolve);
    started.once('exit', (code) => reject(new Error(`service exited early (${code})`)));
  });
}

/** Opens `count` connections at once, holds them a moment, then closes them all. */
async function flood(url: string, count: number): Promise<void> {
  const port = Number(new URL(url).port);
  const sockets = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket | null>((resolve) => {
          const socket = connect(port, '127.0.0.1', () => resolve(socket));
          socket.on('error', () => resolve(null));
        }),
    ),
  );
  await new Promise((r) => setTimeout(r, 300));
  for (const socket of sockets) socket?.destroy();
  await new Promise((r) => setTimeout(r, 300));
}

it('refuses connections past the default limit (below the descriptor limit) and counts them', async () => {
  const url = await startChild(400, ''); // default maxConnections: 400 − 256 = 144
  await flood(url, 300);
  expect(child!.exitCode).toBeNull();
  const health = await httpRequest(url, 'GET', '/health');
  expect(health.status).toBe(200);
  expect(health.body.connections.dropped).toBeGreaterThanOrEqual(100);
  child!.kill('SIGKILL');
});

it('survives EMFILE when the connection limit is set above what descriptors allow, and keeps serving', async () => {
  const url = await startChild(FD_LIMIT, 'maxConnections: 1000');
  await flood(url, 3 * FD_LIMIT);
  expect(child!.exitCode).toBeNull();
  const health = await httpRequest(url, 'GET', '/health');
  expect(health.status).toBe(200);
  expect(health.body.connections.dropped).toBe(0);
});
