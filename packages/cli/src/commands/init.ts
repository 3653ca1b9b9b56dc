import { Args, Flags } from '@oclif/core';
import { writeDefaultPlan } from '@headroom/scenarios';

import { BaseCommand } from '../base-command.js';

export default class Init extends BaseCommand<typeof Init> {
  static override summary = 'Write a commented capacity plan to start from.';

  static override description = `Writes the default plan — the capacity table at 1x, 2x, 5x and 10x, every workload, its SLOs — with every field explained in comments. \`headroom run --plan FILE\` accepts it unchanged; edit the capacity, steps and workloads to match your system.

An existing file is kept unless --force is given.`;

  static override examples = [
    {
      description: 'Write headroom.yaml in the current directory',
      command: '<%= config.bin %> <%= command.id %>',
    },
    {
      description: 'Write it elsewhere, replacing an existing file',
      command: '<%= config.bin %> <%= command.id %> plans/capacity.yaml --force',
    },
  ];

  static override args = {
    file: Args.string({ description: 'Where to write the plan.', default: 'headroom.yaml' }),
  };

  static override flags = {
    force: Flags.boolean({ description: 'Overwrite the file if it exists.', default: false }),
  };

  public async run(): Promise<void> {
    await writeDefaultPlan(this.args.file, { force: this.flags.force });
    process.stdout.write(`wrote ${this.args.file}\nrun it with: headroom run --plan ${this.args.file}\n`);
  }
}
