export type * from './plan/types.js';
export type * from './result/types.js';
export { RUN_RESULT_SCHEMA_VERSION } from './result/types.js';
export { HeadroomError, type ErrorCategory } from './errors.js';
