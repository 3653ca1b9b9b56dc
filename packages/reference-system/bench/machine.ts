import os from 'node:os';
import { mulberry32 } from '../src/prng.js';

export interface Machine {
  cpu: string;
  cores: number;
  /** bytes */
  memory: number;
  node: string;
  platform: string;
  /** 1-minute load average when the benchmark started */
  loadAverage: number;
}

/** What the numbers were measured on. */
export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg()[0],
  };
}

/**
 * ns per dependent random load over a buffer of `bytes`: following a random cycle through
 * an Int32Array, each load needs the previous one's result, so this is the latency of a
 * cache (and TLB) miss at that size. A matching engine over many books is bound by it: an
 * operation on a book that is not in cache costs a handful of these.
 */
export function memoryLatencyNs(bytes: number, seed = 1): number {
  const n = bytes >> 2;
  const random = mulberry32(seed);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const next = new Int32Array(n);
  for (let i = 0; i < n; i++) next[order[i]] = order[(i + 1) % n];
  let p = 0;
  for (let i = 0; i < 100_000; i++) p = next[p]; // warm up
  const steps = 1_000_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) p = next[p];
  const ns = Number(process.hrtime.bigint() - start) / steps;
  return p < 0 ? -1 : ns; // uses p, so the loop cannot be dropped
}
