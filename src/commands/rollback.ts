import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { StackCommand } from './base-command.js';
import { endpointFlags, executeFlags, formatFlag } from './flags.js';
import { endpointOptions } from './endpoint-options.js';
import { executionOptions, interruptRun, progressOptions, reportRun, withSignalExitCode } from './rollout.js';

export default class Rollback extends StackCommand {
  static override summary = 'Return a stack to an earlier recorded revision.';
  static override description =
    'Reads the stack\'s revision history from the cluster (no Compose file needed), builds the desired state of the ' +
    'target revision (default: the newest succeeded revision before the current one), prints the plan of the return ' +
    'against the live stack, then executes and waits exactly like `stack deploy` (lock, progress, failure reasons). ' +
    'The rollback is recorded as a new revision.';
  static override examples = ['<%= config.bin %> rollback mystack', '<%= config.bin %> rollback --to 3 mystack'];
  static override args = {
    stack: Args.string({ description: 'Stack name.', required: true }),
  };
  static override flags = {
    ...endpointFlags,
    ...executeFlags,
    ...formatFlag,
    to: Flags.integer({ description: 'Revision to return to (see `stack history`).', min: 1 }),
  };

  async run(): Promise<Record<string, unknown>> {
    const { args, flags } = await this.parse(Rollback);
    const [{ rollbackWorkflow }, { renderPlan }, { createProgress }] = await Promise.all([
      import('../workflows/rollback.js'),
      import('../render/plan.js'),
      import('../render/deploy-progress.js'),
    ]);
    const json = this.jsonEnabled();
    // Markdown is one report at the end: no plan text or progress lines before it.
    const asMarkdown = flags.format === 'markdown' && !json;
    const quiet = flags.quiet || json || asMarkdown;
    let progress: ReturnType<typeof createProgress> | undefined;
    const interrupt = interruptRun(() => progress, json);
    try {
      const result = await rollbackWorkflow({
        stackName: args.stack,
        ...(flags.to === undefined ? {} : { to: flags.to }),
        endpoints: endpointOptions(flags),
        env: process.env,
        ...executionOptions(flags, interrupt, { command: `stack rollback ${this.argv.join(' ')}`, toolVersion: this.config.version }),
        onPlan: (plan, target, again) => {
          if (!quiet) {
            process.stdout.write(`${again ? 'The stack changed while waiting for the lock; now r' : 'R'}olling back ${args.stack} to revision ${target}.\n`);
            process.stdout.write(`${renderPlan(plan, { colour: this.colourEnabled(process.stdout) })}\n`);
          }
          progress = createProgress(plan, progressOptions(quiet, this.colourEnabled(process.stdout)));
        },
        onEvent: (event) => progress?.onEvent(event),
      });
      await progress?.finish();
      return await reportRun(result, interrupt, { verb: 'rollback', json, markdown: asMarkdown, colour: this.colourEnabled(process.stdout), debug: this.debugEnabled() });
    } catch (error) {
      throw withSignalExitCode(error, interrupt);
    } finally {
      interrupt.dispose();
    }
  }
}
