/**
 * Service `volumes` → `ContainerSpec.Mounts`, as docker/cli v28.2.2 `cli/compose/convert/volume.go` does it.
 * Every mount copies Type, Target, ReadOnly, Source and Consistency; the per-type rules are below. Invalid option
 * combinations raise ConvertRuleError with docker's wording.
 */
import type { ServiceVolumeModel, VolumeModel } from '../model/stack-model.js';
import { ConvertRuleError } from './convert-error.js';
import { compact, omitEmptyMap, omitEmptyString, omitFalse, omitZero } from './go-compat.js';
import { declaredObjectName, withStackLabel } from './names.js';
import type { Mount } from './swarm-types.js';

/** Converts one service's volume list; throws ConvertRuleError naming the mount target. */
export function convertMounts(
  stackName: string,
  volumes: readonly ServiceVolumeModel[] | undefined,
  stackVolumes: Readonly<Record<string, VolumeModel>>,
): Mount[] {
  return (volumes ?? []).map((volume) => {
    try {
      return convertMount(stackName, volume, stackVolumes);
    } catch (error) {
      if (error instanceof ConvertRuleError) {
        throw new ConvertRuleError(error.code, `mount ${volume.target}: ${error.message}`);
      }
      throw error;
    }
  });
}

/** Converts one mount (no target prefix on errors). */
export function convertMount(
  stackName: string,
  volume: ServiceVolumeModel,
  stackVolumes: Readonly<Record<string, VolumeModel>>,
): Mount {
  // docker's type switch treats "" as volume; the model always has a type, but keep the same rule.
  const type: string = volume.type;
  switch (type) {
    case 'volume':
    case '':
      return volumeMount(stackName, volume, stackVolumes);
    case 'image':
      return imageMount(volume);
    case 'bind':
      return bindMount(volume);
    case 'tmpfs':
      return tmpfsMount(volume);
    case 'npipe':
      return npipeMount(volume);
    case 'cluster':
      return clusterMount(stackName, volume, stackVolumes);
    default:
      throw mountError('volume type must be volume, bind, tmpfs, npipe, or cluster');
  }
}

function baseMount(volume: ServiceVolumeModel): Mount {
  return compact<Mount>({
    Type: omitEmptyString(volume.type),
    Source: omitEmptyString(volume.source),
    Target: omitEmptyString(volume.target),
    ReadOnly: omitFalse(volume.read_only),
    Consistency: omitEmptyString(volume.consistency),
  });
}

function mountError(message: string): ConvertRuleError {
  return new ConvertRuleError('CONVERT_MOUNT', message);
}

function volumeMount(
  stackName: string,
  volume: ServiceVolumeModel,
  stackVolumes: Readonly<Record<string, VolumeModel>>,
): Mount {
  if (volume.image) throw mountError('images options are incompatible with type volume');
  if (volume.tmpfs) throw mountError('tmpfs options are incompatible with type volume');
  if (volume.bind) throw mountError('bind options are incompatible with type volume');
  const mount = baseMount(volume);
  // Anonymous volume: nothing else, not even volume.nocopy.
  if (!volume.source) return mount;

  const declaration = Object.hasOwn(stackVolumes, volume.source) ? stackVolumes[volume.source] : undefined;
  if (declaration === undefined) {
    throw new ConvertRuleError('CONVERT_UNDEFINED_VOLUME', `undefined volume ${JSON.stringify(volume.source)}`);
  }
  const external = declaration.external === true;
  const driverConfig =
    !external && (omitEmptyString(declaration.driver) !== undefined || declaration.driver_opts !== undefined)
      ? compact({ Name: omitEmptyString(declaration.driver), Options: omitEmptyMap(declaration.driver_opts) })
      : undefined;
  return {
    ...mount,
    Source: declaredObjectName(stackName, volume.source, declaration),
    VolumeOptions: compact({
      NoCopy: omitFalse(volume.volume?.nocopy),
      Labels: external ? undefined : withStackLabel(stackName, declaration.labels),
      Subpath: omitEmptyString(volume.volume?.subpath),
      DriverConfig: driverConfig,
    }),
  };
}

function imageMount(volume: ServiceVolumeModel): Mount {
  if (!volume.source) throw mountError('invalid image source, source cannot be empty');
  if (volume.volume) throw mountError('volume options are incompatible with type image');
  if (volume.bind) throw mountError('bind options are incompatible with type image');
  if (volume.tmpfs) throw mountError('tmpfs options are incompatible with type image');
  const mount = baseMount(volume);
  return volume.image ? { ...mount, ImageOptions: compact({ Subpath: omitEmptyString(volume.image.subpath) }) } : mount;
}

function bindMount(volume: ServiceVolumeModel): Mount {
  if (!volume.source) throw mountError('invalid bind source, source cannot be empty');
  if (volume.volume) throw mountError('volume options are incompatible with type bind');
  if (volume.image) throw mountError('image options are incompatible with type bind');
  if (volume.tmpfs) throw mountError('tmpfs options are incompatible with type bind');
  const mount = baseMount(volume);
  // docker's v3 bind block only knows `propagation`; create_host_path is ignored, but the block's presence counts.
  return volume.bind
    ? { ...mount, BindOptions: compact({ Propagation: omitEmptyString(volume.bind.propagation) }) }
    : mount;
}

function tmpfsMount(volume: ServiceVolumeModel): Mount {
  if (volume.source) throw mountError('invalid tmpfs source, source must be empty');
  if (volume.bind) throw mountError('bind options are incompatible with type tmpfs');
  if (volume.volume) throw mountError('volume options are incompatible with type tmpfs');
  if (volume.image) throw mountError('image options are incompatible with type tmpfs');
  const mount = baseMount(volume);
  // Only `size` exists in docker's v3 tmpfs block; a `mode` in the model is not sent.
  return volume.tmpfs ? { ...mount, TmpfsOptions: compact({ SizeBytes: omitZero(volume.tmpfs.size) }) } : mount;
}

function npipeMount(volume: ServiceVolumeModel): Mount {
  if (!volume.source) throw mountError('invalid npipe source, source cannot be empty');
  if (volume.volume) throw mountError('volume options are incompatible with type npipe');
  if (volume.image) throw mountError('image options are incompatible with type npipe');
  if (volume.tmpfs) throw mountError('tmpfs options are incompatible with type npipe');
  const mount = baseMount(volume);
  return volume.bind
    ? { ...mount, BindOptions: compact({ Propagation: omitEmptyString(volume.bind.propagation) }) }
    : mount;
}

function clusterMount(
  stackName: string,
  volume: ServiceVolumeModel,
  stackVolumes: Readonly<Record<string, VolumeModel>>,
): Mount {
  if (!volume.source) throw mountError('invalid cluster source, source cannot be empty');
  if (volume.tmpfs) throw mountError('tmpfs options are incompatible with type cluster');
  if (volume.bind) throw mountError('bind options are incompatible with type cluster');
  if (volume.volume) throw mountError('volume options are incompatible with type cluster');
  const mount: Mount = { ...baseMount(volume), ClusterOptions: {} };
  // A volume group (`group:<name>`) is neither declared nor scoped.
  if (volume.source.startsWith('group:')) return mount;
  const declaration = Object.hasOwn(stackVolumes, volume.source) ? stackVolumes[volume.source] : undefined;
  if (declaration === undefined) {
    throw new ConvertRuleError('CONVERT_UNDEFINED_VOLUME', `undefined volume ${JSON.stringify(volume.source)}`);
  }
  return { ...mount, Source: declaredObjectName(stackName, volume.source, declaration) };
}
