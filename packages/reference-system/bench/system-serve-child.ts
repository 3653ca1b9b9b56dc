/**
 * Child-process entry point of `bench:system`: serves the reference system with the
 * SystemOptions given as JSON in argv[2], prints one JSON line with the URL once listening,
 * and shuts down gracefully on SIGTERM.
 */
import { serveReferenceSystem, type SystemOptions } from '../src/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as SystemOptions;
await serveReferenceSystem(options, {
  onListening: (system) =>
    process.stdout.write(`${JSON.stringify({ event: 'listening', url: system.url })}\n`),
});
