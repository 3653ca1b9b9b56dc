/**
 * How a step's connections are spread before any is opened: over generator processes (one
 * process holds at most its open-file limit of descriptors, one per connection) and over
 * loopback source addresses (one source address has one ephemeral port range towards a
 * server address: ~28,000 ports with Linux's default 32768–60999). Pure: the limits are
 * passed in, so the arithmetic is tested without a machine that has them.
 *
 * Every connection is also given its source port. Binding a source address with port 0
 * makes the kernel search the range for a free port, and that search grows with the ports
 * in use: measured on the 2-core dev machine, 8,000 connections from one address opened
 * at 520/s by the end (2.2 CPU-seconds of system time) against a steady 1,600/s with
 * explicit ports. Connection g takes port low + ⌊g / addresses⌋ of its address, so no two
 * connections (nor two processes) ever pick the same one; a port found busy anyway (left
 * in TIME_WAIT, or used by another program) is replaced from the process's spare ports,
 * the part of the range this step does not use, interleaved by process.
 */
import { readFileSync } from 'node:fs';

/**
 * Descriptors a generator process keeps for itself besides its connections: stdio, the
 * IPC channel, the event loop's epoll and signal fds, libuv's thread pool.
 */
export const PROCESS_FD_RESERVE = 100;

/** Linux's default ephemeral range, when the real one cannot be read. */
export const DEFAULT_PORT_RANGE: PortRange = { low: 32_768, high: 60_999 };

/** Source ports that may be bound (inclusive). */
export interface PortRange {
  readonly low: number;
  readonly high: number;
}

export interface LayoutInput {
  readonly connections: number;
  readonly maxConnectionsPerProcess: number;
  /** descriptors one process may hold; null when unknown */
  readonly openFileLimit: number | null;
  readonly sourceAddresses: readonly string[];
  readonly portRange: PortRange;
}

export interface ProcessShare {
  /** global index of this process's first connection */
  readonly firstIndex: number;
  readonly count: number;
  /** Spare source ports of this process: first, first + stride, … up to the range's end. */
  readonly spareFirstPort: number;
  readonly spareStride: number;
}

export interface SessionsLayout {
  readonly connections: number;
  /** connections one process is given at most */
  readonly perProcessLimit: number;
  readonly processes: readonly ProcessShare[];
  /** the most connections any one source address carries */
  readonly perAddress: number;
  readonly sourceAddressesUsed: number;
  readonly portRange: PortRange;
  /** what a reader should know about the layout before anything was opened */
  readonly notes: readonly string[];
}

export function planSessionsLayout(input: LayoutInput): SessionsLayout {
  const { connections, maxConnectionsPerProcess, openFileLimit, sourceAddresses, portRange } = input;
  const portsPerAddress = portRange.high - portRange.low + 1;
  const notes: string[] = [];
  let perProcessLimit = maxConnectionsPerProcess;
  if (openFileLimit !== null && perProcessLimit > openFileLimit - PROCESS_FD_RESERVE) {
    perProcessLimit = Math.max(1, openFileLimit - PROCESS_FD_RESERVE);
    notes.push(
      `maxConnectionsPerProcess ${fmt(maxConnectionsPerProcess)} is above what one generator process can hold ` +
        `(open-file limit ${fmt(openFileLimit)} − ${PROCESS_FD_RESERVE} kept for the process itself); ` +
        `${fmt(perProcessLimit)} per process used instead.`,
    );
  }
  const count = connections <= 0 ? 0 : Math.ceil(connections / perProcessLimit);
  const sourceAddressesUsed = Math.min(sourceAddresses.length, connections);
  const perAddress = sourceAddressesUsed === 0 ? 0 : Math.ceil(connections / sourceAddressesUsed);
  const processes: ProcessShare[] = [];
  // Even shares (they differ by at most one), so every process ramps and beats alike.
  for (let p = 0, first = 0; p < count; p++) {
    const share = Math.floor(connections / count) + (p < connections % count ? 1 : 0);
    processes.push({
      firstIndex: first,
      count: share,
      spareFirstPort: portRange.low + perAddress + p,
      spareStride: count,
    });
    first += share;
  }
  if (perAddress > portsPerAddress) {
    const needed = Math.ceil(connections / portsPerAddress);
    notes.push(
      `source ports: ${fmt(connections)} connections over ${sourceAddresses.length} source address(es) is ` +
        `${fmt(perAddress)} per address, above the ${fmt(portsPerAddress)} ephemeral ports one address has; ` +
        `at least ${needed} source addresses are needed.`,
    );
  }
  return {
    connections: Math.max(0, connections),
    perProcessLimit,
    processes,
    perAddress,
    sourceAddressesUsed,
    portRange,
    notes,
  };
}

/** Source address of global connection g: round-robin over the plan's addresses. */
export function sourceAddressOf(sourceAddresses: readonly string[], connection: number): string {
  return sourceAddresses[connection % sourceAddresses.length];
}

/** Source port of global connection g, or null when its address has no port left for it. */
export function sourcePortOf(
  sourceAddresses: readonly string[],
  portRange: PortRange,
  connection: number,
): number | null {
  const port = portRange.low + Math.floor(connection / sourceAddresses.length);
  return port > portRange.high ? null : port;
}

/** The ephemeral port range, from /proc/sys/net/ipv4/ip_local_port_range. */
export function ephemeralPortRange(file = '/proc/sys/net/ipv4/ip_local_port_range'): PortRange {
  try {
    const [low, high] = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
    if (
      low !== undefined &&
      high !== undefined &&
      Number.isInteger(low) &&
      Number.isInteger(high) &&
      high >= low
    ) {
      return { low, high };
    }
  } catch {
    // not Linux, or /proc not mounted: use the Linux default
  }
  return DEFAULT_PORT_RANGE;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
