import * as Args from '@oclif/core/args';
import { StackCommand } from './base-command.js';

export default class HelpCommand extends StackCommand {
  static override enableJsonFlag = false;
  static override summary = 'Show help for stack, a command, or a topic (stack help environment).';
  static override description =
    'Without an argument: the commands and help topics. With a command: its usage, flags and examples (as ' +
    '`stack COMMAND --help` or `-h`). Topics: `environment` (the environment variables stack reads, and its exit codes).';
  static override examples = ['<%= config.bin %> help deploy', '<%= config.bin %> help environment'];
  static override strict = false;
  static override args = { subject: Args.string({ description: 'A command or a help topic.', required: false }) };

  async run(): Promise<void> {
    const { argv } = await this.parse(HelpCommand);
    // oclif's help classes are loaded only when help is shown (lib/help.js in the bundle).
    const { StackHelp } = await import('./help-class.js');
    await new StackHelp(this.config).showHelp(argv.map(String));
  }
}
