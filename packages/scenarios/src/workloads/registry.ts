/**
 * Workload kind → factory (STYLE.md §8: a small interface plus a registry). A new
 * workload is one module and one line here.
 */
import type { WorkloadKind } from '../plan/types.js';
import { createLoginsWorkload } from './hashing/logins-workload.js';
import { createRegistrationsWorkload } from './hashing/registrations-workload.js';
import { createHttpWorkload } from './http/http-workload.js';
import { createMarketDataWorkload } from './market-data/market-data-workload.js';
import { createOrdersWorkload } from './orders/orders-workload.js';
import { createSessionsWorkload } from './sessions/index.js';
import type { Workload, WorkloadContext, WorkloadFactory } from './workload.js';

export const WORKLOAD_FACTORIES: Readonly<Record<WorkloadKind, WorkloadFactory>> = {
  orders: createOrdersWorkload,
  'market-data': createMarketDataWorkload,
  registrations: createRegistrationsWorkload,
  logins: createLoginsWorkload,
  sessions: createSessionsWorkload,
  http: createHttpWorkload,
};

/** The workload for `context.workload`, by its kind. */
export function createWorkload(context: WorkloadContext): Workload {
  return WORKLOAD_FACTORIES[context.workload.kind](context);
}
