import { scopedName } from '../docker/names.js';
import type { StackModel } from '../model/stack-model.js';
import type { ExcludedServicePlan, Plan, ServiceDependency } from './plan.js';

/*
 * What the plan says beyond the objects: the `depends_on` order the deploy honours (with each condition) and the
 * services that profiles leave out. Pure: the plan and the loaded model in, a new plan out.
 */

/**
 * Adds `order` (every `depends_on` entry of a service in the files, with whether the dependency is written by this
 * plan) and `excludedServices` (with whether each runs now); a removal of a left-out service gets that as its reason.
 */
export function withServiceOrder(plan: Plan, model: StackModel): Plan {
  const changedKeys = new Set(
    plan.changes.flatMap((c) => (c.type === 'service' && c.key !== undefined && c.action !== 'none' && c.action !== 'remove' ? [c.key] : [])),
  );
  const order: ServiceDependency[] = [];
  for (const [service, definition] of Object.entries(model.services)) {
    for (const [dependsOn, entry] of Object.entries(definition.depends_on ?? {})) {
      // A dependency the files do not define (an optional one, or one left to another file) is not waited for.
      if (!(dependsOn in model.services)) continue;
      order.push({ service, dependsOn, condition: entry.condition, required: entry.required !== false, waits: changedKeys.has(dependsOn) });
    }
  }
  const liveRemovals = new Map(plan.changes.flatMap((c) => (c.type === 'service' && c.action === 'remove' ? [[c.name, c] as const] : [])));
  const excluded: ExcludedServicePlan[] = (model.excludedServices ?? []).map((entry) => {
    const name = scopedName(plan.stackName, entry.service);
    return { service: entry.service, name, profiles: [...entry.profiles], live: liveRemovals.has(name) };
  });
  const byName = new Map(excluded.map((e) => [e.name, e]));
  const changes = plan.changes.map((change) => {
    const left = change.type === 'service' && change.action === 'remove' ? byName.get(change.name) : undefined;
    return left ? { ...change, reason: { code: 'profiles-inactive' as const, profiles: [...left.profiles] } } : change;
  });
  return { ...plan, changes, order, excludedServices: excluded };
}
