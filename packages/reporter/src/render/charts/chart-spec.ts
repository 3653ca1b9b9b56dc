/**
 * A small description of a chart, turned into a Chart.js configuration that is plain
 * JSON (no functions), so it can be embedded in the page as data. Tick and tooltip
 * formats are named ('percentile', 'percent', 'number') and the page's script maps the
 * names to functions.
 */

export type TickFormat = 'number' | 'percent' | 'percentile';

export interface AxisSpec {
  /** with its unit, e.g. 'latency (ms, log scale)' */
  readonly title: string;
  readonly scale: 'linear' | 'logarithmic' | 'category';
  readonly min?: number;
  readonly max?: number;
  readonly format?: TickFormat;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface DatasetSpec {
  readonly label: string;
  readonly data: readonly Point[] | readonly (number | null)[];
  readonly color: string;
  readonly dashed?: boolean;
  /** draw point markers (default: only when there are few points) */
  readonly points?: boolean;
  /** per-point marker shapes, e.g. 'crossRot' for generator-bound steps */
  readonly pointStyles?: readonly string[];
  readonly axis?: 'y' | 'y2';
  /** markers only, no line */
  readonly scatter?: boolean;
}

export interface ChartInput {
  readonly title: string;
  readonly x: AxisSpec;
  readonly y: AxisSpec;
  readonly y2?: AxisSpec;
  /** category labels when x is a category axis */
  readonly labels?: readonly string[];
  readonly datasets: readonly DatasetSpec[];
}

/** Chart.js configuration, JSON-safe. */
export interface ChartConfig {
  readonly type: 'line';
  readonly data: {
    readonly labels?: readonly string[];
    readonly datasets: readonly Record<string, unknown>[];
  };
  readonly options: Record<string, unknown>;
}

export const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#7f7f7f',
  '#bcbd22',
];

export function color(i: number): string {
  return PALETTE[i % PALETTE.length];
}

function axis(spec: AxisSpec, position: 'bottom' | 'left' | 'right'): Record<string, unknown> {
  return {
    type: spec.scale,
    position,
    title: { display: true, text: spec.title },
    ...(spec.min !== undefined ? { min: spec.min } : {}),
    ...(spec.max !== undefined ? { max: spec.max } : {}),
    ticks: { format: spec.format ?? 'number' },
    ...(position === 'right' ? { grid: { drawOnChartArea: false } } : {}),
  };
}

export function chartConfig(input: ChartInput): ChartConfig {
  const scales: Record<string, unknown> = { x: axis(input.x, 'bottom'), y: axis(input.y, 'left') };
  if (input.y2) scales.y2 = axis(input.y2, 'right');
  return {
    type: 'line',
    data: {
      ...(input.labels ? { labels: input.labels } : {}),
      datasets: input.datasets.map((d) => {
        const points = d.points ?? (d.data.length <= 24 || d.scatter === true);
        return {
          label: d.label,
          data: d.data,
          borderColor: d.color,
          backgroundColor: d.color,
          borderWidth: 2,
          borderDash: d.dashed ? [6, 4] : [],
          pointRadius: d.pointStyles
            ? d.pointStyles.map((s) => (s === 'circle' ? 3.5 : 7))
            : points
              ? 3.5
              : 0,
          pointHoverRadius: points ? 5 : 3,
          ...(d.pointStyles ? { pointStyle: d.pointStyles } : {}),
          showLine: d.scatter !== true,
          spanGaps: true,
          tension: 0,
          yAxisID: d.axis ?? 'y',
        };
      }),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      normalized: true,
      interaction: { mode: 'nearest', intersect: false },
      plugins: {
        title: { display: true, text: input.title },
        legend: { display: true, position: 'bottom' },
        tooltip: { format: input.x.format ?? 'number' },
      },
      scales,
    },
  };
}

/**
 * At most `max` points, keeping the shape: each bucket of consecutive points becomes its
 * mean x and the bucket's mean (or max, for tail latencies) y.
 */
export function downsample(points: readonly Point[], max: number, pick: 'mean' | 'max' = 'mean'): Point[] {
  if (points.length <= max) return [...points];
  const size = points.length / max;
  const out: Point[] = [];
  for (let b = 0; b < max; b++) {
    const bucket = points.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    if (bucket.length === 0) continue;
    const x = bucket.reduce((s, p) => s + p.x, 0) / bucket.length;
    const y =
      pick === 'max'
        ? Math.max(...bucket.map((p) => p.y))
        : bucket.reduce((s, p) => s + p.y, 0) / bucket.length;
    out.push({ x, y });
  }
  return out;
}
