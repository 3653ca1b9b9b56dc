/**
 * JSON schemas of every request body, query and path parameter, and of every WebSocket
 * message. Bodies allow no unknown fields and no type coercion: "10" is not a quantity.
 * Limits here are part of the protocol (PROTOCOL.md quotes them).
 */

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export const USERNAME_PATTERN = '^[A-Za-z0-9_.-]{3,64}$';

const clientOrderId = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7E]+$' } as const;
const symbol = { type: 'string', minLength: 1, maxLength: 32 } as const;
const orderId = { type: 'integer', minimum: 1, maximum: MAX_SAFE } as const;

/** Order fields shared by the REST body and the WebSocket `order` message. */
const orderFields = {
  clientOrderId,
  symbol,
  side: { type: 'string', enum: ['buy', 'sell'] },
  price: { type: 'integer', minimum: 1, maximum: MAX_SAFE },
  quantity: { type: 'integer', minimum: 1, maximum: MAX_SAFE },
  timeInForce: { type: 'string', enum: ['GTC', 'IOC'] },
} as const;
const orderTypeField = { type: 'string', enum: ['limit', 'market'] } as const;

export const newOrderBody = {
  type: 'object',
  additionalProperties: false,
  required: ['clientOrderId', 'symbol', 'side', 'type', 'quantity'],
  properties: { ...orderFields, type: orderTypeField },
  if: { properties: { type: { const: 'limit' } } },
  then: { required: ['price'] },
} as const;

export const registerBody = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'password'],
  properties: {
    username: { type: 'string', pattern: USERNAME_PATTERN },
    password: { type: 'string', minLength: 8, maxLength: 256 },
  },
} as const;

export const loginBody = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'password'],
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64 },
    password: { type: 'string', minLength: 1, maxLength: 256 },
  },
} as const;

export const fixturesBody = {
  type: 'object',
  additionalProperties: false,
  required: ['users'],
  properties: {
    users: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    sessionsPerUser: { type: 'integer', minimum: 1, maximum: 1000 },
    usernamePrefix: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,40}$' },
    password: { type: 'string', minLength: 8, maxLength: 256 },
    sessionTtlSeconds: { type: 'integer', minimum: 1, maximum: 365 * 86_400 },
  },
} as const;

export const orderIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: orderId },
} as const;

export const bookParams = {
  type: 'object',
  required: ['symbol'],
  properties: { symbol },
} as const;

export const bookQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { depth: { type: 'integer', minimum: 1, maximum: 1000, default: 10 } },
} as const;

export const instrumentsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    offset: { type: 'integer', minimum: 0, maximum: MAX_SAFE, default: 0 },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  },
} as const;

// ---- WebSocket messages (client → server) --------------------------------------------

/** Echoed back in the answer so a client can match answers to requests. */
const messageId = { type: ['string', 'integer'], maxLength: 64 } as const;

export const streamMessages = {
  auth: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'token'],
    properties: {
      type: { const: 'auth' },
      id: messageId,
      token: { type: 'string', minLength: 1, maxLength: 128 },
    },
  },
  /** Channel names (`book:SYM`, `trades:SYM`) are checked by the market-data feed, which answers for them. */
  subscribe: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'channel'],
    properties: {
      type: { const: 'subscribe' },
      id: messageId,
      channel: { type: 'string', minLength: 1, maxLength: 100 },
    },
  },
  unsubscribe: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'channel'],
    properties: {
      type: { const: 'unsubscribe' },
      id: messageId,
      channel: { type: 'string', minLength: 1, maxLength: 100 },
    },
  },
  order: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'clientOrderId', 'symbol', 'side', 'orderType', 'quantity'],
    properties: { type: { const: 'order' }, id: messageId, ...orderFields, orderType: orderTypeField },
    if: { properties: { orderType: { const: 'limit' } } },
    then: { required: ['price'] },
  },
  cancel: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'orderId'],
    properties: { type: { const: 'cancel' }, id: messageId, orderId },
  },
  ping: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: { type: { const: 'ping' }, id: messageId },
  },
} as const;

export type StreamMessageType = keyof typeof streamMessages;
