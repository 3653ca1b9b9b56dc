/**
 * `pnpm bench:engine [-- --json] [--operations N] [--repeat N] [--seed N]`
 *
 * The matching engine on one thread, with a realistic order flow (see order-flow.ts) over
 * 5,000 and 50,000 instruments. For each case the workload is generated first (untimed);
 * then `--repeat` passes, each on a fresh pre-filled engine with no per-operation clock,
 * give the throughput (median and best are reported: other processes on the machine only
 * ever slow a pass down); then one more pass with a clock read around every operation
 * fills an HDR histogram of per-operation latency. Latency is measured separately
 * because two clock reads cost about as much as a cheap operation and would distort the
 * throughput. Operations are new orders and cancels alike: each is one order message the
 * exchange has to process.
 *
 * `--json` prints one JSON object and nothing else on stdout; its `ordersPerSecond` is the
 * median throughput of the 50,000-instrument case.
 */
import { describeMachine, memoryLatencyNs } from './machine.js';
import { clockReadNs, latencyPass, throughputPass, type Pass } from './measure.js';
import { generateWorkload } from './order-flow.js';

const INSTRUMENT_CASES = [5_000, 50_000];

interface Options {
  json: boolean;
  operations: number;
  repeat: number;
  seed: number;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const args = argv.filter((a) => a !== '--'); // pnpm passes a literal `--` through
  const value = (name: string, fallback: number): number => {
    const i = args.indexOf(name);
    if (i === -1) return fallback;
    const n = Number(args[i + 1]);
    if (!Number.isSafeInteger(n) || n <= 0)
      throw new UsageError(`${name}: expected a positive integer, got ${args[i + 1]}`);
    return n;
  };
  const known = ['--json', '--operations', '--repeat', '--seed'];
  const unknown = args.find((a) => a.startsWith('--') && !known.includes(a));
  if (unknown !== undefined) throw new UsageError(`unknown option ${unknown} (options: ${known.join(' ')})`);
  return {
    json: args.includes('--json'),
    operations: value('--operations', 1_000_000),
    repeat: value('--repeat', 3),
    seed: value('--seed', 42),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

function runCase(instruments: number, options: Options, log: (line: string) => void) {
  const t0 = performance.now();
  const workload = generateWorkload({
    instruments,
    operations: options.operations,
    seed: options.seed,
    zipfExponent: 1,
  });
  const generationSeconds = (performance.now() - t0) / 1000;
  log(
    `\n${fmt(instruments)} instruments: books pre-filled with ${fmt(workload.prefill.length)} orders; ` +
      `${fmt(workload.mix.limit)} passive limits, ${fmt(workload.mix.cancel)} cancels, ${fmt(workload.mix.marketable)} marketable ` +
      `(generated in ${generationSeconds.toFixed(1)} s)`,
  );
  const passes: Pass[] = [];
  for (let i = 0; i < options.repeat; i++) passes.push(throughputPass(workload));
  const rates = passes.map((p) => options.operations / p.seconds);
  const histogram = latencyPass(workload);
  const last = passes[passes.length - 1];
  const result = {
    instruments,
    operations: options.operations,
    mix: workload.mix,
    prefilledOrders: workload.prefill.length,
    liveOrdersAfter: last.liveOrders,
    fills: last.fills,
    generationSeconds,
    /** operations per second, median of the passes */
    ordersPerSecond: Math.round(median(rates)),
    ordersPerSecondBest: Math.round(Math.max(...rates)),
    passes: passes.map((p) => ({
      ordersPerSecond: Math.round(options.operations / p.seconds),
      ordersPerCpuSecond: Math.round(options.operations / p.cpuSeconds),
    })),
    latencyNs: {
      p50: histogram.getValueAtPercentile(50),
      p99: histogram.getValueAtPercentile(99),
      p999: histogram.getValueAtPercentile(99.9),
      max: histogram.maxValue,
      mean: Math.round(histogram.mean),
    },
    /** bytes: engine, books and the pre-generated workload */
    heapUsed: last.heapUsed,
  };
  const l = result.latencyNs;
  log(
    `  throughput  ${fmt(result.ordersPerSecond)} orders/s median, ${fmt(result.ordersPerSecondBest)} best`,
  );
  log(
    `              passes: ${result.passes.map((p) => `${fmt(p.ordersPerSecond)}/s (${fmt(p.ordersPerCpuSecond)} per CPU-s)`).join(', ')}`,
  );
  log(
    `              ${fmt(result.fills)} fills per pass, ${fmt(result.liveOrdersAfter)} live orders at the end`,
  );
  log(
    `  latency     p50 ${fmt(l.p50)} ns, p99 ${fmt(l.p99)} ns, p99.9 ${fmt(l.p999)} ns, max ${fmt(l.max / 1000)} µs, mean ${fmt(l.mean)} ns`,
  );
  log(`  heap used   ${fmt(result.heapUsed / 2 ** 20)} MiB (engine, books and the pre-generated workload)`);
  return result;
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const log = options.json ? (): void => undefined : (line: string): void => console.log(line);
  const machine = describeMachine();
  const memory = { '1MiB': memoryLatencyNs(2 ** 20), '64MiB': memoryLatencyNs(2 ** 26) };
  const clockNs = clockReadNs();
  log('headroom matching engine benchmark (one thread)');
  log(
    `machine   ${machine.cpu}, ${machine.cores} cores, ${fmt(machine.memory / 2 ** 30)} GiB, node ${machine.node}, ${machine.platform}`,
  );
  log(
    `          load average ${machine.loadAverage.toFixed(1)} at start; a dependent random memory load costs ${memory['1MiB'].toFixed(0)} ns`,
  );
  log(
    `          over 1 MiB and ${memory['64MiB'].toFixed(0)} ns over 64 MiB right now (cache and TLB misses)`,
  );
  log(
    `workload  seed ${options.seed}, ${fmt(options.operations)} operations per case: ~60% new GTC limit orders a few ticks`,
  );
  log('          from a random-walk mid, ~30% cancels of live orders (mostly recent ones), ~10% marketable');
  log('          (half market, half IOC limit through the best price); instruments drawn with Zipf (s = 1)');
  log('          popularity; books pre-filled and operations pre-generated before timing; engine indexes');
  log('          and order nodes sized up front for the most live orders the run reaches');
  log('          (EngineOptions.expectedLiveOrders).');
  log(
    `method    ${options.repeat} throughput passes per case with no per-operation clock, then one latency pass with`,
  );
  log(
    `          process.hrtime.bigint() around each operation into an HDR histogram (a clock read, ~${clockNs} ns, included)`,
  );
  const cases = INSTRUMENT_CASES.map((n) => runCase(n, options, log));
  const large = cases[cases.length - 1];
  if (options.json) {
    console.log(
      JSON.stringify({
        ordersPerSecond: large.ordersPerSecond,
        ordersPerSecondBest: large.ordersPerSecondBest,
        unit: 'operations (new orders and cancels) per second, one thread, median of passes',
        seed: options.seed,
        clockReadNs: clockNs,
        memoryLatencyNs: memory,
        machine,
        cases,
      }),
    );
  } else {
    log(`\nordersPerSecond (50,000 instruments, median of ${options.repeat}): ${fmt(large.ordersPerSecond)}`);
  }
}

try {
  main();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`bench:engine: ${error.message}`);
  process.exitCode = 2;
}
