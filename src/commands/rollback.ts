import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { StackCommand } from './base-command.js';
import { endpointFlags, executeFlags, formatFlag, parseDurationFlag } from './flags.js';
import { endpointOptions, printNotice } from './endpoint-options.js';
import { ciField } from './ci-run.js';
import { apiCallsLine, exitCodeOf, interruptOnSignals, withSignalExitCode } from './rollout.js';

export default class Rollback extends StackCommand {
  static override summary = 'Return a stack to an earlier recorded revision.';
  static override description =
    'Reads the stack\'s revision history from the cluster (no Compose file needed), builds the desired state of the\n' +
    'target revision (default: the newest succeeded revision before the current one), prints the plan of the return\n' +
    'against the live stack, then executes and waits exactly like `stack deploy` (lock, progress, failure reasons).\n' +
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
    const [{ rollbackWorkflow }, { renderPlan }, { createProgress }, { deployResultToJson, renderDeploySummary }] = await Promise.all([
      import('../workflows/rollback.js'),
      import('../render/plan.js'),
      import('../render/deploy-progress.js'),
      import('../render/deploy-result.js'),
    ]);
    const json = this.jsonEnabled();
    // Markdown is one report at the end: no plan text or progress lines before it.
    const asMarkdown = flags.format === 'markdown' && !json;
    const quiet = flags.quiet || json || asMarkdown;
    let progress: ReturnType<typeof createProgress> | undefined;
    const interrupt = interruptOnSignals((signal) => {
      progress?.onEvent({ type: 'interrupt-received', signal });
      if (!progress && !json) process.stderr.write(`${signal}: stopping before anything is written (a second signal exits at once)\n`);
    });
    try {
      const result = await rollbackWorkflow({
        stackName: args.stack,
        ...(flags.to === undefined ? {} : { to: flags.to }),
        endpoints: endpointOptions(flags),
        env: process.env,
        detach: flags.detach,
        timeoutMs: parseDurationFlag('timeout', flags.timeout),
        lockTimeoutMs: parseDurationFlag('lock-timeout', flags['lock-timeout']),
        managerTimeoutMs: parseDurationFlag('manager-timeout', flags['manager-timeout']),
        historyMax: flags['history-max'],
        rollbackOnFailure: flags['rollback-on-failure'],
        signal: interrupt.signal,
        // Slow is not down: a request waits for a busy manager, up to the run's own limit.
        requestLimit: { ms: parseDurationFlag('timeout', flags.timeout), label: '--timeout' },
        onLock: (release) => interrupt.setLockRelease(release),
        command: `stack rollback ${this.argv.join(' ')}`,
        toolVersion: this.config.version,
        ...(flags.message ? { message: flags.message } : {}),
        ...ciField(),
        onNotice: printNotice,
        onPlan: (plan, target, again) => {
          if (!quiet) {
            process.stdout.write(`${again ? 'The stack changed while waiting for the lock; now r' : 'R'}olling back ${args.stack} to revision ${target}.\n`);
            process.stdout.write(`${renderPlan(plan, { colour: this.colourEnabled(process.stdout) })}\n`);
          }
          progress = createProgress(plan, {
            mode: quiet ? 'quiet' : process.stdout.isTTY ? 'tty' : 'plain',
            colour: this.colourEnabled(process.stdout),
            out: process.stdout,
            err: process.stderr,
          });
        },
        onEvent: (event) => progress?.onEvent(event),
      });
      await progress?.finish();
      if (asMarkdown || process.env.GITHUB_STEP_SUMMARY) {
        const [{ renderDeployMarkdown }, { appendStepSummary }] = await Promise.all([import('../render/plan-markdown.js'), import('./step-summary.js')]);
        const report = renderDeployMarkdown(result, { verb: 'rollback' });
        if (asMarkdown) process.stdout.write(report);
        appendStepSummary(report);
      }
      if (!json && !asMarkdown) process.stdout.write(renderDeploySummary(result, { colour: this.colourEnabled(process.stdout), verb: 'rollback' }));
      if (this.debugEnabled()) process.stderr.write(apiCallsLine(result.apiCalls));
      const exitCode = exitCodeOf(result.outcome, interrupt.exitCode());
      if (exitCode !== 0) process.exitCode = exitCode;
      return deployResultToJson(result);
    } catch (error) {
      throw withSignalExitCode(error, interrupt);
    } finally {
      interrupt.dispose();
    }
  }
}
