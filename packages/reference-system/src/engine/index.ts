export { MatchingEngine, type EngineOptions } from './matching-engine.js';
export { validateInstrument } from './validate-instrument.js';
export {
  RejectCode,
  type BookLevel,
  type BookSnapshot,
  type CancelResult,
  type EngineEvents,
  type Fill,
  type InstrumentSpec,
  type LiveOrder,
  type NewOrder,
  type OrderResult,
  type OrderStatus,
  type OrderType,
  type Side,
  type TimeInForce,
} from './types.js';
