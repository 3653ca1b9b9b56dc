import type { TargetEndpoint } from '@headroom/scenarios';

/** A target ready to be loaded, however it was found (started here, or at a URL). */
export interface TargetHandle {
  readonly kind: 'bundled' | 'url';
  readonly endpoint: TargetEndpoint;
  /** What the target says about itself; goes into RunResult.target.config. */
  readonly config: Readonly<Record<string, string | number | boolean>>;
  /** False once the target is known to be gone (child exited, health checks refused). */
  readonly isAlive: () => boolean;
  /** Stops what `headroom run` started (the child system, the health watcher). Safe to call twice. */
  readonly close: () => Promise<void>;
  /** Synchronous last resort on a second Ctrl-C: kill the child now. */
  readonly kill: () => void;
}
