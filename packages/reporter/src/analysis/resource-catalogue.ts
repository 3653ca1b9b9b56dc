/**
 * What a resource name means, for advice: which family of limit it is (DESIGN §2 lists
 * them) and whether adding instances of the system splits it or all instances share it.
 * Names follow the reference system's `headroom_resource_busy_seconds_total{resource=…}`;
 * other targets' names fall back to 'unknown' and get generic advice.
 */

export type ResourceFamily =
  | 'event-loop'
  | 'matching'
  | 'journal'
  | 'database-writer'
  | 'database-reader'
  | 'database-pool'
  | 'hashing'
  | 'fan-out'
  | 'session-store'
  | 'cpu'
  | 'unknown';

export interface ResourceKind {
  readonly family: ResourceFamily;
  /** true when every instance of the system uses the same one (scale-out does not split it) */
  readonly shared: boolean;
  /** What it is, for a reader who does not know the system. */
  readonly description: string;
}

const RULES: readonly { match: RegExp; kind: ResourceKind }[] = [
  {
    match: /^matching(_shard)?_?\d*$|matching/,
    kind: { family: 'matching', shared: false, description: 'a matching-engine shard thread' },
  },
  {
    match: /event_loop|gateway/,
    kind: { family: 'event-loop', shared: false, description: 'a single-threaded event loop' },
  },
  {
    match: /journal|wal|log_writer/,
    kind: { family: 'journal', shared: true, description: 'the durable journal writer' },
  },
  {
    match: /(^|_)db_pool|pool_wait|connection_pool/,
    kind: { family: 'database-pool', shared: true, description: 'the database connection pool' },
  },
  {
    match: /(^|_)db_read|replica/,
    kind: { family: 'database-reader', shared: true, description: 'database reads' },
  },
  {
    match: /(^|_)db(_|$)|database|sql|store_writer/,
    kind: { family: 'database-writer', shared: true, description: 'the database writer' },
  },
  {
    match: /hash|bcrypt|scrypt|argon/,
    kind: { family: 'hashing', shared: false, description: 'the password-hashing pool' },
  },
  {
    match: /fanout|fan_out|(^|_)md(_|$)|market_data|broadcast/,
    kind: { family: 'fan-out', shared: false, description: 'market-data fan-out' },
  },
  { match: /session/, kind: { family: 'session-store', shared: true, description: 'the session store' } },
  {
    match: /^process_cpu$|cpu/,
    kind: { family: 'cpu', shared: false, description: "the target process's CPU" },
  },
];

export function classifyResource(name: string): ResourceKind {
  const lower = name.toLowerCase();
  return (
    RULES.find((r) => r.match.test(lower))?.kind ?? {
      family: 'unknown',
      shared: false,
      description: 'a resource the target reports',
    }
  );
}
