import type { FileReferenceModel, StackModel } from '../../model/stack-model.js';
import { add, undeclaredHint, type ModelRule, type ServiceRule, type StackRule } from './checker.js';

/*
 * References between parts of the file: secrets, configs, networks (`default` needs no declaration) and
 * credential_spec.config must be declared at the top level; duplicate secret/config targets; credential_spec takes
 * one source; `depends_on` cycles. Named and cluster volumes are checked with the other mount rules (mounts.ts).
 * A depends_on naming a service that is not in the files is a warning (warnings.ts).
 */

const checkReferences: ServiceRule = (c, name, service) => {
  const refs = (kind: 'secret' | 'config', list: FileReferenceModel[] | undefined) => {
    const declared = kind === 'secret' ? c.model.secrets : c.model.configs;
    const targets = new Map<string, number>();
    list?.forEach((ref, i) => {
      const at = ['services', name, `${kind}s`, i];
      if (!Object.hasOwn(declared, ref.source)) {
        add(c, 'UNDEFINED_REFERENCE', [...at, 'source'], `undefined ${kind} "${ref.source}"`, {
          hint: undeclaredHint(ref.source, Object.keys(declared), `${kind}s`),
        });
      }
      const target = ref.target ?? ref.source;
      const earlier = targets.get(target);
      if (earlier === undefined) targets.set(target, i);
      else {
        const message = `duplicate ${kind} target "${target}" (also used by ${kind}s[${earlier}])`;
        add(c, 'DUPLICATE_TARGET', at, message, { hint: 'give one of them another target' });
      }
    });
  };
  refs('secret', service.secrets);
  refs('config', service.configs);

  for (const network of Object.keys(service.networks ?? {})) {
    if (network === 'default' || Object.hasOwn(c.model.networks, network)) continue;
    add(c, 'UNDEFINED_REFERENCE', ['services', name, 'networks', network], `undefined network "${network}"`, {
      atKey: true,
      hint: undeclaredHint(network, Object.keys(c.model.networks), 'networks'),
    });
  }

  // depends_on naming a service that is not in the files is a warning (collectModelWarnings): docker ignores
  // depends_on, and override files meant to be combined with another -c name services they do not define.
};

const checkCredentialSpec: ServiceRule = (c, name, service) => {
  const spec = service.credential_spec;
  if (!spec) return;
  const at = ['services', name, 'credential_spec'];
  const set = (['config', 'file', 'registry'] as const).filter((key) => spec[key]);
  if (set.length > 1) {
    add(c, 'CONFLICTING_KEYS', at, `use only one of config, file and registry (got ${set.join(', ')})`);
  }
  if (spec.config && !Object.hasOwn(c.model.configs, spec.config)) {
    add(c, 'UNDEFINED_REFERENCE', [...at, 'config'], `undefined config "${spec.config}"`, {
      hint: undeclaredHint(spec.config, Object.keys(c.model.configs), 'configs'),
    });
  }
};

/**
 * The `depends_on` cycles among the services of `model`, each as the services in order from its smallest name
 * back to it (`[a, b, c, a]`; a service depending on itself is `[a, a]`). Dependencies on services not in the
 * model are left out (a warning of their own). One cycle per strongly connected component, sorted.
 */
export function dependencyCycles(model: StackModel): string[][] {
  const edges = new Map<string, string[]>();
  for (const [name, service] of Object.entries(model.services)) {
    edges.set(
      name,
      Object.keys(service.depends_on ?? {})
        .filter((dependency) => Object.hasOwn(model.services, dependency))
        .sort(),
    );
  }
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const to of edges.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (;;) {
      const member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    components.push(component);
  };
  for (const name of [...edges.keys()].sort()) if (!index.has(name)) visit(name);

  const cycles: string[][] = [];
  for (const component of components) {
    const members = new Set(component);
    const start = [...component].sort()[0];
    if (start === undefined) continue;
    if (component.length === 1 && !(edges.get(start) ?? []).includes(start)) continue;
    // The shortest way back to `start` inside the component (breadth first, names in order).
    const previous = new Map<string, string>();
    const queue = [start];
    let found = false;
    while (queue.length > 0 && !found) {
      const node = queue.shift();
      if (node === undefined) break;
      for (const to of edges.get(node) ?? []) {
        if (!members.has(to)) continue;
        if (to === start) {
          previous.set(start, node);
          found = true;
          break;
        }
        if (previous.has(to)) continue;
        previous.set(to, node);
        queue.push(to);
      }
    }
    const between: string[] = [];
    for (let node = previous.get(start); node !== undefined && node !== start; node = previous.get(node)) {
      between.unshift(node);
    }
    cycles.push([start, ...between, start]);
  }
  return cycles.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/** A `depends_on` cycle cannot be ordered: compose refuses it, and stack orders its deploy waves by depends_on. */
const checkDependencyCycles: StackRule = (c) => {
  for (const cycle of dependencyCycles(c.model)) {
    const [first, second] = cycle;
    if (first === undefined || second === undefined) continue;
    add(c, 'DEPENDENCY_CYCLE', ['services', first, 'depends_on', second], `depends_on cycle: ${cycle.join(' → ')}`, {
      atKey: true,
      hint: 'remove one of these depends_on entries: services that need each other must start without waiting',
    });
  }
};

/** Per-service reference rules, in reporting order. */
export const REFERENCE_RULES: readonly ModelRule[] = [{ service: checkReferences }, { service: checkCredentialSpec }];

/** The stack-wide dependency rule (after every per-service rule). */
export const DEPENDENCY_RULES: readonly ModelRule[] = [{ stack: checkDependencyCycles }];
