import { readFileSync } from 'node:fs';
import os from 'node:os';

import type { EnvironmentInfo } from './types.js';

/** The machine a run was measured on, for the report's "how it was measured" section. */
export function environmentInfo(): EnvironmentInfo {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryBytes: os.totalmem(),
    hostname: os.hostname(),
    openFileLimit: openFileLimit(),
  };
}

/**
 * The soft open-file limit of this process (what it can open now; Node raises it to the hard
 * limit at start-up), from /proc/self/limits. null where that file does not exist.
 */
export function openFileLimit(limits = '/proc/self/limits'): number | null {
  let text: string;
  try {
    text = readFileSync(limits, 'utf8');
  } catch {
    return null;
  }
  const match = /^Max open files\s+(\d+|unlimited)\s+/m.exec(text);
  if (match === null || match[1] === 'unlimited') return null;
  return Number(match[1]);
}
