/**
 * Seconds left in a run, for progress display: the planned length of every phase (steps,
 * isolated runs, sweep upper bound) minus what has been done. Set-up time is not in it.
 */
export class ProgressClock {
  private readonly segments: number[];
  private current = -1;
  private currentStartedAt = 0;

  /** @param segments planned seconds of each phase, in run order */
  constructor(segments: readonly number[]) {
    this.segments = [...segments];
  }

  /** Phase `index` (into the constructor's list) begins now. */
  begin(index: number): void {
    this.current = index;
    this.currentStartedAt = performance.now();
  }

  secondsLeft(): number {
    let left = 0;
    for (let i = Math.max(0, this.current); i < this.segments.length; i++) left += this.segments[i];
    if (this.current >= 0) {
      const done = (performance.now() - this.currentStartedAt) / 1000;
      left -= Math.min(done, this.segments[this.current]);
    }
    return Math.max(0, Math.round(left));
  }
}
