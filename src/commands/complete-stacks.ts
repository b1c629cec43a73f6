import { StackCommand } from './base-command.js';
import { endpointFlags } from './flags.js';
import { endpointOptions } from './endpoint-options.js';

/** How long the completion may wait for the cluster: a shell must not hang on Tab. */
const LIMIT_MS = 2000;

/**
 * Hidden: the stack names, one a line, for the completion scripts. Prints nothing (exit 0) when the manager cannot
 * be reached within 2 seconds or answers with an error: completion then offers nothing.
 */
export default class CompleteStacks extends StackCommand {
  static override enableJsonFlag = false;
  static override hidden = true;
  static override summary = 'Print the stack names for shell completion.';
  static override flags = { ...endpointFlags };

  async run(): Promise<void> {
    const { flags } = await this.parse(CompleteStacks);
    const timer = setTimeout(() => process.exit(0), LIMIT_MS);
    timer.unref();
    try {
      const { lsWorkflow } = await import('../workflows/ls.js');
      const { stacks } = await lsWorkflow({ endpoints: endpointOptions(flags), env: process.env, onNotice: () => {} });
      process.stdout.write(stacks.map((s) => `${s.name}\n`).join(''));
    } catch {
      // nothing to offer
    } finally {
      clearTimeout(timer);
    }
  }
}
