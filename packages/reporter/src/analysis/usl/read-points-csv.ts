/**
 * Reads a points CSV from disk for `headroom model usl`; parse errors name the line.
 */
import { readFile } from 'node:fs/promises';

import { HeadroomError } from '../../errors.js';
import type { UslPoint } from './fit-usl.js';
import { parseUslPointsCsv } from './parse-points-csv.js';

export async function readUslPointsCsv(path: string): Promise<UslPoint[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HeadroomError('POINTS_UNREADABLE', 'usage', `cannot read ${path}: ${reason}`, { cause: error });
  }
  return parseUslPointsCsv(text, path);
}
