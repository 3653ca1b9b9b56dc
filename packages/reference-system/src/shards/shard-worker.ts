/**
 * A matching shard: one MatchingEngine for this shard's instruments, in its own worker thread.
 * It answers batches of calls (see shard-protocol.ts) in order and sends the engine's events
 * with each answer. Its event loop's utilisation is read by the gateway as the
 * `matching_shard_<i>` resource.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MatchingEngine } from '../engine/index.js';
import type { BookSnapshot, Fill, NewOrder, OrderType, Side, TimeInForce } from '../engine/index.js';
import { Call, Event, type BatchReply, type BatchRequest, type ShardWorkerData } from './shard-protocol.js';

const port = parentPort;
if (port === null) throw new Error('shard-worker must run in a worker thread');
const data = workerData as ShardWorkerData;

let publishing = false;
let events: unknown[] = [];
/** Makers touched by the submit being processed. */
let makers: number[] = [];

const engine = new MatchingEngine(data.instruments, {
  onAccepted(order) {
    if (publishing) {
      events.push(
        Event.ACCEPTED,
        order.orderId,
        order.ownerId,
        order.clientOrderId,
        order.symbol,
        order.side,
      );
      events.push(order.price, order.quantity, order.remaining);
    }
  },
  onFill(fill: Fill) {
    makers.push(fill.makerOrderId);
    if (publishing) {
      events.push(Event.FILL, fill.makerOrderId, fill.makerOwnerId, fill.takerOrderId, fill.takerOwnerId);
      events.push(fill.symbol, fill.price, fill.quantity, fill.seq);
    }
  },
  onCancelled(orderId, ownerId, symbol, quantity) {
    if (publishing) events.push(Event.CANCELLED, orderId, ownerId, symbol, quantity);
  },
  onBookChange(symbol, side, price, quantity, seq) {
    if (publishing) events.push(Event.BOOK, symbol, side, price, quantity, seq);
  },
});

function run(calls: readonly unknown[]): BatchReply {
  const answers: unknown[] = [];
  const closed: number[] = [];
  events = [];
  let i = 0;
  while (i < calls.length) {
    const tag = calls[i++] as Call;
    switch (tag) {
      case Call.SUBMIT: {
        const order = {
          orderId: calls[i] as number,
          ownerId: calls[i + 1] as number,
          clientOrderId: calls[i + 2] as string,
          symbol: calls[i + 3] as string,
          side: calls[i + 4] as Side,
          type: calls[i + 5] as OrderType,
          price: calls[i + 6] as number | undefined,
          quantity: calls[i + 7] as number,
          timeInForce: calls[i + 8] as TimeInForce | undefined,
        } satisfies NewOrder;
        i += 9;
        makers = [];
        const result = engine.submit(order);
        answers.push(result.rejectCode, result.orderId, result.status, result.resting, result.cancelled);
        answers.push(result.fills.length);
        for (const fill of result.fills) {
          answers.push(fill.makerOrderId, fill.makerOwnerId, fill.price, fill.quantity, fill.seq);
        }
        for (const maker of makers) if (engine.getOrder(maker) === undefined) closed.push(maker);
        break;
      }
      case Call.CANCEL: {
        const result = engine.cancel(calls[i] as number, calls[i + 1] as number);
        i += 2;
        answers.push(result.rejectCode, result.orderId, result.cancelled);
        break;
      }
      case Call.GET_ORDER: {
        const order = engine.getOrder(calls[i++] as number);
        if (order === undefined) answers.push(0);
        else {
          answers.push(1, order.orderId, order.ownerId, order.clientOrderId, order.symbol, order.side);
          answers.push(order.price, order.quantity, order.remaining);
        }
        break;
      }
      case Call.BOOK: {
        const book: BookSnapshot | undefined = engine.book(calls[i] as string, calls[i + 1] as number);
        i += 2;
        answers.push(book ?? null);
        break;
      }
      case Call.PUBLISH:
        publishing = true;
        break;
      default:
        throw new Error(`shard ${data.shard}: unknown call tag ${String(tag)} at ${i - 1}`);
    }
  }
  const reply: BatchReply = { answers, events, closed };
  events = [];
  return reply;
}

port.on('message', (request: BatchRequest) => {
  port.postMessage(run(request.calls));
});
// Sent from inside the event loop, so the gateway starts measuring a loop that is running.
setImmediate(() => port.postMessage({ ready: true }));
