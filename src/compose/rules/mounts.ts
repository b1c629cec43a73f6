import path from 'node:path';
import type { ServiceVolumeModel } from '../../model/stack-model.js';
import type { KeyPath } from '../source-map.js';
import { add, undeclaredHint, type ModelRule, type ServiceRule } from './checker.js';

/*
 * Service volumes (mounts): per-type rules for source and option blocks, named and cluster volumes declared at the
 * top level, absolute and unique targets. Source: docker/cli convert/volume.go.
 */

type MountOption = 'bind' | 'volume' | 'tmpfs' | 'image';

/** Per mount type (docker's convert/volume.go): whether it needs a source, and which option blocks it accepts. */
interface MountRule {
  source: 'required' | 'forbidden' | 'optional';
  options: MountOption[];
}

const MOUNT_TYPE_RULES: Record<ServiceVolumeModel['type'], MountRule> = {
  volume: { source: 'optional', options: ['volume'] },
  bind: { source: 'required', options: ['bind'] },
  tmpfs: { source: 'forbidden', options: ['tmpfs'] },
  npipe: { source: 'required', options: ['bind'] },
  // docker checks no image block on cluster mounts.
  cluster: { source: 'required', options: ['image'] },
  image: { source: 'required', options: ['image'] },
};

const MOUNT_OPTIONS: readonly MountOption[] = ['bind', 'volume', 'tmpfs', 'image'];

const article = (word: string): string => (/^[aeiou]/.test(word) ? 'an' : 'a');

const isAbsoluteTarget = (target: string): boolean => path.posix.isAbsolute(target) || /^[a-zA-Z]:[\\/]/.test(target);

const checkMounts: ServiceRule = (c, name, service) => {
  const targets = new Map<string, number>();
  service.volumes?.forEach((mount, i) => {
    const at: KeyPath = ['services', name, 'volumes', i];
    const rule = MOUNT_TYPE_RULES[mount.type];
    if (rule.source === 'required' && !mount.source) {
      const hint = mount.type === 'bind' ? 'set source to the path on the node to mount' : undefined;
      add(c, 'INVALID_MOUNT', at, `${article(mount.type)} ${mount.type} mount needs a source`, hint ? { hint } : {});
    } else if (rule.source === 'forbidden' && mount.source) {
      add(c, 'INVALID_MOUNT', [...at, 'source'], `${article(mount.type)} ${mount.type} mount takes no source`);
    }
    for (const option of MOUNT_OPTIONS) {
      if (mount[option] === undefined || rule.options.includes(option)) continue;
      const hint = option === 'bind' ? 'propagation applies only to bind mounts' : undefined;
      const message = `${option} options cannot be used with ${article(mount.type)} ${mount.type} mount`;
      add(c, 'INVALID_MOUNT', [...at, option], message, {
        ...(hint === undefined ? {} : { hint }),
      });
    }
    if (mount.source && (mount.type === 'volume' || (mount.type === 'cluster' && !mount.source.startsWith('group:')))) {
      if (!Object.hasOwn(c.model.volumes, mount.source)) {
        add(c, 'UNDEFINED_REFERENCE', [...at, 'source'], `undefined volume "${mount.source}"`, {
          hint: undeclaredHint(mount.source, Object.keys(c.model.volumes), 'volumes'),
        });
      }
    }
    if (!mount.target) {
      add(c, 'INVALID_MOUNT', at, 'missing required key "target"');
      return;
    }
    if (!isAbsoluteTarget(mount.target)) {
      add(c, 'INVALID_MOUNT', [...at, 'target'], `must be an absolute path, got "${mount.target}"`);
    }
    const earlier = targets.get(mount.target);
    if (earlier === undefined) targets.set(mount.target, i);
    else add(c, 'DUPLICATE_TARGET', at, `duplicate mount point "${mount.target}" (also used by volumes[${earlier}])`);
  });
};

/** Mount rules, in reporting order. */
export const MOUNT_RULES: readonly ModelRule[] = [{ service: checkMounts }];
