import type { EngineEvents, InstrumentSpec } from '../engine/index.js';
import { InProcessMatcher } from '../matching/in-process-matcher.js';
import type { MatchingEventBus } from '../matching/matching-event-bus.js';
import type { OrderMatcher } from '../matching/order-matcher.js';
import type { HeadroomMetrics } from '../metrics/headroom-metrics.js';
import { MeteredMatcher } from '../metrics/metered-matcher.js';
import { matchingShardResource } from '../metrics/resource-meter.js';
import { ShardedMatcher } from './sharded-matcher.js';

/**
 * The matcher for a topology: `shards: 1` is the monolith (one engine on the gateway's event
 * loop, its busy time measured inside each call as `matching_shard_0`); `shards: N > 1` runs N
 * worker threads (`matching_shard_0 … N-1`, each measured by its own event-loop utilisation).
 * Either way trades are counted from the engine's fills and orders from its answers.
 */
export async function createMatcher(
  instruments: readonly InstrumentSpec[],
  bus: MatchingEventBus,
  shards: number,
  metrics?: HeadroomMetrics,
): Promise<OrderMatcher> {
  if (metrics) {
    const counting: EngineEvents = { onFill: () => metrics.countWork('trades') };
    bus.subscribe(counting);
  }
  if (shards === 1) {
    const monolith = new InProcessMatcher(instruments, bus);
    if (!metrics) return monolith;
    return new MeteredMatcher(monolith, metrics, metrics.meter.resource(matchingShardResource(0), 1));
  }
  const sharded = await ShardedMatcher.start(instruments, bus, {
    shards,
    ...(metrics ? { meter: metrics.meter } : {}),
  });
  return metrics ? new MeteredMatcher(sharded, metrics) : sharded;
}
