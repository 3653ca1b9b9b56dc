/**
 * How a run ends early. One abort signal reaches every workload and driver; it fires when
 * the user interrupts (the caller's signal), when the target dies (the caller's
 * `isTargetAlive` turns false, or a probe after a step finds nothing answering) or when
 * the run cannot go on. The first reason wins and decides the run's status: 'interrupted'
 * or 'aborted'.
 */
import type { TargetEndpoint } from '../workloads/workload.js';
import { probeTarget } from '../target/probe-target.js';

/** ms between `isTargetAlive` checks */
const WATCH_MS = 250;

export type EndReason =
  | { readonly kind: 'interrupted' }
  | { readonly kind: 'target-died'; readonly message: string; readonly atStep: number | null }
  /** The target answers but the run cannot go on (e.g. it refused the set-up). */
  | { readonly kind: 'failed'; readonly message: string };

export class RunControl {
  private readonly controller = new AbortController();
  private reason: EndReason | null = null;
  private watch: NodeJS.Timeout | undefined;
  /** index of the step running now, for the failure record */
  currentStep: number | null = null;

  constructor(
    private readonly target: TargetEndpoint,
    userSignal: AbortSignal | undefined,
    isTargetAlive: (() => boolean) | undefined,
  ) {
    if (userSignal !== undefined) {
      const onAbort = (): void => this.end({ kind: 'interrupted' });
      if (userSignal.aborted) onAbort();
      else userSignal.addEventListener('abort', onAbort, { once: true });
    }
    if (isTargetAlive !== undefined) {
      this.watch = setInterval(() => {
        if (!isTargetAlive()) this.targetDied('the target process exited');
      }, WATCH_MS);
      this.watch.unref();
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get ended(): EndReason | null {
    return this.reason;
  }

  fail(message: string): void {
    this.end({ kind: 'failed', message });
  }

  targetDied(message: string): void {
    this.end({ kind: 'target-died', message, atStep: this.currentStep });
  }

  /**
   * After a step where nothing succeeded: is the target still there? If not, the run ends
   * 'aborted' with the probe's reason.
   */
  async checkTarget(): Promise<boolean> {
    if (this.reason !== null) return this.reason.kind !== 'target-died';
    const probe = await probeTarget(this.target);
    if (!probe.alive) this.targetDied(`the target stopped answering (${probe.reason ?? 'no answer'})`);
    return probe.alive;
  }

  dispose(): void {
    if (this.watch !== undefined) clearInterval(this.watch);
  }

  private end(reason: EndReason): void {
    if (this.reason !== null) return;
    this.reason = reason;
    this.controller.abort();
  }
}

/** Resolves with `work`, or with undefined as soon as `signal` aborts (the work is left to finish on its own). */
export function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.resolve(undefined);
  }
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = (): void => {
      work.catch(() => undefined);
      resolve(undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
