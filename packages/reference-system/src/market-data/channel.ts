import { EventKind } from './md-messages.js';

export interface Channel {
  readonly kind: EventKind;
  readonly symbol: string;
  /** The canonical name, `book:SYM` or `trades:SYM`. */
  readonly name: string;
}

const MAX_SYMBOL_LENGTH = 64; // characters

/** Parses `book:SYM` / `trades:SYM`; undefined when the text is not a channel name. */
export function parseChannel(text: unknown): Channel | undefined {
  if (typeof text !== 'string') return undefined;
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const prefix = text.slice(0, colon);
  const symbol = text.slice(colon + 1);
  // eslint-disable-next-line no-control-regex
  if (symbol.length === 0 || symbol.length > MAX_SYMBOL_LENGTH || /[\s\u0000-\u001f]/.test(symbol))
    return undefined;
  if (prefix === 'book') return { kind: EventKind.BOOK, symbol, name: text };
  if (prefix === 'trades') return { kind: EventKind.TRADE, symbol, name: text };
  return undefined;
}

export function channelName(kind: EventKind, symbol: string): string {
  return kind === EventKind.BOOK ? `book:${symbol}` : `trades:${symbol}`;
}
