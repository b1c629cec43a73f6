/**
 * Networks: which ones a stack uses, their create requests, the external ones to validate, and each service's
 * attachments (docker/cli v28.2.2 `convert/compose.go` Networks, `convert/service.go` convertServiceNetworks,
 * `stack/swarm/deploy_composefile.go` getServicesDeclaredNetworks / createNetworks).
 */
import type { NetworkModel, ServiceModel, StackModel } from '../model/stack-model.js';
import { ConvertRuleError } from './convert-error.js';
import { apiVersionLessThan } from '../docker/api-version.js';
import { compact, compareGoStrings, goSlice, omitEmptyList, omitEmptyMap, sortedRecord } from './go-compat.js';
import { scopedName } from '../docker/names.js';
import { declaredObjectName, withStackLabel } from './names.js';
import type { IPAM, NetworkAttachmentConfig, NetworkCreateRequest } from './swarm-types.js';

/** The network every service without a `networks` key joins; it needs no declaration. */
export const DEFAULT_NETWORK_KEY = 'default';
/** Driver docker fills in when a network declares none (just before the create call). */
export const DEFAULT_NETWORK_DRIVER = 'overlay';

/** The operating system the docker CLI runs on; it decides which network names count as "user-defined". */
export type ClientOs = 'linux' | 'darwin' | 'windows';

/**
 * docker's `container.NetworkMode(name).IsUserDefined()` as compiled for the client OS: everything except
 * `default`, `none`, `container:*` and the OS's built-in networks (`bridge`, `host` on Linux/macOS; `nat` on Windows).
 * Services get their key as an alias only on user-defined networks, and only user-defined external networks are
 * inspected before a deploy.
 */
export function isUserDefinedNetwork(name: string, clientOs: ClientOs = 'linux'): boolean {
  if (name === 'default' || name === 'none') return false;
  if (name.startsWith('container:')) return false;
  if (clientOs === 'windows') return name !== 'nat';
  return name !== 'bridge' && name !== 'host';
}

/** The network keys a service attaches to: its `networks` keys in file order, or `default` when it has none. */
export function serviceNetworkKeys(service: ServiceModel): string[] {
  const keys = service.networks ? Object.keys(service.networks) : [];
  return keys.length > 0 ? keys : [DEFAULT_NETWORK_KEY];
}

/** Network keys used by at least one service, in order of first use (unused top-level networks are never created). */
export function usedNetworkKeys(stack: StackModel): string[] {
  const used = new Set<string>();
  for (const service of Object.values(stack.services)) for (const key of serviceNetworkKeys(service)) used.add(key);
  return [...used];
}

/** A network the stack creates when it does not exist yet (an existing one with the stack label is left untouched). */
export interface DesiredNetwork {
  /** Compose key (`default` for the implicit default network). */
  key: string;
  /** Final name: `name:` or `<stack>_<key>`. */
  name: string;
  /** Body of `POST /networks/create`, exactly as docker CLI 28.2.2 sends it. */
  spec: NetworkCreateRequest;
}

/** Options of network conversion. */
export interface NetworkConvertOptions {
  /** Negotiated Engine API version; the client adds `CheckDuplicate: true` below 1.44. Default "1.41". */
  apiVersion?: string;
}

/**
 * The networks to create and the names of external networks to check. Only referenced networks are considered;
 * a referenced key without declaration (including `default`) is created with an empty configuration — docker does
 * the same, and the service conversion then fails with "undefined network" for keys other than `default`.
 * Networks are listed by name; a name reached from two keys is created once (first key wins).
 */
export function convertNetworks(
  stack: StackModel,
  stackName: string,
  options: NetworkConvertOptions = {},
): { networks: DesiredNetwork[]; externalNetworks: string[] } {
  const networks = new Map<string, DesiredNetwork>();
  const externals = new Set<string>();
  for (const key of usedNetworkKeys(stack)) {
    const declaration = Object.hasOwn(stack.networks, key) ? stack.networks[key] : undefined;
    const name = declaredObjectName(stackName, key, declaration);
    if (declaration?.external) {
      externals.add(name);
      continue;
    }
    if (!networks.has(name)) networks.set(name, { key, name, spec: networkCreateRequest(stackName, name, declaration, options) });
  }
  const sorted = [...networks.values()].sort((a, b) => compareGoStrings(a.name, b.name));
  return { networks: sorted, externalNetworks: [...externals] };
}

/** The create body for one non-external network (`declaration` undefined = referenced but not declared). */
export function networkCreateRequest(
  stackName: string,
  name: string,
  declaration: NetworkModel | undefined,
  options: NetworkConvertOptions = {},
): NetworkCreateRequest {
  const ipam = declaration?.ipam;
  const hasIpam = ipam !== undefined && ((ipam.driver ?? '') !== '' || (ipam.config?.length ?? 0) > 0);
  const ipamRequest: IPAM | null = hasIpam
    ? {
        Driver: ipam.driver ?? '',
        Options: null,
        Config: ipam.config && ipam.config.length > 0 ? ipam.config.map((pool) => compact({ Subnet: pool.subnet || undefined })) : null,
      }
    : null;
  const request: NetworkCreateRequest = {
    Driver: declaration?.driver || DEFAULT_NETWORK_DRIVER,
    Scope: '',
    IPAM: ipamRequest,
    Internal: declaration?.internal === true,
    Attachable: declaration?.attachable === true,
    Ingress: false,
    ConfigOnly: false,
    ConfigFrom: null,
    Options: declaration?.driver_opts ? sortedRecord(declaration.driver_opts) : null,
    Labels: withStackLabel(stackName, declaration?.labels),
    Name: name,
  };
  if (apiVersionLessThan(options.apiVersion ?? '1.41', '1.44')) request.CheckDuplicate = true;
  return request;
}

/**
 * `TaskTemplate.Networks` for one service: one entry per attached network (or `default`), Target = custom name,
 * external name or `<stack>_<key>`, Aliases = the user's aliases plus the unscoped service key on user-defined
 * networks, DriverOpts from the service-level `driver_opts`; sorted by Target with Go's sort.Slice.
 */
export function convertServiceNetworks(
  stackName: string,
  serviceKey: string,
  service: ServiceModel,
  stack: StackModel,
  clientOs: ClientOs = 'linux',
): NetworkAttachmentConfig[] {
  const attachments = serviceNetworkKeys(service).map((key) => {
    const declaration = Object.hasOwn(stack.networks, key) ? stack.networks[key] : undefined;
    if (declaration === undefined && key !== DEFAULT_NETWORK_KEY) {
      throw new ConvertRuleError('CONVERT_UNDEFINED_NETWORK', `undefined network ${JSON.stringify(key)}`);
    }
    const attachment = service.networks?.[key] ?? undefined;
    // docker keeps the target from `name:` only; an undeclared default network is scoped.
    const target = declaration ? declaredObjectName(stackName, key, declaration) : scopedName(stackName, key);
    const aliases = [...(attachment?.aliases ?? [])];
    if (isUserDefinedNetwork(target, clientOs)) aliases.push(serviceKey);
    return compact<NetworkAttachmentConfig>({
      Target: target || undefined,
      Aliases: omitEmptyList(aliases),
      DriverOpts: omitEmptyMap(attachment?.driver_opts),
    });
  });
  return goSlice(attachments, (a, b) => compareGoStrings(a.Target ?? '', b.Target ?? '') < 0);
}
