/**
 * HTTP through autocannon, paced by our load loop.
 *
 * autocannon opens and keeps the connections, builds the requests (including
 * `setupRequest` for generated bodies), parses the responses and reconnects. What it does
 * not do is an open model: its `overallRate`/`connectionRate` is a per-second quota that
 * each connection spends back-to-back at the start of every second and forgets when a
 * stall eats it (measured: overallRate 100 on 2 connections sends all 100 requests within
 * ~10 ms of each second). Scheduled work is silently dropped — coordinated omission.
 *
 * So each client's `_doRequest` (autocannon 8, lib/httpClient.js: called once per free
 * pipelining slot when the client connects and after every response) is replaced by a
 * gate that only reports the free slot; the load loop decides when the request goes
 * and calls the original. Per-connection FIFO queues map responses back to operations
 * (HTTP/1.1 answers in order). A response frees its slot at once, before its outcome is
 * booked, so the load loop can send the next request from the same callback (as
 * autocannon itself does); the gate call autocannon makes right after is then skipped.
 * autocannon's own timeout is disabled — it fires on idle connections, which a paced
 * client has — and replaced by a per-operation timeout. These internals are checked when
 * each client is created; a later autocannon without them fails loudly, never silently
 * unpaced.
 */
import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import type { Client, Instance, Options } from 'autocannon';
import { HeadroomError } from '../../errors.js';
import { TIMEOUT_CODE } from '../../measure/latency-recorder.js';
import { NO_CONNECTION, type Operation } from '../../measure/operation.js';
import type { RunLedger } from '../../measure/run-ledger.js';
import { BUILD_FAILED_CODE, errorCodeOf } from '../error-code.js';
import type { LoadTransport } from '../run-load.js';
import type { ResolvedHttpTarget } from './http-options.js';

/** The parts of autocannon 8's Client this transport drives. */
interface ClientInternals {
  _doRequest(): void;
  _connect(): void;
  _resetConnection(): void;
  destroyed: boolean;
}

interface PacedClient {
  readonly client: Client & ClientInternals;
  /** autocannon's own `_doRequest`: writes the next request of this client */
  readonly send: () => void;
  /** operations sent on this connection, oldest first */
  inFlight: Operation[];
  /** pipelining slots free to take an operation */
  free: number;
  /** ms, when a slot last became free */
  readyAt: number;
  /** gate calls to ignore: their slot was already freed when the response arrived */
  skipGate: number;
  /** why the connection is being replaced: fails what it carried */
  replaceReason: string | undefined;
  consecutiveConnectErrors: number;
}

/** s. autocannon's per-client idle timeout, effectively off (setTimeout's limit is 2^31 − 1 ms). */
const AUTOCANNON_TIMEOUT_OFF_S = 2_000_000;
/** ms, reconnect back-off after consecutive connection errors (autocannon retries in a tight loop) */
const RECONNECT_BACKOFF_MS = [0, 10, 50, 200, 1000] as const;
/** ms, autocannon's sample interval: also how soon `stop()` completes */
const SAMPLE_INTERVAL_MS = 100;

export class AutocannonTransport implements LoadTransport {
  private readonly clients: PacedClient[] = [];
  /** clients with a free slot, FIFO so load spreads evenly over connections */
  private readyQueue: PacedClient[] = [];
  private readyHead = 0;
  private ledger: RunLedger | undefined;
  private capacityFreed: (nowMs: number) => void = () => {};
  private readonly connectionErrorCounts = new Map<string, number>();
  private instance: Instance | undefined;
  private timeoutTimer: NodeJS.Timeout | undefined;
  /** resolves with autocannon's error (null/undefined when none) once its clients are gone */
  private finished: Promise<unknown> = Promise.resolve(undefined);
  /** the error code decided by `errorCode(status, body)` for the response being completed */
  private bodyCode: string | undefined;
  private buildFailures = 0;
  private firstBuildError = '';

  constructor(private readonly target: ResolvedHttpTarget) {}

  bind(ledger: RunLedger, capacityFreed: (nowMs: number) => void): void {
    this.ledger = ledger;
    this.capacityFreed = capacityFreed;
    this.start();
  }

  trySend(op: Operation): number {
    while (this.readyHead < this.readyQueue.length) {
      const paced = this.readyQueue[this.readyHead++];
      if (paced.free === 0 || paced.client.destroyed) continue;
      paced.free--;
      this.compactReadyQueue();
      op.sentAt = performance.now();
      paced.inFlight.push(op);
      try {
        paced.send();
      } catch (error) {
        return this.buildFailed(paced, op, error);
      }
      return paced.readyAt;
    }
    return NO_CONNECTION;
  }

  async close(): Promise<void> {
    if (this.timeoutTimer !== undefined) clearInterval(this.timeoutTimer);
    this.instance?.stop();
    const error = await this.finished;
    if (error instanceof Error) {
      throw new HeadroomError('HTTP_DRIVER_FAILED', 'internal', `autocannon failed: ${error.message}`, {
        cause: error,
      });
    }
  }

  connectionErrors(): Record<string, number> {
    return Object.fromEntries(this.connectionErrorCounts);
  }

  measures(): Record<string, number> {
    return {
      connections: this.target.connections,
      pipelining: this.target.pipelining,
      buildFailures: this.buildFailures,
    };
  }

  notes(): string[] {
    return this.buildFailures === 0
      ? []
      : [`The workload could not build ${this.buildFailures} requests: ${this.firstBuildError}`];
  }

  private start(): void {
    const { target } = this;
    const requests = target.requests.map((request) => ({
      ...request,
      onResponse: this.wrapOnResponse(request),
    }));
    const options: Options = {
      url: target.url,
      method: target.method as Options['method'],
      headers: target.headers,
      ...(target.body === undefined ? {} : { body: target.body }),
      requests,
      connections: target.connections,
      pipelining: target.pipelining,
      timeout: AUTOCANNON_TIMEOUT_OFF_S,
      // A safety net only: the run stops autocannon itself.
      duration: AUTOCANNON_TIMEOUT_OFF_S,
      sampleInt: SAMPLE_INTERVAL_MS,
      setupClient: (client) => this.pace(client),
    };
    // The callback form returns the instance (with stop()); it is called once the clients
    // are destroyed, after stop() or with a setup error. A synchronous throw (a first
    // request that cannot be built) propagates from here and ends the run before it starts.
    let finished: (error: unknown) => void = () => {};
    this.finished = new Promise((resolve) => (finished = resolve));
    this.instance = autocannon(options, (error) => finished(error));
    const checkEveryMs = Math.min(250, Math.max(10, target.timeoutMs / 10));
    this.timeoutTimer = setInterval(() => this.expire(performance.now()), checkEveryMs);
  }

  /** Installs the gate on a new autocannon client (called from its constructor). */
  private pace(client: Client): void {
    const internals = client as Client & ClientInternals;
    for (const method of ['_doRequest', '_connect', '_resetConnection'] as const) {
      if (typeof internals[method] !== 'function') {
        throw new HeadroomError(
          'AUTOCANNON_INCOMPATIBLE',
          'internal',
          `autocannon's Client has no ${method}(); the HTTP driver paces autocannon 8 clients and needs it`,
        );
      }
    }
    const paced: PacedClient = {
      client: internals,
      send: internals._doRequest.bind(internals),
      inFlight: [],
      free: 0,
      readyAt: 0,
      skipGate: 0,
      replaceReason: undefined,
      consecutiveConnectErrors: 0,
    };
    this.clients.push(paced);
    const connect = internals._connect.bind(internals);
    internals._doRequest = () => this.slotFreed(paced);
    internals._connect = () => this.reconnect(paced, connect);
    client.on('response', (status: number) => this.responded(paced, status));
    (client as EventEmitter).on('connError', (error: unknown) => {
      const code = errorCodeOf(error);
      paced.replaceReason = code;
      paced.consecutiveConnectErrors++;
      this.connectionErrorCounts.set(code, (this.connectionErrorCounts.get(code) ?? 0) + 1);
    });
  }

  /**
   * The request could not be built (a `setupRequest` threw): nothing was written, so the
   * slot stays free and the operation fails as BUILD_FAILED instead of taking the run
   * down. The failure is booked after the caller has booked the send.
   */
  private buildFailed(paced: PacedClient, op: Operation, error: unknown): number {
    paced.inFlight.pop();
    this.free(paced, paced.readyAt);
    if (this.buildFailures++ === 0)
      this.firstBuildError = error instanceof Error ? error.message : String(error);
    // setImmediate, not a microtask: a closed-model worker would otherwise rebuild and
    // fail again at once, forever, without letting the window end.
    setImmediate(() => this.ledger?.failed(op, BUILD_FAILED_CODE, performance.now()));
    return paced.readyAt;
  }

  /** autocannon reports a free slot (on connect, and after each response). */
  private slotFreed(paced: PacedClient): void {
    if (paced.skipGate > 0) {
      paced.skipGate--;
      return;
    }
    const now = performance.now();
    this.free(paced, now);
    this.capacityFreed(now);
  }

  private free(paced: PacedClient, now: number): void {
    paced.free++;
    paced.readyAt = now;
    this.readyQueue.push(paced);
  }

  private responded(paced: PacedClient, status: number): void {
    const op = paced.inFlight.shift();
    const code = this.bodyCode ?? (status >= 400 ? `HTTP_${status}` : undefined);
    this.bodyCode = undefined;
    paced.consecutiveConnectErrors = 0;
    const now = performance.now();
    paced.skipGate++;
    this.free(paced, now);
    if (op === undefined || this.ledger === undefined) return;
    // Booking wakes the load loop, which may send on the slot just freed.
    if (code === undefined) this.ledger.succeeded(op, now);
    else this.ledger.failed(op, code, now);
  }

  /**
   * autocannon replaces a connection (error, server closed it, our timeout): what the old
   * one carried will never be answered, so it fails now, with the reason. Reconnects after
   * consecutive connection errors back off instead of spinning.
   */
  private reconnect(paced: PacedClient, connect: () => void): void {
    const orphans = paced.inFlight;
    paced.inFlight = [];
    paced.free = 0;
    paced.skipGate = 0;
    const reason = paced.replaceReason ?? 'CONNECTION_CLOSED';
    paced.replaceReason = undefined;
    if (orphans.length > 0 && this.ledger !== undefined) {
      const now = performance.now();
      for (const op of orphans) this.ledger.failed(op, reason, now);
    }
    const step = Math.min(paced.consecutiveConnectErrors, RECONNECT_BACKOFF_MS.length - 1);
    const delay = RECONNECT_BACKOFF_MS[step];
    if (delay === 0) connect();
    else setTimeout(() => paced.client.destroyed || connect(), delay).unref();
  }

  /** Fails operations unanswered for longer than the timeout, replacing their connection. */
  private expire(now: number): void {
    for (const paced of this.clients) {
      const oldest = paced.inFlight[0];
      if (oldest !== undefined && now - oldest.sentAt > this.target.timeoutMs && !paced.client.destroyed) {
        paced.replaceReason = TIMEOUT_CODE;
        paced.client._resetConnection();
      }
    }
  }

  private wrapOnResponse(request: ResolvedHttpTarget['requests'][number]) {
    const own = typeof request.onResponse === 'function' ? request.onResponse : undefined;
    const errorCode = this.target.errorCode;
    if (errorCode === undefined) return own;
    return (status: number, body: string, context: object, headers: unknown): void => {
      // Runs synchronously just before the client's 'response' event for the same response.
      this.bodyCode = errorCode(status, body);
      own?.(status, body, context, headers as never);
    };
  }

  private compactReadyQueue(): void {
    if (this.readyHead > 1024 && this.readyHead * 2 > this.readyQueue.length) {
      this.readyQueue = this.readyQueue.slice(this.readyHead);
      this.readyHead = 0;
    }
  }
}
