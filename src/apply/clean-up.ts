import type { ExecutionReport } from './execution-report.js';
import { LABEL_NAMESPACE } from '../convert/names.js';
import { referencedFileObjects } from '../history/build-record.js';
import { readRevision, type listRevisions } from '../history/history-store.js';
import type { Plan } from '../plan/plan.js';
import type { EngineApi } from '../swarm/engine-api.js';
import type { LiveConfig, LiveSecret, LiveService } from '../swarm/live-types.js';
import * as ops from '../swarm/operations.js';

const VERSIONED = /-[0-9a-f]{10}$/;

/**
 * Removes the stack's versioned secrets/configs (`<name>-<hash10>`) and the objects this plan replaced, when no
 * service of the cluster uses them and no kept revision references them.
 */
export async function removeUnusedVersions(
  api: EngineApi,
  plan: Plan,
  kept: Awaited<ReturnType<typeof listRevisions>>,
  report: ExecutionReport,
): Promise<void> {
  // Objects this plan deploys stay; an object is ours to remove when it is versioned, or when a versioned object of
  // the plan took its place (the original `<stack>_<key>` after its first content change).
  const desired = new Set(plan.changes.flatMap((c) => ((c.type === 'secret' || c.type === 'config') && c.action !== 'remove' ? [`${c.type}:${c.name}`] : [])));
  const superseded = new Set([...desired].filter((key) => VERSIONED.test(key)).map((key) => key.replace(VERSIONED, '')));
  const replaced = new Set(plan.changes.flatMap((c) => ((c.type === 'secret' || c.type === 'config') && c.replaces ? [`${c.type}:${c.replaces}`] : [])));
  const removable = (kind: 'secret' | 'config', name: string): boolean =>
    !desired.has(`${kind}:${name}`) && (VERSIONED.test(name) || replaced.has(`${kind}:${name}`) || superseded.has(`${kind}:${name}`));
  const stackFilter = JSON.stringify({ label: [`${LABEL_NAMESPACE}=${plan.stackName}`] });
  const [secrets, configs, services] = await Promise.all([
    api.get<LiveSecret[]>('/secrets', { filters: stackFilter }),
    api.get<LiveConfig[]>('/configs', { filters: stackFilter }),
    api.get<LiveService[]>('/services'),
  ]);
  const used = { secrets: new Set<string>(), configs: new Set<string>() };
  for (const service of services) {
    for (const ref of service.Spec.TaskTemplate.ContainerSpec?.Secrets ?? []) used.secrets.add(ref.SecretName);
    for (const ref of service.Spec.TaskTemplate.ContainerSpec?.Configs ?? []) used.configs.add(ref.ConfigName);
  }
  for (const stored of kept) {
    try {
      const refs = referencedFileObjects(readRevision(stored, plan.stackName));
      for (const name of refs.secrets) used.secrets.add(name);
      for (const name of refs.configs) used.configs.add(name);
    } catch {
      // A damaged record cannot protect anything; it is reported by `stack history`.
    }
  }
  for (const secret of secrets) {
    const name = secret.Spec.Name ?? '';
    if (!removable('secret', name) || used.secrets.has(name)) continue;
    await ops.removeSecret(api, secret.ID).then(() => report.cleanup.removedSecrets.push(name), () => undefined);
  }
  for (const config of configs) {
    const name = config.Spec.Name ?? '';
    if (!removable('config', name) || used.configs.has(name)) continue;
    await ops.removeConfig(api, config.ID).then(() => report.cleanup.removedConfigs.push(name), () => undefined);
  }
}
