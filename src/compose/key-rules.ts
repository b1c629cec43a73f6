import type { InputProblem } from '../errors/problem.js';
import type { ComposeFormat } from '../model/stack-model.js';
import { formatPath, type KeyPath } from './source-map.js';
import { isMapping, PathTable, walkTree, type PathPattern } from './tree-paths.js';
import type { ComposeDocument, Tree } from './types.js';

/**
 * Keys a stack cannot honour. Two classes:
 *
 * | class | when | effect |
 * |---|---|---|
 * | forbidden | swarm does it differently, under its own key | error `FORBIDDEN_KEY`, with advice |
 * | ignored | swarm has no equivalent, or it does not matter for a service | warning `IGNORED_KEY` / `DEPRECATED_KEY` |
 *
 * The forbidden list is docker's (`cli/compose/types/types.go` ForbiddenProperties, minus `extends`, which stack
 * resolves) plus the Compose Specification's siblings that have a direct deploy.* equivalent: silently dropping
 * `cpus: 2` or `mem_reservation` would deploy something other than the file says, and the fix is one move away.
 * Keys without any swarm equivalent (`cpu_period`, `blkio_config`, `oom_kill_disable`, ...) are ignored with a
 * warning instead, because there is nothing better the user could write.
 *
 * Forbidden keys (service level, both formats):
 *
 * | key | advice |
 * |---|---|
 * | volume_driver | declare the volume under top-level volumes with its driver |
 * | volumes_from | share a named volume |
 * | cpu_quota, cpu_shares, cpuset, cpus, cpu_count, cpu_percent | deploy.resources.limits.cpus / reservations.cpus |
 * | mem_limit, memswap_limit | deploy.resources.limits.memory |
 * | mem_reservation | deploy.resources.reservations.memory |
 * | pids_limit | deploy.resources.limits.pids |
 * | scale | deploy.replicas |
 * | label_file | labels |
 *
 * Ignored keys: see IGNORED_KEYS below (docker's UnsupportedProperties and DeprecatedProperties, the Compose
 * Specification keys swarm cannot apply, and keys docker drops silently where a warning saves a surprise).
 */
interface ForbiddenKey {
  key: string;
  hint: string;
}

const RESOURCES = 'deploy.resources';

/** Service keys that are errors, with what to write instead. */
export const FORBIDDEN_KEYS: readonly ForbiddenKey[] = [
  {
    key: 'volume_driver',
    hint: 'declare the volume under the top-level volumes key with its driver, and mount it by name',
  },
  {
    key: 'volumes_from',
    hint: 'declare a named volume under the top-level volumes key and mount it in every service that shares it',
  },
  { key: 'cpu_quota', hint: `use ${RESOURCES}.limits.cpus` },
  { key: 'cpu_shares', hint: `swarm has no CPU shares; use ${RESOURCES}.reservations.cpus or limits.cpus` },
  { key: 'cpuset', hint: `swarm cannot pin CPUs; use ${RESOURCES}.limits.cpus` },
  { key: 'cpus', hint: `use ${RESOURCES}.limits.cpus` },
  { key: 'cpu_count', hint: `use ${RESOURCES}.limits.cpus` },
  { key: 'cpu_percent', hint: `use ${RESOURCES}.limits.cpus` },
  { key: 'mem_limit', hint: `use ${RESOURCES}.limits.memory` },
  { key: 'memswap_limit', hint: `swarm has no swap limit; use ${RESOURCES}.limits.memory` },
  { key: 'mem_reservation', hint: `use ${RESOURCES}.reservations.memory` },
  { key: 'pids_limit', hint: `use ${RESOURCES}.limits.pids` },
  { key: 'scale', hint: 'use deploy.replicas' },
  { key: 'label_file', hint: 'list the labels under labels' },
];

/** Keys every schema must accept so that only this check reports them (one problem per mistake). */
export const FORBIDDEN_KEY_NAMES: readonly string[] = FORBIDDEN_KEYS.map((entry) => entry.key);

function services(doc: ComposeDocument): [string, Tree][] {
  const section = doc.tree['services'];
  if (!isMapping(section)) return [];
  return Object.entries(section).filter((entry): entry is [string, Tree] => isMapping(entry[1]));
}

/**
 * Errors for service keys swarm forbids (see FORBIDDEN_KEYS), at the key's position, one per occurrence, in file
 * order.
 * Runs on the raw tree, before interpolation, as docker does.
 */
export function checkForbiddenKeys(doc: ComposeDocument): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const [name, service] of services(doc)) {
    for (const key of Object.keys(service)) {
      const hint = FORBIDDEN_KEYS.find((entry) => entry.key === key)?.hint;
      if (hint === undefined) continue;
      const path: KeyPath = ['services', name, key];
      problems.push({
        code: 'FORBIDDEN_KEY',
        message: 'not supported in swarm mode',
        path: formatPath(path),
        location: doc.sourceMap.locateKey(path),
        hint,
      });
    }
  }
  return problems;
}

/** One row of the ignored-keys table. */
interface IgnoredKey {
  pattern: PathPattern;
  /** Why swarm does not apply it; may look at the mapping holding the key. */
  reason: string | ((holder: Tree) => string);
  hint?: string;
  /** Only warn for these formats (the v3 schema already rejects Compose-Specification-only keys). */
  formats?: readonly ComposeFormat[];
  /** docker calls these "deprecated" in v3 files; they are plainly ignored in the Compose Specification. */
  deprecatedInV3?: boolean;
}

const SPEC: readonly ComposeFormat[] = ['spec'];

/** A Compose Specification key (the v3 schema already rejects it, so v3 files get no warning). */
function specOnly(pattern: PathPattern, reason: string, hint?: string): IgnoredKey {
  return hint === undefined ? { pattern, reason, formats: SPEC } : { pattern, reason, hint, formats: SPEC };
}
const NO_LINKS = 'swarm has no container links; services on a shared network reach each other by service name';

function restartReason(service: Tree): string {
  const deploy = service['deploy'];
  return isMapping(deploy) && deploy['restart_policy'] !== undefined
    ? 'ignored: deploy.restart_policy takes precedence'
    : 'not applied as written: converted to a restart policy (always and unless-stopped become any)';
}

/** Keys swarm does not apply, each with the reason shown in its warning. */
export const IGNORED_KEYS: readonly IgnoredKey[] = [
  // docker's UnsupportedProperties.
  {
    pattern: 'services.*.build',
    reason: 'ignored: swarm builds no images',
    hint: 'build and push the image first, then name it in image:',
  },
  { pattern: 'services.*.cgroupns_mode', reason: 'ignored: swarm services cannot set a cgroup namespace mode' },
  { pattern: 'services.*.cgroup_parent', reason: 'ignored: swarm services cannot set a cgroup parent' },
  { pattern: 'services.*.devices', reason: 'ignored: swarm services cannot map host devices' },
  { pattern: 'services.*.domainname', reason: 'ignored: swarm services cannot set a domain name' },
  { pattern: 'services.*.external_links', reason: `ignored: ${NO_LINKS}` },
  { pattern: 'services.*.ipc', reason: 'ignored: swarm services cannot set an IPC mode' },
  { pattern: 'services.*.links', reason: `ignored: ${NO_LINKS}` },
  { pattern: 'services.*.mac_address', reason: 'ignored: swarm services cannot set a MAC address' },
  {
    pattern: 'services.*.network_mode',
    reason: 'ignored: swarm services join networks, they have no network mode',
    hint: 'list the networks under networks:',
  },
  { pattern: 'services.*.pid', reason: 'ignored: swarm services cannot share a PID namespace' },
  {
    pattern: 'services.*.privileged',
    reason: 'ignored: swarm services cannot run privileged',
    hint: 'grant the capabilities the service needs with cap_add',
  },
  { pattern: 'services.*.restart', reason: restartReason, hint: 'use deploy.restart_policy' },
  { pattern: 'services.*.security_opt', reason: 'ignored: swarm services cannot set security options' },
  {
    pattern: 'services.*.shm_size',
    reason: 'ignored: swarm services cannot size /dev/shm',
    hint: 'mount a tmpfs at /dev/shm with a volumes entry of type tmpfs and tmpfs.size',
  },
  { pattern: 'services.*.userns_mode', reason: 'ignored: swarm services cannot set a user namespace mode' },
  // docker's DeprecatedProperties.
  { pattern: 'services.*.container_name', reason: 'ignored: swarm names containers itself', deprecatedInV3: true },
  {
    pattern: 'services.*.expose',
    reason: 'ignored: services on a shared network reach each other on any port',
    deprecatedInV3: true,
  },
  // Dropped silently by docker; a warning saves a surprise.
  {
    pattern: 'services.*.tmpfs',
    reason: 'ignored: swarm services do not apply service-level tmpfs',
    hint: 'use a volumes entry with type: tmpfs',
  },
  { pattern: 'services.*.networks.*.ipv4_address', reason: 'ignored: swarm assigns service addresses itself' },
  { pattern: 'services.*.networks.*.ipv6_address', reason: 'ignored: swarm assigns service addresses itself' },
  {
    pattern: 'services.*.volumes[].bind.create_host_path',
    reason: 'ignored: swarm never creates bind mount sources',
    hint: 'create the path on every node that can run the service',
  },
  { pattern: 'volumes.*.x-cluster-spec', reason: 'ignored: docker stack deploy does not create cluster volumes' },
  // Compose Specification keys swarm cannot apply.
  specOnly('models', 'ignored: swarm does not run models'),
  specOnly(
    'services.*.pull_policy',
    'ignored: swarm nodes pull images when they start tasks',
    'use --resolve-image to control digest pinning',
  ),
  specOnly('services.*.pull_refresh_after', 'ignored: swarm nodes pull images when they start tasks'),
  specOnly(
    'services.*.platform',
    'ignored: swarm picks nodes by placement',
    'use deploy.placement.constraints such as node.platform.arch==x86_64',
  ),
  specOnly('services.*.develop', 'ignored: watch mode is a docker compose feature'),
  specOnly('services.*.post_start', 'ignored: lifecycle hooks are a docker compose feature'),
  specOnly('services.*.pre_stop', 'ignored: lifecycle hooks are a docker compose feature'),
  specOnly('services.*.attach', 'ignored: swarm does not attach to service logs on deploy'),
  specOnly('services.*.annotations', 'ignored: swarm services have no container annotations'),
  specOnly('services.*.blkio_config', 'ignored: swarm services cannot limit block I/O'),
  specOnly('services.*.cgroup', 'ignored: swarm services cannot set a cgroup namespace'),
  specOnly('services.*.cpu_period', 'ignored: swarm services have no CPU CFS period'),
  specOnly('services.*.cpu_rt_period', 'ignored: swarm services have no real-time CPU settings'),
  specOnly('services.*.cpu_rt_runtime', 'ignored: swarm services have no real-time CPU settings'),
  specOnly('services.*.device_cgroup_rules', 'ignored: swarm services cannot set device cgroup rules'),
  specOnly(
    'services.*.gpus',
    'ignored: swarm services cannot request GPUs this way',
    'advertise GPUs as node generic resources and use deploy.resources.reservations.generic_resources',
  ),
  specOnly('services.*.group_add', 'ignored: docker stack deploy does not pass extra groups'),
  specOnly('services.*.mem_swappiness', 'ignored: swarm services cannot set swappiness'),
  specOnly('services.*.oom_kill_disable', 'ignored: swarm services cannot disable the OOM killer'),
  specOnly('services.*.runtime', 'ignored: swarm services cannot choose an OCI runtime'),
  specOnly('services.*.storage_opt', 'ignored: swarm services cannot set storage options'),
  specOnly('services.*.uts', 'ignored: swarm services cannot set a UTS namespace'),
  specOnly('services.*.use_api_socket', 'ignored: a docker compose feature'),
  specOnly('services.*.provider', 'ignored: a docker compose feature'),
  specOnly('services.*.models', 'ignored: swarm does not run models'),
  specOnly('services.*.depends_on.*.restart', 'ignored: swarm does not restart dependants'),
  specOnly('services.*.ports[].name', 'ignored: swarm ports have no names'),
  specOnly('services.*.ports[].app_protocol', 'ignored: swarm ports have no application protocol'),
  specOnly('services.*.networks.*.interface_name', 'ignored: swarm names interfaces itself'),
  specOnly('services.*.networks.*.link_local_ips', 'ignored: swarm assigns service addresses itself'),
  specOnly('services.*.networks.*.mac_address', 'ignored: swarm services cannot set a MAC address'),
  specOnly('services.*.networks.*.priority', 'ignored: swarm does not order network attachments'),
  specOnly('services.*.networks.*.gw_priority', 'ignored: swarm does not choose a gateway network'),
  specOnly(
    'services.*.deploy.resources.reservations.devices',
    'ignored: swarm services cannot reserve devices',
    'advertise devices as node generic resources and use generic_resources',
  ),
  specOnly('services.*.volumes[].bind.recursive', 'ignored: swarm bind mounts have no recursive option'),
  specOnly('services.*.volumes[].bind.selinux', 'ignored: swarm bind mounts have no SELinux relabel option'),
  specOnly('services.*.volumes[].volume.labels', 'ignored: label the volume under the top-level volumes key'),
  specOnly('networks.*.enable_ipv4', 'ignored: docker stack deploy sends no IPv4 switch'),
  specOnly('networks.*.enable_ipv6', 'ignored: docker stack deploy sends no IPv6 switch'),
  specOnly('networks.*.ipam.options', 'ignored: docker stack deploy sends only the IPAM driver and subnets'),
  specOnly('networks.*.ipam.config[].ip_range', 'ignored: docker stack deploy sends only the subnet'),
  specOnly('networks.*.ipam.config[].gateway', 'ignored: docker stack deploy sends only the subnet'),
  specOnly('networks.*.ipam.config[].aux_addresses', 'ignored: docker stack deploy sends only the subnet'),
];

const ignoredKeyTables = new Map<ComposeFormat, PathTable<IgnoredKey>>();

/** The rows of IGNORED_KEYS that apply to `format`, as a table. */
function ignoredKeysFor(format: ComposeFormat): PathTable<IgnoredKey> {
  let table = ignoredKeyTables.get(format);
  if (!table) {
    table = new PathTable(IGNORED_KEYS.filter((rule) => rule.formats === undefined || rule.formats.includes(format)));
    ignoredKeyTables.set(format, table);
  }
  return table;
}

/**
 * Warnings for keys swarm does not apply (see IGNORED_KEYS), one per key occurrence in each file, at the key.
 * `DEPRECATED_KEY` for docker's deprecated keys in v3 files, `IGNORED_KEY` otherwise.
 */
export function collectIgnoredKeyWarnings(docs: ComposeDocument[], format: ComposeFormat): InputProblem[] {
  const rules = ignoredKeysFor(format);
  const warnings: InputProblem[] = [];
  for (const doc of docs) {
    for (const node of walkTree(doc.tree)) {
      if (typeof node.path[node.path.length - 1] !== 'string' || !isMapping(node.parent)) continue;
      const rule = rules.find(node.path);
      if (!rule) continue;
      const reason = typeof rule.reason === 'string' ? rule.reason : rule.reason(node.parent);
      warnings.push({
        code: rule.deprecatedInV3 && format === 'v3' ? 'DEPRECATED_KEY' : 'IGNORED_KEY',
        message: reason,
        path: formatPath(node.path),
        location: doc.sourceMap.locateKey(node.path),
        ...(rule.hint === undefined ? {} : { hint: rule.hint }),
      });
    }
  }
  return warnings;
}
