/**
 * The shard that owns `symbol`: FNV-1a (32-bit) of its UTF-16 code units, modulo `shards`.
 * A hash rather than contiguous ranges so that popular instruments (workloads draw symbols with
 * Zipf popularity) spread over the shards; stable across runs, processes and platforms, so a
 * symbol's shard never depends on the instrument list.
 */
export function shardOf(symbol: string, shards: number): number {
  if (shards <= 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < symbol.length; i++) {
    hash ^= symbol.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}
