import { Args, Errors, Flags } from '@oclif/core';

import { BaseCommand } from '../base-command.js';
import { compareResultFiles } from '../run/compare-result-files.js';
import { exitCodeHelp } from '../run/exit-code-help.js';
import { percentFlag } from '../run/flags.js';

export default class Compare extends BaseCommand<typeof Compare> {
  static override summary = 'Compare two runs and fail on a regression (the merge gate).';

  static override description = `Compares the results.json of a base run (e.g. the main branch) with a head run (the change), per workload and step: throughput and the corrected latency percentiles p50, p90, p99 and p99.9, read from the HDR histograms.

A change is a regression only when it is worse by more than --max-regression AND larger than the run-to-run noise: three standard errors of the difference, each run's error being the larger of its sampling error (Poisson counts; order-statistic ranks in the histogram) and the per-second variability of its timeline. So a noisy machine widens the band instead of failing builds, and a tiny but certain shift does not fail them either. Steps where the load generator was the limit, or where the runs offered different load, are shown but never gate.

Prints a Markdown table (for a pull-request comment or a CI job summary); --json prints the comparison instead.

${exitCodeHelp([
  ['OK', 'no regression'],
  ['THRESHOLDS_FAILED', 'at least one regression'],
  ['USAGE', 'bad input: not a RunResult, nothing in common, a bad flag'],
])}`;

  static override examples = [
    {
      description: 'Gate a change on a 5% regression',
      command: '<%= config.bin %> <%= command.id %> base/results.json head/results.json',
    },
    {
      description: 'Allow 10%, and write the Markdown for a pull-request comment',
      command:
        '<%= config.bin %> <%= command.id %> base/results.json head/results.json --max-regression 10% --markdown comparison.md',
    },
  ];

  static override enableJsonFlag = true;

  static override args = {
    base: Args.string({ description: 'results.json of the base run.', required: true }),
    head: Args.string({ description: 'results.json of the head run.', required: true }),
  };

  static override flags = {
    'max-regression': percentFlag({
      description: 'Worse by more than this (and beyond the noise) is a regression: 5%, 0.05.',
      default: 0.05,
    }),
    markdown: Flags.string({ description: 'Also write the Markdown to this file.' }),
  };

  public async run(): Promise<void> {
    const outcome = await compareResultFiles({
      base: this.args.base,
      head: this.args.head,
      maxRegression: this.flags['max-regression'],
      ...(this.flags.markdown === undefined ? {} : { markdownPath: this.flags.markdown }),
    });
    process.stdout.write(
      this.jsonEnabled()
        ? `${JSON.stringify({ ...outcome.comparison, markdownPath: outcome.markdownPath, exitCode: outcome.exitCode }, null, 2)}\n`
        : outcome.markdown,
    );
    this.exit(outcome.exitCode);
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    if (error instanceof Errors.ExitError) throw error;
    return super.catch(error);
  }
}
