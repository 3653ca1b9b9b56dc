/**
 * Live progress on stderr (stdout stays for the summary or the JSON). On a terminal a
 * status block is redrawn in place — the step, then one line per workload with offered vs
 * achieved rate, p99, errors — and each finished step is printed above it for good. In CI
 * or into a pipe there is no redrawing: one line when a step starts and one per workload
 * when it ends, so a log stays readable.
 */
import type { ProgressEvent, StepResult } from '@headroom/scenarios';

import { duration, errorShare, num } from './progress-format.js';

export interface ProgressDisplayOptions {
  readonly stream: NodeJS.WritableStream & { columns?: number };
  /** true: redraw a status block (a TTY, not CI); false: a line per step */
  readonly interactive: boolean;
  /** mixed steps + isolated steps, for "step 2/6" */
  readonly totalSteps: number;
  /** measured seconds per step, for "12s of 30s" */
  readonly stepSeconds: number;
  /** ms between redraws while ticks arrive @default 250 */
  readonly redrawMs?: number;
}

export interface ProgressDisplay {
  readonly onProgress: (event: ProgressEvent) => void;
  /** A line of its own above the status block. */
  readonly log: (line: string) => void;
  /** Clears the status block; later output starts on a clean line. */
  readonly stop: () => void;
}

interface Tick {
  readonly second: number;
  readonly offered: number;
  readonly achieved: number;
  readonly errors: number;
  readonly p99Ms: number;
}

/** ESC [ n F: cursor to the start of the line n lines up; ESC [ J: clear to the end of the screen. */
const up = (lines: number): string => (lines > 0 ? `\x1b[${lines}F\x1b[J` : '\r\x1b[J');

export function createProgressDisplay(options: ProgressDisplayOptions): ProgressDisplay {
  const { stream, interactive, totalSteps, stepSeconds } = options;
  const redrawMs = options.redrawMs ?? 250;
  let header: string | null = null;
  const ticks = new Map<string, Tick>();
  let drawn = 0; // lines of the status block on screen
  let lastDraw = 0;

  const clear = (): void => {
    if (drawn > 0) stream.write(up(drawn));
    drawn = 0;
  };
  const draw = (): void => {
    if (!interactive || header === null) return;
    // A line wider than the terminal wraps, and the redraw would miss the wrapped part.
    const columns = stream.columns ?? 0;
    const width = columns > 0 ? Math.max(20, columns - 1) : 120;
    const lines = [header, ...[...ticks].map(([name, t]) => tickLine(name, t, stepSeconds))];
    clear();
    stream.write(lines.map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l)).join('\n') + '\n');
    drawn = lines.length;
    lastDraw = Date.now();
  };
  const log = (line: string): void => {
    clear();
    stream.write(`${line}\n`);
    draw();
  };

  const onProgress = (event: ProgressEvent): void => {
    switch (event.type) {
      case 'prepare':
        log(
          event.message === 'preparing'
            ? `preparing ${event.workload}`
            : named(event.workload, event.message),
        );
        break;
      case 'warning':
        log(`warning: ${event.message}`);
        break;
      case 'log':
        log(named(event.workload, event.message));
        break;
      case 'step-start': {
        ticks.clear();
        const label = `[${event.index + 1}/${totalSteps}] ${event.multiplier}x ${event.phase === 'mixed' ? 'mixed' : 'alone'}: ${event.workloads.join(', ')}`;
        header = `${label} · about ${duration(event.secondsLeft)} left`;
        if (interactive) draw();
        else stream.write(`${header}\n`);
        break;
      }
      case 'tick': {
        ticks.set(event.workload, event);
        if (header !== null)
          header = header.replace(/about .* left$/, `about ${duration(event.secondsLeft)} left`);
        if (Date.now() - lastDraw >= redrawMs) draw();
        break;
      }
      case 'step-end': {
        clear();
        header = null;
        stream.write(stepLines(event.step).join('\n') + '\n');
        break;
      }
      case 'sweep-point': {
        const p = event.point;
        log(
          `sweep: ${p.concurrency} in flight → ${num(p.throughput)}/s, mean ${num(p.meanResponseMs)} ms, p99 ${num(p.p99Ms)} ms` +
            `${p.errors > 0 ? `, ${num(p.errors)} errors` : ''} · about ${duration(event.secondsLeft)} left`,
        );
        break;
      }
    }
  };

  return { onProgress, log, stop: clear };
}

/** Workloads often name themselves in their messages already. */
function named(workload: string, message: string): string {
  return message.startsWith(`${workload}:`) ? message : `${workload}: ${message}`;
}

function tickLine(name: string, t: Tick, stepSeconds: number): string {
  const when = t.second < 0 ? 'warming up' : `${Math.min(t.second + 1, stepSeconds)}s of ${stepSeconds}s`;
  return (
    `  ${name.padEnd(14)} offered ${num(t.offered).padStart(7)}/s  achieved ${num(t.achieved).padStart(7)}/s` +
    `  p99 ${num(t.p99Ms).padStart(6)} ms  errors ${num(t.errors)}  (${when})`
  );
}

/** A finished step: its header, then one line per workload (kept in the scrollback and in CI logs). */
export function stepLines(step: StepResult): string[] {
  const status = step.status === 'completed' ? '' : ` (${step.status})`;
  const lines = [
    `${step.multiplier}x ${step.phase === 'mixed' ? 'mixed' : 'alone'}: ${num(step.durationSeconds)}s measured${status}`,
  ];
  for (const w of step.workloads) {
    const bound = w.generator.bound ? '  [generator-bound]' : '';
    // 'sessions' measures connections held, not a rate.
    const unit = w.workload === 'sessions' ? w.unit : `${w.unit}/s`;
    lines.push(
      `  ${w.name.padEnd(14)} target ${num(w.targetRate).padStart(7)}  achieved ${num(w.achievedRate).padStart(7)} ${unit}` +
        `  p99 ${num(w.latency.corrected.p99).padStart(6)} ms  errors ${errorShare(w.counts.errors + w.counts.timeouts, w.counts.completed)}${bound}`,
    );
  }
  return lines;
}
