import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { StackCommand } from './base-command.js';
import { printNotice } from './endpoint-options.js';
import { composeFlags, endpointFlags, formatFlag, planFlags } from './flags.js';
import { planStackOptions } from './plan-options.js';

export default class Diff extends StackCommand {
  static override summary = 'Show what a deploy of the files would change in the stack, without changing anything.';
  static override description =
    'Loads the files, reads the live state of the stack and prints the plan `stack deploy` would execute with the ' +
    'same files and flags: every object to create, update, replace or remove with its changed fields, how many ' +
    'running tasks would be replaced, where tasks would be placed, and problems swarm would not report.\n\n' +
    'Nothing in the cluster is written. With --exit-code the exit status is 0 without changes, 2 with changes and ' +
    '1 on errors (for CI).';
  static override examples = [
    '<%= config.bin %> diff -c docker-compose.yml mystack',
    '<%= config.bin %> diff -c docker-compose.yml --exit-code --json mystack',
    '<%= config.bin %> diff -c docker-compose.yml --format markdown --out plan.json mystack',
  ];
  static override args = {
    // ignoreStdin: oclif would otherwise read a missing argument from standard input, which -c - needs.
    stack: Args.string({ description: 'Stack name (default: the top-level name: of the Compose files).', required: false, ignoreStdin: true }),
  };
  static override flags = {
    ...composeFlags,
    ...endpointFlags,
    ...planFlags,
    prune: Flags.boolean({
      description: 'Plan as `deploy --prune` would: removals of objects the files no longer use count as changes.',
    }),
    'exit-code': Flags.boolean({ description: 'Exit with 2 when there are changes, 0 when there are none.' }),
    ...formatFlag,
    out: Flags.string({
      char: 'o',
      description: 'Also write the plan to this file, for `stack deploy NAME --plan FILE` (docs/saved-plan.md). Holds no secret values.',
    }),
  };

  async run(): Promise<Record<string, unknown>> {
    const { args, flags } = await this.parse(Diff);
    const [{ diffWorkflow }, { renderWarnings }, { renderPlan }, { planToJson }, { planHasChanges }, { renderPlanMarkdown }, { appendStepSummary }] = await Promise.all([
      import('../workflows/diff.js'),
      import('../render/problems.js'),
      import('../render/plan.js'),
      import('../render/plan-json.js'),
      import('../plan/plan.js'),
      import('../render/plan-markdown.js'),
      import('./step-summary.js'),
    ]);
    const options = {
      ...planStackOptions(args.stack, flags),
      onWarnings: (warnings: Parameters<typeof renderWarnings>[0]) => process.stderr.write(renderWarnings(warnings, { colour: this.colourEnabled(process.stderr) })),
      onNotice: printNotice,
    };
    const result = flags.out
      ? await (await import('../workflows/save-plan.js')).savePlanWorkflow({ ...options, out: flags.out, toolVersion: this.config.version })
      : await diffWorkflow(options);
    const markdown = renderPlanMarkdown(result.plan);
    if (this.jsonEnabled()) {
      // --json prints the result object below.
    } else if (flags.format === 'markdown') process.stdout.write(markdown);
    else process.stdout.write(renderPlan(result.plan, { colour: this.colourEnabled(process.stdout) }));
    appendStepSummary(markdown);
    if (flags['exit-code'] && planHasChanges(result.plan)) process.exitCode = 2;
    if (flags.out) process.stderr.write(`Plan saved to ${flags.out}; apply exactly this plan with: stack deploy ${args.stack} --plan ${flags.out}\n`);
    return { ...planToJson(result.plan), endpoint: result.endpoint, ...(flags.out ? { savedTo: flags.out } : {}) };
  }
}
