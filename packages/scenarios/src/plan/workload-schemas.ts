/**
 * The JSON Schema of the plan's workloads: one branch per kind, discriminated by `kind`,
 * with the common fields (name, arrival, slo, timeout, rate) and the kind's own options,
 * each documented for editors. Defaults come from defaults.ts.
 */
import { DEFAULT_OPTIONS } from './defaults.js';
import {
  WORKLOAD_NAME_PATTERN,
  duration,
  fraction,
  int,
  num,
  object,
  type Schema,
} from './schema-builders.js';
import type { WorkloadKind } from './types.js';

const slo = object(
  'What healthy means for this workload. Unless `gate` is false, each figure also becomes a threshold that gates the run.',
  {
    p99: {
      ...duration(''),
      description:
        "Corrected (coordinated-omission free) p99 latency limit: a duration like '25ms' or '1s', or a number of milliseconds.",
    },
    errorBudget: fraction('Fraction of operations allowed to fail:'),
    minAchievedRatio: fraction("Achieved rate must be at least this fraction of the step's target rate:"),
    gate: {
      description: 'Turn the SLO into thresholds (p99, error budget, achieved ratio).',
      type: 'boolean',
      default: true,
    },
  },
);

function workload(kind: WorkloadKind, description: string, options: Schema, required: string[] = []): Schema {
  const rate = kind === 'sessions' ? {} : { ratePerSecond: num(RATE_DESCRIPTIONS[kind], { above: 0 }) };
  return object(
    description,
    {
      kind: { const: kind },
      name: {
        description: `Name in reports, thresholds and --workloads; unique in the plan. Defaults to '${kind}'.`,
        type: 'string',
        pattern: WORKLOAD_NAME_PATTERN,
      },
      arrival: {
        description:
          "Open-model arrivals: 'poisson' (random, like real users) or 'constant' (evenly spaced).",
        enum: ['poisson', 'constant'],
        default: 'poisson',
      },
      slo,
      timeout: duration(
        'How long before an unanswered operation counts as a TIMEOUT error:',
        DEFAULT_OPTIONS[kind].timeout,
      ),
      ...rate,
      ...options,
    },
    { required: ['kind', ...required] },
  );
}

const RATE_DESCRIPTIONS: Record<Exclude<WorkloadKind, 'sessions'>, string> = {
  orders: 'Orders per second at 1x; defaults to capacity.ordersPerSecond.',
  'market-data': 'Updates published per second at 1x; defaults to capacity.marketDataUpdatesPerSecond.',
  registrations:
    'Registrations per second at 1x; defaults to registrationsPerDay ÷ 86,400 × registrationPeakFactor.',
  logins:
    'Logins per second at 1x; defaults to activeSessions ÷ sessionLifetime (each session renewed once per lifetime).',
  http: 'Requests per second at 1x (required).',
};

const O = DEFAULT_OPTIONS;
export const WORKLOADS_SCHEMA = {
  description: 'The workloads every step runs at once (the mixed day), each scaled by the step.',
  type: 'array',
  items: {
    type: 'object',
    required: ['kind'],
    discriminator: { propertyName: 'kind' },
    oneOf: [
      workload(
        'orders',
        'Order entry: new limit, marketable and cancel orders on Zipf-popular instruments, seeded.',
        {
          transport: {
            description: "Order entry over WebSocket ('ws') or REST ('rest').",
            enum: ['ws', 'rest'],
            default: O.orders.transport,
          },
          connections: int('Connections orders are spread over.', 1, O.orders.connections, 100_000),
          mix: object(
            'Fractions of new limit (resting), marketable (crossing) and cancel orders; they must sum to 1.',
            {
              limit: fraction('New resting limit orders:'),
              marketable: fraction('Orders that cross the spread and trade:'),
              cancel: fraction('Cancels of resting orders:'),
            },
            { required: ['limit', 'marketable', 'cancel'], default: O.orders.mix },
          ),
          zipfExponent: {
            description: 'Zipf exponent of instrument popularity (0 = uniform, 1 = classic Zipf).',
            type: 'number',
            minimum: 0,
            maximum: 5,
            default: O.orders.zipfExponent,
          },
          prefillLevels: int(
            'Price levels per side pre-filled on every instrument before measuring.',
            0,
            O.orders.prefillLevels,
            1000,
          ),
          priceWalkTicks: int(
            "Largest move of an instrument's mid price per order, in ticks (random walk).",
            0,
            O.orders.priceWalkTicks,
            1000,
          ),
        },
      ),
      workload(
        'market-data',
        "Market-data subscribers: delivered updates/s, end-to-end latency from each event's ts, gaps from seq, conflations, disconnects.",
        {
          subscribers: int(
            "Measuring subscriber connections at 1x. The capacity table's concurrent users are held by the sessions workload; these are the ones measured.",
            1,
            O['market-data'].subscribers,
            100_000,
          ),
          scaleWithStep: {
            description: 'Scale subscribers with the step (subscribers × multiplier).',
            type: 'boolean',
            default: O['market-data'].scaleWithStep,
          },
          instrumentsPerSubscriber: int(
            'Instruments each subscriber follows (Zipf-popular).',
            1,
            O['market-data'].instrumentsPerSubscriber,
          ),
          zipfExponent: {
            description: 'Zipf exponent of instrument popularity.',
            type: 'number',
            minimum: 0,
            maximum: 5,
            default: O['market-data'].zipfExponent,
          },
          channels: {
            description: 'Channels subscribed per instrument.',
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { enum: ['book', 'trades'] },
            default: O['market-data'].channels,
          },
        },
      ),
      workload('registrations', 'New users through the real password-hashing path, at the peak-hour rate.', {
        usernamePrefix: {
          description: 'Prefix of generated usernames.',
          type: 'string',
          pattern: '^[a-z][a-z0-9_]{0,15}$',
          default: O.registrations.usernamePrefix,
        },
        passwordLength: int('Length of generated passwords.', 8, O.registrations.passwordLength, 128),
      }),
      workload('logins', 'Logins of provisioned fixture users through the real password-hashing path.', {
        sessionLifetime: duration(
          'How long a session lives; each active session logs in again once per lifetime:',
          O.logins.sessionLifetime,
        ),
        users: int('Fixture users provisioned to log in as.', 1, O.logins.users, 1_000_000),
        password: {
          description: 'Password of the fixture users. Secret: never written to results or reports.',
          type: 'string',
          minLength: 8,
          writeOnly: true,
        },
      }),
      workload(
        'sessions',
        "Concurrent authenticated connections held open with heartbeats (the capacity table's concurrent users), spread over loopback source addresses and generator processes.",
        {
          connections: int('Connections held at 1x; defaults to capacity.concurrentUsers.', 0),
          tokens: int('Session tokens provisioned at 1x; defaults to capacity.activeSessions.', 0),
          heartbeat: duration('Interval between heartbeats on each connection:', O.sessions.heartbeat),
          sourceAddresses: {
            description:
              'Loopback source addresses (127.x.y.z) connections are spread over; each gives about 28,000 ports towards one server address.',
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string', format: 'loopback-ipv4' },
            default: O.sessions.sourceAddresses,
          },
          maxConnectionsPerProcess: int(
            'Connections one generator process holds at most; keep it below the open-file limit.',
            1,
            O.sessions.maxConnectionsPerProcess,
            1_000_000,
          ),
          connectRatePerSecond: num('New connections opened per second while ramping up.', {
            above: 0,
            def: O.sessions.connectRatePerSecond,
          }),
        },
      ),
      workload(
        'http',
        'A generic HTTP request at a rate, so headroom can load any HTTP service. Templates: {{uuid}}, {{seq}}, {{randomInt MIN MAX}}, {{randomString LEN}}, {{pick A B …}}, {{timestamp}}, {{env NAME}}.',
        {
          method: {
            description: 'HTTP method.',
            enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
            default: O.http.method,
          },
          url: {
            description:
              "Absolute URL (loopback, or the target's allowHost), or a path like '/v1/orders' relative to the target.",
            type: 'string',
            minLength: 1,
          },
          headers: {
            description:
              'Header templates. Values of Authorization, Cookie and other credential headers are removed from results; prefer {{env NAME}} for secrets.',
            type: 'object',
            additionalProperties: { type: 'string' },
            default: O.http.headers,
          },
          body: {
            description:
              'Body template; a mapping is sent as JSON (templates allowed in its strings). null: no body.',
            type: ['string', 'object', 'null'],
            default: null,
          },
          connections: int('Connections the requests are spread over.', 1, O.http.connections, 100_000),
          expectStatus: {
            description: 'Status codes that count as success.',
            type: 'array',
            minItems: 1,
            items: { type: 'integer', minimum: 100, maximum: 599 },
            default: O.http.expectStatus,
          },
        },
        ['url', 'ratePerSecond'],
      ),
    ],
  },
};
