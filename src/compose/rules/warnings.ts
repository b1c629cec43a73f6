import type { InputProblem } from '../../errors/problem.js';
import type { StackModel } from '../../model/stack-model.js';
import { formatPath, type KeyPath, type SourceMap } from '../source-map.js';
import { didYouMean } from '../suggest.js';
import { hasLabelPrefix } from '../../docker/constraints.js';

/* Phase 13 of the loader (with key-rules.ts and interpolate.ts): warnings read from the built model. */

/**
 * Keys that docker accepts but never uses because the object is external (no error, as docker deploys the file):
 * driver, driver_opts, ipam, internal, attachable and labels of external networks; file, driver, template_driver and
 * labels of external secrets and configs. One IGNORED_KEY warning each, at the key.
 * Also: `depends_on` naming a service not in the stack (UNKNOWN_DEPENDENCY; docker ignores depends_on) and a
 * spread preference over anything but a label (INEFFECTIVE_PREFERENCE; swarm skips it).
 */
export function collectModelWarnings(model: StackModel, sourceMap: SourceMap): InputProblem[] {
  const warnings: InputProblem[] = [];
  const warn = (at: KeyPath, what: string): void => {
    warnings.push({
      code: 'IGNORED_KEY',
      message: `ignored: the ${what} is external`,
      path: formatPath(at),
      location: sourceMap.locateKey(at),
    });
  };
  const sections = [
    ['networks', 'network', model.networks, ['driver', 'driver_opts', 'ipam', 'internal', 'attachable', 'labels']],
    ['secrets', 'secret', model.secrets, ['file', 'driver', 'driver_opts', 'template_driver', 'labels']],
    ['configs', 'config', model.configs, ['file', 'template_driver', 'labels']],
  ] as const;
  for (const [section, what, objects, keys] of sections) {
    for (const [name, object] of Object.entries(objects)) {
      if (!object.external) continue;
      for (const key of keys) {
        if (key in object) warn([section, name, key], what);
      }
    }
  }
  const serviceNames = Object.keys(model.services);
  for (const [name, service] of Object.entries(model.services)) {
    for (const [dependency, condition] of Object.entries(service.depends_on ?? {})) {
      if (Object.hasOwn(model.services, dependency) || condition.required === false) continue;
      const at: KeyPath = ['services', name, 'depends_on', dependency];
      warnings.push({
        code: 'UNKNOWN_DEPENDENCY',
        message: `ignored: "${dependency}" is not a service of this stack`,
        path: formatPath(at),
        location: sourceMap.locateKey(at),
        hint:
          didYouMean(dependency, serviceNames) ??
          'pass the file that defines it with another -c, or remove the entry (or mark it required: false)',
      });
    }
    service.deploy?.placement?.preferences?.forEach((preference, i) => {
      if (hasLabelPrefix(preference.spread)) return;
      const at: KeyPath = ['services', name, 'deploy', 'placement', 'preferences', i, 'spread'];
      warnings.push({
        code: 'INEFFECTIVE_PREFERENCE',
        message:
          `spread over "${preference.spread}" has no effect: swarm spreads only over node or engine labels, ` +
          "and already spreads a service's tasks over the nodes",
        path: formatPath(at),
        location: sourceMap.locate(at),
        hint: 'remove it, or spread over node.labels.<name> or engine.labels.<name>',
      });
    });
  }
  return warnings;
}
