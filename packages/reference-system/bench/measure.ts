import { build, type Histogram } from 'hdr-histogram-js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MatchingEngine } from '../src/index.js';
import { CANCEL, type Workload } from './order-flow.js';

export interface Pass {
  /** s, wall clock */
  seconds: number;
  /** s of CPU time of the whole process during the pass (includes GC helper threads) */
  cpuSeconds: number;
  fills: number;
  liveOrders: number;
  /** bytes, right after the pass, with the engine and the workload still alive */
  heapUsed: number;
}

// Collect garbage before each timed pass, so that a pass does not pay for the garbage
// left by generating the workload or by the previous pass.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * A fresh engine with the workload's books pre-filled (untimed), its indexes sized for
 * the live orders the run will reach, as a deployment would size them from its plan.
 */
function prefilledEngine(workload: Workload): MatchingEngine {
  const engine = new MatchingEngine(
    workload.instruments,
    {},
    { expectedLiveOrders: workload.expectedLiveOrders },
  );
  for (const order of workload.prefill) engine.submit(order);
  collectGarbage();
  return engine;
}

/** One pass over the operations with no per-operation clock: a throughput figure. */
export function throughputPass(workload: Workload): Pass {
  const engine = prefilledEngine(workload);
  const { kinds, orders, cancelIds, cancelOwners } = workload;
  const n = kinds.length;
  let fills = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    if (kinds[i] === CANCEL) engine.cancel(cancelIds[i], cancelOwners[i]);
    else fills += engine.submit(orders[i]!).fills.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const { user, system } = process.cpuUsage(cpu);
  return {
    seconds,
    cpuSeconds: (user + system) / 1e6,
    fills,
    liveOrders: engine.liveOrderCount,
    heapUsed: process.memoryUsage().heapUsed,
  };
}

/**
 * A pass on a fresh engine with a clock read around every operation, into a histogram of
 * ns. Each value includes the cost of one clock read (see `clockReadNs`).
 */
export function latencyPass(workload: Workload): Histogram {
  const histogram = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 1e10,
    numberOfSignificantValueDigits: 3,
  });
  const engine = prefilledEngine(workload);
  const { kinds, orders, cancelIds, cancelOwners } = workload;
  for (let i = 0; i < kinds.length; i++) {
    const t0 = process.hrtime.bigint();
    if (kinds[i] === CANCEL) engine.cancel(cancelIds[i], cancelOwners[i]);
    else engine.submit(orders[i]!);
    histogram.recordValue(Number(process.hrtime.bigint() - t0));
  }
  return histogram;
}

/** Median ns between two back-to-back clock reads: the floor under every latency recorded. */
export function clockReadNs(): number {
  const samples = new Float64Array(100_001);
  for (let i = 0; i < samples.length; i++) {
    const t0 = process.hrtime.bigint();
    samples[i] = Number(process.hrtime.bigint() - t0);
  }
  samples.sort();
  return samples[samples.length >> 1];
}
