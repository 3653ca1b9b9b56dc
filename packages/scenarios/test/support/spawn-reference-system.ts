/**
 * The real reference system for integration tests: `headroom serve` in a child process
 * on an ephemeral loopback port, a fresh data directory, few instruments and a cheap
 * password hash (tests are about the workloads, not about scrypt). Started through the
 * production `startBundledSystem`, so the tests exercise it too. The CLI must be built
 * (`npx tsc -b packages/cli`); if it is not, the helper says so.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBundledSystem, type BundledSystem } from '../../src/target/start-bundled-system.js';

const here = dirname(fileURLToPath(import.meta.url));
/** packages/cli/bin/run.js, from packages/scenarios/test/support or its dist twin */
const CLI_ENTRY = [
  resolve(here, '../../../cli/bin/run.js'),
  resolve(here, '../../../../cli/bin/run.js'),
].find((p) => existsSync(p));
const CLI_BUILT =
  CLI_ENTRY !== undefined && existsSync(join(dirname(CLI_ENTRY), '../dist/src/commands/serve.js'));

export interface SpawnedSystem extends BundledSystem {
  readonly dataDir: string;
  /** Stops the system and removes its data directory. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** @default 200 */
  readonly instruments?: number;
  /** scrypt N @default 16 (cheap: registrations and logins take a millisecond) */
  readonly hashCost?: number;
  /** @default 'batch' (no fdatasync per group commit on a shared machine) */
  readonly fsync?: 'always' | 'batch' | 'off';
}

/** The command that runs `headroom serve`; the CLI passes the same for `headroom run`. */
export function serveCommand(): string[] {
  if (CLI_ENTRY === undefined || !CLI_BUILT) {
    throw new Error(
      'the reference system is started through the CLI: build it first with `npx tsc -b packages/cli`',
    );
  }
  return [process.execPath, CLI_ENTRY, 'serve'];
}

export async function spawnReferenceSystem(options: SpawnOptions = {}): Promise<SpawnedSystem> {
  const dataDir = await mkdtemp(join(tmpdir(), 'headroom-test-'));
  const system = await startBundledSystem({
    command: serveCommand(),
    dataDir,
    instruments: options.instruments ?? 200,
    fsync: options.fsync ?? 'batch',
    hashCost: options.hashCost ?? 16,
    adminToken: 'test-admin-token-0123456789',
    startTimeoutMs: 30_000,
  });
  return {
    ...system,
    dataDir,
    stop: async () => {
      await system.close(10_000);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
