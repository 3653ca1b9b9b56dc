/**
 * The little dense linear algebra the least-squares fit needs: systems of a handful of
 * unknowns (3 for the USL), so plain Gaussian elimination with partial pivoting is exact
 * enough and far simpler than a library.
 */

export type Matrix = number[][];

/** Solves A·x = b. Returns null when A is singular (a pivot below `tolerance` × its column scale). */
export function solveLinear(a: Matrix, b: readonly number[], tolerance = 1e-14): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    const scale = Math.max(...m.map((row) => Math.abs(row[col])));
    if (scale === 0 || Math.abs(m[pivot][col]) <= tolerance * scale) return null;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    const p = m[col];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = m[r];
      const f = row[col] / p[col];
      if (f === 0) continue;
      for (let c = col; c <= n; c++) row[c] = row[c] - f * p[c];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/** Inverse of a square matrix, or null when it is singular. */
export function invertMatrix(a: Matrix): Matrix | null {
  const n = a.length;
  const columns: number[][] = [];
  for (let c = 0; c < n; c++) {
    const unit = Array.from({ length: n }, (_, i) => (i === c ? 1 : 0));
    const x = solveLinear(a, unit);
    if (x === null) return null;
    columns.push(x);
  }
  return Array.from({ length: n }, (_, r) => columns.map((col) => col[r]));
}

/** Jᵀ·J for a Jacobian with one row per observation. */
export function normalMatrix(jacobian: Matrix, size: number): Matrix {
  const out = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (const row of jacobian) {
    for (let i = 0; i < size; i++) {
      for (let j = i; j < size; j++) out[i][j] = out[i][j] + row[i] * row[j];
    }
  }
  for (let i = 0; i < size; i++) for (let j = 0; j < i; j++) out[i][j] = out[j][i]!;
  return out;
}

/** Jᵀ·r */
export function transposeTimes(jacobian: Matrix, residuals: readonly number[], size: number): number[] {
  const out = new Array<number>(size).fill(0);
  jacobian.forEach((row, k) => {
    for (let i = 0; i < size; i++) out[i] = out[i] + row[i] * residuals[k];
  });
  return out;
}
