/**
 * Says what limited the connections a sessions step held, from the failures counted by
 * code. A step that holds fewer connections than its target is a finding, and the reader
 * must be able to tell "the server refused connections beyond N (its open-file limit)"
 * from "the generator ran out of descriptors" and "the source addresses ran out of
 * ports" — only the first is about the system under test. Pure.
 */

export interface LimitInput {
  readonly target: number;
  /** held at the end of the measured window */
  readonly held: number;
  /** held once opening had settled */
  readonly heldAfterOpening: number;
  /** open failures by code */
  readonly openFailures: Readonly<Record<string, number>>;
  /** held connections the target closed, by `CLOSED_<code>` */
  readonly disconnectsInWindow: Readonly<Record<string, number>>;
  readonly disconnectsBeforeWindow: Readonly<Record<string, number>>;
  readonly processes: number;
  readonly sourceAddresses: number;
  readonly timeoutMs: number;
  /** descriptors one generator process may hold; null when unknown */
  readonly generatorOpenFileLimit: number | null;
  /** the target's own figures, when it exports them */
  readonly serverMaxFds: number | null;
  /** connections the target says it dropped at its limit during opening; null when unknown */
  readonly serverDropped: number | null;
}

type Cause =
  | 'server-closed'
  | 'refused'
  | 'generator-fds'
  | 'source-ports'
  | 'auth'
  | 'http'
  | 'timeout'
  | 'exited'
  | 'other';

const CAUSE_OF: Readonly<Record<string, Cause>> = {
  ECONNRESET: 'server-closed',
  EPIPE: 'server-closed',
  CLOSED_1006: 'server-closed',
  ECONNREFUSED: 'refused',
  EMFILE: 'generator-fds',
  ENFILE: 'generator-fds',
  EADDRNOTAVAIL: 'source-ports',
  EADDRINUSE: 'source-ports',
  INVALID_TOKEN: 'auth',
  SESSION_EXPIRED: 'auth',
  UNAUTHORIZED: 'auth',
  HTTP_401: 'auth',
  AUTH_UNEXPECTED_ANSWER: 'auth',
  CONNECT_TIMEOUT: 'timeout',
  GENERATOR_EXITED: 'exited',
};

/** Close codes a reader may not know by heart (RFC 6455 §7.4.1 and the reference protocol). */
const CLOSE_MEANING: Readonly<Record<string, string>> = {
  CLOSED_1000: 'normal closure',
  CLOSED_1001: 'the server is going away (shutting down)',
  CLOSED_1006: 'dropped without a close frame',
  CLOSED_1008: 'policy violation',
  CLOSED_1011: 'server error',
  CLOSED_4008: 'slow consumer',
};

export function causeOf(code: string): Cause {
  return CAUSE_OF[code] ?? (code.startsWith('HTTP_') ? 'http' : 'other');
}

export function explainSessionsLimit(input: LimitInput): string[] {
  const { target, held, heldAfterOpening } = input;
  const byCause = new Map<Cause, [string, number][]>();
  for (const [code, n] of Object.entries(input.openFailures)) {
    if (n <= 0) continue;
    const cause = causeOf(code);
    byCause.set(cause, [...(byCause.get(cause) ?? []), [code, n]]);
  }
  const total = (cause: Cause): number => (byCause.get(cause) ?? []).reduce((s, [, n]) => s + n, 0);
  const codes = (cause: Cause): string => list(byCause.get(cause) ?? []);
  const ranked = [...byCause.keys()].sort((a, b) => total(b) - total(a));

  const details: string[] = [];
  for (const cause of ranked) {
    const n = fmt(total(cause));
    switch (cause) {
      case 'server-closed': {
        const fds =
          input.serverMaxFds === null
            ? ''
            : `; its open-file limit is ${fmt(input.serverMaxFds)} descriptors`;
        const dropped =
          input.serverDropped === null || input.serverDropped <= 0
            ? ''
            : `; the target itself counted ${fmt(input.serverDropped)} connections dropped at its connection limit`;
        details.push(
          `server refused/closed connections beyond ${fmt(heldAfterOpening)} (its open-file / connection limit): ` +
            `it closed ${n} connections right after accepting them, before the WebSocket handshake (${codes(cause)})${fds}${dropped}. ` +
            `One process holds at most its open-file limit of connections; more take several server processes.`,
        );
        break;
      }
      case 'refused':
        details.push(
          `the target refused ${n} connections (${codes(cause)}): nothing was listening, or its accept backlog was full.`,
        );
        break;
      case 'generator-fds':
        details.push(
          `generator process limit: ${n} connections failed because a generator process ran out of file descriptors ` +
            `(${codes(cause)}${input.generatorOpenFileLimit === null ? '' : `, open-file limit ${fmt(input.generatorOpenFileLimit)}`}); ` +
            `lower maxConnectionsPerProcess so more processes share the connections.`,
        );
        break;
      case 'source-ports':
        details.push(
          `source ports: ${n} connections found no free local port on ${input.sourceAddresses} source address(es) ` +
            `(${codes(cause)}); add sourceAddresses (each gives one ephemeral port range).`,
        );
        break;
      case 'auth':
        details.push(`the target rejected ${n} session tokens (${codes(cause)}).`);
        break;
      case 'http':
        details.push(`the target answered ${n} WebSocket upgrades with an HTTP error (${codes(cause)}).`);
        break;
      case 'timeout':
        details.push(
          `${n} connections were not open and authenticated within ${fmt(input.timeoutMs)} ms (${codes(cause)}): the target accepted or answered too slowly.`,
        );
        break;
      case 'exited':
        details.push(`${n} connections were lost with a generator process that exited (${codes(cause)}).`);
        break;
      case 'other':
        details.push(`${n} connections failed to open (${codes(cause)}).`);
        break;
    }
  }
  const dropsBefore = sum(input.disconnectsBeforeWindow);
  if (dropsBefore > 0) {
    details.push(
      `the target closed ${fmt(dropsBefore)} held connections before the measured window (${closeList(input.disconnectsBeforeWindow)}).`,
    );
  }
  const dropsDuring = sum(input.disconnectsInWindow);
  if (dropsDuring > 0) {
    details.push(
      `the target closed ${fmt(dropsDuring)} held connections during the measured window (${closeList(input.disconnectsInWindow)}).`,
    );
  }

  const where = `over ${input.sourceAddresses} source address(es) in ${input.processes} generator process(es)`;
  if (held >= target && details.length === 0) return [`Held all ${fmt(target)} connections ${where}.`];
  const limitedBy =
    ranked[0] !== undefined
      ? LABEL[ranked[0]]
      : dropsDuring + dropsBefore > 0
        ? 'the target closing held connections'
        : 'nothing counted';
  const summary =
    held >= target
      ? `Held all ${fmt(target)} connections ${where}, with failures along the way.`
      : `Held ${fmt(held)} of ${fmt(target)} connections ${where}; limited by ${limitedBy}.`;
  return [summary, ...details];
}

const LABEL: Readonly<Record<Cause, string>> = {
  'server-closed': 'the server (it refused/closed connections beyond its limit)',
  refused: 'the target refusing connections',
  'generator-fds': 'the generator process limit (open files)',
  'source-ports': 'source ports',
  auth: 'session tokens the target rejected',
  http: 'HTTP errors on the WebSocket upgrade',
  timeout: 'connect timeouts',
  exited: 'a generator process that exited',
  other: 'connection failures',
};

function list(entries: readonly [string, number][]): string {
  return [...entries]
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ×${fmt(n)}`)
    .join(', ');
}

function closeList(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(
      ([code, n]) =>
        `${code} ×${fmt(n)}${CLOSE_MEANING[code] === undefined ? '' : ` = ${CLOSE_MEANING[code]}`}`,
    )
    .join(', ');
}

function sum(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
