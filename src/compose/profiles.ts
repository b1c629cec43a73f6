import type { InputProblem } from '../errors/problem.js';
import type { ExcludedService } from '../model/stack-model.js';
import { formatPath } from './source-map.js';
import { cloneTree, isTreeMap, mapFromEntries, setEntry, type TreeMap } from './tree.js';
import type { ComposeDocument, Variables } from './types.js';

/*
 * Profiles (Compose Specification, "Using profiles with Compose"): a service without `profiles` is always enabled;
 * a service with profiles only when one of them is active; `*` activates every profile. Applied to the merged
 * canonical document (phase 10b of docs/loader.md), before the model is built, so a left-out service is as absent
 * as if the files did not define it. `extends` does not count as a dependency (it copies the definition);
 * `depends_on` does: an enabled service that needs a left-out one is an error naming both, unless the dependency
 * is `required: false`, which is then dropped (docker compose does the same).
 */

/** The profiles in effect: `--profile` values (comma-separated allowed), or COMPOSE_PROFILES when none is given. */
export function activeProfiles(flagValues: readonly string[] | undefined, variables: Variables): string[] {
  const given = (flagValues ?? []).flatMap((value) => value.split(','));
  const source = given.length > 0 ? given : (variables.get('COMPOSE_PROFILES') ?? '').split(',');
  return [...new Set(source.map((name) => name.trim()).filter((name) => name !== ''))];
}

export interface ProfilesResult {
  document: ComposeDocument;
  excluded: ExcludedService[];
  problems: InputProblem[];
}

/** The `profiles` of a service as written (a canonical tree holds a list of strings; anything else means none). */
function profilesOf(service: unknown): string[] {
  if (!isTreeMap(service) || !Array.isArray(service['profiles'])) return [];
  return service['profiles'].filter((item): item is string => typeof item === 'string');
}

/** Whether a service with these profiles runs when `active` are the active profiles. */
export function isEnabled(profiles: readonly string[], active: readonly string[]): boolean {
  if (profiles.length === 0) return true;
  if (active.includes('*')) return true;
  return profiles.some((profile) => active.includes(profile));
}

/**
 * Leaves out the services none of whose profiles is active. Returns a new document (the input is not changed),
 * the services left out (file order) and an error for every `depends_on` of an enabled service on a left-out one.
 */
export function applyProfiles(doc: ComposeDocument, active: readonly string[]): ProfilesResult {
  const services = doc.tree['services'];
  if (!isTreeMap(services)) return { document: doc, excluded: [], problems: [] };
  const excluded: ExcludedService[] = [];
  for (const [name, service] of Object.entries(services)) {
    const profiles = profilesOf(service);
    if (!isEnabled(profiles, active)) excluded.push({ service: name, profiles });
  }
  if (excluded.length === 0) return { document: doc, excluded, problems: [] };

  const off = new Map(excluded.map((entry) => [entry.service, entry]));
  const problems: InputProblem[] = [];
  const kept: [string, unknown][] = [];
  for (const [name, service] of Object.entries(services)) {
    if (off.has(name)) continue;
    const dependsOn = isTreeMap(service) ? service['depends_on'] : undefined;
    if (!isTreeMap(dependsOn)) {
      kept.push([name, service]);
      continue;
    }
    const needed: [string, unknown][] = [];
    for (const [dependency, condition] of Object.entries(dependsOn)) {
      const target = off.get(dependency);
      if (!target) {
        needed.push([dependency, condition]);
        continue;
      }
      // `required: false`: the dependency is optional; a left-out one is simply not waited for.
      if (isTreeMap(condition) && condition['required'] === false) continue;
      const at = ['services', name, 'depends_on', dependency];
      const list = target.profiles.map((p) => JSON.stringify(p)).join(', ');
      problems.push({
        code: 'DEPENDENCY_PROFILE_OFF',
        message: `service "${name}" depends on service "${dependency}", which is left out: its profiles (${list}) are not active`,
        path: formatPath(at),
        location: doc.sourceMap.locateKey(at),
        hint: `enable it with --profile ${target.profiles[0] ?? ''}, give "${name}" the same profiles, or mark the dependency required: false`,
      });
    }
    const copy = cloneTree(service) as TreeMap;
    setEntry(copy, 'depends_on', mapFromEntries(needed));
    kept.push([name, copy]);
  }
  const tree = { ...doc.tree };
  setEntry(tree, 'services', mapFromEntries(kept));
  return { document: { ...doc, tree }, excluded, problems };
}
