/**
 * Advice tied to what the run found: the bottleneck resource (by its family, see
 * resource-catalogue), contention, an unexplained gap, the USL's coherency peak and
 * generator-bound steps. Each recommendation carries the measured evidence that triggered
 * it and which of the standard scalability moves it is (sharding, stateless sessions,
 * read replicas, caching, async processing, conflation).
 */
import { formatNumber, formatPercent, formatSeconds, singularOf } from '../format.js';
import type { BottleneckAnalysis } from './bottleneck.js';
import { classifyResource, type ResourceFamily } from './resource-catalogue.js';
import type { UslFit } from './usl/fit-usl.js';

export type Remedy =
  | 'sharding'
  | 'stateless sessions'
  | 'read replicas'
  | 'caching'
  | 'async processing'
  | 'conflation'
  | 'admission control'
  | 'measurement';

export interface Recommendation {
  readonly title: string;
  /** the measured signal behind it */
  readonly evidence: string;
  readonly action: string;
  readonly remedies: readonly Remedy[];
  /** the resource it concerns, null for run-level advice */
  readonly resource: string | null;
}

const ADVICE: Record<ResourceFamily, { title: (r: string) => string; action: string; remedies: Remedy[] }> = {
  'event-loop': {
    title: (r) => `Split ${r} across processes`,
    action:
      'Run several gateway processes behind the load balancer (or a cluster of workers) and keep sessions stateless so any process can serve any client; move CPU-heavy work (parsing, validation, serialisation) off the event loop.',
    remedies: ['sharding', 'stateless sessions'],
  },
  matching: {
    title: () => 'Add instrument shards',
    action:
      'Partition instruments across more matching shards (one thread or process each) and spread the busiest instruments over them; matching needs no cross-shard coordination, so shards scale almost linearly.',
    remedies: ['sharding'],
  },
  journal: {
    title: () => 'Batch and decouple the journal',
    action:
      'Group-commit the journal (one fsync per batch, not per order), write it from a dedicated writer off the order path, or give each shard its own journal.',
    remedies: ['async processing', 'sharding'],
  },
  'database-writer': {
    title: () => 'Take database writes off the order path',
    action:
      'Queue writes and apply them in batches asynchronously, partition tables by day (see the storage projection), and move reads to replicas so the writer only writes.',
    remedies: ['async processing', 'read replicas'],
  },
  'database-reader': {
    title: () => 'Serve reads from replicas and a cache',
    action:
      'Send read queries to read replicas and cache hot reads (instrument reference data, account lookups) in process.',
    remedies: ['read replicas', 'caching'],
  },
  'database-pool': {
    title: () => 'Shorten database connection hold time',
    action:
      'Requests wait for a pooled connection: batch statements, keep transactions short, move non-critical writes to a queue, and size the pool to what the database can run in parallel.',
    remedies: ['async processing'],
  },
  hashing: {
    title: () => 'Give password hashing its own capacity',
    action:
      'Size the hash pool to the cores available, handle registrations through a queue, and avoid re-hashing on every login by caching validated sessions (stateless signed tokens).',
    remedies: ['async processing', 'caching', 'stateless sessions'],
  },
  'fan-out': {
    title: () => 'Conflate and tier market-data fan-out',
    action:
      'Conflate book updates per instrument for slow consumers, publish through fan-out tiers (each serving a slice of the subscribers) and shard subscribers by instrument.',
    remedies: ['conflation', 'sharding'],
  },
  'session-store': {
    title: () => 'Make sessions stateless',
    action:
      'Validate signed tokens without a store lookup, or shard the session store and cache lookups locally; then any gateway can serve any session.',
    remedies: ['stateless sessions', 'caching', 'sharding'],
  },
  cpu: {
    title: () => 'The target process is CPU-bound',
    action: 'Profile the hot path, then scale out: more processes or instances, split by instrument.',
    remedies: ['sharding'],
  },
  unknown: {
    title: (r) => `Relieve ${r}`,
    action:
      'Add capacity to this resource (more servers K) or lower its demand per completion (D); the bound K/D is what limits throughput.',
    remedies: [],
  },
};

export interface RecommendationInput {
  readonly bottleneck: BottleneckAnalysis;
  readonly usl: UslFit | null;
  /** `${multiplier}x ${workload}` of each generator-bound step */
  readonly generatorBound: readonly string[];
  /** true when every target row meets at the target multiplier */
  readonly meetsTarget: boolean;
}

export function recommend(input: RecommendationInput): Recommendation[] {
  const out: Recommendation[] = [];
  const { bottleneck: b } = input;
  const work = b.workKey ?? 'completion';

  if (b.gap) {
    out.push({
      title: 'Find the limit headroom cannot see',
      evidence: `The workload saturated (SLO crossed or throughput flat) with ${formatNumber(b.gap.ceilingPerSecond)} ${work}/s completed at the most loaded step, while the busiest measured resource (${b.gap.resource}) was ${formatPercent(b.bottleneck!.utilisation)} busy and allows ${formatNumber(b.gap.boundPerSecond)}/s.`,
      action:
        'The limit is not a resource the target reports: look for locks, network buffers, an unexported thread pool or the clients; export its busy time (headroom_resource_busy_seconds_total) and re-run.',
      remedies: ['measurement'],
      resource: null,
    });
  } else if (b.bottleneck && b.reference) {
    const r = b.bottleneck;
    const advice = ADVICE[classifyResource(r.resource).family];
    out.push({
      title: advice.title(r.resource),
      evidence: `${r.resource} was ${formatPercent(r.utilisation)} busy at ${b.reference.multiplier}x (${formatSeconds(r.demandSeconds ?? 0)} per ${singularOf(work)} on ${r.servers} server${r.servers === 1 ? '' : 's'}), which bounds throughput at ${formatNumber(r.boundPerSecond ?? 0)} ${work}/s.`,
      action: advice.action,
      remedies: advice.remedies,
      resource: r.resource,
    });
  }

  for (const c of b.contention) {
    out.push({
      title: `Reduce contention in ${c.resource}`,
      evidence: `Its demand per ${singularOf(work)} grew ${formatPercent(c.growth)} from ${c.fromLoad} to ${c.toLoad} (${formatSeconds(c.demandFrom)} → ${formatSeconds(c.demandTo)}).`,
      action:
        'Work inside this resource costs more as load rises: locks, queueing inside it, garbage collection or coherency traffic. Shorten critical sections, partition the shared state (sharding) and avoid cross-partition coordination.',
      remedies: ['sharding'],
      resource: c.resource,
    });
  }

  if (input.usl && input.usl.maxConcurrency !== null && input.usl.kappa > 0) {
    out.push({
      title: `Cap in-flight work near N* = ${input.usl.maxConcurrency} per instance`,
      evidence: `The USL fit has κ = ${input.usl.kappa.toExponential(2)} > 0: past N* throughput falls (${formatNumber(input.usl.maxThroughput)}/s at the peak).`,
      action:
        'Limit concurrent requests per instance to about N* (a queue or admission control in front), and add instances instead of concurrency.',
      remedies: ['admission control', 'async processing'],
      resource: null,
    });
  }

  if (input.generatorBound.length > 0) {
    out.push({
      title: 'Re-run the generator-bound steps with more generator capacity',
      evidence: `The load generator, not the system, limited: ${input.generatorBound.join(', ')}.`,
      action:
        'Give the generator more cores or another machine (headroom workers merge exactly), then re-run those steps; until then they are not evidence either way.',
      remedies: ['measurement'],
      resource: null,
    });
  }

  if (input.meetsTarget && out.length === 0) {
    out.push({
      title: 'No change needed for the target',
      evidence: 'Every row of the capacity plan met its target within SLO.',
      action: 'Keep the thresholds as a CI gate so a regression is caught before it ships.',
      remedies: [],
      resource: null,
    });
  }
  return out;
}
