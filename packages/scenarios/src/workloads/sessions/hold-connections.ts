/**
 * The generator processes' part of a sessions step: fork them, hand each its share of the
 * connections (tokens, source addresses and ports, its share of the connect rate), wait
 * until every connection has opened or failed (openConnections — the runner's openStep
 * does this before any workload of the step starts its warm-up), run the measured window
 * (measureConnections), and close the processes whatever happens — an abort (Ctrl-C, close()) ends the window at once and
 * still returns what was measured.
 */
import type { SessionsStepOptions } from './run-sessions-step.js';
import { GeneratorPool } from './generator-pool.js';
import { probeServer, type ServerSnapshot } from './server-probe.js';
import { sourceAddressOf, sourcePortOf, type SessionsLayout } from './sessions-layout.js';
import type { WorkloadTick } from '../workload.js';
import type { OpenedMessage, ProgressMessage, ResultMessage } from './worker-protocol.js';

/** ms between the messages sent and the first scheduled moment, so no process starts late */
const START_MARGIN_MS = 200;
/**
 * Handshakes in progress at once over all processes: below Node's default accept backlog
 * (511), so a slow server shows as connect latency, not as dropped SYNs.
 */
const MAX_PENDING_OPENS = 384;
/** ms a window may start after its planned start before a note says so */
const LATE_NOTE_MS = 50;
/** ms a process gets to report after being told to finish (abort) */
const FINISH_WAIT_MS = 3000;

const epochNow = (): number => performance.timeOrigin + performance.now();

/** What the generator processes reported, before it is turned into a result. */
export interface Collected {
  /** per process; null where it exited (or the step was interrupted) before reporting */
  opened: (OpenedMessage | null)[];
  results: (ResultMessage | null)[];
  rampStartEpochMs: number;
  windowSeconds: number;
  /** the target just before opening */
  serverBefore: ServerSnapshot;
  /** the target once opening settled; null when interrupted before */
  serverHeld: ServerSnapshot | null;
  /** how each process ended when it ended early, else null */
  exits: (string | null)[];
  interrupted: 'opening' | 'window' | null;
}

/**
 * Connections opened and held by running generator processes, waiting for their measured
 * window. `release()` stops the progress ticks; the processes are closed by the window
 * (or killed by the workload's close()).
 */
export interface HeldConnections {
  readonly pool: GeneratorPool;
  readonly collected: Collected;
  /** epoch ms: the measured window's start as planned at opening (ramp start + warm-up) */
  readonly plannedWindowStart: number;
  /** moves the progress ticks' second 0 to the window's actual start */
  setWindowStart(epochMs: number): void;
  release(): void;
}

/**
 * Forks the processes and opens every connection; resolves once each has opened or
 * failed (or the step was aborted: then nothing is left to measure). Never throws for
 * target behaviour. The connections
 * stay held, with heartbeats, until `measureConnections`.
 */
export async function openConnections(
  o: SessionsStepOptions,
  layout: SessionsLayout,
  notes: string[],
): Promise<HeldConnections> {
  const { options } = o;
  const n = layout.connections;
  const P = layout.processes.length;
  // Warm-up is load: it starts when the first connection is due, not while processes fork.
  let windowStart = epochNow() + o.warmupSeconds * 1000;
  const progress = new Array<ProgressMessage | undefined>(P).fill(undefined);
  const ticker = setInterval(() => o.onTick?.(tickOf(o.name, n, progress, windowStart)), 1000);
  const abort = abortPromise(o.signal);
  let pool: GeneratorPool | null = null;
  try {
    o.log(
      `${o.name}: opening ${fmt(n)} connections over ${layout.sourceAddressesUsed} source address(es) in ${P} generator process(es)`,
    );
    pool = await GeneratorPool.start(P, (i, m) => (progress[i] = m));
    o.onPool?.(pool);
    const serverBefore = await probeServer(o.baseUrl, o.metricsPath);
    const rampStartEpochMs = epochNow() + START_MARGIN_MS;
    const plannedWindowStart = (windowStart = rampStartEpochMs + o.warmupSeconds * 1000);
    const addresses = options.sourceAddresses;
    layout.processes.forEach(({ firstIndex, count, spareFirstPort, spareStride }, p) =>
      pool!.send(p, {
        type: 'start',
        url: o.streamUrl,
        tokens: o.tokens.slice(firstIndex, firstIndex + count),
        localAddresses: Array.from({ length: count }, (_, j) => sourceAddressOf(addresses, firstIndex + j)),
        localPorts: Array.from({ length: count }, (_, j) =>
          sourcePortOf(addresses, layout.portRange, firstIndex + j),
        ),
        spareFirstPort,
        spareStride,
        spareLastPort: layout.portRange.high,
        // Shares in proportion to the connections, so every process finishes opening together.
        connectRatePerSecond: (options.connectRatePerSecond * count) / n,
        maxPendingOpens: Math.max(16, Math.floor((MAX_PENDING_OPENS * count) / n)),
        heartbeatMs: options.heartbeatSeconds * 1000,
        timeoutMs: options.timeoutMs,
        rampStartEpochMs,
        firstIndex,
        totalConnections: n,
      }),
    );
    const collected: Collected = {
      opened: [],
      results: [],
      rampStartEpochMs,
      windowSeconds: 0,
      serverBefore,
      serverHeld: null,
      exits: [],
      interrupted: null,
    };
    const opened = await Promise.race([pool.collect('opened'), abort.promise]);
    if (opened === 'aborted') {
      notes.push('Interrupted while opening connections; nothing was measured.');
      collected.interrupted = 'opening';
      collected.results = await finishNow(pool);
      collected.opened = collected.results.map(() => null);
    } else {
      collected.opened = opened;
      const held = opened.reduce((s, m) => s + (m?.held ?? 0), 0);
      o.log(`${o.name}: ${fmt(held)} of ${fmt(n)} connections open`);
      collected.serverHeld = await probeServer(o.baseUrl, o.metricsPath);
    }
    const started = pool;
    return {
      pool: started,
      collected,
      plannedWindowStart,
      setWindowStart: (epochMs) => (windowStart = epochMs),
      release: () => {
        clearInterval(ticker);
        abort.dispose();
      },
    };
  } catch (error) {
    clearInterval(ticker);
    abort.dispose();
    if (pool !== null) await pool.close();
    o.onPool?.(null);
    throw error;
  }
}

/**
 * epoch ms: the window's start when the warm-up starts now, over connections already held
 * (at least the margin the processes need to hear of it in time).
 */
export function windowAfterWarmup(warmupSeconds: number): number {
  return epochNow() + Math.max(warmupSeconds * 1000, START_MARGIN_MS);
}

/**
 * Runs the measured window over held connections — from `plannedWindowStart`, or later
 * when opening ran past it — then closes the processes whatever happens.
 */
export async function measureConnections(
  o: SessionsStepOptions,
  held: HeldConnections,
  notes: string[],
  plannedWindowStart: number,
): Promise<Collected> {
  const { pool, collected } = held;
  const abort = abortPromise(o.signal);
  try {
    if (collected.interrupted === null) {
      const windowStart = Math.max(plannedWindowStart, epochNow() + START_MARGIN_MS);
      held.setWindowStart(windowStart);
      // Late by less than the note's 0.1 s resolution is the clock read twice, not opening.
      if (windowStart - plannedWindowStart >= LATE_NOTE_MS) {
        notes.push(
          `Opening took longer than the ${o.warmupSeconds} s warm-up: the measured window started ` +
            `${((windowStart - plannedWindowStart) / 1000).toFixed(1)} s later, once every connection had opened or failed.`,
        );
      }
      const windowEnd = windowStart + o.durationSeconds * 1000;
      pool.broadcast({ type: 'measure', windowStartEpochMs: windowStart, windowEndEpochMs: windowEnd });
      const callbacks = windowCallbacks(o, windowStart, windowEnd);
      const measured = await Promise.race([pool.collect('result'), abort.promise]);
      callbacks.end();
      if (measured === 'aborted') {
        notes.push('Interrupted during the measured window; the figures cover the part measured.');
        collected.interrupted = 'window';
      }
      collected.results = measured === 'aborted' ? await finishNow(pool) : measured;
      collected.windowSeconds = Math.max(0, ...collected.results.map((r) => r?.windowSeconds ?? 0));
    }
    collected.exits = collected.opened.map((_, p) => pool.exitOf(p));
    return collected;
  } finally {
    held.release();
    abort.dispose();
    await pool.close();
    o.onPool?.(null);
  }
}

/**
 * Calls onMeasureStart/onMeasureEnd at the window's bounds; `end()` calls what has not
 * been called yet (the window ended early), start always before end.
 */
function windowCallbacks(
  o: SessionsStepOptions,
  startEpochMs: number,
  endEpochMs: number,
): { end: () => void } {
  let started = false;
  let ended = false;
  const start = (): void => {
    if (started) return;
    started = true;
    o.onMeasureStart?.();
  };
  const end = (): void => {
    clearTimeout(startTimer);
    clearTimeout(endTimer);
    start();
    if (ended) return;
    ended = true;
    o.onMeasureEnd?.();
  };
  const startTimer = setTimeout(start, Math.max(0, startEpochMs - epochNow()));
  const endTimer = setTimeout(end, Math.max(0, endEpochMs - epochNow()));
  return { end };
}

/** Tells every process to stop now and report; waits a little for each. */
async function finishNow(pool: GeneratorPool): Promise<(ResultMessage | null)[]> {
  pool.broadcast({ type: 'finish' });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), FINISH_WAIT_MS)));
  const results = await Promise.all(
    Array.from({ length: pool.size }, (_, p) => Promise.race([pool.next(p, 'result'), timeout])),
  );
  clearTimeout(timer);
  return results;
}

function abortPromise(signal: AbortSignal): { promise: Promise<'aborted'>; dispose: () => void } {
  let onAbort: () => void = () => {};
  const promise = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

function tickOf(
  name: string,
  target: number,
  progress: readonly (ProgressMessage | undefined)[],
  windowStartEpochMs: number,
): WorkloadTick {
  let held = 0;
  let errors = 0;
  let p99Ms = 0;
  for (const m of progress) {
    if (m === undefined) continue;
    held += m.held;
    errors += m.failed + m.heartbeatErrors;
    p99Ms = Math.max(p99Ms, m.p99Ms);
  }
  const second = Math.floor((epochNow() - windowStartEpochMs) / 1000);
  return { workload: name, second, offered: target, achieved: held, errors, p99Ms };
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
