/**
 * The EXIT CODES section of a command's --help, with the numbers taken from ExitCode so
 * the help can never drift from what the command returns. Lines stay under 80 columns:
 * oclif would fold longer ones without indentation.
 */
import { ExitCode } from '../exit-codes.js';

type ExitCodeName = keyof typeof ExitCode;

export function exitCodeHelp(entries: readonly (readonly [ExitCodeName, string])[]): string {
  const rows = entries.map(([name, meaning]) => `  ${String(ExitCode[name]).padEnd(5)}${meaning}`);
  return ['EXIT CODES', ...rows].join('\n');
}
