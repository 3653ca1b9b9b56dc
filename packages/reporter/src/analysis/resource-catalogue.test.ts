import { describe, expect, it } from 'vitest';

import { classifyResource } from './resource-catalogue.js';

describe('classifyResource', () => {
  it.each([
    ['gateway_event_loop', 'event-loop', false],
    ['matching_shard_0', 'matching', false],
    ['matching_shard_12', 'matching', false],
    ['journal_writer', 'journal', true],
    ['db_writer', 'database-writer', true],
    ['db_pool_wait', 'database-pool', true],
    ['db_reader', 'database-reader', true],
    ['hash_pool', 'hashing', false],
    ['md_fanout', 'fan-out', false],
    ['session_store', 'session-store', true],
    ['process_cpu', 'cpu', false],
    ['feedback_queue', 'unknown', false],
  ] as const)('%s is %s (shared: %s)', (name, family, shared) => {
    const kind = classifyResource(name);
    expect(kind.family).toBe(family);
    expect(kind.shared).toBe(shared);
  });
});
