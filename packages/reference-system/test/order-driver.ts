/**
 * Test support: plays a seeded order stream (src/shards/order-stream.test-support.ts) into a
 * running service over /v1/stream, one WebSocket session per owner, the way an outside client
 * would. Owner ids 1…n of the stream map to the fixture users in order.
 */
import type { StreamOp } from '../src/shards/order-stream.test-support.js';
import { TestStream, type TestSystem } from './test-system.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- wire messages are untyped JSON */
export class OrderDriver {
  private nextId = 1;

  private constructor(private readonly streams: TestStream[]) {}

  static async open(sys: TestSystem, owners: number): Promise<OrderDriver> {
    const users = await sys.users(owners);
    return new OrderDriver(await Promise.all(users.map((u) => TestStream.open(sys.wsUrl, u.token))));
  }

  /** The message that carries one operation (ids are this driver's, echoed by the service). */
  private message(op: StreamOp, id: number): { stream: TestStream; message: Record<string, unknown> } {
    if (op.kind === 'cancel') {
      return { stream: this.streams[op.ownerId - 1], message: { type: 'cancel', id, orderId: op.orderId } };
    }
    const o = op.order;
    return {
      stream: this.streams[o.ownerId - 1],
      message: {
        type: 'order',
        id,
        clientOrderId: o.clientOrderId,
        symbol: o.symbol,
        side: o.side,
        orderType: o.type,
        quantity: o.quantity,
        ...(o.type === 'limit' ? { price: o.price, timeInForce: o.timeInForce } : {}),
      },
    };
  }

  /** Plays the operations one at a time (each waits for its answer); answers without `ts`/`id`. */
  async playInOrder(ops: readonly StreamOp[]): Promise<unknown[]> {
    const answers: unknown[] = [];
    for (const op of ops) {
      const id = this.nextId++;
      const { stream, message } = this.message(op, id);
      const from = stream.messages.length;
      stream.send(message);
      const answer = await stream.next(
        (m: any) => m.id === id && (m.type === 'ack' || m.type === 'reject'),
        10_000,
        from,
      );
      const { ts: _ts, id: _id, ...rest } = answer;
      answers.push(rest);
    }
    return answers;
  }

  /** Sends the operations without waiting, in frames of up to 200, then waits for every answer. */
  async playPipelined(ops: readonly StreamOp[]): Promise<{ acks: number; rejects: number; fills: number }> {
    const frames = new Map<TestStream, Record<string, unknown>[]>();
    const first = this.nextId;
    for (const op of ops) {
      const { stream, message } = this.message(op, this.nextId++);
      if (!frames.has(stream)) frames.set(stream, []);
      frames.get(stream)!.push(message);
    }
    const last = this.nextId - 1;
    const starts = new Map<TestStream, number>();
    for (const [stream, messages] of frames) {
      starts.set(stream, stream.messages.length);
      for (let i = 0; i < messages.length; i += 200) stream.send(messages.slice(i, i + 200));
    }
    // Answers on one connection may overtake each other (a refused cancel does not wait for the
    // journal), so wait for each request's own answer.
    const answers = (stream: TestStream): any[] =>
      stream.messages
        .slice(starts.get(stream))
        .filter((m: any) => (m.type === 'ack' || m.type === 'reject') && m.id >= first && m.id <= last);
    for (const [stream, messages] of frames) {
      await stream.next(() => answers(stream).length === messages.length, 30_000, starts.get(stream));
    }
    let acks = 0;
    let rejects = 0;
    let fills = 0;
    for (const stream of frames.keys()) {
      for (const m of answers(stream)) {
        if (m.type === 'reject') rejects++;
        else {
          acks++;
          if (m.ref === 'order') fills += m.fills.length;
        }
      }
    }
    return { acks, rejects, fills };
  }

  close(): void {
    for (const stream of this.streams) stream.close();
  }
}
