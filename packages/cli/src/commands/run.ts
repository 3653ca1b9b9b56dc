import { join } from 'node:path';
import { Writable } from 'node:stream';

import { Errors, Flags } from '@oclif/core';

import { BaseCommand } from '../base-command.js';
import { exitCodeHelp } from '../run/exit-code-help.js';
import { formatSummary } from '../run/run-summary.js';
import { runCapacityTest } from '../run/run-capacity-test.js';

export default class Run extends BaseCommand<typeof Run> {
  static override summary = 'Run a capacity plan and write the capacity report (the main job).';

  static override description = `With no arguments: starts the bundled reference trading system on a free loopback port, runs the default plan — every workload together at 1x, 2x, 5x and 10x of the capacity table, each workload alone, and a closed-loop concurrency sweep for the USL fit — writes the report, stops the system and exits by the plan's thresholds. It says up front how long the load will take.

The report directory holds index.html (self-contained, opens offline), results.json (the raw RunResult with HDR histograms, for \`headroom report\` and \`headroom compare\`), summary.md (for CI job summaries and pull requests) and junit.xml (one test case per threshold).

headroom loads only loopback addresses. Any other host is refused before a single request is sent, unless --allow-host names exactly that host.

Progress goes to stderr: redrawn in place on a terminal, one line per step in CI (CI set) or into a pipe. stdout carries only the summary, or the JSON object with --json.

Ctrl-C (SIGINT) or SIGTERM stops the load at once, writes the report of what was measured marked incomplete, stops the bundled system and exits 130. A second Ctrl-C quits at once without a report.

${exitCodeHelp([
  ['OK', 'complete; every threshold passed'],
  ['THRESHOLDS_FAILED', 'a threshold failed (junit.xml: each failure, its measured value)'],
  ['USAGE', "bad flag or value, invalid plan ('path: message'), host not allowed"],
  ['TARGET_UNAVAILABLE', 'target unreachable, failed to start or died (the report says so)'],
  ['INTERNAL', 'a bug in headroom'],
  ['INTERRUPTED', 'interrupted (SIGINT/SIGTERM); the partial report was written'],
])}`;

  static override examples = [
    {
      description:
        'The default plan against the bundled system (6 minutes of load; about 10 with set-up on 2 cores)',
      command: '<%= config.bin %> <%= command.id %>',
    },
    {
      description: 'A CI-sized run (under a minute, every workload) into a known directory',
      command: '<%= config.bin %> <%= command.id %> --quick --out headroom-report',
    },
    {
      description: 'Your own plan, two steps, orders only',
      command: '<%= config.bin %> <%= command.id %> --plan headroom.yaml --steps 1,2 --workloads orders',
    },
    {
      description: 'A service on another machine (its host must be named)',
      command:
        '<%= config.bin %> <%= command.id %> --plan api.yaml --target http://perf-env.internal:8080 --allow-host perf-env.internal',
    },
    {
      description: 'For scripts: one JSON object with the verdict, thresholds, paths and exit code',
      command: '<%= config.bin %> <%= command.id %> --quick --json',
    },
  ];

  static override enableJsonFlag = true;

  static override flags = {
    plan: Flags.string({
      char: 'p',
      description: 'Plan file (YAML or JSON; `headroom init` writes one). [default: the built-in plan]',
    }),
    target: Flags.string({
      description: 'Load a running service at this URL instead of starting the bundled system.',
    }),
    'allow-host': Flags.string({
      description:
        'The one non-loopback host the target URL (--target or the plan) may name. Without it any host but loopback is refused.',
    }),
    steps: Flags.string({ description: 'Load multipliers of the capacity table, e.g. 1,2,5,10.' }),
    duration: Flags.string({ description: 'Measured time per step, e.g. 30s or 2m.' }),
    warmup: Flags.string({ description: 'Load before measuring each step, e.g. 5s (not measured).' }),
    workloads: Flags.string({
      description: 'Run only these workloads (comma list of names), e.g. orders,market-data.',
    }),
    out: Flags.string({
      char: 'o',
      description: 'Report directory. [default: ./headroom-report/<UTC timestamp>]',
    }),
    seed: Flags.integer({
      description: 'Seed of every random choice (orders, instruments, arrivals).',
      min: 0,
    }),
    quick: Flags.boolean({
      description:
        'CI-sized: 10% of the load, short steps, no isolated runs, a short sweep — every workload in under a minute. Not a capacity verdict.',
      default: false,
    }),
  };

  public async run(): Promise<void> {
    const f = this.flags;
    const level = f['log-level'];
    const quiet = level === 'error' || level === 'warn';
    const ci = process.env['CI'] !== undefined && !['', '0', 'false'].includes(process.env['CI']);
    const { summary } = await runCapacityTest({
      ...(f.plan === undefined ? {} : { planPath: f.plan }),
      overrides: {
        ...(f.steps === undefined ? {} : { steps: f.steps }),
        ...(f.duration === undefined ? {} : { duration: f.duration }),
        ...(f.warmup === undefined ? {} : { warmup: f.warmup }),
        ...(f.workloads === undefined ? {} : { workloads: f.workloads }),
        ...(f.seed === undefined ? {} : { seed: f.seed }),
        ...(f.target === undefined ? {} : { target: f.target }),
        ...(f['allow-host'] === undefined ? {} : { allowHost: f['allow-host'] }),
        quick: f.quick,
      },
      ...(f.out === undefined ? {} : { outDir: f.out }),
      cliBin: join(this.config.root, 'bin', 'run.js'),
      progress: {
        stream: quiet ? new Writable({ write: (_chunk, _encoding, done) => done() }) : process.stderr,
        interactive: !quiet && process.stderr.isTTY && !ci,
      },
      verbose: level === 'debug',
      toolVersion: this.config.version,
    });
    process.stdout.write(
      this.jsonEnabled() ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary),
    );
    this.exit(summary.exitCode);
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    // this.exit() above: the gate's code, already reported — not an error to print.
    if (error instanceof Errors.ExitError) throw error;
    return super.catch(error);
  }
}
