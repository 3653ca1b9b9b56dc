/**
 * One workload of a validated plan → its resolved form: options with every default,
 * durations in seconds or ms, the SLO as numbers, and what 1x means for it (baseline),
 * with the arithmetic spelled out for the report.
 */
import { DEFAULT_ARRIVAL, DEFAULT_OPTIONS, DEFAULT_SLO } from './defaults.js';
import type { SloInput, WorkloadInput } from './plan-input.js';
import type { CapacityBaseline, Slo, TypedWorkloadPlan, WorkloadBaseline } from './types.js';
import { parseDuration, parseFraction } from './units.js';

const SECONDS_PER_DAY = 86_400;

interface Context {
  /** capacity before loadScale, so explanations show the plan's own numbers */
  readonly capacity: CapacityBaseline;
  readonly loadScale: number;
}

export function resolveWorkload(input: WorkloadInput, context: Context): TypedWorkloadPlan {
  const common = {
    name: input.name ?? input.kind,
    arrival: input.arrival ?? DEFAULT_ARRIVAL,
    slo: resolveSlo(input.slo, input.kind),
  };
  const timeoutMs = seconds(input.timeout ?? DEFAULT_OPTIONS[input.kind].timeout) * 1000;
  const c = context.capacity;
  const rate = (derived: number, derivation: string, unit: string): WorkloadBaseline =>
    baseline(input.ratePerSecond, 'ratePerSecond', derived, derivation, unit, context.loadScale);
  const get = <T>(key: string, fallback: T): T => (input[key] === undefined ? fallback : (input[key] as T));

  switch (input.kind) {
    case 'orders': {
      const d = DEFAULT_OPTIONS.orders;
      return {
        kind: 'orders',
        ...common,
        baseline: rate(c.ordersPerSecond, `capacity.ordersPerSecond ${fmt(c.ordersPerSecond)}/s`, 'orders/s'),
        options: {
          transport: get('transport', d.transport),
          connections: get('connections', d.connections),
          mix: { ...get('mix', d.mix) },
          zipfExponent: get('zipfExponent', d.zipfExponent),
          prefillLevels: get('prefillLevels', d.prefillLevels),
          priceWalkTicks: get('priceWalkTicks', d.priceWalkTicks),
          timeoutMs,
        },
      };
    }
    case 'market-data': {
      const d = DEFAULT_OPTIONS['market-data'];
      return {
        kind: 'market-data',
        ...common,
        baseline: rate(
          c.marketDataUpdatesPerSecond,
          `capacity.marketDataUpdatesPerSecond ${fmt(c.marketDataUpdatesPerSecond)}/s`,
          'updates/s',
        ),
        options: {
          subscribers: get('subscribers', d.subscribers),
          scaleWithStep: get('scaleWithStep', d.scaleWithStep),
          instrumentsPerSubscriber: get('instrumentsPerSubscriber', d.instrumentsPerSubscriber),
          zipfExponent: get('zipfExponent', d.zipfExponent),
          channels: [...get<readonly ('book' | 'trades')[]>('channels', d.channels)],
          timeoutMs,
        },
      };
    }
    case 'registrations': {
      const d = DEFAULT_OPTIONS.registrations;
      const derived = (c.registrationsPerDay / SECONDS_PER_DAY) * c.registrationPeakFactor;
      const how = `${fmt(c.registrationsPerDay)} registrations/day ÷ 86,400 s × peak-hour factor ${fmt(c.registrationPeakFactor)}`;
      return {
        kind: 'registrations',
        ...common,
        baseline: rate(derived, how, 'registrations/s'),
        options: {
          usernamePrefix: get('usernamePrefix', d.usernamePrefix),
          passwordLength: get('passwordLength', d.passwordLength),
          timeoutMs,
        },
      };
    }
    case 'logins': {
      const d = DEFAULT_OPTIONS.logins;
      const lifetime = seconds(get('sessionLifetime', d.sessionLifetime));
      const how = `capacity.activeSessions ${fmt(c.activeSessions)} ÷ session lifetime ${fmt(lifetime)} s`;
      return {
        kind: 'logins',
        ...common,
        baseline: rate(c.activeSessions / lifetime, how, 'logins/s'),
        options: {
          sessionLifetimeSeconds: lifetime,
          users: get('users', d.users),
          password: get('password', d.password),
          timeoutMs,
        },
      };
    }
    case 'sessions': {
      const d = DEFAULT_OPTIONS.sessions;
      const explicit = input['connections'] as number | undefined;
      const tokens = input['tokens'] as number | undefined;
      return {
        kind: 'sessions',
        ...common,
        baseline: baseline(
          explicit,
          'connections',
          c.concurrentUsers,
          `capacity.concurrentUsers ${fmt(c.concurrentUsers)}`,
          'connections',
          context.loadScale,
        ),
        options: {
          tokens: Math.round((tokens ?? c.activeSessions) * context.loadScale),
          heartbeatSeconds: seconds(get('heartbeat', d.heartbeat)),
          sourceAddresses: [...get<readonly string[]>('sourceAddresses', d.sourceAddresses)],
          maxConnectionsPerProcess: get('maxConnectionsPerProcess', d.maxConnectionsPerProcess),
          connectRatePerSecond: get('connectRatePerSecond', d.connectRatePerSecond),
          timeoutMs,
        },
      };
    }
    case 'http': {
      const d = DEFAULT_OPTIONS.http;
      const body = get<unknown>('body', d.body);
      return {
        kind: 'http',
        ...common,
        baseline: baseline(input.ratePerSecond, 'ratePerSecond', 0, '', 'requests/s', context.loadScale),
        options: {
          method: get('method', d.method),
          url: get('url', ''),
          headers: { ...get<Record<string, string>>('headers', d.headers) },
          // A mapping is sent as JSON; its strings may hold template fields.
          body: body === null || typeof body === 'string' ? body : JSON.stringify(body),
          connections: get('connections', d.connections),
          expectStatus: [...get<readonly number[]>('expectStatus', d.expectStatus)],
          timeoutMs,
        },
      };
    }
  }
}

function resolveSlo(input: SloInput | undefined, kind: WorkloadInput['kind']): Slo {
  const d = DEFAULT_SLO[kind];
  const p99 = input?.p99 ?? d.p99;
  return {
    // A bare number is milliseconds here (latency), unlike plan durations (seconds).
    p99Ms: typeof p99 === 'number' ? p99 : seconds(p99) * 1000,
    errorBudget: fraction(input?.errorBudget ?? d.errorBudget),
    minAchievedRatio: fraction(input?.minAchievedRatio ?? d.minAchievedRatio),
    gate: input?.gate ?? true,
  };
}

function baseline(
  explicit: number | undefined,
  field: string,
  derived: number,
  derivation: string,
  unit: string,
  scale: number,
): WorkloadBaseline {
  const scaled = scale === 1 ? '' : ` × load scale ${fmt(scale)}`;
  const value = (explicit ?? derived) * scale;
  const how = explicit === undefined ? derivation : `${field} ${fmt(explicit)} in the plan`;
  return {
    value: unit === 'connections' ? Math.round(value) : value,
    unit,
    explanation: `${how}${scaled} = ${fmt(value)} ${unit}`,
  };
}

/** Only called on validated input, where durations and fractions parse. */
export function seconds(value: string | number): number {
  const parsed = parseDuration(value);
  if (!parsed.ok) throw new Error(`unvalidated duration reached resolution: ${parsed.message}`);
  return parsed.value;
}

function fraction(value: string | number): number {
  const parsed = parseFraction(value);
  if (!parsed.ok) throw new Error(`unvalidated fraction reached resolution: ${parsed.message}`);
  return parsed.value;
}

/** 2,000 · 0.0579 · 27.78: grouped thousands, four significant digits below 1,000. */
export function fmt(value: number): string {
  if (Math.abs(value) >= 1000 || Number.isInteger(value)) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(4)));
}
