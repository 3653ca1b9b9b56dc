/**
 * Is the target still there? One bounded request to its base URL's health route (any HTTP
 * answer counts as alive: a target without `/health` answers 404, which is still an answer).
 */
import type { TargetEndpoint } from '../workloads/workload.js';
import { requestTarget } from './target-request.js';

export interface TargetProbe {
  readonly alive: boolean;
  /** e.g. 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:8080'; null when alive */
  readonly reason: string | null;
}

/** ms */
const PROBE_TIMEOUT_MS = 3000;

export async function probeTarget(
  target: TargetEndpoint,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<TargetProbe> {
  const answer = await requestTarget(`${target.baseUrl}/health`, { timeoutMs });
  if (answer.ok || answer.status > 0) return { alive: true, reason: null };
  return { alive: false, reason: answer.message };
}

/**
 * The reference system's journal counters from `/health` (`journal.bytesWritten`,
 * `journal.recordsWritten`), or null for a target that does not report them.
 */
export async function readJournalCounters(
  target: TargetEndpoint,
): Promise<{ readonly bytes: number; readonly records: number } | null> {
  const answer = await requestTarget(`${target.baseUrl}/health`, { timeoutMs: PROBE_TIMEOUT_MS });
  if (!answer.ok) return null;
  const journal = (
    answer.body as { journal?: { bytesWritten?: unknown; recordsWritten?: unknown } } | undefined
  )?.journal;
  const bytes = journal?.bytesWritten;
  const records = journal?.recordsWritten;
  return typeof bytes === 'number' && typeof records === 'number' ? { bytes, records } : null;
}
