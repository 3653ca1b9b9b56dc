import { OrderNode } from './order-node.js';

/**
 * Every order node the engine has made, numbered: a node's handle is its index here, so
 * the indexes can file handles (integers, in typed arrays) instead of pointers. Nodes
 * that leave the book are pooled and reused, newest first, since a node just released
 * is still in cache.
 *
 * The pool starts with as many nodes as the engine expects live orders. A node made
 * while trading is young to the garbage collector and lives on, so every young-generation
 * collection has to copy it and every older object that points at it; with the nodes made
 * up front, trading allocates only short-lived results, which die young at no cost.
 */
export class OrderNodes {
  private readonly all: OrderNode[] = [];
  private readonly free: OrderNode[] = [];

  constructor(preallocate: number) {
    for (let i = 0; i < preallocate; i++) this.free.push(this.make());
    this.free.reverse(); // handle 0 is taken first
  }

  /** A node off the pool, or a new one. Its fields are the last user's: set them all. */
  take(): OrderNode {
    const pooled = this.free.pop();
    return pooled ?? this.make();
  }

  /** Returns a node to the pool; it must not be used until taken again. */
  release(node: OrderNode): void {
    this.free.push(node);
  }

  at(handle: number): OrderNode {
    return this.all[handle];
  }

  private make(): OrderNode {
    const node = new OrderNode(this.all.length);
    this.all.push(node);
    return node;
  }
}
