import { describe, expect, it } from 'vitest';
import { ClientOrderIndex } from './client-order-index.js';
import { IdIndex } from './id-index.js';
import type { OrderNode } from './order-node.js';
import { OrderNodes } from './order-nodes.js';
import { mulberry32 } from '../prng.js';

/** Every test node comes from one slab, which the indexes read nodes back from. */
const nodes = new OrderNodes(0);

/** A node carrying just what the indexes read. */
function node(orderId: number, ownerId = 1, clientOrderId = `c${orderId}`): OrderNode {
  const n = nodes.take();
  n.orderId = orderId;
  n.ownerId = ownerId;
  n.clientOrderId = clientOrderId;
  n.clientTag = ClientOrderIndex.tag(ownerId, clientOrderId);
  return n;
}

describe('IdIndex', () => {
  it('agrees with a Map through growth, deletions and gappy, huge and bogus ids', () => {
    const random = mulberry32(11);
    const index = new IdIndex(4); // starts tiny so it grows many times
    const model = new Map<number, OrderNode>();
    const ids: number[] = []; // live ids, oldest first (roughly: removal swaps the last in)
    let next = 1;
    for (let step = 0; step < 60_000; step++) {
      if (random() < 0.55 || ids.length === 0) {
        // Mostly sequential, sometimes a jump (caller-supplied ids), sometimes past 2^32.
        next += random() < 0.01 ? 2 ** 32 + Math.floor(random() * 1000) : 1 + Math.floor(random() * 3);
        const n = node(next);
        index.add(n);
        model.set(next, n);
        ids.push(next);
      } else {
        const back =
          random() < 0.7
            ? Math.floor(random() * Math.min(50, ids.length))
            : Math.floor(random() * ids.length);
        const k = ids.length - 1 - back;
        const id = ids[k];
        ids[k] = ids[ids.length - 1];
        ids.pop();
        if (!index.delete(model.get(id)!) || index.get(id) !== undefined)
          expect.fail(`step ${step}: delete ${id}`);
        model.delete(id);
      }
      if (step % 500 === 0) {
        const wrong = [...model].filter(([id, n]) => index.get(id) !== n).map(([id]) => id);
        expect(wrong, `step ${step}`).toEqual([]);
      }
    }
    expect(index.size).toBe(model.size);
    for (const bogus of [0, -1, 0.5, NaN, Infinity, next + 1]) expect(index.get(bogus)).toBeUndefined();
    expect(index.delete(node(next + 1))).toBe(false); // absent orders are ignored
    expect(index.size).toBe(model.size);
  });
});

describe('ClientOrderIndex', () => {
  it('finds live (owner, client order id) pairs only, through growth and deletions', () => {
    const random = mulberry32(12);
    const index = new ClientOrderIndex(4, nodes);
    const live = new Map<string, OrderNode>();
    for (let step = 0; step < 30_000; step++) {
      const owner = 1 + Math.floor(random() * 5);
      const clientOrderId = `k${Math.floor(random() * 2000)}`;
      const key = `${owner}/${clientOrderId}`;
      const tag = ClientOrderIndex.tag(owner, clientOrderId);
      if (index.has(owner, clientOrderId, tag) !== live.has(key)) expect.fail(`step ${step}: has ${key}`);
      if (live.has(key)) {
        const n = live.get(key)!;
        if (!index.delete(n)) expect.fail(`step ${step}: delete ${key}`);
        live.delete(key);
      } else {
        const n = node(step + 1, owner, clientOrderId);
        index.add(n);
        live.set(key, n);
      }
    }
    expect(index.size).toBe(live.size);
    // Same client order id under another owner is a different key.
    const n = node(1, 1, 'same');
    index.add(n);
    expect(index.has(2, 'same', ClientOrderIndex.tag(2, 'same'))).toBe(false);
    expect(index.delete(node(2, 1, 'same'))).toBe(false); // only that very order
  });
});
