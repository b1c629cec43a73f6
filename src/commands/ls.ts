import * as Flags from '@oclif/core/flags';
import { StackCommand } from './base-command.js';
import { endpointOptions, printNotice } from './endpoint-options.js';
import { endpointFlags } from './flags.js';
import type { LsResult } from '../workflows/ls.js';

export default class Ls extends StackCommand {
  static override summary = 'List the stacks in the swarm, with their current revision.';
  static override description =
    'Lists every stack (services labelled com.docker.stack.namespace), as `docker stack ls` does, with its number ' +
    'of services, its newest recorded revision and how that deploy ended. Stacks deployed with ' +
    '`docker stack deploy` have no history and show "-".';
  static override hiddenAliases = ['list'];
  static override examples = ['<%= config.bin %> ls', '<%= config.bin %> ls --json', "<%= config.bin %> ls --format '{{.Name}}'"];
  static override flags = {
    ...endpointFlags,
    format: Flags.string({
      description: 'Format output with a Go template, as docker does: {{.Name}}, {{json .}} (or json), "table {{.Name}}\\t{{.Services}}".',
    }),
  };

  async run(): Promise<LsResult> {
    const { flags } = await this.parse(Ls);
    const [{ lsWorkflow }, { renderStackList, formatStackList, STACK_FIELDS }, { checkFormat }] = await Promise.all([
      import('../workflows/ls.js'),
      import('../render/ls.js'),
      import('../render/go-template.js'),
    ]);
    checkFormat(flags.format, STACK_FIELDS);
    const result = await lsWorkflow({ endpoints: endpointOptions(flags), env: process.env, onNotice: printNotice });
    if (!this.jsonEnabled()) {
      const out = flags.format === undefined ? renderStackList(result.stacks, new Date()) : formatStackList(result.stacks, flags.format);
      process.stdout.write(out);
    }
    return result;
  }
}
