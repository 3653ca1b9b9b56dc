/**
 * The commented plan `headroom init` writes: the default plan with every field explained.
 * Values are interpolated from defaults.ts, so the file always loads to `defaultPlan()`
 * (a test holds that round trip).
 */
import {
  DEFAULT_ARRIVAL,
  DEFAULT_BUNDLED_TARGET,
  DEFAULT_CAPACITY as C,
  DEFAULT_ISOLATED,
  DEFAULT_OPTIONS as O,
  DEFAULT_PLAN_FIELDS as P,
  DEFAULT_SLO,
  DEFAULT_SWEEP as S,
} from './defaults.js';
import type { WorkloadKind } from './types.js';

const y = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(y).join(', ')}]`
    : typeof value === 'string'
      ? `'${value.replace(/'/g, "''")}'`
      : String(value);

function slo(kind: WorkloadKind): string {
  const s = DEFAULT_SLO[kind];
  return `    # What healthy means; each figure is also a threshold (gate: false turns that off).
    slo: { p99: ${y(s.p99)}, errorBudget: ${y(s.errorBudget)}, minAchievedRatio: ${s.minAchievedRatio}, gate: true }`;
}

function common(kind: WorkloadKind): string {
  return `  - kind: ${kind}
    name: ${kind}                  # unique; used in thresholds and --workloads
    arrival: ${DEFAULT_ARRIVAL}              # poisson (random, like real users) or constant
    timeout: ${y(O[kind].timeout)}                 # an operation unanswered this long is a TIMEOUT error
${slo(kind)}`;
}

/** Lines up trailing comments at one column (values here never contain ' #'). */
function alignComments(text: string, column = 36): string {
  return text
    .split('\n')
    .map((line) => {
      // A value (or a commented-out value) followed by a comment.
      const match = /^(\s*(?:#\s+)?[^#\s].*?)\s+(# .*)$/.exec(line);
      return match ? `${(match[1] ?? '').padEnd(column - 1)} ${match[2] ?? ''}` : line;
    })
    .join('\n');
}

export function renderDefaultPlanYaml(): string {
  return alignComments(`# headroom capacity plan — written by \`headroom init\`.
# Run it with: headroom run --plan <this file>
# Every field below is optional: leave one out and headroom uses the value shown here.
# Editors complete and explain fields with the JSON Schema published in
# @headroom/scenarios: schema/plan.schema.json.
# Durations: '500ms', '30s', '1m30s' or a number of seconds. Sizes: '5TB' (10^12 bytes),
# '512MiB'. Fractions: '0.1%' or 0.001.

name: ${y(P.name)}
description: ${y(P.description)}
seed: ${P.seed}                        # same seed, same generated orders, users and prices

# The system under test. 'bundled' starts the reference trading system on a free loopback
# port. To load a running service instead:
#   target: { kind: url, url: 'http://127.0.0.1:8080', metricsPath: '/metrics' }
# headroom loads only loopback addresses unless you name the host: allowHost: 'the.host'.
# An adminToken for the fixtures route may be given there; it never reaches a report.
target:
  kind: ${DEFAULT_BUNDLED_TARGET.kind}
  shards: ${DEFAULT_BUNDLED_TARGET.shards}                     # matching-engine shards: 1 is the monolith
  fsync: ${DEFAULT_BUNDLED_TARGET.fsync}                  # order journal: always | batch (group commit) | off
  instruments: ${C.instruments}            # instruments the system lists

# Today's load (1x), from the scalability analysis. Every rate and count scales with the
# step; data volumes are projected in the report, not loaded.
capacity:
  concurrentUsers: ${C.concurrentUsers}        # open market-data connections (held by the sessions workload)
  activeSessions: ${C.activeSessions}        # valid session tokens in use
  registrationsPerDay: ${C.registrationsPerDay}
  # The busiest hour carries this many times the average hourly rate, so the rate tested is
  # ${C.registrationsPerDay} / 86,400 s × ${C.registrationPeakFactor} = ${((C.registrationsPerDay / 86_400) * C.registrationPeakFactor).toFixed(4)} registrations/s at 1x.
  registrationPeakFactor: ${C.registrationPeakFactor}
  ordersPerSecond: ${C.ordersPerSecond}
  tradesPerSecond: ${C.tradesPerSecond}         # the order mix is calibrated to trades/orders = ${C.tradesPerSecond / C.ordersPerSecond}
  marketDataUpdatesPerSecond: ${C.marketDataUpdatesPerSecond}   # published book deltas and trades
  instruments: ${C.instruments}
  historicalData: ${y(C.historicalData)}
  dailyGrowth: ${y(C.dailyGrowth)}
  targetMultiplier: ${C.targetMultiplier}         # the load the system must reach: ${C.targetMultiplier}x

steps: ${y(P.steps)}             # multiples of the capacity above, ascending
duration: ${y(P.duration)}                # measured per step
warmup: ${y(P.warmup)}                   # at the step's rate before measuring; excluded from results
loadScale: ${P.loadScale}                  # scales every rate and count (0.1 = a small rehearsal)

# Every step runs all of these at once (the realistic mixed day), each scaled by the step.
workloads:
${common('orders')}
    transport: ${O.orders.transport}                 # ws (WebSocket) or rest
    connections: ${O.orders.connections}              # order-entry connections
    # ratePerSecond: 2000        # default: capacity.ordersPerSecond
    mix: { limit: ${O.orders.mix.limit}, marketable: ${O.orders.mix.marketable}, cancel: ${O.orders.mix.cancel} }   # fractions; they sum to 1
    zipfExponent: ${O.orders.zipfExponent}              # instrument popularity (0 = uniform)
    prefillLevels: ${O.orders.prefillLevels}            # price levels per side filled before measuring
    priceWalkTicks: ${O.orders.priceWalkTicks}            # largest move of a mid price per order, in ticks

${common('market-data')}
    # Measured subscribers. The concurrent users of the capacity table are held by the
    # sessions workload; these connections are the ones whose delivery is measured.
    subscribers: ${O['market-data'].subscribers}
    scaleWithStep: ${O['market-data'].scaleWithStep}          # subscribers × step multiplier
    instrumentsPerSubscriber: ${O['market-data'].instrumentsPerSubscriber}
    zipfExponent: ${O['market-data'].zipfExponent}
    channels: ${y(O['market-data'].channels)}

${common('registrations')}
    usernamePrefix: ${y(O.registrations.usernamePrefix)}
    passwordLength: ${O.registrations.passwordLength}

${common('logins')}
    # Each active session logs in again once per lifetime: logins/s = activeSessions / lifetime.
    sessionLifetime: ${y(O.logins.sessionLifetime)}
    users: ${O.logins.users}                  # fixture users provisioned to log in as
    password: ${y(O.logins.password)}   # secret: never written to results

${common('sessions')}
    # connections: 5000          # held at 1x; default: capacity.concurrentUsers
    # tokens: 10000              # provisioned at 1x; default: capacity.activeSessions
    heartbeat: ${y(O.sessions.heartbeat)}
    # About 28,000 ports per source address towards one server address.
    sourceAddresses: ${y(O.sessions.sourceAddresses)}
    maxConnectionsPerProcess: ${O.sessions.maxConnectionsPerProcess}   # stays below the open-file limit
    connectRatePerSecond: ${O.sessions.connectRatePerSecond}

  # Any HTTP service can be loaded too (templates: {{uuid}}, {{seq}}, {{randomInt 1 100}},
  # {{randomString 8}}, {{pick a b}}, {{timestamp}}, {{env NAME}}):
  # - kind: http
  #   name: place-order
  #   method: POST
  #   url: /v1/orders            # or an absolute loopback URL
  #   headers: { Authorization: 'Bearer {{env API_TOKEN}}' }
  #   body: { clientOrderId: 'c{{seq}}', symbol: 'SYM{{randomInt 1 50}}', side: '{{pick buy sell}}' }
  #   ratePerSecond: 100

# Closed-loop concurrency sweep (1, 2, 4, … outstanding requests) for the Universal
# Scalability Law fit.
sweep:
  enabled: ${S.enabled}
  workload: ${S.workload}
  maxConcurrency: ${S.maxConcurrency}
  pointDuration: ${y(S.pointDuration)}
  minPoints: ${S.minPoints}                 # the fit needs at least 6

# After the mixed steps, each workload also runs alone so its own cost is measured.
isolated:
  enabled: ${DEFAULT_ISOLATED.enabled}
  # workloads: [orders, logins]  # default: all of them
  steps: ${y(DEFAULT_ISOLATED.steps)}

# Gates beyond the SLOs, per workload name ('*' = every workload; quote it). A failing
# threshold fails the run. For example:
#   orders: ['p(99.9) < 100ms', 'rate >= 0.99 * target', { threshold: 'avg < 5ms', steps: [1, 2] }]
#   market-data: ['gaps == 0']
#   '*': ['errors < 0.1%']
thresholds: {}
`);
}
