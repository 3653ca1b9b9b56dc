import type { MatchingEventBus } from '../matching/matching-event-bus.js';
import type { HeadroomMetrics } from '../metrics/headroom-metrics.js';
import { ResourceName } from '../metrics/resource-meter.js';
import { MarketDataHub, type SnapshotSource } from './market-data-hub.js';
import type { MarketDataOptions } from './market-data-options.js';

/**
 * The public feed of a running system: a hub fed by the matching event bus, snapshots from the
 * matcher (in-process or a shard, hence possibly asynchronous), its flush time measured as the
 * `md_fanout` resource and its counters exported by the metrics.
 */
export function createMarketDataFeed(
  bus: MatchingEventBus,
  snapshot: SnapshotSource,
  options: MarketDataOptions = {},
  metrics?: HeadroomMetrics,
): MarketDataHub {
  const busy = metrics?.meter.resource(ResourceName.MD_FANOUT, 1);
  const hub = new MarketDataHub(snapshot, options, busy);
  bus.subscribe(hub.engineEvents());
  metrics?.trackMarketData(() => hub.stats());
  return hub;
}
