/**
 * (concurrency, throughput) points from CSV text, for `headroom model usl`. A header row
 * is optional: with one, the columns named `concurrency` (or `n`, `load`) and
 * `throughput` (or `x`, `rate`) are used wherever they are; without one, the first column
 * is concurrency and the second throughput. Blank lines and `#` comments are skipped.
 * Separators: comma, semicolon or tab.
 */
import { InvalidCsvError } from '../../errors.js';
import type { UslPoint } from './fit-usl.js';

const CONCURRENCY_NAMES = ['concurrency', 'n', 'load', 'users', 'threads', 'connections'];
const THROUGHPUT_NAMES = ['throughput', 'x', 'rate', 'rps', 'tps', 'ops'];

function split(line: string): string[] {
  return line.split(/[,;\t]/).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

export function parseUslPointsCsv(text: string, source = 'points.csv'): UslPoint[] {
  const lines = text.split(/\r?\n/);
  let columns: { n: number; x: number } | null = null;
  const points: UslPoint[] = [];
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cells = split(line);
    const numeric = cells.every((c) => c !== '' && Number.isFinite(Number(c)));
    if (columns === null && points.length === 0 && !numeric) {
      const names = cells.map((c) => c.toLowerCase());
      const n = names.findIndex((c) => CONCURRENCY_NAMES.includes(c));
      const x = names.findIndex((c) => THROUGHPUT_NAMES.includes(c));
      if (n === -1 || x === -1) {
        throw new InvalidCsvError(
          source,
          lineNo,
          `the header needs a "concurrency" and a "throughput" column; found ${cells.map((c) => JSON.stringify(c)).join(', ')}`,
        );
      }
      columns = { n, x };
      return;
    }
    const cols: { n: number; x: number } = columns ?? { n: 0, x: 1 };
    const needed = Math.max(cols.n, cols.x) + 1;
    if (cells.length < needed)
      throw new InvalidCsvError(source, lineNo, `expected at least ${needed} columns, found ${cells.length}`);
    const concurrency = Number(cells[cols.n]);
    const throughput = Number(cells[cols.x]);
    if (cells[cols.n] === '' || !Number.isFinite(concurrency) || concurrency <= 0) {
      throw new InvalidCsvError(
        source,
        lineNo,
        `concurrency must be a positive number, got ${JSON.stringify(cells[cols.n])}`,
      );
    }
    if (cells[cols.x] === '' || !Number.isFinite(throughput) || throughput < 0) {
      throw new InvalidCsvError(
        source,
        lineNo,
        `throughput must be a number ≥ 0, got ${JSON.stringify(cells[cols.x])}`,
      );
    }
    points.push({ concurrency, throughput });
  });
  if (points.length === 0) throw new InvalidCsvError(source, Math.max(1, lines.length), 'no data rows');
  return points;
}
