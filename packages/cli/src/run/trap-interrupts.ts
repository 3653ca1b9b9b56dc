/**
 * Ctrl-C during a run: the first SIGINT/SIGTERM aborts the load (runPlan sees the signal,
 * stops at once and returns what it measured, marked interrupted) and lets the report be
 * written; a second one means "now": the caller's `onForce` stops the child system and
 * exits without a report.
 */
export interface InterruptTrap {
  readonly signal: AbortSignal;
  /** 'SIGINT' or 'SIGTERM' once one arrived, else null */
  readonly received: () => NodeJS.Signals | null;
  /** Removes the handlers (the default behaviour returns). Safe to call twice. */
  readonly dispose: () => void;
}

export function trapInterrupts(
  onFirst: (signal: NodeJS.Signals) => void,
  onForce: (signal: NodeJS.Signals) => void,
): InterruptTrap {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const handler = (signal: NodeJS.Signals): void => {
    if (received !== null) {
      onForce(signal);
      return;
    }
    received = signal;
    onFirst(signal);
    controller.abort(new Error(`Interrupted (${signal})`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    received: () => received,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
