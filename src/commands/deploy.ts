import { Args, Flags } from '@oclif/core';
import { StackCommand } from './base-command.js';
import { composeFlags, endpointFlags } from './flags.js';

export default class Deploy extends StackCommand {
  static override summary = 'Deploy a Compose file to the swarm as a stack.';
  static override description =
    'Loads and validates the files (nothing in the cluster is touched when they are invalid), reads the live\n' +
    'state, resolves image digests, then creates or updates networks, secrets, configs and services with the\n' +
    'same names, labels and values as `docker stack deploy`.';
  static override examples = [
    '<%= config.bin %> deploy -c docker-compose.yml mystack',
    '<%= config.bin %> deploy -c base.yml -c prod.yml --prune mystack',
  ];
  static override args = {
    stack: Args.string({ description: 'Stack name.', required: true }),
  };
  static override flags = {
    ...composeFlags,
    ...endpointFlags,
    prune: Flags.boolean({ description: 'Remove services of the stack that are no longer in the files.' }),
    'resolve-image': Flags.string({
      description: 'Query the registry to pin image digests and platforms.',
      options: ['always', 'changed', 'never'],
      default: 'always',
    }),
    'with-registry-auth': Flags.boolean({ description: 'Send registry credentials from the docker config to the swarm agents.' }),
    quiet: Flags.boolean({ char: 'q', description: 'Print only warnings and errors.' }),
  };

  async run(): Promise<Record<string, unknown>> {
    const { args, flags } = await this.parse(Deploy);
    const [{ deployWorkflow }, { renderWarnings }, { renderApplyEvent }] = await Promise.all([
      import('../workflows/deploy.js'),
      import('../render/problems.js'),
      import('../render/apply-lines.js'),
    ]);
    const quiet = flags.quiet || this.jsonEnabled();
    const colour = this.colourEnabled(process.stderr);
    const result = await deployWorkflow({
      stackName: args.stack,
      load: { files: flags['compose-file'], envFiles: flags['env-file'], cwd: process.cwd(), env: process.env },
      endpoints: {
        hosts: flags.host,
        context: flags.context,
        tls: flags.tls,
        tlsverify: flags.tlsverify,
        tlscacert: flags.tlscacert,
        tlscert: flags.tlscert,
        tlskey: flags.tlskey,
      },
      env: process.env,
      resolveImage: flags['resolve-image'] as 'always' | 'changed' | 'never',
      prune: flags.prune,
      withRegistryAuth: flags['with-registry-auth'],
      onWarnings: (warnings) => process.stderr.write(renderWarnings(warnings, { colour })),
      onNotice: (message) => process.stderr.write(`notice: ${message}\n`),
      onEvent: (event) => {
        const line = renderApplyEvent(event);
        if (!line) return;
        if (event.type === 'warning') process.stderr.write(`${line}\n`);
        else if (!quiet) process.stdout.write(`${line}\n`);
      },
    });
    for (const warning of result.plan.warnings) process.stderr.write(`warning: ${warning}\n`);
    return {
      stack: result.stack,
      endpoint: result.endpoint,
      changes: result.applied.done.map(({ change, id }) => ({ type: change.type, name: change.name, action: change.action, id })),
    };
  }
}
