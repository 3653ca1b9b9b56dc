import { hashString, mixHash } from './hash.js';
import type { OrderNode } from './order-node.js';
import type { OrderNodes } from './order-nodes.js';
import { TagTable } from './tag-table.js';

/**
 * Live orders by (owner, client order id): the duplicate check. A TagTable (see there for
 * the layout and why) of (hash of the key, node handle). The usual lookup, of a client
 * order id that is not there, reads one cache line of the table and touches no order and
 * no string; owner and client order id are compared only when the tag matches.
 */
export class ClientOrderIndex {
  private readonly table: TagTable;

  /** `capacity`: how many entries to hold before the first resize. */
  constructor(
    capacity: number,
    private readonly nodes: OrderNodes,
  ) {
    this.table = new TagTable(capacity);
  }

  /** The tag an order's (owner, client order id) is filed under; kept on the node. */
  static tag(ownerId: number, clientOrderId: string): number {
    return mixHash(ownerId, hashString(clientOrderId)) || 1;
  }

  get size(): number {
    return this.table.size;
  }

  has(ownerId: number, clientOrderId: string, tag: number): boolean {
    const table = this.table;
    for (let slot = table.find(tag); slot !== -1; slot = table.next(slot, tag)) {
      const order = this.nodes.at(table.handleAt(slot));
      if (order.ownerId === ownerId && order.clientOrderId === clientOrderId) return true;
    }
    return false;
  }

  /** Files a live order under `order.clientTag` (its key is not filed yet). */
  add(order: OrderNode): void {
    this.table.insert(order.clientTag, order.handle);
  }

  /** Removes this very order; false if it is not filed. */
  delete(order: OrderNode): boolean {
    return this.table.remove(order.clientTag, order.handle);
  }
}
