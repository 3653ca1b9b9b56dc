import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PORT_RANGE,
  PROCESS_FD_RESERVE,
  ephemeralPortRange,
  planSessionsLayout,
  sourceAddressOf,
  sourcePortOf,
} from './sessions-layout.js';

const RANGE = { low: 32_768, high: 60_999 }; // 28,232 ports
const FOUR = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];

describe('planSessionsLayout', () => {
  it.each([
    {
      name: '300 over 2 processes',
      connections: 300,
      max: 150,
      fds: 20_000,
      addresses: FOUR.slice(0, 2),
      shares: [150, 150],
    },
    {
      name: '10x of the plan',
      connections: 50_000,
      max: 15_000,
      fds: 20_000,
      addresses: FOUR,
      shares: [12_500, 12_500, 12_500, 12_500],
    },
    {
      name: 'below one process',
      connections: 5_000,
      max: 15_000,
      fds: 20_000,
      addresses: FOUR,
      shares: [5_000],
    },
    {
      name: 'uneven shares differ by one',
      connections: 10,
      max: 4,
      fds: null,
      addresses: FOUR,
      shares: [4, 3, 3],
    },
    { name: 'nothing to hold', connections: 0, max: 15_000, fds: 20_000, addresses: FOUR, shares: [] },
  ])('$name', ({ connections, max, fds, addresses, shares }) => {
    const layout = planSessionsLayout({
      connections,
      maxConnectionsPerProcess: max,
      openFileLimit: fds,
      sourceAddresses: addresses,
      portRange: RANGE,
    });
    expect(layout.processes.map((p) => p.count)).toEqual(shares);
    // Contiguous shares covering every connection once.
    let next = 0;
    for (const p of layout.processes) {
      expect(p.firstIndex).toBe(next);
      next += p.count;
    }
    expect(next).toBe(connections);
    expect(layout.notes).toEqual([]);
  });

  it('keeps a process below its open-file limit, and says so', () => {
    const layout = planSessionsLayout({
      connections: 50_000,
      maxConnectionsPerProcess: 30_000,
      openFileLimit: 20_000,
      sourceAddresses: FOUR,
      portRange: RANGE,
    });
    expect(layout.perProcessLimit).toBe(20_000 - PROCESS_FD_RESERVE);
    expect(layout.processes.map((p) => p.count)).toEqual([16_667, 16_667, 16_666]);
    expect(layout.notes[0]).toContain(
      'maxConnectionsPerProcess 30,000 is above what one generator process can hold',
    );
  });

  it('names the source addresses needed when one address would run out of ports', () => {
    const layout = planSessionsLayout({
      connections: 100_000,
      maxConnectionsPerProcess: 15_000,
      openFileLimit: 20_000,
      sourceAddresses: FOUR.slice(0, 3),
      portRange: RANGE,
    });
    expect(layout.perAddress).toBe(33_334);
    expect(layout.notes).toEqual([
      'source ports: 100,000 connections over 3 source address(es) is 33,334 per address, above the 28,232 ephemeral ports one address has; at least 4 source addresses are needed.',
    ]);
  });

  it('gives every process spare ports outside those the step uses, interleaved', () => {
    const layout = planSessionsLayout({
      connections: 300,
      maxConnectionsPerProcess: 100,
      openFileLimit: null,
      sourceAddresses: FOUR.slice(0, 2),
      portRange: RANGE,
    });
    // 150 per address: ports low … low+149 are taken by connections.
    expect(layout.processes.map((p) => [p.spareFirstPort, p.spareStride])).toEqual([
      [RANGE.low + 150, 3],
      [RANGE.low + 151, 3],
      [RANGE.low + 152, 3],
    ]);
  });
});

describe('source address and port of a connection', () => {
  it('goes round-robin over addresses and gives each connection of an address its own port', () => {
    const two = FOUR.slice(0, 2);
    const pairs = Array.from(
      { length: 6 },
      (_, g) => `${sourceAddressOf(two, g)}:${sourcePortOf(two, RANGE, g)}`,
    );
    expect(pairs).toEqual([
      '127.0.0.2:32768',
      '127.0.0.3:32768',
      '127.0.0.2:32769',
      '127.0.0.3:32769',
      '127.0.0.2:32770',
      '127.0.0.3:32770',
    ]);
    expect(
      new Set(
        Array.from({ length: 1000 }, (_, g) => `${sourceAddressOf(FOUR, g)}:${sourcePortOf(FOUR, RANGE, g)}`),
      ).size,
    ).toBe(1000);
  });

  it('has no port for a connection beyond its address range', () => {
    const small = { low: 40_000, high: 40_001 };
    expect([0, 1, 2, 3, 4].map((g) => sourcePortOf(['127.0.0.2'], small, g))).toEqual([
      40_000,
      40_001,
      null,
      null,
      null,
    ]);
  });
});

describe('ephemeralPortRange', () => {
  it('reads the kernel range, and falls back to the Linux default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'port-range-'));
    writeFileSync(join(dir, 'range'), '10000\t10999\n');
    expect(ephemeralPortRange(join(dir, 'range'))).toEqual({ low: 10_000, high: 10_999 });
    writeFileSync(join(dir, 'bad'), 'not a range\n');
    expect(ephemeralPortRange(join(dir, 'bad'))).toEqual(DEFAULT_PORT_RANGE);
    expect(ephemeralPortRange(join(dir, 'missing'))).toEqual(DEFAULT_PORT_RANGE);
  });
});
