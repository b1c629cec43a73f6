import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { StackCommand } from './base-command.js';
import { endpointOptions, printNotice } from './endpoint-options.js';
import { endpointFlags, formatFlag } from './flags.js';

export default class Drift extends StackCommand {
  static override summary = 'Check whether the live stack still matches its last recorded deploy.';
  static override description =
    'Compares the live stack with its newest revision record (no Compose file needed): services edited by hand ' +
    '(`docker service update`, `docker service scale`), services or networks removed or added with the stack\'s label, ' +
    'secrets and configs removed or with other content or labels. Fields read recorded → live.\n\n' +
    'Exit status: 0 without drift, 2 with drift, 1 on errors (for a scheduled CI job). Writes nothing.';
  static override examples = [
    '<%= config.bin %> drift mystack',
    '<%= config.bin %> drift mystack --format markdown >> "$GITHUB_STEP_SUMMARY"',
    '<%= config.bin %> drift mystack --json',
  ];
  static override args = { stack: Args.string({ description: 'Stack name.', required: true }) };
  static override flags = {
    ...endpointFlags,
    ...formatFlag,
    revision: Flags.integer({ char: 'r', description: 'Compare with this revision instead of the newest (see `stack history`).', min: 1 }),
  };

  async run(): Promise<Record<string, unknown>> {
    const { args, flags } = await this.parse(Drift);
    const [{ driftWorkflow }, render] = await Promise.all([import('../workflows/drift.js'), import('../render/drift.js')]);
    const report = await driftWorkflow({
      stack: args.stack,
      ...(flags.revision === undefined ? {} : { revision: flags.revision }),
      endpoints: endpointOptions(flags),
      env: process.env,
      onNotice: printNotice,
    });
    if (!this.jsonEnabled()) {
      process.stdout.write(flags.format === 'markdown' ? render.renderDriftMarkdown(report) : render.renderDrift(report, { colour: this.colourEnabled(process.stdout) }));
    }
    if (report.items.length > 0) process.exitCode = 2;
    return render.driftToJson(report);
  }
}
