import { bindPendingIds } from './pending-ids.js';
import type { ApplyListener } from './events.js';
import { StackError } from '../errors/stack-error.js';
import { EngineError, type EngineApi } from '../swarm/engine-api.js';
import * as ops from '../swarm/operations.js';
import type { LiveSnapshot } from '../swarm/snapshot.js';
import type { Change, Plan } from '../plan/plan.js';

/** What was done, in order; `failed` names the change that stopped the run. */
export interface ApplyResult {
  done: { change: Change; id?: string }[];
  failed?: { change: Change; message: string };
}

export interface ApplyOptions {
  /** X-Registry-Auth for an image (`--with-registry-auth`). */
  registryAuth?: (image: string) => string | undefined;
  onEvent?: ApplyListener;
}

/**
 * Executes a plan: external network checks first, then networks, secrets, configs, services, removals, in
 * the plan's order. Writes nothing when a check fails. Stops at the first failing write.
 */
export async function applyPlan(api: EngineApi, plan: Plan, snapshot: LiveSnapshot, options: ApplyOptions = {}): Promise<ApplyResult> {
  await checkExternalNetworks(api, plan.externalNetworks);
  const secretIds = new Map(snapshot.secrets.map((s) => [s.Spec.Name ?? '', s.ID]));
  const configIds = new Map(snapshot.configs.map((c) => [c.Spec.Name ?? '', c.ID]));
  const result: ApplyResult = { done: [] };
  for (const change of plan.changes) {
    if (change.action === 'none') continue;
    options.onEvent?.({ type: 'change-started', change });
    try {
      const id = await applyChange(api, change, { secretIds, configIds, registryAuth: options.registryAuth, onEvent: options.onEvent });
      if (id && change.type === 'secret') secretIds.set(change.name, id);
      if (id && change.type === 'config') configIds.set(change.name, id);
      result.done.push({ change, id });
      options.onEvent?.({ type: 'change-done', change, id });
    } catch (error) {
      const message = error instanceof StackError ? error.message : String(error);
      result.failed = { change, message };
      throw new StackError('APPLY_FAILED', `failed to ${change.action} ${change.type} ${change.name}: ${message}`, {
        cause: error,
        hint: result.done.length > 0 ? `${result.done.length} earlier change(s) were applied; fix the cause and deploy again` : undefined,
      });
    }
  }
  return result;
}

interface ApplyContext {
  secretIds: Map<string, string>;
  configIds: Map<string, string>;
  registryAuth?: (image: string) => string | undefined;
  onEvent?: ApplyListener;
}

async function applyChange(api: EngineApi, change: Change, ctx: ApplyContext): Promise<string | undefined> {
  switch (change.type) {
    case 'network':
      if (change.action === 'remove') return void (await ops.removeNetwork(api, requireLive(change)));
      if (!change.desired) return undefined;
      return ops.createNetwork(api, change.desired);
    case 'secret':
      if (change.action === 'remove') return void (await ops.removeSecret(api, requireLive(change)));
      if (!change.desired) return undefined;
      if (change.action === 'update') {
        await ops.updateSecret(api, requireLive(change), change.liveVersion ?? 0, change.desired);
        return change.liveId;
      }
      return ops.createSecret(api, change.desired);
    case 'config':
      if (change.action === 'remove') return void (await ops.removeConfig(api, requireLive(change)));
      if (!change.desired) return undefined;
      if (change.action === 'update') {
        await ops.updateConfig(api, requireLive(change), change.liveVersion ?? 0, change.desired);
        return change.liveId;
      }
      return ops.createConfig(api, change.desired);
    case 'service': {
      if (change.action === 'remove') return void (await ops.removeService(api, requireLive(change)));
      if (!change.desired) return undefined;
      const spec = bindPendingIds(change.desired, { secret: ctx.secretIds, config: ctx.configIds });
      const auth = ctx.registryAuth?.(spec.TaskTemplate.ContainerSpec?.Image ?? '');
      const written =
        change.action === 'update'
          ? await ops.updateService(api, requireLive(change), change.liveVersion ?? 0, spec, auth)
          : await ops.createService(api, spec, auth);
      for (const warning of written.warnings) ctx.onEvent?.({ type: 'warning', message: warning });
      return written.id;
    }
  }
}

function requireLive(change: Change): string {
  if (!change.liveId) throw new Error(`${change.type} ${change.name} has no live ID to ${change.action}`);
  return change.liveId;
}

/** docker's rule: every user-defined external network must exist and be swarm-scoped before anything is written. */
async function checkExternalNetworks(api: EngineApi, names: string[]): Promise<void> {
  for (const name of names) {
    let network;
    try {
      network = await ops.inspectNetwork(api, name);
    } catch (error) {
      if (error instanceof EngineError && error.notFound) {
        throw new StackError('EXTERNAL_NETWORK_MISSING', `network "${name}" is declared as external, but could not be found`, {
          hint: `create a swarm-scoped network first: docker network create --driver overlay ${name}`,
        });
      }
      throw error;
    }
    if (network.Scope !== 'swarm') {
      throw new StackError('EXTERNAL_NETWORK_SCOPE', `network "${name}" is declared as external, but it is not in the right scope: "${network.Scope}" instead of "swarm"`, {
        hint: 'services can only attach to swarm-scoped networks (overlay, or a network created with --scope swarm)',
      });
    }
  }
}
