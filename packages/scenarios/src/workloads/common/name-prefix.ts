/**
 * Username prefixes unique to a run and workload (`<runId>-<workload>-<role>-`), at most
 * 40 characters of A–Z a–z 0–9 _ . - (what the reference protocol accepts), so users
 * created by one run never collide with another's on a target that keeps its data.
 */
export function namePrefix(runId: string, workloadName: string, role: string): string {
  const safe = (text: string, max: number): string => text.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, max);
  return `${safe(runId, 24)}-${safe(workloadName, 8)}-${safe(role, 4)}-`;
}
