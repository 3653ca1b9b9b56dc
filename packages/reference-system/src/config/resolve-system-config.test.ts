import { describe, expect, it } from 'vitest';

import { SystemConfigError } from '../errors.js';
import { resolveSystemConfig } from './resolve-system-config.js';

describe('resolveSystemConfig', () => {
  it('fills every default and freezes the result', () => {
    const config = resolveSystemConfig();
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(0);
    expect(config.instruments).toBe(5000);
    expect(config.fsync).toBe('always');
    expect(config.databaseUrl).toBeNull();
    expect(config.adminToken).toBeNull();
    expect(config.hashCost).toEqual({ N: 16384, r: 8, p: 1, keyLength: 32 });
    expect(config.ephemeralDataDir).toBe(true);
    expect(config.maxConnections).toBeGreaterThan(0);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.hashCost)).toBe(true);
  });

  it('keeps what the caller set and resolves the data directory', () => {
    const config = resolveSystemConfig({
      dataDir: 'rel/dir',
      port: 8080,
      fsync: 'batch',
      hashCost: { N: 1024 },
    });
    expect(config.dataDir.endsWith('/rel/dir')).toBe(true);
    expect(config.ephemeralDataDir).toBe(false);
    expect(config.port).toBe(8080);
    expect(config.fsync).toBe('batch');
    expect(config.hashCost.N).toBe(1024);
    expect(config.hashCost.r).toBe(8);
  });

  it('reports every problem at once, each with its path', () => {
    let caught: unknown;
    try {
      resolveSystemConfig({
        port: 70000,
        instruments: 0,
        fsync: 'sometimes' as never,
        hashCost: { N: 1000 },
        adminToken: 'short',
        databaseUrl: 'mysql://x',
        dataDir: '',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SystemConfigError);
    const problems = (caught as SystemConfigError).problems.join('\n');
    for (const path of [
      'port:',
      'instruments:',
      'fsync:',
      'hashCost.N:',
      'adminToken:',
      'databaseUrl:',
      'dataDir:',
    ]) {
      expect(problems).toContain(path);
    }
    expect((caught as SystemConfigError).code).toBe('INVALID_SYSTEM_CONFIG');
    expect((caught as SystemConfigError).category).toBe('usage');
  });
});
