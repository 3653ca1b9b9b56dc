/**
 * WebSocket load through ws: open model (`runOpenWebSocket`, an arrival rate, latency
 * from the scheduled time) and closed model (`runClosedWebSocket`, a fixed number of
 * operations outstanding, for throughput sweeps). Connections are opened (and the
 * workload's `onOpen` run) before the clock starts.
 */
import { OptionProblems } from '../driver-error.js';
import type { DriverResult, OpenLoadOptions, RunWindowOptions } from '../driver-types.js';
import { resolveOpenLoad, resolveWindow } from '../resolve-options.js';
import { runLoad } from '../run-load.js';
import { resolveWebSocketTarget, type WebSocketTargetOptions } from './websocket-options.js';
import { WebSocketTransport } from './websocket-transport.js';

export type OpenWebSocketOptions = WebSocketTargetOptions & OpenLoadOptions;

export interface ClosedWebSocketOptions extends WebSocketTargetOptions, RunWindowOptions {
  /** operations outstanding at all times, spread over the connections */
  readonly concurrency: number;
}

/** Sends operations at `ratePerSecond` (constant or Poisson), whatever the target does. */
export async function runOpenWebSocket(options: OpenWebSocketOptions): Promise<DriverResult> {
  const problems = new OptionProblems();
  const window = resolveWindow(options, problems);
  const load = resolveOpenLoad(options, problems);
  const target = resolveWebSocketTarget(options, problems);
  problems.throwIfAny('runOpenWebSocket');
  const transport = new WebSocketTransport(target);
  await transport.open();
  return runLoad(transport, { kind: 'open', load }, window);
}

/** Keeps `concurrency` operations outstanding for the window. */
export async function runClosedWebSocket(options: ClosedWebSocketOptions): Promise<DriverResult> {
  const problems = new OptionProblems();
  const window = resolveWindow(options, problems);
  problems.positive('concurrency', options.concurrency, { integer: true });
  const target = resolveWebSocketTarget(options, problems);
  problems.throwIfAny('runClosedWebSocket');
  const transport = new WebSocketTransport(target);
  await transport.open();
  return runLoad(transport, { kind: 'closed', concurrency: options.concurrency }, window);
}
