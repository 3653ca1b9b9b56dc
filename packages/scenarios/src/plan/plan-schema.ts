/**
 * The JSON Schema of a capacity plan file. It validates plans (with ajv, see
 * validate-plan.ts) and is published as schema/plan.schema.json so editors complete and
 * explain every field; the `description`s are that documentation. Defaults shown here come
 * from defaults.ts, which is what `resolvePlan` fills.
 */
import {
  DEFAULT_BUNDLED_TARGET,
  DEFAULT_CAPACITY,
  DEFAULT_ISOLATED,
  DEFAULT_METRICS_PATH,
  DEFAULT_PLAN_FIELDS,
  DEFAULT_SWEEP,
  MIN_SWEEP_POINTS,
  SWEEPABLE_KINDS,
} from './defaults.js';
import { duration, int, num, object, size, steps, type Schema } from './schema-builders.js';
import { WORKLOADS_SCHEMA } from './workload-schemas.js';

const C = DEFAULT_CAPACITY;
const capacity = object(
  'The current load of the system under test (1x), from the scalability analysis. Every rate and count scales with the step; data volumes are projected, not loaded.',
  {
    concurrentUsers: int(
      'Open market-data connections held at once at 1x (held by the sessions workload).',
      0,
      C.concurrentUsers,
    ),
    activeSessions: int('Valid session tokens in use at once at 1x.', 0, C.activeSessions),
    registrationsPerDay: num('New user registrations per day at 1x.', { min: 0, def: C.registrationsPerDay }),
    registrationPeakFactor: num(
      'Peak-hour factor: the busiest hour carries this many times the average hourly rate. The registration rate tested is registrationsPerDay ÷ 86,400 s × this factor. Between 1 and 24 (all of a day in one hour).',
      { min: 1, max: 24, def: C.registrationPeakFactor },
    ),
    ordersPerSecond: num('Orders per second at 1x.', { min: 0, def: C.ordersPerSecond }),
    tradesPerSecond: num(
      'Trades per second at 1x; the order mix is calibrated to this trades/orders ratio.',
      { min: 0, def: C.tradesPerSecond },
    ),
    marketDataUpdatesPerSecond: num(
      'Market-data updates published per second at 1x (book deltas and trades).',
      { min: 0, def: C.marketDataUpdatesPerSecond },
    ),
    instruments: int('Instruments listed.', 1, C.instruments),
    historicalData: size('Historical data held today.', C.historicalData),
    dailyGrowth: size('Data added per day at 1x.', C.dailyGrowth),
    targetMultiplier: num('The multiple of today\'s load the system must reach ("10x").', {
      above: 0,
      max: 1000,
      def: C.targetMultiplier,
    }),
  },
);

const target = {
  description:
    "The system under test: 'bundled' starts the reference trading system on loopback; 'url' loads a running service.",
  type: 'object',
  required: ['kind'],
  discriminator: { propertyName: 'kind' },
  oneOf: [
    object('The bundled reference trading system, started on a free loopback port.', {
      kind: { const: 'bundled' },
      shards: int(
        'Matching-engine shards (1 = the monolith; N = worker threads partitioned by instrument).',
        1,
        DEFAULT_BUNDLED_TARGET.shards,
        64,
      ),
      fsync: {
        description: "Order-journal fsync policy: 'always' (every write), 'batch' (group commit) or 'off'.",
        enum: ['always', 'batch', 'off'],
        default: DEFAULT_BUNDLED_TARGET.fsync,
      },
      instruments: int('Instruments the system lists; defaults to capacity.instruments.', 1),
    }),
    object(
      'A running service at a URL. headroom refuses any host that is not loopback unless `allowHost` names it.',
      {
        kind: { const: 'url' },
        url: { description: 'Base URL, e.g. http://127.0.0.1:8080.', type: 'string', format: 'uri' },
        allowHost: {
          description:
            "The non-loopback host you allow headroom to load (the same as the URL's host). headroom generates heavy load: it never targets another machine without this.",
          type: ['string', 'null'],
          default: null,
        },
        metricsPath: {
          description: 'Path of the Prometheus metrics endpoint.',
          type: 'string',
          pattern: '^/',
          default: DEFAULT_METRICS_PATH,
        },
        adminToken: {
          description:
            'Token for the admin fixtures route (provisioning users and sessions). Secret: never written to results or reports.',
          type: ['string', 'null'],
          writeOnly: true,
          default: null,
        },
      },
      { required: ['kind', 'url'] },
    ),
  ],
};

// One schema for both spellings (a string, or a mapping with steps): `required` and
// `additionalProperties` only apply to objects, so errors stay specific instead of anyOf noise.
const thresholdEntry = {
  description:
    "A k6-like expression ('p(99) < 25ms', 'avg < 10ms', 'rate >= 0.99 * target', 'errors < 0.1%', 'gaps == 0'), or {threshold, steps} to gate some steps only.",
  type: ['string', 'object'],
  additionalProperties: false,
  required: ['threshold'],
  properties: {
    threshold: { type: 'string', description: 'The expression.' },
    steps: steps('Step multipliers it gates (default: every step).'),
  },
};

export const PLAN_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $comment: 'Generated from packages/scenarios/src/plan/plan-schema.ts by `pnpm schemas`; do not edit.',
  title: 'headroom capacity plan',
  description:
    'A capacity plan: the target, its current load (1x), the steps to test, the workloads and the gates.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { description: 'Path or URL of this schema, for editors.', type: 'string' },
    name: {
      description: 'Name of the plan, shown in reports.',
      type: 'string',
      minLength: 1,
      default: DEFAULT_PLAN_FIELDS.name,
    },
    description: { description: 'What the plan tests, shown in reports.', type: 'string' },
    seed: int(
      'Seed of every generator: the same seed sends the same orders.',
      0,
      DEFAULT_PLAN_FIELDS.seed,
      2 ** 32 - 1,
    ),
    target,
    capacity,
    steps: steps(
      'Load multipliers of the baseline, ascending, e.g. [1, 2, 5, 10].',
      DEFAULT_PLAN_FIELDS.steps,
    ),
    duration: duration('Measured time per step (after warm-up):', DEFAULT_PLAN_FIELDS.duration),
    warmup: duration(
      "Time at the step's rate before measuring starts (excluded from results):",
      DEFAULT_PLAN_FIELDS.warmup,
    ),
    loadScale: num(
      'Factor applied to every rate and count of capacity (not data volumes), e.g. 0.1 for a small rehearsal.',
      { above: 0, max: 1000, def: DEFAULT_PLAN_FIELDS.loadScale },
    ),
    workloads: WORKLOADS_SCHEMA,
    sweep: object(
      'Closed-loop concurrency sweep (1, 2, 4, … outstanding requests) for the Universal Scalability Law fit.',
      {
        enabled: { description: 'Run the sweep.', type: 'boolean', default: DEFAULT_SWEEP.enabled },
        workload: {
          description: `Name of the plan workload to sweep (kinds: ${SWEEPABLE_KINDS.join(', ')}).`,
          type: 'string',
          default: DEFAULT_SWEEP.workload,
        },
        maxConcurrency: int('Highest concurrency tried.', 1, DEFAULT_SWEEP.maxConcurrency, 100_000),
        pointDuration: duration('Measured time per sweep point:', DEFAULT_SWEEP.pointDuration),
        minPoints: int(
          `Fewest points measured even when throughput stops growing (the fit needs ≥ ${MIN_SWEEP_POINTS}).`,
          MIN_SWEEP_POINTS,
          DEFAULT_SWEEP.minPoints,
          64,
        ),
      },
    ),
    isolated: object(
      'Workloads also run one at a time (after the mixed steps), so the cost of each is measured alone.',
      {
        enabled: {
          description: 'Run the isolated workloads.',
          type: 'boolean',
          default: DEFAULT_ISOLATED.enabled,
        },
        workloads: {
          description: 'Workload names to run alone (default: all).',
          type: 'array',
          uniqueItems: true,
          items: { type: 'string' },
        },
        steps: steps('Multipliers each runs at alone.', DEFAULT_ISOLATED.steps),
      },
    ),
    thresholds: {
      description:
        "Gates, per workload name (or '*' for every workload): lists of k6-like expressions. A failing threshold fails the run.",
      type: 'object',
      additionalProperties: { type: 'array', items: thresholdEntry },
    },
  },
};
