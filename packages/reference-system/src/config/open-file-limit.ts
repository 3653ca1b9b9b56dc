import { readFileSync } from 'node:fs';

/**
 * The process's soft limit on open file descriptors, or null where it cannot be read.
 * Node has no getrlimit; on Linux /proc/self/limits holds it ("Max open files  soft  hard").
 * Every socket costs one descriptor, so this bounds how many connections one process can
 * hold.
 */
export function openFileLimit(): number | null {
  try {
    const text = readFileSync('/proc/self/limits', 'utf8');
    const match = /^Max open files\s+(\d+|unlimited)\s+/m.exec(text);
    if (match === null || match[1] === 'unlimited') return null;
    return Number(match[1]);
  } catch {
    return null;
  }
}
