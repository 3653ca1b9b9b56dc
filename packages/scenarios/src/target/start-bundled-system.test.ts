import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../errors.js';
import { startBundledSystem } from './start-bundled-system.js';

/** A stand-in for `headroom serve`: a node script given as the command (the flags land in its argv). */
const script = (source: string): string[] => [process.execPath, '-e', source, '--'];

describe('startBundledSystem', () => {
  it('reads the listening line, passes the flags, and stops the process gracefully', async () => {
    const logged: string[] = [];
    const system = await startBundledSystem({
      onLog: (line) => logged.push(line),
      command: script(
        `process.on('SIGTERM', () => process.exit(0));
         console.error(JSON.stringify(process.argv.slice(1)));
         console.log('starting');
         console.log(JSON.stringify({ event: 'listening', url: 'http://127.0.0.1:9/', pid: process.pid }));
         setInterval(() => {}, 1000);`,
      ),
      instruments: 300,
      fsync: 'batch',
      hashCost: 64,
      adminToken: 'token-for-test',
    });
    expect(system.endpoint).toEqual({
      baseUrl: 'http://127.0.0.1:9',
      streamUrl: 'ws://127.0.0.1:9/v1/stream',
      adminToken: 'token-for-test',
    });
    expect(system.config).toEqual({
      instruments: 300,
      shards: 1,
      fsync: 'batch',
      hashCost: 64,
      dataDir: 'temporary',
    });
    expect(system.isAlive()).toBe(true);
    expect(await system.close()).toEqual({ code: 0, signal: null });
    expect(JSON.parse(logged[0])).toEqual([
      '--json',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--instruments',
      '300',
      '--fsync',
      'batch',
      '--hash-cost',
      '64',
    ]);
    expect(system.isAlive()).toBe(false);
  });

  it('fails with the command and the process’s last stderr lines when it exits before listening', async () => {
    const failing = startBundledSystem({
      command: script(`console.error('cannot open data directory'); process.exit(3);`),
      instruments: 10,
      fsync: 'always',
    });
    await expect(failing).rejects.toThrow(HeadroomError);
    await expect(failing).rejects.toThrow(
      /did not start: it exited \(code 3[^)]*\) before listening\ncannot open data directory/,
    );
  });

  it('gives up after the start timeout and kills the process', async () => {
    const silent = startBundledSystem({
      command: script('setInterval(() => {}, 1000);'),
      instruments: 10,
      fsync: 'always',
      startTimeoutMs: 300,
    });
    await expect(silent).rejects.toThrow(/no "listening" line within 300 ms/);
  });

  it('refuses an empty command', async () => {
    await expect(startBundledSystem({ command: [], instruments: 1, fsync: 'off' })).rejects.toThrow(
      /command must name/,
    );
  });
});
