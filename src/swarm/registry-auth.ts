import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseNormalizedNamed } from '../docker/image-reference.js';

/**
 * The X-Registry-Auth value for an image (`--with-registry-auth`), read from the docker config's `auths`
 * section like the docker CLI does for plain stored credentials. Credential helpers are not run (yet):
 * an image whose registry has no stored entry gets no header, and the daemon keeps what it had.
 */
export function registryAuthFor(image: string, env: Record<string, string | undefined>): string | undefined {
  const ref = parseNormalizedNamed(image);
  if (!ref) return undefined;
  const file = join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json');
  if (!existsSync(file)) return undefined;
  let config: { auths?: Record<string, { auth?: string; identitytoken?: string }> };
  try {
    config = JSON.parse(readFileSync(file, 'utf8')) as typeof config;
  } catch {
    return undefined;
  }
  const registry = ref.domain === 'docker.io' ? 'https://index.docker.io/v1/' : ref.domain;
  const entry = config.auths?.[registry] ?? config.auths?.[`https://${registry}`] ?? config.auths?.[`http://${registry}`];
  if (!entry?.auth && !entry?.identitytoken) return undefined;
  const [username, ...rest] = Buffer.from(entry.auth ?? '', 'base64').toString('utf8').split(':');
  const payload = entry.identitytoken
    ? { identitytoken: entry.identitytoken, serveraddress: registry }
    : { username, password: rest.join(':'), serveraddress: registry };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}
