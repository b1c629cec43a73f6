import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type { DeployEvent } from '../apply/events.js';
import type { InputProblem } from '../errors/problem.js';
import { StackError } from '../errors/stack-error.js';
import type { Plan } from '../plan/plan.js';
import { StackCommand } from './base-command.js';
import { endpointOptions } from './endpoint-options.js';
import { composeFlags, endpointFlags, executeFlags, formatFlag, planFlags } from './flags.js';
import { planStackOptions } from './plan-options.js';
import { executionOptions, interruptRun, progressOptions, reportRun, withSignalExitCode } from './rollout.js';

export default class Deploy extends StackCommand {
  static override summary = 'Deploy a Compose file to the swarm as a stack.';
  static override description =
    'Loads and validates the files (nothing in the cluster is touched when they are invalid), reads the live ' +
    'state, resolves image digests, prints the plan (as `stack diff` does), then, holding the stack\'s deploy lock, ' +
    'records a revision and writes only the networks, secrets, configs and services that differ, with the same ' +
    'names, labels and values as `docker stack deploy`, and waits until every changed service has converged. ' +
    'A deploy without changes writes nothing. Exit code 0 only when everything converged.\n\n' +
    'Ctrl-C, SIGTERM or SIGHUP once: start nothing new, finish what is in flight, record the run as interrupted, ' +
    'release the lock and exit 130/143/129; a second signal exits at once (still releasing the lock).';
  // docker's alias (`docker stack up`).
  static override hiddenAliases = ['up'];
  static override examples = [
    '<%= config.bin %> deploy -c docker-compose.yml mystack',
    '<%= config.bin %> deploy -c base.yml -c prod.yml --prune --rollback-on-failure mystack',
    '<%= config.bin %> deploy mystack --plan plan.json -m "release 1.4"',
  ];
  static override args = {
    // ignoreStdin: oclif would otherwise read a missing argument from standard input, which -c - needs.
    stack: Args.string({ description: 'Stack name (default: the top-level name: of the Compose files).', required: false, ignoreStdin: true }),
  };
  static override flags = {
    ...composeFlags,
    // Not required: --plan executes a saved plan without Compose files (checked in run()).
    'compose-file': Flags.string({
      char: 'c',
      description: 'Compose file to read (repeatable or comma-separated; "-" reads standard input). Required unless --plan is given.',
      multiple: true,
      // One value per flag, so `-c a.yml mystack` leaves `mystack` as the argument, as with docker.
      multipleNonGreedy: true,
    }),
    plan: Flags.string({
      description: 'Execute this saved plan (from `stack diff --out FILE`) exactly, without Compose files; refused when stale (docs/saved-plan.md).',
    }),
    ...endpointFlags,
    ...planFlags,
    ...executeFlags,
    ...formatFlag,
    force: Flags.boolean({ description: 'Deploy even when the plan has problems (placement, address space, names taken outside the stack, missing images).' }),
  };

  async run(): Promise<Record<string, unknown>> {
    const { args, flags } = await this.parse(Deploy);
    const files = flags['compose-file'] ?? [];
    if (flags.plan !== undefined && (files.length > 0 || flags.prune || flags['env-file'])) {
      throw new StackError('USAGE', '--plan executes a saved plan as it was made: it takes no -c, --env-file or --prune', {
        hint: 'the files, variables and --prune were read when the plan was made (stack diff ... --out FILE)',
      });
    }
    if (flags.plan !== undefined && args.stack === undefined) {
      throw new StackError('USAGE', '--plan needs the STACK argument: stack deploy NAME --plan FILE', {
        hint: 'the name is checked against the stack the plan was made for',
      });
    }
    if (flags.plan === undefined && files.length === 0) {
      throw new StackError('USAGE', 'Missing required flag compose-file', { hint: 'give the Compose file(s) with -c FILE, or a saved plan with --plan FILE' });
    }
    const [{ deployWorkflow }, { renderWarnings }, { renderPlan }, { createProgress }] = await Promise.all([
      import('../workflows/deploy.js'),
      import('../render/problems.js'),
      import('../render/plan.js'),
      import('../render/deploy-progress.js'),
    ]);
    const json = this.jsonEnabled();
    // Markdown is one report at the end (for a PR comment or a file): no plan text or progress lines before it.
    const asMarkdown = flags.format === 'markdown' && !json;
    const quiet = flags.quiet || json || asMarkdown;
    const colour = this.colourEnabled(process.stderr);
    let progress: ReturnType<typeof createProgress> | undefined;
    const interrupt = interruptRun(() => progress, json);
    try {
      const execution = {
        ...executionOptions(flags, interrupt, { command: `stack deploy ${this.argv.join(' ')}`, toolVersion: this.config.version }),
        force: flags.force,
        onWarnings: (warnings: InputProblem[]) => process.stderr.write(renderWarnings(warnings, { colour })),
        onPlan: (plan: Plan, again: boolean) => {
          if (!quiet) {
            if (again) process.stdout.write('The stack changed while waiting for the lock; the plan now is:\n');
            process.stdout.write(`${renderPlan(plan, { colour: this.colourEnabled(process.stdout) })}\n`);
          }
          progress = createProgress(plan, progressOptions(quiet, this.colourEnabled(process.stdout)));
        },
        onEvent: (event: DeployEvent) => progress?.onEvent(event),
      };
      const result =
        flags.plan !== undefined
          ? await (await import('../workflows/apply-saved-plan.js')).applySavedPlanWorkflow({
              ...execution,
              stackName: args.stack!,
              planPath: flags.plan,
              withRegistryAuth: flags['with-registry-auth'],
              cwd: process.cwd(),
              endpoints: endpointOptions(flags),
              env: process.env,
            })
          : await deployWorkflow({ ...planStackOptions(args.stack, { ...flags, 'compose-file': files }), ...execution });
      await progress?.finish();
      return await reportRun(result, interrupt, { json, markdown: asMarkdown, colour: this.colourEnabled(process.stdout), debug: this.debugEnabled() });
    } catch (error) {
      throw withSignalExitCode(error, interrupt);
    } finally {
      interrupt.dispose();
    }
  }
}
