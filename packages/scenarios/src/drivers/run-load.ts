/**
 * Runs one load loop (open or closed) over one transport for warm-up + window, then
 * drains, and books the result. Shared by every driver so they all end, drain and
 * interrupt the same way:
 *
 *   t0 ── warm-up ──▶ measureStart ── window ──▶ measureEnd ── drain ──▶ done
 *
 * - window end: no new operations; the generator monitor takes its sample.
 * - drain: operations due in the window that are still unsent go out as connections
 *   free up, and answers are awaited, for at most timeoutMs + DRAIN_GRACE_MS; what is
 *   then unanswered is TIMEOUT and what is unsent is NOT_SENT. Latencies of operations
 *   answered in the drain are recorded (they are the slow ones: dropping them would be
 *   coordinated omission); they do not count towards the achieved rate.
 * - abort signal: stops at once; the window ends there; the result is 'interrupted'.
 */
import { ArrivalSchedule } from '../measure/arrival-schedule.js';
import { ClosedFeeder } from '../measure/closed-feeder.js';
import { OpenDispatcher } from '../measure/open-dispatcher.js';
import type { Transport } from '../measure/operation.js';
import { RunLedger, WINDOW_EDGE_MS } from '../measure/run-ledger.js';
import { GeneratorMonitor, type GeneratorSample } from '../monitor/generator-monitor.js';
import { buildDriverResult } from './build-driver-result.js';
import type { DriverResult } from './driver-types.js';
import type { ResolvedOpenLoad, ResolvedWindow } from './resolve-options.js';

/** ms added to the timeout for the drain: lets the transports' own timeouts fire first */
const DRAIN_GRACE_MS = 1000;

/** A transport as a run drives it. */
export interface LoadTransport extends Transport {
  /** Outcomes go to `ledger`; `capacityFreed` is called when a connection can take more. */
  bind(ledger: RunLedger, capacityFreed: (nowMs: number) => void): void;
  /** Stops the transport's timers and closes its connections. */
  close(): Promise<void>;
  connectionErrors(): Record<string, number>;
  measures(): Record<string, number>;
  notes(): string[];
}

export type LoadModel =
  | { readonly kind: 'open'; readonly load: ResolvedOpenLoad }
  | { readonly kind: 'closed'; readonly concurrency: number };

interface LoadLoop {
  start(): void;
  settled(nowMs: number): void;
  wake(nowMs: number): void;
  end(nowMs: number, interrupted: boolean): void;
}

type Ending = 'drained' | 'deadline' | 'interrupted';

export async function runLoad(
  transport: LoadTransport,
  model: LoadModel,
  window: ResolvedWindow,
): Promise<DriverResult> {
  const t0 = performance.now();
  const measureStart = t0 + window.warmupSeconds * 1000;
  const measureEnd = measureStart + window.durationSeconds * 1000;
  const ledger = new RunLedger(measureStart, measureEnd);
  const monitor = new GeneratorMonitor();
  let sample: GeneratorSample | undefined;
  let windowEnded = false;
  let loopDone = model.kind === 'closed';
  let settle: (ending: Ending) => void = () => {};
  const ending = new Promise<Ending>((resolve) => (settle = resolve));
  const check = (): void => {
    if (windowEnded && loopDone && ledger.inFlight === 0) settle('drained');
  };

  const loop: LoadLoop =
    model.kind === 'open'
      ? new OpenDispatcher(
          new ArrivalSchedule({ ...model.load, process: model.load.arrival, startMs: t0 }),
          transport,
          ledger,
          measureEnd - WINDOW_EDGE_MS,
          () => {
            loopDone = true;
            check();
          },
        )
      : new ClosedFeeder(model.concurrency, transport, ledger, measureEnd - WINDOW_EDGE_MS);
  transport.bind(ledger, (now) => loop.wake(now));
  ledger.onSettled = (now) => {
    loop.settled(now);
    if (windowEnded) check();
  };

  const timers: NodeJS.Timeout[] = [];
  const hookFailures: string[] = [];
  const callHook = (name: string, hook: () => void): void => {
    try {
      hook();
    } catch (error) {
      // A failing hook must not lose the measurement; the result says what happened.
      hookFailures.push(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const startMonitor = (): void => {
    monitor.start();
    callHook('onMeasureStart', window.onMeasureStart);
  };
  if (window.warmupSeconds > 0) timers.push(setTimeout(startMonitor, measureStart - performance.now()));
  else startMonitor();
  timers.push(
    setTimeout(
      () => {
        sample = monitor.stop();
        windowEnded = true;
        callHook('onMeasureEnd', window.onMeasureEnd);
        timers.push(setTimeout(() => settle('deadline'), window.timeoutMs + DRAIN_GRACE_MS));
        check();
      },
      Math.max(0, measureEnd - performance.now()),
    ),
  );
  const onAbort = (): void => settle('interrupted');
  window.signal?.addEventListener('abort', onAbort, { once: true });
  if (window.signal?.aborted === true) onAbort();

  loop.start();
  const how = await ending;
  timers.forEach(clearTimeout);
  window.signal?.removeEventListener('abort', onAbort);

  const now = performance.now();
  loop.end(now, how === 'interrupted');
  if (how === 'interrupted') ledger.interrupt(now);
  else if (how === 'deadline') ledger.expireInFlight(now);
  ledger.close();
  sample ??= monitor.started ? monitor.stop() : undefined;
  await transport.close();

  return buildDriverResult({
    model: model.kind === 'open' ? 'open' : 'closed',
    concurrency: model.kind === 'closed' ? model.concurrency : null,
    interrupted: how === 'interrupted',
    ledger,
    warmupSeconds: window.warmupSeconds,
    sample,
    transport,
    extraNotes: hookFailures,
  });
}
