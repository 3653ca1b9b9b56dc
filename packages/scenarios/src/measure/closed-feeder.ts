/**
 * The closed-model load loop: `concurrency` workers, each with one operation outstanding;
 * when one settles, the worker sends the next at once. Throughput is whatever the target
 * sustains at that concurrency — the X(N) of a concurrency sweep. There is no schedule,
 * so an operation's scheduled time is the time the worker asked for it: corrected and raw
 * latency coincide, up to the wait for a connection to take it.
 */
import { NO_CONNECTION, type Operation, type Transport } from './operation.js';
import type { RunLedger } from './run-ledger.js';

/** ms: how soon to look again when a worker found no connection (a freed one also wakes it) */
const BLOCKED_RETRY_MS = 1;

export class ClosedFeeder {
  private seq = 0;
  /** workers waiting to start an operation, each since the time in this queue (ms) */
  private readonly waiting: number[] = [];
  /** an operation no connection could take yet; it keeps the time its worker asked */
  private pending: Operation | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private filling = false;

  /** @param endMs no operation starts at or after this time */
  constructor(
    private readonly concurrency: number,
    private readonly transport: Transport,
    private readonly ledger: RunLedger,
    private readonly endMs: number,
  ) {}

  start(): void {
    const now = performance.now();
    for (let i = 0; i < this.concurrency; i++) this.waiting.push(now);
    this.fill();
  }

  /** An operation settled: its worker goes again. */
  settled(nowMs: number): void {
    if (this.stopped) return;
    if (nowMs < this.endMs) this.waiting.push(nowMs);
    this.fill();
  }

  /** A connection became free. */
  wake(_nowMs?: number): void {
    if (!this.stopped && this.pending !== undefined) this.fill();
  }

  /** Stops starting operations. The one waiting for a connection, if any, is abandoned or not sent. */
  end(nowMs: number, interrupted: boolean): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting.length = 0;
    const op = this.pending;
    this.pending = undefined;
    if (op === undefined) return;
    if (interrupted) this.ledger.abandoned(op.scheduledAt, true);
    else this.ledger.notSent(op.scheduledAt, nowMs, true);
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.fill();
  };

  private readonly fill = (): void => {
    if (this.stopped || this.filling) return;
    this.filling = true;
    while (this.pending !== undefined || this.waiting.length > 0) {
      let op = this.pending;
      if (op === undefined) {
        const askedAt = this.waiting.shift()!;
        if (askedAt >= this.endMs) continue;
        op = this.ledger.createOperation(this.seq++, askedAt);
      }
      const readyAt = this.transport.trySend(op);
      if (readyAt === NO_CONNECTION) {
        this.pending = op;
        // At most one retry timer: under HTTP every settle finds its slot not yet free
        // (autocannon frees it right after), and a timer per request would cost more
        // than the request.
        this.timer ??= setTimeout(this.onTimer, BLOCKED_RETRY_MS);
        break;
      }
      this.pending = undefined;
      this.ledger.sent(op, readyAt);
    }
    this.filling = false;
  };
}
