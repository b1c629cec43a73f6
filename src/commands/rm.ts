import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { StackCommand } from './base-command.js';
import { endpointOptions, printNotice } from './endpoint-options.js';
import { endpointFlags, parseDurationFlag } from './flags.js';
import { StackError } from '../errors/stack-error.js';
import type { RmResult } from '../apply/remove-events.js';

export default class Rm extends StackCommand {
  static override summary = 'Remove stacks: their services, networks, secrets, configs, history and deploy lock.';
  static override description =
    'Removes what `docker stack rm` removes (everything labelled com.docker.stack.namespace=NAME), and also the ' +
    "stack's revision history and any deploy lock. Asks for confirmation on a terminal; without one, --yes is " +
    "required. Then waits (up to --timeout, default 30s) until the stack's tasks and networks are gone, so the name can " +
    'be deployed again at once; --detach returns without waiting.';
  static override hiddenAliases = ['remove', 'down'];
  static override strict = false;
  static override examples = ['<%= config.bin %> rm mystack', '<%= config.bin %> rm --yes mystack otherstack'];
  static override args = { stack: Args.string({ description: 'Stack name (several may be given).', required: true }) };
  static override flags = {
    ...endpointFlags,
    yes: Flags.boolean({ char: 'y', description: 'Remove without asking.' }),
    detach: Flags.boolean({ char: 'd', description: 'Do not wait for tasks and networks to be gone.' }),
    timeout: Flags.string({ description: 'How long to wait for tasks and networks to be gone (Go duration: 30s, 2m).', default: '30s' }),
  };

  async run(): Promise<RmResult> {
    const { argv, flags } = await this.parse(Rm);
    const stacks = argv.map(String);
    const timeoutMs = parseDurationFlag('timeout', flags.timeout);
    // Decided before contacting the cluster: a script that forgot --yes fails at once and removes nothing.
    if (!flags.yes && !process.stdin.isTTY) {
      throw new StackError('CONFIRMATION_REQUIRED', `refusing to remove ${stacks.length === 1 ? `stack ${stacks[0]}` : `stacks ${stacks.join(', ')}`} without confirmation: standard input is not a terminal`, {
        hint: 'pass --yes (-y) to remove without asking',
      });
    }
    const [{ rmWorkflow, rmFailed }, render] = await Promise.all([import('../workflows/rm.js'), import('../render/rm.js')]);
    const quiet = this.jsonEnabled();
    const result = await rmWorkflow({
      stacks,
      endpoints: endpointOptions(flags),
      env: process.env,
      onNotice: printNotice,
      detach: flags.detach,
      timeoutMs,
      confirm: flags.yes ? undefined : (found) => ask(render.renderRmPrompt(found), render.isYes),
      onEvent: (event) => {
        const line = render.renderRmEvent(event);
        if (line.stream === 'stderr') process.stderr.write(`${line.text}\n`);
        else if (!quiet) process.stdout.write(`${line.text}\n`);
      },
    });
    const problems = render.renderRmProblems(result, timeoutMs);
    if (problems) process.stderr.write(problems);
    if (rmFailed(result)) process.exitCode = 1;
    return result;
  }
}

/** Asks on stderr and reads one line from stdin (a terminal). */
async function ask(question: string, isYes: (answer: string) => boolean): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return isYes(await rl.question(question));
  } finally {
    rl.close();
  }
}
