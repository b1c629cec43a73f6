import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { StackCommand } from './base-command.js';
import { endpointOptions, printNotice } from './endpoint-options.js';
import { endpointFlags } from './flags.js';
import type { PsResult } from '../workflows/ps.js';

export default class Ps extends StackCommand {
  static override summary = 'List the tasks of a stack.';
  static override description =
    'Like `docker stack ps`: every task of the stack, current and past (older tasks of a slot are indented under the newest), ' +
    'with its node, desired and current state, error and host-mode ports.\n\n' +
    'Filters go to the Engine as docker sends them: id and name are prefixes (of the task ID, of <service>.<slot>), ' +
    'node and service take a name, an ID or a unique ID prefix, label is KEY or KEY=VALUE of the service, ' +
    'desired-state is a task state (running, shutdown, accepted, ...). ' +
    'Several values of one key match any of them (labels: all of them); different keys must all match.';
  static override examples = [
    '<%= config.bin %> ps mystack',
    '<%= config.bin %> ps --filter desired-state=running mystack',
    '<%= config.bin %> ps --no-trunc --filter node=node2 mystack',
    '<%= config.bin %> ps --no-resolve -f name=mystack_web mystack',
  ];
  static override args = { stack: Args.string({ description: 'Stack name.', required: true }) };
  static override flags = {
    ...endpointFlags,
    filter: Flags.string({
      char: 'f',
      description: 'Only tasks matching: desired-state=STATE, id=PREFIX, label=KEY[=VALUE], name=PREFIX, node=NODE, service=SERVICE (repeatable).',
      multiple: true,
      multipleNonGreedy: true,
    }),
    'no-trunc': Flags.boolean({ description: 'Do not truncate IDs, images and errors.' }),
    'no-resolve': Flags.boolean({ description: 'Show service and node IDs instead of their names (in task names too).' }),
    quiet: Flags.boolean({ char: 'q', description: 'Only print task IDs.' }),
    format: Flags.string({
      description: 'Format output with a Go template, as docker does: {{.Name}}, {{json .}} (or json), "table {{.Name}}\\t{{.DesiredState}}".',
    }),
  };

  async run(): Promise<PsResult> {
    const { args, flags } = await this.parse(Ps);
    const [{ psWorkflow }, { renderTasks, TASK_FIELDS }, { checkFormat }] = await Promise.all([
      import('../workflows/ps.js'),
      import('../render/ps.js'),
      import('../render/go-template.js'),
    ]);
    checkFormat(flags.format, TASK_FIELDS);
    const result = await psWorkflow({
      stack: args.stack,
      filters: flags.filter ?? [],
      noResolve: flags['no-resolve'],
      endpoints: endpointOptions(flags),
      env: process.env,
      onNotice: printNotice,
    });
    if (!this.jsonEnabled()) {
      process.stdout.write(renderTasks(result.tasks, { now: new Date(), noTrunc: flags['no-trunc'], quiet: flags.quiet, format: flags.format }));
    }
    return result;
  }
}
