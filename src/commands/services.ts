import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { StackCommand } from './base-command.js';
import { endpointOptions, printNotice } from './endpoint-options.js';
import { endpointFlags } from './flags.js';
import type { ServicesResult } from '../workflows/services.js';

export default class Services extends StackCommand {
  static override summary = 'List the services of a stack.';
  static override description =
    'Like `docker stack services`: ID, name, mode, running/desired replicas, image (without digest) and published ports, sorted by name. ' +
    'For a stack without services (or none matching the filters) it says "Nothing found in stack" on stderr and exits 0, as docker does.\n\n' +
    'Filters match as docker\'s do: id and name are prefixes of the service ID and of the full service name (with the stack prefix: ' +
    'mystack_web), label is KEY or KEY=VALUE, mode is replicated, global, replicated-job or global-job. ' +
    'Several values of one key match any of them (labels: all of them); different keys must all match.';
  static override examples = [
    '<%= config.bin %> services mystack',
    '<%= config.bin %> services -q mystack',
    '<%= config.bin %> services --filter name=mystack_web --filter name=mystack_db mystack',
    '<%= config.bin %> services -f mode=global -f label=tier=edge mystack',
  ];
  static override args = { stack: Args.string({ description: 'Stack name.', required: true }) };
  static override flags = {
    ...endpointFlags,
    filter: Flags.string({
      char: 'f',
      description: 'Only services matching: id=PREFIX, name=PREFIX, label=KEY[=VALUE], mode=MODE (repeatable).',
      multiple: true,
      // One value per flag, so `-f name=x mystack` leaves `mystack` as the argument, as with docker.
      multipleNonGreedy: true,
    }),
    quiet: Flags.boolean({ char: 'q', description: 'Only print service IDs.' }),
    format: Flags.string({
      description: 'Format output with a Go template, as docker does: {{.Name}}, {{json .}} (or json), "table {{.Name}}\\t{{.Replicas}}".',
    }),
  };

  async run(): Promise<ServicesResult> {
    const { args, flags } = await this.parse(Services);
    const [{ servicesWorkflow }, { renderServices, SERVICE_FIELDS }, { checkFormat }] = await Promise.all([
      import('../workflows/services.js'),
      import('../render/services.js'),
      import('../render/go-template.js'),
    ]);
    checkFormat(flags.format, SERVICE_FIELDS);
    const result = await servicesWorkflow({
      stack: args.stack,
      filters: flags.filter ?? [],
      endpoints: endpointOptions(flags),
      env: process.env,
      onNotice: printNotice,
    });
    if (result.services.length === 0) process.stderr.write(`Nothing found in stack: ${args.stack}\n`);
    else if (!this.jsonEnabled()) process.stdout.write(renderServices(result.services, { quiet: flags.quiet, format: flags.format }));
    return result;
  }
}
