import { bindPendingIds } from './pending-ids.js';
import type { ApplyListener } from './events.js';
import { StackError } from '../errors/stack-error.js';
import { EngineError, type EngineApi } from '../swarm/engine-api.js';
import * as ops from '../swarm/operations.js';
import type { LiveSnapshot } from '../swarm/snapshot.js';
import type { Change, Plan, ServiceChange } from '../plan/plan.js';

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
 * the plan's order. Changes with action `none` write nothing; removals run only when the plan says `prune`.
 * Writes nothing when a check fails. Stops at the first failing write.
 */
export async function applyPlan(api: EngineApi, plan: Plan, snapshot: LiveSnapshot, options: ApplyOptions = {}): Promise<ApplyResult> {
  await checkExternalNetworks(api, plan.externalNetworks);
  const secretIds = new Map(snapshot.secrets.map((s) => [s.Spec.Name ?? '', s.ID]));
  const configIds = new Map(snapshot.configs.map((c) => [c.Spec.Name ?? '', c.ID]));
  const result: ApplyResult = { done: [] };
  // Secrets whose label-adding update swarm refused (data differs): old name → the versioned object made instead.
  const secretRenames = new Map<string, string>();
  for (const planned of plan.changes) {
    if (planned.action === 'remove' && !plan.prune) continue;
    const change = planned.type === 'service' ? rebindRenamedSecrets(planned, secretRenames, secretIds) : planned;
    if (change.action === 'none') continue;
    options.onEvent?.({ type: 'change-started', change });
    try {
      const ctx = { secretIds, configIds, registryAuth: options.registryAuth, onEvent: options.onEvent };
      let id: string | undefined;
      let done: Change = change;
      try {
        id = await applyChange(api, change, ctx);
      } catch (error) {
        if (change.type !== 'secret' || !change.fallback || !isLabelOnlyRefusal(error)) throw error;
        // The live secret holds other data than the file: use a new versioned secret instead (see SecretChange.fallback).
        done = { ...change, action: 'create', name: change.fallback.name, desired: change.fallback.desired, liveId: undefined };
        options.onEvent?.({ type: 'warning', message: `secret ${change.name} holds other content than the file; creating ${change.fallback.name} instead` });
        options.onEvent?.({ type: 'change-started', change: done });
        id = await applyChange(api, done, ctx);
        secretRenames.set(change.name, change.fallback.name);
      }
      if (id && done.type === 'secret') secretIds.set(done.name, id);
      if (id && done.type === 'config') configIds.set(done.name, id);
      result.done.push({ change: done, id });
      options.onEvent?.({ type: 'change-done', change: done, id });
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
      if (change.action === 'remove') return void (await removeNetworkWhenFree(api, requireLive(change)));
      if (!change.desired) return undefined;
      return ops.createNetwork(api, change.desired);
    case 'secret':
      // `replace` creates the new versioned object; the old one is a separate `remove` change.
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
      // `replace`: swarm cannot change a service's mode, so the service is removed and created again.
      if (change.action === 'replace') await ops.removeService(api, requireLive(change));
      const written =
        change.action === 'update'
          ? await ops.updateService(api, requireLive(change), change.liveVersion ?? 0, spec, auth)
          : await ops.createService(api, spec, auth);
      for (const warning of written.warnings) ctx.onEvent?.({ type: 'warning', message: warning });
      return written.id;
    }
  }
}

/** A service change pointed at secrets created in place of refused label updates; `none` becomes `update`. */
function rebindRenamedSecrets(change: ServiceChange, renames: ReadonlyMap<string, string>, ids: ReadonlyMap<string, string>): ServiceChange {
  const secrets = change.desired?.TaskTemplate.ContainerSpec?.Secrets;
  if (!change.desired || !secrets || !secrets.some((ref) => renames.has(ref.SecretName))) return change;
  const Secrets = secrets.map((ref) => {
    const name = renames.get(ref.SecretName);
    return name === undefined ? ref : { ...ref, SecretName: name, SecretID: ids.get(name) ?? ref.SecretID };
  });
  const container = { ...change.desired.TaskTemplate.ContainerSpec, Secrets };
  return {
    ...change,
    action: change.action === 'none' ? 'update' : change.action,
    restarts: true,
    desired: { ...change.desired, TaskTemplate: { ...change.desired.TaskTemplate, ContainerSpec: container } },
  };
}

/**
 * Removes a network, waiting (up to 20 s) while tasks of services removed just before still hold endpoints on it:
 * their containers stop in the background after the service is gone.
 */
async function removeNetworkWhenFree(api: EngineApi, id: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return await ops.removeNetwork(api, id);
    } catch (error) {
      const busy = error instanceof EngineError && /active endpoints|in use/i.test(error.message);
      if (!busy || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** swarm's answer to a secret/config update that changes anything but labels. */
function isLabelOnlyRefusal(error: unknown): boolean {
  return error instanceof EngineError && /only updates to Labels are allowed/i.test(error.message);
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
