import * as Args from '@oclif/core/args';
import { StackCommand } from './base-command.js';
import type { Command as CommandTypes } from '@oclif/core/command';
import { HELP_TOPICS } from '../render/help-topics.js';
import { renderCompletion, SHELLS, type CompletionCommand, type Shell } from '../render/completion.js';

export default class Completion extends StackCommand {
  static override enableJsonFlag = false;
  static override summary = 'Print a shell completion script (bash, zsh or fish).';
  static override description =
    'Completes commands, flags, flag values, file names after -c/--env-file, and stack names (asked from the ' +
    'cluster with a 2-second limit). Install it for bash with `stack completion bash > /etc/bash_completion.d/stack` ' +
    '(or `source <(stack completion bash)` in ~/.bashrc), for zsh with `source <(stack completion zsh)` in ~/.zshrc, ' +
    'for fish with `stack completion fish > ~/.config/fish/completions/stack.fish`.';
  static override examples = ['source <(<%= config.bin %> completion bash)', '<%= config.bin %> completion fish > ~/.config/fish/completions/stack.fish'];
  static override args = { shell: Args.string({ description: 'The shell.', required: true, options: [...SHELLS] }) };

  async run(): Promise<void> {
    const { args } = await this.parse(Completion);
    process.stdout.write(renderCompletion(args.shell as Shell, this.config.bin, completionCommands(this.config.commands)));
  }
}

/** The visible commands of the manifest, as the completion scripts need them. Exported for tests. */
export function completionCommands(commands: readonly CommandTypes.Loadable[]): CompletionCommand[] {
  const visible = commands.filter((c) => !c.hidden);
  return visible.map((c) => {
    const flags = Object.entries(c.flags)
      .filter(([, flag]) => !flag.hidden)
      .map(([name, flag]) => ({
        name,
        char: flag.char,
        takesValue: flag.type === 'option',
        options: flag.type === 'option' ? flag.options : undefined,
        description: flag.summary ?? flag.description,
      }));
    const [firstArg] = Object.entries(c.args ?? {});
    const argValues =
      c.id === 'help' ? [...visible.map((v) => v.id), ...HELP_TOPICS.map((t) => t.name)] : firstArg?.[1].options ? [...firstArg[1].options] : undefined;
    return { id: c.id, summary: c.summary ?? c.description, flags, takesStack: firstArg?.[0] === 'stack', ...(argValues ? { argValues } : {}) };
  });
}
