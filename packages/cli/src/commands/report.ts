import { dirname } from 'node:path';

import { Args, Flags } from '@oclif/core';
import { analyze, renderReport } from '@headroom/reporter';
import { readRunResult } from '@headroom/scenarios';

import { BaseCommand } from '../base-command.js';

export default class Report extends BaseCommand<typeof Report> {
  static override summary = 'Re-render the capacity report from a saved results.json.';

  static override description = `Reads a results.json written by \`headroom run\` (validated against RunResult v1), analyses it again — saturation, bottleneck, USL fit, target gap, storage projection — and writes index.html (self-contained, opens offline), summary.md, junit.xml and results.json. Nothing is re-run: the HDR histograms in the file hold every latency.

Prints the path of index.html. A results file that is not a valid RunResult is refused with every problem listed (exit code 2).`;

  static override examples = [
    {
      description: 'Re-render next to the results file',
      command: '<%= config.bin %> <%= command.id %> headroom-report/results.json',
    },
    {
      description: 'Render into another directory and print what was written as JSON',
      command: '<%= config.bin %> <%= command.id %> results.json --out /tmp/report --json',
    },
  ];

  static override enableJsonFlag = true;

  static override args = {
    results: Args.string({ description: 'A results.json written by headroom run.', required: true }),
  };

  static override flags = {
    out: Flags.string({
      char: 'o',
      description: 'Directory to write the report into. [default: the directory of the results file]',
    }),
  };

  public async run(): Promise<object> {
    const run = await readRunResult(this.args.results);
    const analysis = analyze(run);
    const files = await renderReport(analysis, run, this.flags.out ?? dirname(this.args.results));
    if (!this.jsonEnabled()) process.stdout.write(`${files.index}\n`);
    return {
      ...files,
      verdict: analysis.targetGap.verdict,
      sustainedMultiplier: analysis.headline.sustainedMultiplier,
      bottleneck: analysis.bottleneck.bottleneck?.resource ?? null,
      thresholds: { passed: analysis.thresholds.passed, failed: analysis.thresholds.failed },
    };
  }
}
