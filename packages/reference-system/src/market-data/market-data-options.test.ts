import { describe, expect, it } from 'vitest';
import { resolveMarketDataOptions } from './market-data-options.js';

describe('resolveMarketDataOptions', () => {
  it('fills the documented defaults and freezes the result', () => {
    const resolved = resolveMarketDataOptions();
    expect(resolved).toEqual({
      batchIntervalMs: 0,
      snapshotDepth: 1000,
      highWaterBytes: 262_144,
      lowWaterBytes: 65_536,
      maxBufferedBytes: 4_194_304,
      maxConflatedMs: 5000,
      maxSubscriptions: 100_000,
      closeGraceMs: 1000,
      conflationCheckMs: 25,
    });
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(resolveMarketDataOptions({ highWaterBytes: 1000 }).lowWaterBytes).toBe(250);
  });

  it('reports every problem together, each with its path', () => {
    const bad = {
      batchIntervalMs: -1,
      snapshotDepth: Number.NaN,
      highWaterBytes: 8 << 20,
      conflationCheckMs: 0,
    };
    let thrown: unknown;
    try {
      resolveMarketDataOptions(bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'INVALID_MARKET_DATA_OPTIONS',
      category: 'usage',
      message: [
        'marketData.batchIntervalMs: must be a finite number ≥ 0, got -1',
        'marketData.snapshotDepth: must be a finite number ≥ 0, got NaN',
        'marketData.highWaterBytes: must be below maxBufferedBytes (4194304)',
        'marketData.conflationCheckMs: must be at least 1',
      ].join('\n'),
    });
    expect(() => resolveMarketDataOptions({ highWaterBytes: 100, lowWaterBytes: 200 })).toThrow(
      /lowWaterBytes: must not exceed/,
    );
  });
});
