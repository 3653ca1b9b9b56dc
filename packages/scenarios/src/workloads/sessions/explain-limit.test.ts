import { describe, expect, it } from 'vitest';
import { explainSessionsLimit, type LimitInput } from './explain-limit.js';

const BASE: LimitInput = {
  target: 1000,
  held: 1000,
  heldAfterOpening: 1000,
  openFailures: {},
  disconnectsInWindow: {},
  disconnectsBeforeWindow: {},
  processes: 2,
  sourceAddresses: 4,
  timeoutMs: 10_000,
  generatorOpenFileLimit: 20_000,
  serverMaxFds: null,
  serverDropped: null,
};

describe('explainSessionsLimit', () => {
  it('says nothing limited a step that held everything', () => {
    expect(explainSessionsLimit(BASE)).toEqual([
      'Held all 1,000 connections over 4 source address(es) in 2 generator process(es).',
    ]);
  });

  it('names the server at its open-file limit, with its own figures', () => {
    const notes = explainSessionsLimit({
      ...BASE,
      target: 50_000,
      held: 19_741,
      heldAfterOpening: 19_741,
      openFailures: { ECONNRESET: 30_250, EPIPE: 9 },
      processes: 4,
      serverMaxFds: 20_000,
      serverDropped: 30_259,
    });
    expect(notes[0]).toBe(
      'Held 19,741 of 50,000 connections over 4 source address(es) in 4 generator process(es); limited by the server (it refused/closed connections beyond its limit).',
    );
    expect(notes[1]).toContain(
      'server refused/closed connections beyond 19,741 (its open-file / connection limit)',
    );
    expect(notes[1]).toContain('(ECONNRESET ×30,250, EPIPE ×9)');
    expect(notes[1]).toContain('its open-file limit is 20,000 descriptors');
    expect(notes[1]).toContain(
      'the target itself counted 30,259 connections dropped at its connection limit',
    );
  });

  it.each<{ codes: Record<string, number>; limitedBy: string; detail: string }>([
    {
      codes: { EMFILE: 5 },
      limitedBy: 'the generator process limit (open files)',
      detail: 'generator process limit: 5 connections',
    },
    {
      codes: { EADDRNOTAVAIL: 7, EADDRINUSE: 1 },
      limitedBy: 'source ports',
      detail: 'source ports: 8 connections found no free local port on 4 source address(es)',
    },
    {
      codes: { ECONNREFUSED: 9 },
      limitedBy: 'the target refusing connections',
      detail: 'the target refused 9 connections (ECONNREFUSED ×9)',
    },
    {
      codes: { INVALID_TOKEN: 3, SESSION_EXPIRED: 2 },
      limitedBy: 'session tokens the target rejected',
      detail: 'the target rejected 5 session tokens (INVALID_TOKEN ×3, SESSION_EXPIRED ×2)',
    },
    {
      codes: { HTTP_503: 4 },
      limitedBy: 'HTTP errors on the WebSocket upgrade',
      detail: 'answered 4 WebSocket upgrades with an HTTP error (HTTP_503 ×4)',
    },
    {
      codes: { CONNECT_TIMEOUT: 6 },
      limitedBy: 'connect timeouts',
      detail: 'were not open and authenticated within 10,000 ms',
    },
    {
      codes: { GENERATOR_EXITED: 500 },
      limitedBy: 'a generator process that exited',
      detail: '500 connections were lost with a generator process',
    },
    {
      codes: { SOMETHING_NEW: 2 },
      limitedBy: 'connection failures',
      detail: '2 connections failed to open (SOMETHING_NEW ×2)',
    },
  ])('names $limitedBy', ({ codes, limitedBy, detail }) => {
    const failed = Object.values(codes).reduce((a, b) => a + b, 0);
    const notes = explainSessionsLimit({
      ...BASE,
      held: 1000 - failed,
      heldAfterOpening: 1000 - failed,
      openFailures: codes,
    });
    expect(notes[0]).toContain(`limited by ${limitedBy}.`);
    expect(notes[1]).toContain(detail);
  });

  it('puts the most frequent cause first', () => {
    const notes = explainSessionsLimit({
      ...BASE,
      held: 900,
      heldAfterOpening: 900,
      openFailures: { CONNECT_TIMEOUT: 10, ECONNRESET: 80, EMFILE: 10 },
    });
    expect(notes[0]).toContain('limited by the server');
    expect(notes.slice(1).map((n) => n.split(' ')[0])).toEqual(['server', '10', 'generator']);
  });

  it('reports held connections the target closed, with what the close codes mean', () => {
    const notes = explainSessionsLimit({
      ...BASE,
      held: 0,
      disconnectsInWindow: { CLOSED_1001: 990, CLOSED_1006: 10 },
    });
    expect(notes).toEqual([
      'Held 0 of 1,000 connections over 4 source address(es) in 2 generator process(es); limited by the target closing held connections.',
      'the target closed 1,000 held connections during the measured window (CLOSED_1001 ×990 = the server is going away (shutting down), CLOSED_1006 ×10 = dropped without a close frame).',
    ]);
  });

  it('tells failures along the way from a shortfall', () => {
    const notes = explainSessionsLimit({ ...BASE, disconnectsBeforeWindow: { CLOSED_4008: 1 } });
    expect(notes[0]).toBe(
      'Held all 1,000 connections over 4 source address(es) in 2 generator process(es), with failures along the way.',
    );
    expect(notes[1]).toBe(
      'the target closed 1 held connections before the measured window (CLOSED_4008 ×1 = slow consumer).',
    );
  });
});
