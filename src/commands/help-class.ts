import { Help } from '@oclif/core/help';
import * as Errors from '@oclif/core/errors';
import type { Config } from '@oclif/core/interfaces';
import type { Hook } from '@oclif/core/hooks';
import { closestName } from '../compose/suggest.js';
import { findHelpTopic, HELP_TOPICS, renderHelpTopic, renderTopicList, renderUnknownCommand } from '../render/help-topics.js';

/** The names a user can type as a command: visible commands and their aliases. */
function commandNames(config: Config): string[] {
  return config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...c.aliases]);
}

/** Prints the unknown-command error with the nearest name, and exits 1 (no stack trace). */
function refuseUnknown(config: Config, word: string, withTopics: boolean): never {
  const names = withTopics ? [...commandNames(config), ...HELP_TOPICS.map((t) => t.name)] : commandNames(config);
  process.stderr.write(renderUnknownCommand(config.bin, word, closestName(word, names), withTopics ? 'command or help topic' : 'command'));
  throw new Errors.ExitError(1);
}

/**
 * oclif's help (package.json `oclif.helpClass`), plus help topics (`stack help environment`): listed under the
 * commands in the root help, shown for their name, and an unknown subject is an error with the nearest name.
 */
export class StackHelp extends Help {
  override async showHelp(argv: string[]): Promise<void> {
    const subjects = argv.filter((arg) => !arg.startsWith('-'));
    const [subject] = subjects;
    if (subject === undefined) return super.showHelp(argv);
    const command = this.config.findCommand(subject);
    // Directly, not through oclif's showHelp, which takes `help` itself for the root (`stack help -h`).
    if (command) return this.showCommandHelp(command);
    const topic = findHelpTopic(subject);
    if (!topic) refuseUnknown(this.config, subject, true);
    process.stdout.write(renderHelpTopic(topic, this.opts.maxWidth));
  }

  protected override async showRootHelp(): Promise<void> {
    await super.showRootHelp();
    this.log(renderTopicList(this.config.bin));
  }
}

/** `command_not_found` hook (package.json `oclif.hooks`): `stack deplyo` suggests `deploy` and exits 1. */
export const commandNotFound: Hook<'command_not_found'> = async function (options) {
  refuseUnknown(options.config, options.id, false);
};
