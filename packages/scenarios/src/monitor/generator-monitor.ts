/**
 * Watches the generator process itself over a measured window: how busy its event loop
 * was, how late its timers fired, how much CPU it used. A generator that is short of
 * any of these sends late and reads responses late, and its numbers say more about
 * itself than about the target.
 */
import {
  monitorEventLoopDelay,
  performance,
  type EventLoopUtilization,
  type IntervalHistogram,
} from 'node:perf_hooks';

/** ms: how often the event-loop delay is sampled */
const LAG_RESOLUTION_MS = 10;

export interface GeneratorSample {
  /** seconds of wall time observed */
  readonly wallSeconds: number;
  /** share of the time the event loop was busy (not waiting for I/O), 0..1 */
  readonly eventLoopUtilization: number;
  /** ms: how much later than asked a LAG_RESOLUTION_MS timer fired (p99, max) */
  readonly eventLoopLagP99Ms: number;
  readonly eventLoopLagMaxMs: number;
  /** CPU seconds (user + system, all threads) per wall second; 1 = one core busy */
  readonly cpuCores: number;
}

export class GeneratorMonitor {
  private eluStart: EventLoopUtilization | undefined;
  private cpuStart: NodeJS.CpuUsage | undefined;
  private wallStartMs = 0;
  private lag: IntervalHistogram | undefined;

  start(): void {
    this.lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
    this.lag.enable();
    this.eluStart = performance.eventLoopUtilization();
    this.cpuStart = process.cpuUsage();
    this.wallStartMs = performance.now();
  }

  get started(): boolean {
    return this.lag !== undefined;
  }

  /** The sample since `start`; the monitor stops and can be started again. */
  stop(): GeneratorSample {
    const { lag, eluStart, cpuStart } = this;
    if (lag === undefined || eluStart === undefined || cpuStart === undefined) {
      return {
        wallSeconds: 0,
        eventLoopUtilization: 0,
        eventLoopLagP99Ms: 0,
        eventLoopLagMaxMs: 0,
        cpuCores: 0,
      };
    }
    const wallSeconds = (performance.now() - this.wallStartMs) / 1000;
    const elu = performance.eventLoopUtilization(eluStart).utilization;
    const cpu = process.cpuUsage(cpuStart);
    lag.disable();
    this.lag = undefined;
    // The histogram holds the whole interval between samples (≈ the resolution when
    // the loop is idle), in ns; the lag is what exceeds the resolution.
    const lagMs = (ns: number): number => Math.max(0, ns / 1e6 - LAG_RESOLUTION_MS);
    const sampled = lag.count > 0;
    return {
      wallSeconds,
      eventLoopUtilization: Number.isFinite(elu) ? elu : 0,
      eventLoopLagP99Ms: sampled ? lagMs(lag.percentile(99)) : 0,
      eventLoopLagMaxMs: sampled ? lagMs(lag.max) : 0,
      cpuCores: wallSeconds > 0 ? (cpu.user + cpu.system) / 1e6 / wallSeconds : 0,
    };
  }
}
