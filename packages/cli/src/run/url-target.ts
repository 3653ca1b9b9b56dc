/**
 * A running service at a URL. Before the first request the host is checked once more
 * against the loopback rule (the plan already refused it; this is the last line). While
 * the run lasts a watcher asks `/health` every second: a target that refuses connections
 * twice in a row is gone, and runPlan ends the run 'aborted' at once instead of measuring
 * a corpse until the step ends. A slow answer is not death — a saturated target answering
 * late is a finding. A target that is not there at all is left to runPlan too, so the
 * report of that run says so.
 */
import type { UrlTarget } from '@headroom/scenarios';
import { HeadroomError, isLoopbackHost } from '@headroom/scenarios';

import type { TargetHandle } from './target-handle.js';

/** ms between health checks while the run lasts */
const WATCH_INTERVAL_MS = 1000;
/** consecutive refused checks before the target counts as gone */
const DEAD_AFTER_FAILURES = 2;
/** ms one health check may take */
const CHECK_TIMEOUT_MS = 2000;

export async function connectUrlTarget(plan: UrlTarget): Promise<TargetHandle> {
  const url = new URL(plan.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!isLoopbackHost(host) && plan.allowHost?.toLowerCase() !== host.toLowerCase())
    throw new HeadroomError(
      'HOST_NOT_ALLOWED',
      'usage',
      `target.url: ${host} is not a loopback address; pass --allow-host ${host} to load it`,
    );
  const health = new URL('/health', url).href;

  let failures = 0;
  let alive = true;
  let checking = false;
  const timer = setInterval(() => {
    if (checking || !alive) return;
    checking = true;
    void check(health).then((outcome) => {
      checking = false;
      if (outcome === 'up') failures = 0;
      else if (!outcome.slow) failures++;
      if (failures >= DEAD_AFTER_FAILURES) alive = false;
    });
  }, WATCH_INTERVAL_MS);
  timer.unref();
  const stop = (): void => clearInterval(timer);
  return {
    kind: 'url',
    endpoint: {
      baseUrl: plan.url,
      streamUrl: `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}/v1/stream`,
      adminToken: plan.adminToken,
    },
    config: {},
    isAlive: () => alive,
    close: async () => stop(),
    kill: stop,
  };
}

type Check = 'up' | { readonly slow: boolean; readonly reason: string };

/** 'up' when the target answered (any HTTP status: a service without /health is still up). */
async function check(url: string): Promise<Check> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    await response.body?.cancel();
    return 'up';
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError')
      return { slow: true, reason: `no answer within ${CHECK_TIMEOUT_MS} ms` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { slow: false, reason: cause?.code ?? cause?.message ?? String(error) };
  }
}
