/**
 * The sessions workload: concurrent authenticated connections held with heartbeats,
 * spread over loopback source addresses and generator processes.
 */
export { createSessionsWorkload } from './sessions-workload.js';
export { explainSessionsLimit, type LimitInput } from './explain-limit.js';
export {
  planSessionsLayout,
  ephemeralPortRange,
  type SessionsLayout,
  type LayoutInput,
  type PortRange,
} from './sessions-layout.js';
