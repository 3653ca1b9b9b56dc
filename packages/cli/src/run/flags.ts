/**
 * Typed flags shared by `run` and `compare`, defined once (STYLE §2). A bad value is a
 * usage error that names the flag; BaseCommand maps it to exit code 2.
 */
import { Flags } from '@oclif/core';

/** '5%', '5' (percent) or '0.05' (a fraction below 1) → 0.05 */
export function parsePercent(input: string): number {
  const text = input.trim();
  const match = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(text);
  if (match === null) throw new Error(`expected a percentage such as 5% or 0.05, got '${input}'`);
  const value = Number(match[1]);
  const fraction = match[2] === '%' || value >= 1 ? value / 100 : value;
  if (fraction > 10) throw new Error(`${input} is more than 1000%`);
  return fraction;
}

export const percentFlag = Flags.custom<number>({
  parse: async (input) => parsePercent(input),
});
