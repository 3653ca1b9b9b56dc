import { OrderNode } from './order-node.js';

/**
 * Every order node the engine has made, numbered: a node's handle is its index here, so
 * the indexes can file handles (integers, in typed arrays) instead of pointers. Nodes
 * that leave the book are pooled and reused, newest first, since a node just released
 * is still in cache.
 */
export class OrderNodes {
  private readonly all: OrderNode[] = [];
  private readonly free: OrderNode[] = [];

  /** A node off the pool, or a new one. Its fields are the last user's: set them all. */
  take(): OrderNode {
    const pooled = this.free.pop();
    if (pooled !== undefined) return pooled;
    const node = new OrderNode(this.all.length);
    this.all.push(node);
    return node;
  }

  /** Returns a node to the pool; it must not be used until taken again. */
  release(node: OrderNode): void {
    this.free.push(node);
  }

  at(handle: number): OrderNode {
    return this.all[handle];
  }
}
