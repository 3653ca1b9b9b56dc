import { Args, Flags } from '@oclif/core';
import {
  formatUslReport,
  HeadroomError,
  readUslPointsCsv,
  uslReport,
  type UslReport,
} from '@headroom/reporter';

import { BaseCommand } from '../../base-command.js';

const throughput = Flags.custom<number>({
  parse: async (input) => {
    const value = Number(input.replace(/_/g, ''));
    // A categorised error, so a bad value exits with the usage code like any other bad flag.
    if (!Number.isFinite(value) || value <= 0) {
      throw new HeadroomError(
        'INVALID_FLAG',
        'usage',
        `expected a positive throughput per second, got "${input}"`,
      );
    }
    return value;
  },
});

export default class ModelUsl extends BaseCommand<typeof ModelUsl> {
  static override summary = "Fit Gunther's Universal Scalability Law to (concurrency, throughput) points.";

  static override description = `Fits X(N) = λN / (1 + σ(N−1) + κN(N−1)) by bounded nonlinear least squares (Levenberg–Marquardt, σ and κ in [0, 1], λ > 0) and prints σ (contention), κ (coherency), λ (throughput of one), N* = ⌊√((1−σ)/κ)⌋, X_max = X(N*), standard errors, R² and predictions. Predictions beyond twice the largest measured concurrency are marked as extrapolations.

The CSV has two columns, concurrency and throughput (per second); a header row is optional (columns are then found by name), # starts a comment. At least 6 points are needed.

With --target, it also says what reaching that throughput takes: a concurrency on one instance, a number of shared-nothing instances, or that the fitted curve cannot get there.`;

  static override examples = [
    {
      description: 'Fit a sweep measured elsewhere',
      command: '<%= config.bin %> <%= command.id %> sweep.csv',
    },
    {
      description: 'How many instances reach 20,000/s, as JSON',
      command: '<%= config.bin %> <%= command.id %> sweep.csv --target 20000 --json',
    },
  ];

  static override enableJsonFlag = true;

  static override args = {
    points: Args.string({ description: 'CSV of concurrency,throughput points.', required: true }),
  };

  static override flags = {
    target: throughput({ description: 'Target throughput per second to plan for.' }),
  };

  public async run(): Promise<UslReport> {
    const report = uslReport(await readUslPointsCsv(this.args.points), this.flags.target ?? null);
    if (!this.jsonEnabled()) process.stdout.write(formatUslReport(report, this.args.points));
    return report;
  }
}
