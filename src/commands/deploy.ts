import { Args, Flags } from '@oclif/core';
import { StackCommand } from './base-command.js';
import { composeFlags, endpointFlags, planFlags } from './flags.js';
import { planStackOptions } from './plan-options.js';

export default class Deploy extends StackCommand {
  static override summary = 'Deploy a Compose file to the swarm as a stack.';
  static override description =
    'Loads and validates the files (nothing in the cluster is touched when they are invalid), reads the live\n' +
    'state, resolves image digests, prints the plan (as `stack diff` does), then creates or updates only the\n' +
    'networks, secrets, configs and services that differ, with the same names, labels and values as\n' +
    '`docker stack deploy`. A deploy without changes writes nothing.';
  static override examples = [
    '<%= config.bin %> deploy -c docker-compose.yml mystack',
    '<%= config.bin %> deploy -c base.yml -c prod.yml --prune mystack',
  ];
  static override args = {
    stack: Args.string({ description: 'Stack name.', required: true }),
  };
  static override flags = {
    ...composeFlags,
    ...endpointFlags,
    ...planFlags,
    quiet: Flags.boolean({ char: 'q', description: 'Print only warnings and errors.' }),
  };

  async run(): Promise<Record<string, unknown>> {
    const { args, flags } = await this.parse(Deploy);
    const [{ deployWorkflow }, { renderWarnings }, { renderApplyEvent }, { renderPlan }, { planToJson }] = await Promise.all([
      import('../workflows/deploy.js'),
      import('../render/problems.js'),
      import('../render/apply-lines.js'),
      import('../render/plan.js'),
      import('../render/plan-json.js'),
    ]);
    const quiet = flags.quiet || this.jsonEnabled();
    const colour = this.colourEnabled(process.stderr);
    const result = await deployWorkflow({
      ...planStackOptions(args.stack, flags),
      onWarnings: (warnings) => process.stderr.write(renderWarnings(warnings, { colour })),
      onNotice: (message) => process.stderr.write(`notice: ${message}\n`),
      // The plan first (the same text `stack diff` prints), then one docker-style line per write.
      onPlan: (plan) => {
        if (!quiet) process.stdout.write(`${renderPlan(plan, { colour: this.colourEnabled(process.stdout) })}\n`);
      },
      onEvent: (event) => {
        const line = renderApplyEvent(event);
        if (!line) return;
        if (event.type === 'warning') process.stderr.write(`${line}\n`);
        else if (!quiet) process.stdout.write(`${line}\n`);
      },
    });
    for (const warning of result.plan.warnings) process.stderr.write(`warning: ${warning}\n`);
    return {
      stack: result.stack,
      endpoint: result.endpoint,
      plan: planToJson(result.plan),
      changes: result.applied.done.map(({ change, id }) => ({ type: change.type, name: change.name, action: change.action, id })),
    };
  }
}
