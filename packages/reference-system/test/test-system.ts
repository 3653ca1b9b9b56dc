/**
 * Test support: the real reference system on an ephemeral loopback port with a temporary
 * data directory (real SQLite, real journal), plus a small HTTP and WebSocket client.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { WebSocket } from 'ws';

import { resolveSystemConfig, type SystemOptions } from '../src/config/resolve-system-config.js';
import {
  startReferenceSystem,
  type RunningSystem,
  type StartHooks,
} from '../src/system/start-reference-system.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
/** scrypt cost low enough for tests (≈1 ms a hash) — production default is N=16384. */
export const TEST_HASH_COST = { N: 1024, r: 8, p: 1 };

/** JSON as it came off the wire: tests assert its shape field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Wire = any;

export interface HttpResult {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: Wire;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as-is instead of JSON-encoding `body`. */
  rawBody?: string | Uint8Array;
  token?: string;
  headers?: Record<string, string>;
}

export class TestSystem {
  private constructor(
    readonly system: RunningSystem,
    readonly dataDir: string,
    private readonly ownsDir: boolean,
  ) {}

  static async start(options: SystemOptions = {}, hooks: StartHooks = {}): Promise<TestSystem> {
    const ownsDir = options.dataDir === undefined;
    const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'headroom-rs-test-')));
    const config = resolveSystemConfig({
      instruments: 20,
      hashCost: TEST_HASH_COST,
      adminToken: ADMIN_TOKEN,
      ...options,
      dataDir,
    });
    return new TestSystem(await startReferenceSystem(config, hooks), dataDir, ownsDir);
  }

  get url(): string {
    return this.system.url;
  }

  get wsUrl(): string {
    return `${this.system.url.replace(/^http/, 'ws')}/v1/stream`;
  }

  async close(): Promise<void> {
    await this.system.close();
    if (this.ownsDir) await rm(this.dataDir, { recursive: true, force: true });
  }

  request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResult> {
    return httpRequest(this.url, method, path, options);
  }

  /** Users with one session each, through the admin fixtures route. */
  async users(
    count: number,
    prefix?: string,
  ): Promise<{ userId: number; username: string; token: string }[]> {
    const res = await this.request('POST', '/v1/admin/fixtures', {
      headers: { 'x-admin-token': ADMIN_TOKEN },
      body: { users: count, ...(prefix === undefined ? {} : { usernamePrefix: prefix }) },
    });
    if (res.status !== 201) throw new Error(`fixtures failed: ${res.status} ${JSON.stringify(res.body)}`);
    const body = res.body as {
      users: { userId: number; username: string }[];
      sessions: { token: string; userId: number }[];
    };
    return body.users.map((u, i) => ({ ...u, token: body.sessions[i].token }));
  }
}

export async function httpRequest(
  base: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Uint8Array | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && headers['content-type'] === undefined)
    headers['content-type'] = 'application/json';
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${base}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** A WebSocket client that records every message it receives. */
export class TestStream {
  readonly messages: Wire[] = [];
  closeCode: number | null = null;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : (data as Buffer).toString('utf8');
      const value = JSON.parse(text) as unknown;
      for (const message of Array.isArray(value) ? value : [value]) this.messages.push(message);
      this.wake();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static async open(url: string, token?: string): Promise<TestStream> {
    const socket = new WebSocket(
      url,
      token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
    );
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused: ${res.statusCode}`)),
      );
    });
    return new TestStream(socket);
  }

  send(message: unknown): void {
    this.socket.send(
      typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message),
    );
  }

  /** The first message (from `from` on) that satisfies `match`; rejects after `timeoutMs`. */
  async next(match: (m: Wire) => boolean, timeoutMs = 5000, from = 0): Promise<Wire> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves with the close code once the server closed the connection. */
  async closed(timeoutMs = 5000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.closeCode === null) {
      if (Date.now() > deadline) throw new Error('connection still open');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.closeCode;
  }

  close(): void {
    this.socket.close();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
