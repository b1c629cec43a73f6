import { familiarString, normalizeImageReference, parseNormalizedNamed } from '../docker/image-reference.js';
import type { Platform } from '../convert/swarm-types.js';
import { EngineError, type EngineApi } from './engine-api.js';

/** `--resolve-image` modes, as `docker stack deploy` has them. */
export type ResolveImageMode = 'always' | 'changed' | 'never';

/** The image to send and the platforms to pin, or whether the registry could not be asked. */
export interface ResolvedImage {
  image: string;
  platforms?: Platform[];
  /** The registry could not be asked (unreachable, authentication needed...): the image stays tagged only. */
  unresolved?: true;
  /** The registry answered that the tag or repository does not exist (its words). */
  missing?: string;
}

interface DistributionInspect {
  Descriptor?: { digest?: string };
  Platforms?: { architecture?: string; os?: string }[] | null;
}

/**
 * Pins `name:tag@digest` the way the docker Go client does for ServiceCreate/ServiceUpdate with QueryRegistry:
 * ask the manager's distribution endpoint, keep the familiar name, add the digest unless the reference already
 * has one, and pin the platforms (an "arm" architecture is blanked, as swarmkit#2294 requires).
 * A failed query leaves the tagged image and says so (`unresolved`: the plan warns, as docker does) instead of
 * failing the deploy.
 */
export async function resolveImageDigest(api: EngineApi, image: string, registryAuth?: string): Promise<ResolvedImage> {
  const tagged = normalizeImageReference(image);
  try {
    const inspect = await api.request<DistributionInspect>('GET', `/distribution/${tagged}/json`, { registryAuth });
    const digest = inspect.Descriptor?.digest;
    const platforms = (inspect.Platforms ?? []).map<Platform>((p) => ({
      Architecture: (p.architecture ?? '').toLowerCase() === 'arm' ? '' : (p.architecture ?? ''),
      OS: p.os ?? '',
    }));
    return { image: digest ? withDigest(tagged, digest) : tagged, ...(platforms.length > 0 ? { platforms } : {}) };
  } catch (error) {
    const missing = unknownManifest(error);
    if (missing) return { image: tagged, missing };
    return { image: tagged, unresolved: true };
  }
}

/**
 * The registry's own answer when it said the manifest or repository is unknown (the daemon passes it on with 404).
 * Anything else (registry unreachable, authentication needed, a timeout) leaves the image's existence unknown.
 */
function unknownManifest(error: unknown): string | undefined {
  if (!(error instanceof EngineError) || error.statusCode !== 404) return undefined;
  return /manifest unknown|name unknown|manifest .*not found|not found: manifest/i.test(error.message) ? error.message : undefined;
}

function withDigest(image: string, digest: string): string {
  const ref = parseNormalizedNamed(image);
  if (!ref || ref.digest) return image;
  return familiarString({ ...ref, digest });
}
