import { bindObjectRefs, planBindings, referencesSecret, type ObjectBindings } from './bind-object-refs.js';
import type { ApplyListener, Write } from './events.js';
import { StackError } from '../errors/stack-error.js';
import { EngineError, type EngineApi } from '../swarm/engine-api.js';
import * as ops from '../swarm/operations.js';
import type { Change, Plan, SecretChange, ServiceChange } from '../plan/plan.js';

/** A write that went through, and the ID of the object written (absent for removals). */
export type DoneWrite = Write & { id?: string };

/** What was done, in order; `failed` names the write that stopped the run. */
export interface ApplyResult {
  done: DoneWrite[];
  /** `race`: the write failed because the cluster changed after the plan (an object vanished, appeared or moved on). */
  failed?: { write: Write; message: string; race?: boolean };
  /** The signal aborted: no new operation was started after it (those in flight finished). */
  interrupted?: boolean;
  /** A wave callback said stop (a service it waited for failed): later waves and removals were not started. */
  stopped?: boolean;
}

/** A service write that went through, as handed to `afterServiceWave`. */
export interface WrittenService {
  change: ServiceChange;
  id: string;
}

export interface ApplyOptions {
  /** X-Registry-Auth for an image (`--with-registry-auth`). */
  registryAuth?: (image: string) => string | undefined;
  onEvent?: ApplyListener;
  /** Once aborted, no new operation starts; operations in flight finish. */
  signal?: AbortSignal;
  /** Compose key → the keys it depends on (`depends_on`): a service is written only after the wave holding its dependencies. */
  dependsOn?: ReadonlyMap<string, readonly string[]>;
  /**
   * Called after each wave of service writes (the services written in parallel); resolves `false` to stop before the
   * next wave (the deploy waits for convergence here).
   */
  afterServiceWave?: (written: WrittenService[]) => Promise<boolean>;
}

/**
 * Executes a plan: external network checks first, then networks, secrets, configs (one at a time, in the plan's
 * order), services in waves (every service of a wave written in parallel; a service whose `depends_on` names a
 * service changed by this plan goes in a later wave), then removals. Changes with action `none` write nothing
 * (except a service referencing a secret whose fallback was taken, see `Write`); removals run only when the plan
 * says `prune`. Each service spec gets its object IDs just before its write (`bindObjectRefs`: the plan's live
 * references, then the objects this run created). Writes nothing when a check fails. Stops at the first failing
 * write (the writes of the same wave already in flight finish) and reports it in `failed` rather than throwing.
 * Never alters the plan: what was actually written is in the events and `done`.
 */
export async function applyPlan(api: EngineApi, plan: Plan, options: ApplyOptions = {}): Promise<ApplyResult> {
  await checkExternalNetworks(api, plan.externalNetworks);
  const result: ApplyResult = { done: [] };
  // Secrets whose label-adding update swarm refused (data differs): their services are written pointing at the fallback.
  const fellBack = new Set<string>();
  const ctx: ApplyContext = { bindings: planBindings(plan.references), registryAuth: options.registryAuth, onEvent: options.onEvent };
  const aborted = (): boolean => {
    if (options.signal?.aborted) result.interrupted = true;
    return Boolean(result.interrupted);
  };

  const runOne = async (planned: Write): Promise<DoneWrite | undefined> => {
    let write = planned;
    let id: string | undefined;
    options.onEvent?.({ type: 'change-started', write });
    try {
      try {
        id = await applyChange(api, write, ctx);
      } catch (error) {
        const change = write.change;
        if (change.type !== 'secret' || !change.fallback || !isLabelOnlyRefusal(error)) throw error;
        // The live secret holds other data than the file: use a new versioned secret instead (see SecretChange.fallback).
        options.onEvent?.({ type: 'secret-fallback', secret: change.name, fallback: change.fallback.name });
        write = { change, action: 'create', name: change.fallback.name };
        options.onEvent?.({ type: 'change-started', write });
        id = await applyChange(api, write, ctx);
        fellBack.add(change.name);
      }
    } catch (error) {
      if (write.action === 'remove' && error instanceof EngineError && error.notFound) {
        // Already gone (removed by hand or by another run): what the removal wanted.
        result.done.push(write);
        options.onEvent?.({ type: 'change-done', write });
        return write;
      }
      const message = describeWriteError(write, error);
      result.failed ??= { write, message, ...(isRace(write, error) ? { race: true } : {}) };
      options.onEvent?.({ type: 'change-failed', write, message });
      return undefined;
    }
    if (id && (write.change.type === 'secret' || write.change.type === 'config') && write.action !== 'remove') {
      // Services bind the object under the name they reference: the planned name, also when a fallback replaced it.
      const bound = write.change.type === 'secret' ? ctx.bindings.secrets : ctx.bindings.configs;
      bound.set(write.name, { name: write.name, id });
      if (write.name !== write.change.name) bound.set(write.change.name, { name: write.name, id });
    }
    const done: DoneWrite = id ? { ...write, id } : write;
    result.done.push(done);
    options.onEvent?.({ type: 'change-done', write, ...(id ? { id } : {}) });
    return done;
  };
  const planned = (change: Change): Write => ({ change, action: change.action, name: change.name });

  const objects = plan.changes.filter((c) => c.type !== 'service' && c.action !== 'remove' && c.action !== 'none');
  for (const change of objects) {
    if (aborted()) return result;
    await runOne(planned(change));
    if (result.failed) return result;
  }

  const services = plan.changes.filter((c): c is ServiceChange => c.type === 'service' && c.action !== 'remove');
  for (const wave of serviceWaves(services, options.dependsOn ?? new Map())) {
    if (aborted()) return result;
    // A service the plan leaves alone is written when a secret it references fell back to a new object.
    const writes = wave.flatMap((c): Write[] =>
      c.action !== 'none' ? [planned(c)] : referencesSecret(c.desired, fellBack) ? [{ change: c, action: 'update', name: c.name }] : [],
    );
    if (writes.length === 0) continue;
    const written = await Promise.all(writes.map((w) => (aborted() ? undefined : runOne(w))));
    if (result.failed || aborted()) return result;
    const ok = written.flatMap((w) => (w?.id && w.change.type === 'service' ? [{ change: w.change, id: w.id }] : []));
    if (options.afterServiceWave && !(await options.afterServiceWave(ok))) {
      result.stopped = true;
      return result;
    }
  }

  if (!plan.prune) return result;
  for (const change of plan.changes.filter((c) => c.action === 'remove')) {
    if (aborted()) return result;
    await runOne(planned(change));
    if (result.failed) return result;
  }
  return result;
}

/**
 * Service changes grouped into waves: a service goes one wave after the latest wave of the services it depends on
 * that this plan also changes (unchanged dependencies are already running). Plan order within a wave.
 */
export function serviceWaves(changes: ServiceChange[], dependsOn: ReadonlyMap<string, readonly string[]>): ServiceChange[][] {
  const byKey = new Map(changes.flatMap((c) => (c.key !== undefined && c.action !== 'none' ? [[c.key, c] as const] : [])));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (key: string): number => {
    const known = depth.get(key);
    if (known !== undefined) return known;
    if (visiting.has(key)) return 0; // a cycle (validation reports it): do not loop
    visiting.add(key);
    let d = 0;
    for (const dep of dependsOn.get(key) ?? []) if (byKey.has(dep)) d = Math.max(d, depthOf(dep) + 1);
    visiting.delete(key);
    depth.set(key, d);
    return d;
  };
  const waves: ServiceChange[][] = [];
  for (const change of changes) {
    const d = change.key !== undefined && change.action !== 'none' ? depthOf(change.key) : 0;
    (waves[d] ??= []).push(change);
  }
  return waves.filter((w) => w !== undefined);
}

/**
 * Whether a failed write means the cluster changed between plan and write, so that a new plan can succeed: the
 * object was updated meanwhile (version out of sequence), it vanished (not found on update), its name was taken
 * meanwhile (conflict on create), or an object the write references vanished (a network still being removed when
 * planned, a secret or config deleted by hand: "... not found").
 */
export function isRace(write: Write, error: unknown): boolean {
  if (!(error instanceof EngineError)) return false;
  // An object changed (not vanished) since the plan is the stale-plan guard's case: the run stops rather than
  // overwrite a change nobody saw in the plan.
  if (error.kind === 'out-of-sequence') return false;
  if (error.kind === 'not-found' && write.action === 'update') return true;
  if (error.kind === 'conflict' && (write.action === 'create' || write.action === 'replace')) return true;
  if (write.change.type === 'service' && error.kind === 'missing-reference') return true;
  return false;
}

/** An Engine refusal in words; a version conflict means the object changed after the plan was made. */
function describeWriteError(write: Write, error: unknown): string {
  const { change, action, name } = write;
  const message = error instanceof StackError ? error.message : String(error);
  if (error instanceof EngineError && error.kind === 'out-of-sequence') {
    return `${change.type} ${name} changed in the cluster after the plan was made (${message}); nothing was overwritten: run the command again to plan against the current state`;
  }
  if (error instanceof EngineError && error.notFound && action === 'update') {
    return `${change.type} ${name} was removed from the cluster after the plan was made (${message}); run the command again to plan against the current state`;
  }
  return `failed to ${action} ${change.type} ${name}: ${message}`;
}

interface ApplyContext {
  bindings: ObjectBindings;
  registryAuth?: (image: string) => string | undefined;
  onEvent?: ApplyListener;
}

async function applyChange(api: EngineApi, write: Write, ctx: ApplyContext): Promise<string | undefined> {
  const { change } = write;
  if (change.type === 'secret' && write.name !== change.name) return ops.createSecret(api, fallbackOf(change).desired);
  switch (change.type) {
    case 'network':
      if (change.action === 'remove') return void (await ops.removeNetworkWhenFree(api, requireLive(change), { deadline: Date.now() + 20_000, pollMs: 1000 }));
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
      const spec = bindObjectRefs(change.desired, ctx.bindings);
      const auth = ctx.registryAuth?.(spec.TaskTemplate.ContainerSpec?.Image ?? '');
      // `replace`: swarm cannot change a service's mode, so the service is removed and created again.
      if (write.action === 'replace') await ops.removeService(api, requireLive(change));
      const written =
        write.action === 'update'
          ? await ops.updateService(api, requireLive(change), change.liveVersion ?? 0, spec, auth)
          : await ops.createService(api, spec, auth);
      for (const warning of written.warnings) ctx.onEvent?.({ type: 'warning', message: warning });
      return written.id;
    }
  }
}

/** The fallback of a secret change that has one (the caller checked). */
function fallbackOf(change: SecretChange): NonNullable<SecretChange['fallback']> {
  if (!change.fallback) throw new Error(`secret ${change.name} has no fallback`);
  return change.fallback;
}

/** swarm's answer to a secret/config update that changes anything but labels. */
function isLabelOnlyRefusal(error: unknown): boolean {
  return error instanceof EngineError && error.kind === 'label-only-update';
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
