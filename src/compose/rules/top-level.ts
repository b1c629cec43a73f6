import { isValidObjectName, MAX_OBJECT_NAME, scopedName } from '../../docker/names.js';
import type { KeyPath } from '../source-map.js';
import { add, type Checker, type ModelRule, type StackRule } from './checker.js';

/*
 * Top-level objects: external volumes without driver/driver_opts/labels; secrets and configs with a source and not
 * both a driver and a file; with a stack name, their names as swarm takes them (src/docker/names.ts).
 */

const checkVolumes: StackRule = (c) => {
  for (const [name, volume] of Object.entries(c.model.volumes)) {
    if (!volume.external) continue;
    const conflicts = [
      ['driver', Boolean(volume.driver)],
      ['driver_opts', Object.keys(volume.driver_opts ?? {}).length > 0],
      ['labels', Object.keys(volume.labels ?? {}).length > 0],
    ] as const;
    for (const [key, present] of conflicts) {
      if (!present) continue;
      add(c, 'CONFLICTING_KEYS', ['volumes', name, key], 'cannot be used with external: true', {
        atKey: true,
        hint: 'an external volume is created outside the stack; remove this key or external',
      });
    }
  }
};

/** What can feed a secret or config, per format (the Compose Specification adds environment and content). */
const SOURCES = {
  secret: { v3: 'file, driver or external', spec: 'file, environment, driver or external' },
  config: { v3: 'file or external', spec: 'file, content, environment or external' },
} as const;

function checkFileObjects(c: Checker, kind: 'secret' | 'config'): void {
  const section = kind === 'secret' ? c.model.secrets : c.model.configs;
  for (const [name, object] of Object.entries(section)) {
    const at: KeyPath = [`${kind}s`, name];
    if (object.external) continue;
    const driver = 'driver' in object ? object.driver : undefined;
    const content = 'content' in object ? object.content : undefined;
    if (driver && object.file) {
      add(c, 'CONFLICTING_KEYS', [...at, 'driver'], 'cannot be used together with file', {
        atKey: true,
        hint: `a ${kind} comes either from a file or from a secret driver; remove one of them`,
      });
    }
    if (!object.file && !driver && object.environment === undefined && content === undefined) {
      add(c, 'MISSING_SOURCE', at, `has no source: set ${SOURCES[kind][c.model.format]}`, { atKey: true });
    }
    if (c.stackName === undefined) continue;
    const effective = object.name ?? scopedName(c.stackName, name);
    if (!isValidObjectName(effective)) {
      const where = object.name === undefined ? at : [...at, 'name'];
      add(c, 'INVALID_NAME', where, `${kind} name "${effective}" is not valid in swarm`, {
        atKey: true,
        hint: `at most ${MAX_OBJECT_NAME} characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit`,
      });
    }
  }
}

/** Top-level object rules, in reporting order: volumes, then secrets, then configs. */
export const TOP_LEVEL_RULES: readonly ModelRule[] = [
  { stack: checkVolumes },
  { stack: (c) => checkFileObjects(c, 'secret') },
  { stack: (c) => checkFileObjects(c, 'config') },
];
