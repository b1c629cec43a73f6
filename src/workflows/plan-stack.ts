import { loadStack } from '../compose/load.js';
import { readObjectData } from '../compose/object-data.js';
import type { LoadOptions } from '../compose/types.js';
import { convertStack } from '../convert/stack.js';
import { declaredObjectName } from '../convert/names.js';
import { scopedName } from '../docker/names.js';
import type { NoticeListener } from '../model/notice.js';
import type { StackModel } from '../model/stack-model.js';
import type { InputProblem } from '../errors/problem.js';
import { buildPlan } from '../plan/build-plan.js';
import { checkReferencedObjects } from '../plan/object-refs.js';
import { finalizeServiceSpec, missingImageProblems, needsRegistryQuery, queryImage } from '../plan/images.js';
import { planHasChanges, type Plan } from '../plan/plan.js';
import type { ManagerConnection } from '../swarm/connect.js';
import type { EngineApi } from '../swarm/engine-api.js';
import type { EndpointOptions } from '../swarm/endpoint.js';
import { resolveImageDigest, type ResolveImageMode, type ResolvedImage } from '../swarm/image-resolution.js';
import { listRevisions, type StoredRevision } from '../history/history-store.js';
import { decideRerun, needsNewestRevision, unfinishedRollouts, withForcedRollout, type RerunStep } from '../history/rerun.js';
import { readSnapshot, type LiveSnapshot } from '../swarm/snapshot.js';
import { networksBeingRemoved, waitForNetworksGone } from '../swarm/removed-networks.js';
import { registryAuthFor } from '../swarm/registry-auth.js';
import { openManager } from './manager.js';
import { StackError } from '../errors/stack-error.js';
import { withServiceOrder } from '../plan/service-order.js';

/** Everything `stack deploy` and `stack diff` share up to the plan. */
export interface PlanStackOptions {
  /** The STACK argument; when absent, the files' top-level `name:` is the stack name. */
  stackName?: string;
  load: LoadOptions;
  endpoints: EndpointOptions;
  env: Record<string, string | undefined>;
  resolveImage: ResolveImageMode;
  prune: boolean;
  withRegistryAuth: boolean;
  /** Called once with the input warnings, before the cluster is contacted. */
  onWarnings?: (warnings: InputProblem[]) => void;
  /** Called when another manager than the first was used, and why. */
  onNotice?: NoticeListener;
  /** How long to look for a working manager after losing the one in use (default 30 s). */
  managerTimeoutMs?: number;
  /** The command's own limit on one Engine request (deploy: --timeout); none: wait as long as the manager is there. */
  requestLimit?: { ms: number; label: string };
  /** Stops waits during planning (networks of a removed stack still going away). */
  signal?: AbortSignal;
  /** deploy: when the files change nothing, look for a revision an earlier run left unfinished (to wait for it). */
  waitForUnfinished?: boolean;
}

/** How long planning waits for a removed stack's networks to go (swarm takes about 15 s). */
const NETWORK_REMOVAL_WAIT_MS = 60_000;

/** A plan and what executing it needs. */
export interface PlannedStack {
  /** The stack name in use (the argument, or the files' `name:`). */
  stackName: string;
  plan: Plan;
  api: EngineApi;
  connection: ManagerConnection;
  snapshot: LiveSnapshot;
  /** The loaded model (deploy orders service writes by its `depends_on`). */
  model: StackModel;
  /** X-Registry-Auth per image when `--with-registry-auth` was given. */
  registryAuth?: (image: string) => string | undefined;
  /** The newest revision, left unfinished by an earlier run, that this run waits for (the files change nothing). */
  unfinished?: StoredRevision;
}

/**
 * The shared planning step: load the files (nothing is contacted when they are invalid), connect, read one
 * snapshot, resolve image digests (one registry query per distinct image), convert, and compute the Plan.
 * Writes nothing to the cluster.
 */
export async function planStack(options: PlanStackOptions): Promise<PlannedStack> {
  const loaded = await loadStack(options.load, options.stackName);
  options.onWarnings?.(loaded.warnings);
  const stackName = stackNameOf(options.stackName, loaded.model);
  const objectData = await readObjectData(loaded.model, loaded.sourceMap, options.env);

  const { api, connection } = await openManager(options);
  const snapshotOptions = {
    tasks: false,
    configNames: declaredConfigNames(loaded.model, stackName),
    serviceNames: Object.keys(loaded.model.services).map((key) => scopedName(stackName, key)),
  };
  let snapshot = await readSnapshot(api, stackName, snapshotOptions);

  const desired = convertStack(loaded.model, stackName, {
    secretData: objectData.secretData,
    configData: objectData.configData,
    options: { apiVersion: connection.apiVersion },
  });
  checkReferencedObjects(desired, snapshot);

  const removing = await networksBeingRemoved(api, snapshot, desired.networks.map((n) => n.name));
  if (removing.length > 0) {
    // A removed stack's networks linger while its tasks go away: plan against the cluster once they are gone.
    options.onNotice?.({ code: 'networks-being-removed', networks: removing.map((n) => n.Name) });
    const left = await waitForNetworksGone(api, removing, { timeoutMs: NETWORK_REMOVAL_WAIT_MS, signal: options.signal });
    if (left.length > 0) options.onNotice?.({ code: 'networks-still-listed', networks: left, waitedMs: NETWORK_REMOVAL_WAIT_MS });
    snapshot = await readSnapshot(api, stackName, snapshotOptions);
  }
  const liveByName = new Map(snapshot.services.map((s) => [s.Spec.Name, s]));
  const registryAuth = options.withRegistryAuth ? (image: string) => registryAuthFor(image, options.env) : undefined;
  const toQuery = new Set<string>();
  for (const service of desired.services) {
    if (needsRegistryQuery(service.spec, liveByName.get(service.name), options.resolveImage)) toQuery.add(queryImage(service.spec));
  }
  const resolved = new Map<string, ResolvedImage>();
  await Promise.all(
    [...toQuery].map(async (image) => {
      resolved.set(image, await resolveImageDigest(api, image, registryAuth?.(image)));
    }),
  );
  const finalized = {
    ...desired,
    services: desired.services.map((s) => ({
      ...s,
      spec: finalizeServiceSpec(s.spec, liveByName.get(s.name), options.resolveImage, resolved),
    })),
  };
  const planOptions = { prune: options.prune, apiVersion: connection.apiVersion };
  let plan = withServiceOrder(buildPlan(finalized, snapshot, planOptions), loaded.model);
  const rerun = await rerunStep(api, plan, snapshot, options.waitForUnfinished === true);
  if (rerun.kind === 'force') {
    // Same files after a failed run: swarm will not finish the old rollout by itself, so force a new one.
    const names = new Set(rerun.rollouts.map((r) => r.service));
    const forced = { ...finalized, services: finalized.services.map((s) => (names.has(s.name) ? { ...s, spec: withForcedRollout(s.spec) } : s)) };
    plan = withServiceOrder(buildPlan(forced, snapshot, planOptions), loaded.model);
    plan.warnings.push(...rerun.rollouts.map((r) => ({ code: 'rollout-forced' as const, service: r.service, status: r.status })));
  }
  plan.warnings.push(...[...resolved.values()].flatMap((r) => (r.unresolved ? [{ code: 'image-unresolved' as const, image: r.image }] : [])));
  plan.problems.push(...missingImageProblems(finalized.services, resolved, (spec) => queryImage(spec)));
  return { stackName, plan, api, connection, snapshot, model: loaded.model, registryAuth, ...(rerun.kind === 'wait' ? { unfinished: rerun.revision } : {}) };
}

/**
 * The stack name: the STACK argument wins; otherwise the files' top-level `name:` (already checked by the loader's
 * schema against the Compose Specification's pattern, which swarm's object names accept). COMPOSE_PROJECT_NAME does
 * not count: it names a docker compose project, is often set in a shell or `.env` for that purpose, and a deploy (or
 * a `--prune`) must never be aimed at another stack by an ambient variable.
 */
export function stackNameOf(argument: string | undefined, model: StackModel): string {
  if (argument !== undefined) return argument;
  if (model.name !== undefined && model.name !== '') return model.name;
  throw new StackError('USAGE', 'no stack name: give the STACK argument or a top-level name: in the Compose file', {
    hint: 'e.g. stack deploy -c compose.yaml mystack, or add `name: mystack` at the top of the file',
  });
}

/**
 * The one step after planning for a rerun after an unfinished run (src/history/rerun.ts decides): reads the
 * stack's newest revision once, and only when the decision needs it.
 */
async function rerunStep(api: EngineApi, plan: Plan, snapshot: LiveSnapshot, canWait: boolean): Promise<RerunStep<StoredRevision>> {
  const inputs = { rollouts: unfinishedRollouts(plan, snapshot.services), changes: planHasChanges(plan), canWait };
  const newest = needsNewestRevision(inputs) ? (await listRevisions(api, plan.stackName))[0] : undefined;
  return decideRerun(inputs, newest);
}

/** Names of every config the stack declares, external ones included (what the snapshot must read). */
function declaredConfigNames(model: StackModel, stackName: string): string[] {
  return Object.entries(model.configs).map(([key, declaration]) => declaredObjectName(stackName, key, declaration));
}
