import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { StackCommand } from './base-command.js';
import { endpointOptions, printNotice } from './endpoint-options.js';
import { endpointFlags } from './flags.js';
import type { ServicesResult } from '../workflows/services.js';

export default class Services extends StackCommand {
  static override summary = 'List the services of a stack.';
  static override description =
    'Like `docker stack services`: ID, name, mode, running/desired replicas, image (without digest) and\n' +
    'published ports, sorted by name. A stack without services is an error ("nothing found in stack").';
  static override examples = ['<%= config.bin %> services mystack', '<%= config.bin %> services -q mystack'];
  static override args = { stack: Args.string({ description: 'Stack name.', required: true }) };
  static override flags = {
    ...endpointFlags,
    quiet: Flags.boolean({ char: 'q', description: 'Only print service IDs.' }),
  };

  async run(): Promise<ServicesResult> {
    const { args, flags } = await this.parse(Services);
    const [{ servicesWorkflow }, { renderServices }] = await Promise.all([
      import('../workflows/services.js'),
      import('../render/services.js'),
    ]);
    const result = await servicesWorkflow({ stack: args.stack, endpoints: endpointOptions(flags), env: process.env, onNotice: printNotice });
    if (!this.jsonEnabled()) process.stdout.write(renderServices(result.services, { quiet: flags.quiet }));
    return result;
  }
}
