/**
 * The resting orders of each order-entry user, so a cancel always names one of the user's
 * own live orders (never someone else's: that is a NOT_OWNER reject, not load). Orders
 * enter on a resting acknowledgement and leave when cancelled or reported fully filled.
 * Picking, adding and removing are O(1): an array per user with swap-removal and an index
 * by order id.
 */
import type { Prng } from '../../random/prng.js';

/** orders tracked per user at most; older ones beyond it stay on the book, uncancelled */
const MAX_PER_USER = 50_000;

export class LiveOrders {
  private readonly lists: number[][];
  /** orderId → [user, position in that user's list] */
  private readonly where = new Map<number, { user: number; index: number }>();

  constructor(users: number) {
    this.lists = Array.from({ length: users }, () => []);
  }

  add(user: number, orderId: number): void {
    const list = this.lists[user];
    if (list === undefined || list.length >= MAX_PER_USER || this.where.has(orderId)) return;
    this.where.set(orderId, { user, index: list.length });
    list.push(orderId);
  }

  /** Forgets an order (filled, cancelled); unknown ids are ignored. */
  remove(orderId: number): void {
    const at = this.where.get(orderId);
    if (at === undefined) return;
    this.where.delete(orderId);
    const list = this.lists[at.user];
    const last = list.pop()!;
    if (last !== orderId) {
      list[at.index] = last;
      this.where.get(last)!.index = at.index;
    }
  }

  /** Takes one of `user`'s live orders at random (removing it), or undefined when it has none. */
  take(user: number, prng: Prng): number | undefined {
    const list = this.lists[user];
    if (list === undefined || list.length === 0) return undefined;
    const orderId = list[prng.nextInt(list.length)];
    this.remove(orderId);
    return orderId;
  }

  count(user?: number): number {
    return user === undefined ? this.where.size : (this.lists[user]?.length ?? 0);
  }
}
