import { LABEL_IMAGE } from '../convert/names.js';
import { familiarString, normalizeImageReference, parseNormalizedNamed } from '../docker/image-reference.js';
import type { ServiceSpec } from '../convert/swarm-types.js';
import type { LiveService } from '../swarm/live-types.js';
import type { ImageProblem } from './problems.js';
import type { ResolveImageMode, ResolvedImage } from '../swarm/image-resolution.js';

/**
 * Whether the registry is asked for this service's image, per `--resolve-image` (docker's table):
 * always → yes; changed → only for a new service or when the compose image string changed; never → no.
 */
export function needsRegistryQuery(spec: ServiceSpec, live: LiveService | undefined, mode: ResolveImageMode): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  return !live || live.Spec.Labels?.[LABEL_IMAGE] !== spec.Labels?.[LABEL_IMAGE];
}

/** The tagged image reference the registry is asked about. */
export function queryImage(spec: ServiceSpec): string {
  return normalizeImageReference(spec.TaskTemplate.ContainerSpec?.Image ?? '');
}

/**
 * The spec with the image docker would send: the resolved `name:tag@digest` and pinned platforms when the
 * registry was asked and answered; the live image when the compose image string is unchanged and the registry
 * was not asked (keeps the earlier pin); otherwise the tagged reference. Also copies the live ForceUpdate,
 * because stack deploy has no --force. Pure.
 */
export function finalizeServiceSpec(
  spec: ServiceSpec,
  live: LiveService | undefined,
  mode: ResolveImageMode,
  resolved: ReadonlyMap<string, ResolvedImage>,
): ServiceSpec {
  const container = spec.TaskTemplate.ContainerSpec;
  if (!container) return spec;
  let image = queryImage(spec);
  let platforms: ResolvedImage['platforms'];
  if (needsRegistryQuery(spec, live, mode)) {
    const answer = resolved.get(image);
    if (answer) {
      image = answer.image;
      platforms = answer.platforms;
    }
  } else if (live && live.Spec.Labels?.[LABEL_IMAGE] === spec.Labels?.[LABEL_IMAGE]) {
    image = live.Spec.TaskTemplate.ContainerSpec?.Image ?? image;
  }
  const placement = platforms ? { ...(spec.TaskTemplate.Placement ?? {}), Platforms: platforms } : spec.TaskTemplate.Placement;
  return {
    ...spec,
    TaskTemplate: {
      ...spec.TaskTemplate,
      ContainerSpec: { ...container, Image: image },
      ...(placement ? { Placement: placement } : {}),
      ForceUpdate: live?.Spec.TaskTemplate.ForceUpdate ?? spec.TaskTemplate.ForceUpdate,
    },
  };
}

/** How the image a plan would send compares with the live one. */
export interface ImageComparison {
  same: boolean;
  /** Set when the tag is the same but the registry now resolves it to another digest. */
  movedTag?: { reference: string; from: string; to: string };
}

/**
 * Compares image references the way a plan must: equal strings are the same; the same name and tag are the same
 * when either side has no digest (nothing to compare: the registry was not asked, or could not be); with both
 * digests present, a different digest for the same tag means the tag moved.
 */
export function compareImages(desired: string | undefined, live: string | undefined): ImageComparison {
  if ((desired ?? '') === (live ?? '')) return { same: true };
  const a = desired ? parseNormalizedNamed(desired) : undefined;
  const b = live ? parseNormalizedNamed(live) : undefined;
  if (!a || !b) return { same: false };
  if (a.domain !== b.domain || a.path !== b.path || (a.tag ?? '') !== (b.tag ?? '')) return { same: false };
  if (!a.digest || !b.digest) return { same: true };
  if (a.digest === b.digest) return { same: true };
  const reference = familiarString({ domain: a.domain, path: a.path, ...(a.tag ? { tag: a.tag } : {}) });
  return a.tag ? { same: false, movedTag: { reference, from: b.digest, to: a.digest } } : { same: false };
}

/**
 * One problem per service whose image the registry answered for and said does not exist (unknown tag or
 * repository): every task would fail to pull it. A registry that could not be asked is only a warning. Pure.
 */
export function missingImageProblems(
  services: readonly { key: string; name: string; spec: ServiceSpec }[],
  resolved: ReadonlyMap<string, ResolvedImage>,
  queried: (spec: ServiceSpec) => string,
): ImageProblem[] {
  return services.flatMap((service) => {
    const image = queried(service.spec);
    const missing = resolved.get(image)?.missing;
    if (!missing) return [];
    return [{ kind: 'image' as const, service: service.key, name: service.name, image, missing }];
  });
}
