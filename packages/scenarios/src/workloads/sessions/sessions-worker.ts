/**
 * Entry point of one sessions generator process (forked by GeneratorPool). It holds its
 * share of the connections — one process may hold at most its open-file limit — and
 * speaks worker-protocol.ts with the parent over IPC. When the parent goes away (the IPC
 * channel closes), it closes its connections and exits, so no generator outlives its run.
 */
import { SessionGroup } from './session-group.js';
import type { ParentMessage, WorkerMessage } from './worker-protocol.js';

/** ms between progress reports */
const PROGRESS_MS = 1000;

let group: SessionGroup | undefined;
let resultSent = false;
let progressTimer: NodeJS.Timeout | undefined;

function send(message: WorkerMessage): void {
  if (process.connected) process.send?.(message);
}

function sendResult(message: WorkerMessage): void {
  if (resultSent) return;
  resultSent = true;
  send(message);
}

async function shutdown(code: number): Promise<void> {
  clearInterval(progressTimer);
  await group?.close();
  process.exit(code);
}

function fatal(error: unknown): void {
  send({ type: 'fatal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  void shutdown(1);
}

async function onMessage(message: ParentMessage): Promise<void> {
  switch (message.type) {
    case 'start': {
      group = new SessionGroup(message);
      const started = group;
      progressTimer = setInterval(() => send({ type: 'progress', ...started.progress() }), PROGRESS_MS);
      send(await started.open());
      return;
    }
    case 'measure':
      if (group !== undefined) sendResult(await group.measure(message));
      return;
    case 'finish':
      if (group !== undefined) sendResult(group.finish());
      return;
    case 'close':
      await shutdown(0);
      return;
  }
}

process.on('message', (message: ParentMessage) => void onMessage(message).catch(fatal));
process.on('disconnect', () => void shutdown(0));
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

(globalThis as { gc?: () => void }).gc?.();
send({ type: 'ready', rssBytes: process.memoryUsage.rss() });
