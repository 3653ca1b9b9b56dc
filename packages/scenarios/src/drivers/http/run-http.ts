/**
 * HTTP load through autocannon: open model (`runOpenHttp`, an arrival rate, latency from
 * the scheduled time) and closed model (`runClosedHttp`, every connection busy all the
 * time, for throughput sweeps).
 */
import { OptionProblems } from '../driver-error.js';
import type { DriverResult, OpenLoadOptions, RunWindowOptions } from '../driver-types.js';
import { resolveOpenLoad, resolveWindow } from '../resolve-options.js';
import { runLoad } from '../run-load.js';
import { AutocannonTransport } from './autocannon-transport.js';
import { resolveHttpTarget, type HttpTargetOptions } from './http-options.js';

export type OpenHttpOptions = HttpTargetOptions & OpenLoadOptions;
export type ClosedHttpOptions = HttpTargetOptions & RunWindowOptions;

/**
 * Sends requests at `ratePerSecond` (constant or Poisson) over `connections`, whatever
 * the target does. A request due while every connection is busy waits for one, and its
 * latency still counts from when it was due.
 */
export async function runOpenHttp(options: OpenHttpOptions): Promise<DriverResult> {
  const problems = new OptionProblems();
  const window = resolveWindow(options, problems);
  const load = resolveOpenLoad(options, problems);
  const target = resolveHttpTarget(options, problems);
  problems.throwIfAny('runOpenHttp');
  return runLoad(new AutocannonTransport(target), { kind: 'open', load }, window);
}

/**
 * Keeps `connections × pipelining` requests outstanding for the window: throughput is
 * what the target sustains at that concurrency.
 */
export async function runClosedHttp(options: ClosedHttpOptions): Promise<DriverResult> {
  const problems = new OptionProblems();
  const window = resolveWindow(options, problems);
  const target = resolveHttpTarget(options, problems);
  problems.throwIfAny('runClosedHttp');
  const concurrency = target.connections * target.pipelining;
  return runLoad(new AutocannonTransport(target), { kind: 'closed', concurrency }, window);
}
