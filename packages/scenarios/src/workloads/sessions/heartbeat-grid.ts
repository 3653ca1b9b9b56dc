/**
 * The heartbeat schedule of one generator process: connection j beats at
 *
 *   origin + phase(j) + k × interval,   k = 0, 1, 2, …
 *
 * with phases increasing in j, so walking (k, j) in order walks the beats in time order.
 * One timer serves every connection: it fires at the next due beat and hands over every
 * beat that is due by then, each with its own scheduled time. When the loop falls behind,
 * the late beats still carry the times they were due, so latency measured from them is
 * free of coordinated omission.
 *
 * Times are performance.now() milliseconds.
 */
export type BeatHandler = (connection: number, round: number, scheduledAtMs: number) => void;

export class HeartbeatGrid {
  private round = 0;
  private cursor = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  /**
   * @param connections how many connections beat on this grid
   * @param phaseOf ms after `originMs` of connection j's first beat; non-decreasing in j, < intervalMs
   */
  constructor(
    private readonly originMs: number,
    private readonly intervalMs: number,
    private readonly connections: number,
    private readonly phaseOf: (connection: number) => number,
    private readonly onBeat: BeatHandler,
  ) {}

  start(): void {
    if (this.running || this.connections === 0) return;
    this.running = true;
    this.arm();
  }

  /**
   * Hands over every beat due by now, without waiting for the timer: timers fire in whole
   * milliseconds and in no fixed order with other timers, so the end of a window must not
   * trust that the beats due before it have gone out.
   */
  catchUp(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.fire();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** ms: when the next beat is due */
  private nextDue(): number {
    return this.originMs + this.phaseOf(this.cursor) + this.round * this.intervalMs;
  }

  private arm(): void {
    if (!this.running) return;
    this.timer = setTimeout(this.fire, Math.max(0, this.nextDue() - performance.now()));
  }

  private readonly fire = (): void => {
    const now = performance.now();
    let due = this.nextDue();
    while (this.running && due <= now) {
      this.onBeat(this.cursor, this.round, due);
      if (++this.cursor === this.connections) {
        this.cursor = 0;
        this.round++;
      }
      due = this.nextDue();
    }
    this.arm();
  };
}
