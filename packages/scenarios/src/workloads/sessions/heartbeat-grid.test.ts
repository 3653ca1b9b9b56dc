import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { HeartbeatGrid } from './heartbeat-grid.js';

interface Beat {
  readonly connection: number;
  readonly round: number;
  /** ms */
  readonly scheduledAt: number;
  readonly deliveredAt: number;
}

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // the event loop is blocked, as by a long GC or a starved process
  }
}

describe('HeartbeatGrid', () => {
  it('hands over every due beat in order, each with the time it was due, even after the loop was blocked', async () => {
    const beats: Beat[] = [];
    const origin = performance.now() + 5;
    const grid = new HeartbeatGrid(
      origin,
      40,
      4,
      (j) => j * 10,
      (connection, round, scheduledAt) =>
        beats.push({ connection, round, scheduledAt, deliveredAt: performance.now() }),
    );
    grid.start();
    await sleep(20);
    busyWait(100);
    await sleep(60);
    grid.stop();

    expect(beats.length).toBeGreaterThanOrEqual(12);
    beats.forEach((beat, i) => {
      // (round, connection) in order, none skipped
      expect(beat.round * 4 + beat.connection).toBe(i);
      expect(beat.scheduledAt).toBe(origin + beat.connection * 10 + beat.round * 40);
      expect(beat.deliveredAt).toBeGreaterThanOrEqual(beat.scheduledAt);
    });
    // Beats due while the loop was blocked went out late but kept their due times.
    expect(beats.some((b) => b.deliveredAt - b.scheduledAt > 50)).toBe(true);
  });

  it('hands over the beats already due at once on catchUp, without waiting for a timer', () => {
    const scheduled: number[] = [];
    const origin = performance.now() - 50;
    const grid = new HeartbeatGrid(
      origin,
      1000,
      3,
      (j) => j * 10,
      (_j, _round, at) => scheduled.push(at),
    );
    grid.start();
    grid.catchUp();
    grid.stop();
    expect(scheduled).toEqual([origin, origin + 10, origin + 20]);
  });

  it('stops handing over beats when stopped, and never starts without connections', async () => {
    let count = 0;
    const grid = new HeartbeatGrid(
      performance.now(),
      5,
      2,
      (j) => j,
      () => count++,
    );
    grid.start();
    await sleep(30);
    grid.stop();
    const atStop = count;
    expect(atStop).toBeGreaterThan(0);
    await sleep(30);
    expect(count).toBe(atStop);

    const empty = new HeartbeatGrid(
      performance.now(),
      5,
      0,
      () => 0,
      () => count++,
    );
    empty.start();
    await sleep(20);
    expect(count).toBe(atStop);
  });
});
