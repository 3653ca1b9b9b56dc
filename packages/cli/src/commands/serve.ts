import { Flags } from '@oclif/core';
import {
  relaunchWithThreadpoolSize,
  serveReferenceSystem,
  type SystemOptions,
} from '@headroom/reference-system';

import { BaseCommand } from '../base-command.js';

export default class Serve extends BaseCommand<typeof Serve> {
  static override summary = 'Run the bundled reference trading system until Ctrl-C.';

  static override description = `Starts the reference trading system on its own: REST order entry, the /v1/stream WebSocket, accounts and sessions, the durable order journal and the database. The wire protocol is in packages/reference-system/PROTOCOL.md.

Without --data-dir the system runs in a fresh temporary directory that is removed when it stops; pass --data-dir to keep books, users and sessions across restarts (the journal is replayed on start).

SIGINT/SIGTERM shut it down gracefully: stop accepting, acknowledge orders in flight, close streams, flush the journal, close the database. A second signal exits at once.`;

  static override examples = [
    {
      description: 'Serve on a free loopback port and print the URL',
      command: '<%= config.bin %> <%= command.id %>',
    },
    {
      description: 'Keep data across restarts, 50,000 instruments, fixtures enabled',
      command:
        '<%= config.bin %> <%= command.id %> --data-dir ./.headroom/data --instruments 50000 --admin-token s3cret-token',
    },
    {
      description:
        'Four matching shards (worker threads), 8 libuv threads for hashes and the journal, 5 ms market-data batches',
      command: '<%= config.bin %> <%= command.id %> --shards 4 --hash-pool-size 8 --md-batch-interval 5',
    },
    {
      description: 'For a parent process: one JSON line with the URL once listening',
      command: '<%= config.bin %> <%= command.id %> --port 0 --json',
    },
  ];

  static override flags = {
    host: Flags.string({ description: 'Address to listen on.', default: '127.0.0.1' }),
    port: Flags.integer({
      description: 'Port to listen on; 0 picks a free one (the URL is printed).',
      default: 0,
      min: 0,
      max: 65535,
    }),
    'data-dir': Flags.string({
      description:
        'Directory for the order journal and the SQLite database. [default: a fresh temporary directory, removed on exit]',
    }),
    instruments: Flags.integer({
      description: 'Number of generated instruments (SYM00001…).',
      default: 5000,
      min: 1,
      max: 100_000,
    }),
    fsync: Flags.option({
      description:
        'When the journal forces orders to disk: always (acknowledge after fsync), batch (fsync every --fsync-interval ms), off.',
      options: ['always', 'batch', 'off'] as const,
      default: 'always' as const,
    })(),
    'fsync-interval': Flags.integer({
      description: 'Milliseconds between fsyncs under --fsync batch.',
      default: 10,
      min: 1,
    }),
    'database-url': Flags.string({
      description: 'postgres://… to keep users, sessions and instruments in PostgreSQL instead of SQLite.',
      env: 'HEADROOM_DATABASE_URL',
    }),
    'hash-cost': Flags.integer({
      description: 'scrypt cost N for password hashes (a power of two).',
      default: 16384,
      min: 2,
    }),
    'admin-token': Flags.string({
      description:
        'Enables POST /v1/admin/fixtures for callers that send this token. [default: admin API disabled]',
      env: 'HEADROOM_ADMIN_TOKEN',
    }),
    shards: Flags.integer({
      description:
        'Matching engines. 1: the monolith, matching on the gateway event loop (the first thing to saturate); N: N worker threads partitioned by instrument.',
      default: 1,
      min: 1,
      max: 64,
    }),
    'session-store': Flags.option({
      description:
        'memory: sessions held in memory; database: every authenticated request reads its session from SQLite (the stateful-session / single-database bottleneck).',
      options: ['memory', 'database'] as const,
      default: 'memory' as const,
    })(),
    'database-pool-size': Flags.integer({
      description: 'PostgreSQL connections; 1 makes a single database writer (SQLite always has one).',
      default: 4,
      min: 1,
    }),
    'hash-pool-size': Flags.integer({
      description:
        'libuv threads for scrypt hashes and journal writes (UV_THREADPOOL_SIZE). The pool size is fixed when a process starts, so a value other than the current one serves from a child process started with it. [default: UV_THREADPOOL_SIZE or 4]',
      min: 1,
      max: 1024,
    }),
    'md-batch-interval': Flags.integer({
      description:
        'Milliseconds market-data events wait to be sent together: 0 sends every event-loop turn; more means fewer frames and less fan-out CPU, at that much added latency.',
      default: 0,
      min: 0,
    }),
    json: Flags.boolean({
      description: 'Print {"event":"listening","url":…,"pid":…} as one JSON line on stdout when ready.',
      default: false,
    }),
  };

  public async run(): Promise<void> {
    const flags = this.flags;
    if (flags['hash-pool-size'] !== undefined) {
      const exitCode = await relaunchWithThreadpoolSize(flags['hash-pool-size']);
      if (exitCode !== null) this.exit(exitCode);
    }
    const options: SystemOptions = {
      host: flags.host,
      port: flags.port,
      instruments: flags.instruments,
      fsync: flags.fsync,
      fsyncIntervalMs: flags['fsync-interval'],
      hashCost: { N: flags['hash-cost'] },
      shards: flags.shards,
      sessionStore: flags['session-store'],
      databasePoolSize: flags['database-pool-size'],
      marketData: { batchIntervalMs: flags['md-batch-interval'] },
      ...(flags['data-dir'] === undefined ? {} : { dataDir: flags['data-dir'] }),
      ...(flags['database-url'] === undefined ? {} : { databaseUrl: flags['database-url'] }),
      ...(flags['admin-token'] === undefined ? {} : { adminToken: flags['admin-token'] }),
    };
    await serveReferenceSystem(options, {
      log: (message) => this.note(message),
      onListening: (system) => {
        if (flags.json) {
          process.stdout.write(
            `${JSON.stringify({ event: 'listening', url: system.url, pid: process.pid })}\n`,
          );
        } else {
          process.stdout.write(
            `headroom reference system listening on ${system.url}\n` +
              `  data: ${system.config.dataDir}${system.config.ephemeralDataDir ? ' (temporary)' : ''}, ` +
              `fsync: ${system.config.fsync}, instruments: ${system.config.instruments}, ` +
              `database: ${system.config.databaseUrl === null ? 'SQLite' : 'PostgreSQL'}, ` +
              `admin API: ${system.config.adminToken === null ? 'off' : 'on'}\n` +
              `  shards: ${system.config.shards}, sessions: ${system.config.sessionStore}, ` +
              `hash pool: ${system.config.hashPoolSize} threads, ` +
              `market-data batching: ${system.config.marketData.batchIntervalMs} ms; metrics on ${system.url}/metrics\n` +
              `  Ctrl-C to stop.\n`,
          );
        }
      },
      onShutdown: (reason) => this.note(`${reason}: shutting down (a second signal exits at once)`),
    });
  }
}
