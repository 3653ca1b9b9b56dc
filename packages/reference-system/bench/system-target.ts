/**
 * The system under test for `bench:system`: the reference system served by a child process
 * (bench/system-serve-child.ts), so the load generator and the service do not share an event
 * loop, plus the few HTTP calls the benchmark needs (fixtures, instruments, /metrics).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ADMIN_TOKEN = 'bench-admin-token-0123456789';

export interface BenchInstrument {
  readonly symbol: string;
  readonly tickSize: number;
  readonly lotSize: number;
  readonly referencePrice: number;
}

export interface ServedTarget {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts the service in a child process with these SystemOptions; resolves once it listens. */
export async function serveTarget(
  options: Record<string, unknown>,
  timeoutMs = 60_000,
): Promise<ServedTarget> {
  const entry = fileURLToPath(new URL('./system-serve-child.js', import.meta.url));
  const child = spawn(process.execPath, [entry, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the service did not listen within ${timeoutMs} ms`)),
      timeoutMs,
    );
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const line = buffered.split('\n').find((l) => l.startsWith('{'));
      if (line === undefined) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`the service exited with code ${code} before listening`)));
  });
  return { url, pid: child.pid!, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, init);
  const body = (await response.json()) as T;
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** `count` users with one session token each, through the admin fixtures route. */
export async function fixtureTokens(url: string, count: number): Promise<string[]> {
  const body = await json<{ sessions: { token: string }[] }>(`${url}/v1/admin/fixtures`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-admin-token': ADMIN_TOKEN },
    body: JSON.stringify({ users: count, usernamePrefix: `bench${Date.now()}` }),
  });
  return body.sessions.map((s) => s.token);
}

export async function listInstruments(url: string, limit: number): Promise<BenchInstrument[]> {
  const body = await json<{ instruments: BenchInstrument[] }>(
    `${url}/v1/instruments?offset=0&limit=${limit}`,
  );
  return body.instruments;
}

/** Prometheus text → `name{labels}` → value. */
export async function scrape(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

export interface ResourceUse {
  readonly resource: string;
  readonly servers: number;
  /** busy seconds / (servers × wall seconds) between the two scrapes */
  readonly utilisation: number;
}

/** Utilisation of every contract resource between two scrapes `wallSeconds` apart. */
export function utilisation(
  before: Map<string, number>,
  after: Map<string, number>,
  wallSeconds: number,
): ResourceUse[] {
  const uses: ResourceUse[] = [];
  for (const [key, value] of after) {
    const match = /^headroom_resource_busy_seconds_total\{resource="([^"]+)"\}$/.exec(key);
    if (!match) continue;
    const resource = match[1];
    const servers = after.get(`headroom_resource_servers{resource="${resource}"}`) ?? 1;
    const busy = value - (before.get(key) ?? 0);
    uses.push({ resource, servers, utilisation: busy / (servers * wallSeconds) });
  }
  return uses.sort((a, b) => b.utilisation - a.utilisation);
}

/** `headroom_work_completed_total{work=…}` difference between two scrapes. */
export function workDone(before: Map<string, number>, after: Map<string, number>, work: string): number {
  const key = `headroom_work_completed_total{work="${work}"}`;
  return (after.get(key) ?? 0) - (before.get(key) ?? 0);
}
