/**
 * The image-reference grammar of `distribution/reference`, in one place: the validity check docker applies before
 * deploying (`imageReferenceProblem`), and the normalization the docker Go client applies to `ContainerSpec.Image`
 * before every service create and update (vendored `client/service_create.go` imageWithTagString).
 * Pure; no registry access.
 */

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const optionalPort = '(?::[0-9]+)?';
const tagPattern = '[\\w][\\w.-]{0,127}';
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const host = `(?:${domainName}|${ipv6address})`;
const domainAndPort = `${host}${optionalPort}`;
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePattern = `(?:${domainAndPort}/)?${remoteName}`;

const referenceRegexp = new RegExp(`^(${namePattern})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`, 'u');
const anchoredNameRegexp = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`, 'u');
const anchoredIdentifierRegexp = /^[a-f0-9]{64}$/u;

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
const NAME_TOTAL_LENGTH_MAX = 255;

/** Digest algorithms the docker CLI binary registers, with their hex lengths. */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** Why docker would refuse an image reference (as its ParseAnyReference does), or undefined when it is valid. */
export function imageReferenceProblem(reference: string): string | undefined {
  if (anchoredIdentifierRegexp.test(reference)) return undefined;
  const slash = reference.indexOf('/');
  const first = slash === -1 ? '' : reference.slice(0, slash);
  const hasDomain = slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  const remainder = hasDomain ? reference.slice(slash + 1) : reference;
  const colon = remainder.indexOf(':');
  const repository = colon === -1 ? remainder : remainder.slice(0, colon);
  if (repository.toLowerCase() !== repository) return 'the repository name must be lowercase';
  const match = referenceRegexp.exec(reference);
  if (!match) return 'not a valid image reference';
  if ((match[1] ?? '').length > NAME_TOTAL_LENGTH_MAX) return 'the repository name must not be longer than 255 characters';
  return undefined;
}

/** A parsed, normalized image reference (`docker.io/library/nginx:1.27@sha256:...`). */
export interface ImageReference {
  domain: string;
  path: string;
  tag?: string;
  digest?: string;
}

/**
 * `reference.ParseNormalizedNamed`: parses a familiar or full reference and fills in `docker.io` and `library/`.
 * Undefined when Go returns an error (invalid syntax, upper-case repository, 64-hex identifier, bad digest...).
 */
export function parseNormalizedNamed(image: string): ImageReference | undefined {
  if (anchoredIdentifierRegexp.test(image)) return undefined;
  const [domain, remainder] = splitDockerDomain(image);
  const tagSeparator = remainder.indexOf(':');
  const remote = tagSeparator >= 0 ? remainder.slice(0, tagSeparator) : remainder;
  if (remote.toLowerCase() !== remote) return undefined;
  const match = referenceRegexp.exec(`${domain}/${remainder}`);
  if (!match) return undefined;
  const nameMatch = anchoredNameRegexp.exec(match[1] as string);
  const ref: ImageReference = nameMatch
    ? { domain: nameMatch[1] ?? '', path: nameMatch[2] as string }
    : { domain: '', path: match[1] as string };
  if (ref.path.length > NAME_TOTAL_LENGTH_MAX) return undefined;
  if (match[2]) ref.tag = match[2];
  if (match[3]) {
    if (!isValidDigest(match[3])) return undefined;
    ref.digest = match[3];
  }
  return ref;
}

function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf('/');
  if (slash < 0) return [DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name];
  const maybeDomain = name.slice(0, slash);
  const maybeRemote = name.slice(slash + 1);
  let domain: string;
  let remote: string;
  if (maybeDomain === 'localhost') [domain, remote] = [maybeDomain, maybeRemote];
  else if (maybeDomain === LEGACY_DEFAULT_DOMAIN) [domain, remote] = [DEFAULT_DOMAIN, maybeRemote];
  else if (/[.:]/u.test(maybeDomain)) [domain, remote] = [maybeDomain, maybeRemote];
  else if (maybeDomain.toLowerCase() !== maybeDomain) [domain, remote] = [maybeDomain, maybeRemote];
  else [domain, remote] = [DEFAULT_DOMAIN, name];
  if (domain === DEFAULT_DOMAIN && !remote.includes('/')) remote = OFFICIAL_REPO_PREFIX + remote;
  return [domain, remote];
}

// go-digest Validate for the algorithms the CLI registers; any other algorithm is "unsupported" (an error).
function isValidDigest(digest: string): boolean {
  const colon = digest.indexOf(':');
  const length = DIGEST_HEX_LENGTH[digest.slice(0, colon)];
  const encoded = digest.slice(colon + 1);
  return length !== undefined && encoded.length === length && /^[a-f0-9]+$/u.test(encoded);
}

/** `reference.FamiliarString`: drops `docker.io/` and a `library/` prefix of single-component paths. */
export function familiarString(ref: ImageReference): string {
  let domain = ref.domain;
  let path = ref.path;
  if (domain === DEFAULT_DOMAIN) {
    domain = '';
    const rest = path.slice(OFFICIAL_REPO_PREFIX.length);
    if (path.startsWith(OFFICIAL_REPO_PREFIX) && !rest.includes('/')) path = rest;
  }
  const name = domain === '' ? path : `${domain}/${path}`;
  return `${name}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/**
 * What the Go client sends as `ContainerSpec.Image`: the familiar form with `:latest` added when the reference has
 * neither tag nor digest (`redis` → `redis:latest`, `docker.io/library/redis` → `redis:latest`,
 * `localhost:5000/app` → `localhost:5000/app:latest`). A reference docker cannot parse is returned unchanged.
 */
export function normalizeImageReference(image: string): string {
  const ref = parseNormalizedNamed(image);
  if (!ref) return image;
  if (ref.tag === undefined && ref.digest === undefined) ref.tag = 'latest';
  return familiarString(ref);
}
