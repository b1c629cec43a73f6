import * as Args from '@oclif/core/args';
import { StackCommand } from './base-command.js';
import { endpointOptions, printNotice } from './endpoint-options.js';
import { endpointFlags } from './flags.js';
import type { UnlockResult } from '../swarm/deploy-lock.js';

export default class Unlock extends StackCommand {
  static override summary = "Remove a stack's deploy lock left by a run that did not finish.";
  static override description =
    'A deploy holds a lock in the cluster (a swarm config named stack-lock.<stack>) so that two deploys of the ' +
    'same stack cannot run at once. A run that was killed leaves it behind until it expires; this removes it ' +
    'whoever holds it, and says whose it was.';
  static override examples = ['<%= config.bin %> unlock mystack'];
  static override args = { stack: Args.string({ description: 'Stack name.', required: true }) };
  static override flags = { ...endpointFlags };

  async run(): Promise<UnlockResult> {
    const { args, flags } = await this.parse(Unlock);
    const [{ unlockWorkflow }, { renderUnlock }] = await Promise.all([import('../workflows/unlock.js'), import('../render/unlock.js')]);
    const result = await unlockWorkflow({ stack: args.stack, endpoints: endpointOptions(flags), env: process.env, onNotice: printNotice });
    if (!this.jsonEnabled()) process.stdout.write(renderUnlock(result, new Date()));
    return result;
  }
}
