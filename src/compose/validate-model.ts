import type { ProblemCode } from '../errors/codes.js';
import { isIP } from 'node:net';
import path from 'node:path';
import type { InputProblem } from '../errors/problem.js';
import { formatDuration } from '../model/duration.js';
import type {
  DeployModel,
  FileReferenceModel,
  PortModel,
  ServiceModel,
  ServiceVolumeModel,
  StackModel,
  UpdateConfigModel,
} from '../model/stack-model.js';
import { formatPath, type KeyPath, type SourceMap } from './source-map.js';
import { didYouMean } from './suggest.js';
import { imageReferenceProblem } from '../docker/image-reference.js';
import { parseNanoCpus } from '../docker/units.js';

/**
 * Phase 12 of the loader: rules that need more than one key (or the stack name) to judge, each reported where the
 * user has to change something. They catch what docker's converter or swarm's API would refuse later — after
 * networks and secrets were already written — and a few things swarm accepts but that can never work (a placement
 * constraint on an unknown attribute) or that would silently do something other than the file says (a port
 * published on one host address).
 *
 * Rules (sources: docker/cli convert/*.go, swarmkit controlapi and constraint packages):
 * - references: secrets, configs, networks (`default` needs no declaration), named and cluster volumes,
 *   credential_spec.config; depends_on cycles (an unknown depends_on service is a warning);
 * - deploy: mode, replicas with global modes, jobs without update_config, endpoint_mode, update/rollback order and
 *   failure_action, restart condition and legacy `restart`, cpus (docker's rational parse), memory ≥ 4MiB, placement
 *   constraint syntax, non-negative counts and durations;
 * - ports (1-65535, protocol, mode, dnsrr with ingress, duplicate published port/protocol, a host IP other than
 *   0.0.0.0 or ::), mounts (per-type rules,
 *   absolute unique targets), duplicate secret/config targets, healthcheck (disable with test, durations ≥ 1ms),
 *   credential_spec (one source);
 * - image present and a valid reference (docker ≥ 28.2 checks this before deploying);
 * - with a stack name: swarm's name rules for `<stack>_<service>` and for secret/config names;
 * - top level: external volumes without driver/driver_opts/labels, secrets/configs with a source, secret driver
 *   without file.
 */
export function validateModel(model: StackModel, sourceMap: SourceMap, stackName?: string): InputProblem[] {
  const c: Checker = { model, sourceMap, stackName, problems: [] };
  for (const [name, service] of Object.entries(model.services)) {
    for (const rule of SERVICE_RULES) rule(c, name, service);
  }
  checkDependencyCycles(c);
  checkVolumes(c);
  checkFileObjects(c, 'secret');
  checkFileObjects(c, 'config');
  return c.problems;
}

/**
 * The `depends_on` cycles among the services of `model`, each as the services in order from its smallest name
 * back to it (`[a, b, c, a]`; a service depending on itself is `[a, a]`). Dependencies on services not in the
 * model are left out (a warning of their own). One cycle per strongly connected component, sorted.
 */
export function dependencyCycles(model: StackModel): string[][] {
  const edges = new Map<string, string[]>();
  for (const [name, service] of Object.entries(model.services)) {
    edges.set(
      name,
      Object.keys(service.depends_on ?? {})
        .filter((dependency) => Object.hasOwn(model.services, dependency))
        .sort(),
    );
  }
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const to of edges.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (;;) {
      const member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    components.push(component);
  };
  for (const name of [...edges.keys()].sort()) if (!index.has(name)) visit(name);

  const cycles: string[][] = [];
  for (const component of components) {
    const members = new Set(component);
    const start = [...component].sort()[0];
    if (start === undefined) continue;
    if (component.length === 1 && !(edges.get(start) ?? []).includes(start)) continue;
    // The shortest way back to `start` inside the component (breadth first, names in order).
    const previous = new Map<string, string>();
    const queue = [start];
    let found = false;
    while (queue.length > 0 && !found) {
      const node = queue.shift();
      if (node === undefined) break;
      for (const to of edges.get(node) ?? []) {
        if (!members.has(to)) continue;
        if (to === start) {
          previous.set(start, node);
          found = true;
          break;
        }
        if (previous.has(to)) continue;
        previous.set(to, node);
        queue.push(to);
      }
    }
    const between: string[] = [];
    for (let node = previous.get(start); node !== undefined && node !== start; node = previous.get(node)) {
      between.unshift(node);
    }
    cycles.push([start, ...between, start]);
  }
  return cycles.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/** A `depends_on` cycle cannot be ordered: compose refuses it, and stack orders its deploy waves by depends_on. */
function checkDependencyCycles(c: Checker): void {
  for (const cycle of dependencyCycles(c.model)) {
    const [first, second] = cycle;
    if (first === undefined || second === undefined) continue;
    add(c, 'DEPENDENCY_CYCLE', ['services', first, 'depends_on', second], `depends_on cycle: ${cycle.join(' → ')}`, {
      atKey: true,
      hint: 'remove one of these depends_on entries: services that need each other must start without waiting',
    });
  }
}

interface Checker {
  model: StackModel;
  sourceMap: SourceMap;
  stackName: string | undefined;
  problems: InputProblem[];
}

type ServiceRule = (c: Checker, name: string, service: ServiceModel) => void;

interface AddOptions {
  hint?: string;
  /** Point at the key rather than the value. */
  atKey?: boolean;
  /** Point at this key instead of `at` (when `at` was not written, e.g. a missing key). */
  keyOf?: KeyPath;
}

function add(c: Checker, code: ProblemCode, at: KeyPath, message: string, options: AddOptions = {}): void {
  const location = options.keyOf
    ? c.sourceMap.locateKey(options.keyOf)
    : options.atKey
      ? c.sourceMap.locateKey(at)
      : c.sourceMap.locate(at);
  c.problems.push({
    code,
    message,
    path: formatPath(at),
    location,
    ...(options.hint === undefined ? {} : { hint: options.hint }),
  });
}

const oneOf = (values: readonly string[]): string => `must be one of: ${values.join(', ')}`;

/** A value outside a fixed set: the choices, what was written, and the likely intended choice as a hint. */
function invalidChoice(c: Checker, at: KeyPath, values: readonly string[], got: string, hint?: string): void {
  const suggestion = hint ?? didYouMean(got, values);
  add(c, 'INVALID_VALUE', at, `${oneOf(values)} (got "${got}")`, suggestion === undefined ? {} : { hint: suggestion });
}

/** The hint for a name that is not declared: the likely intended name, or where to declare it. */
function undeclaredHint(name: string, declared: Iterable<string>, section: string): string {
  return didYouMean(name, declared) ?? `declare it under the top-level ${section} key`;
}

// ---------------------------------------------------------------------------------------------------------------
// Image and names

const checkImage: ServiceRule = (c, name, service) => {
  const at = ['services', name, 'image'];
  if (!service.image) {
    const written = c.sourceMap.get(at) !== undefined;
    add(c, 'MISSING_IMAGE', at, 'required: swarm runs images, it cannot build them', {
      ...(written ? {} : { keyOf: ['services', name] }),
      hint: 'build and push the image first, then name it in image:',
    });
    return;
  }
  const problem = imageReferenceProblem(service.image);
  if (problem) add(c, 'INVALID_IMAGE', at, `invalid image reference "${service.image}": ${problem}`);
};

/** swarmkit's service names: a DNS label with `_` allowed inside, ≤ 63 characters. */
const SWARM_SERVICE_NAME = /^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/;
/** swarmkit's secret and config names. */
const SWARM_OBJECT_NAME = /^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/;

const checkServiceName: ServiceRule = (c, name) => {
  if (c.stackName === undefined) return;
  const full = `${c.stackName}_${name}`;
  const at = ['services', name];
  if (!SWARM_SERVICE_NAME.test(full)) {
    add(c, 'INVALID_SERVICE_NAME', at, `service name "${full}" is not valid in swarm`, {
      atKey: true,
      hint: 'use letters, digits, "-" and "_", starting and ending with a letter or digit',
    });
  } else if (full.length > 63) {
    add(c, 'INVALID_SERVICE_NAME', at, `service name "${full}" is ${full.length} characters long; swarm allows 63`, {
      atKey: true,
      hint: 'shorten the stack name or the service key',
    });
  }
};

// ---------------------------------------------------------------------------------------------------------------
// References

const checkReferences: ServiceRule = (c, name, service) => {
  const refs = (kind: 'secret' | 'config', list: FileReferenceModel[] | undefined) => {
    const declared = kind === 'secret' ? c.model.secrets : c.model.configs;
    const targets = new Map<string, number>();
    list?.forEach((ref, i) => {
      const at = ['services', name, `${kind}s`, i];
      if (!Object.hasOwn(declared, ref.source)) {
        add(c, 'UNDEFINED_REFERENCE', [...at, 'source'], `undefined ${kind} "${ref.source}"`, {
          hint: undeclaredHint(ref.source, Object.keys(declared), `${kind}s`),
        });
      }
      const target = ref.target ?? ref.source;
      const earlier = targets.get(target);
      if (earlier === undefined) targets.set(target, i);
      else {
        const message = `duplicate ${kind} target "${target}" (also used by ${kind}s[${earlier}])`;
        add(c, 'DUPLICATE_TARGET', at, message, { hint: 'give one of them another target' });
      }
    });
  };
  refs('secret', service.secrets);
  refs('config', service.configs);

  for (const network of Object.keys(service.networks ?? {})) {
    if (network === 'default' || Object.hasOwn(c.model.networks, network)) continue;
    add(c, 'UNDEFINED_REFERENCE', ['services', name, 'networks', network], `undefined network "${network}"`, {
      atKey: true,
      hint: undeclaredHint(network, Object.keys(c.model.networks), 'networks'),
    });
  }

  // depends_on naming a service that is not in the files is a warning (collectModelWarnings): docker ignores
  // depends_on, and override files meant to be combined with another -c name services they do not define.
};

const checkCredentialSpec: ServiceRule = (c, name, service) => {
  const spec = service.credential_spec;
  if (!spec) return;
  const at = ['services', name, 'credential_spec'];
  const set = (['config', 'file', 'registry'] as const).filter((key) => spec[key]);
  if (set.length > 1) {
    add(c, 'CONFLICTING_KEYS', at, `use only one of config, file and registry (got ${set.join(', ')})`);
  }
  if (spec.config && !Object.hasOwn(c.model.configs, spec.config)) {
    add(c, 'UNDEFINED_REFERENCE', [...at, 'config'], `undefined config "${spec.config}"`, {
      hint: undeclaredHint(spec.config, Object.keys(c.model.configs), 'configs'),
    });
  }
};

// ---------------------------------------------------------------------------------------------------------------
// deploy

const DEPLOY_MODES = ['replicated', 'global', 'replicated-job', 'global-job'] as const;
const ENDPOINT_MODES = ['vip', 'dnsrr'] as const;
const ORDERS = ['start-first', 'stop-first'] as const;
const UPDATE_FAILURE_ACTIONS = ['continue', 'pause', 'rollback'] as const;
const ROLLBACK_FAILURE_ACTIONS = ['continue', 'pause'] as const;
const RESTART_CONDITIONS = ['none', 'on-failure', 'any'] as const;

const includes = (values: readonly string[], value: string): boolean => values.includes(value);

const checkDeploy: ServiceRule = (c, name, service) => {
  const deploy = service.deploy;
  if (!deploy) return;
  const at = (...rest: (string | number)[]): KeyPath => ['services', name, 'deploy', ...rest];
  // docker treats an empty mode as replicated and compares case-sensitively.
  const mode = deploy.mode || 'replicated';
  if (!includes(DEPLOY_MODES, mode)) invalidChoice(c, at('mode'), DEPLOY_MODES, mode);
  if (deploy.replicas !== undefined) {
    if (mode === 'global' || mode === 'global-job') {
      add(c, 'CONFLICTING_KEYS', at('replicas'), `cannot be used with mode "${mode}"`, {
        hint: 'global services run one task on every eligible node; remove replicas',
      });
    } else if (deploy.replicas < 0) {
      add(c, 'INVALID_VALUE', at('replicas'), `must be zero or more, got ${deploy.replicas}`);
    }
  }
  if ((mode === 'replicated-job' || mode === 'global-job') && deploy.update_config) {
    add(c, 'CONFLICTING_KEYS', at('update_config'), `cannot be used with mode "${mode}": swarm refuses jobs with one`);
  }
  if (deploy.endpoint_mode && !includes(ENDPOINT_MODES, deploy.endpoint_mode.toLowerCase())) {
    invalidChoice(c, at('endpoint_mode'), ENDPOINT_MODES, deploy.endpoint_mode);
  }
  checkUpdateConfig(c, at('update_config'), deploy.update_config, UPDATE_FAILURE_ACTIONS);
  checkUpdateConfig(c, at('rollback_config'), deploy.rollback_config, ROLLBACK_FAILURE_ACTIONS);
  checkRestartPolicy(c, name, service);
  checkResources(c, at('resources'), deploy);
  checkPlacement(c, at('placement'), deploy);
};

function checkUpdateConfig(
  c: Checker,
  at: KeyPath,
  config: UpdateConfigModel | undefined,
  failureActions: readonly string[],
): void {
  if (!config) return;
  if (config.order && !includes(ORDERS, config.order)) {
    invalidChoice(c, [...at, 'order'], ORDERS, config.order);
  }
  if (config.failure_action && !includes(failureActions, config.failure_action)) {
    const rollbackOfRollback =
      config.failure_action === 'rollback' && at[at.length - 1] === 'rollback_config'
        ? 'a failed rollback cannot itself be rolled back; use pause or continue'
        : undefined;
    invalidChoice(c, [...at, 'failure_action'], failureActions, config.failure_action, rollbackOfRollback);
  }
  const ratio = config.max_failure_ratio;
  if (ratio !== undefined && (ratio < 0 || ratio > 1)) {
    add(c, 'INVALID_VALUE', [...at, 'max_failure_ratio'], `must be between 0 and 1, got ${ratio}`);
  }
  notNegative(c, [...at, 'parallelism'], config.parallelism);
  notNegativeDuration(c, [...at, 'delay'], config.delay);
  notNegativeDuration(c, [...at, 'monitor'], config.monitor);
}

function notNegative(c: Checker, at: KeyPath, value: number | undefined): void {
  if (value !== undefined && value < 0) add(c, 'INVALID_VALUE', at, `must be zero or more, got ${value}`);
}

function notNegativeDuration(c: Checker, at: KeyPath, value: number | undefined): void {
  if (value !== undefined && value < 0) {
    add(c, 'INVALID_VALUE', at, `must not be negative, got ${formatDuration(value)}`);
  }
}

/** docker's legacy `restart:` values (used only without deploy.restart_policy). */
const LEGACY_RESTART = /^(no|always|unless-stopped|on-failure)?(?::(-?\d+))?$/;

function checkRestartPolicy(c: Checker, name: string, service: ServiceModel): void {
  const policy = service.deploy?.restart_policy;
  if (!policy) return;
  const at: KeyPath = ['services', name, 'deploy', 'restart_policy'];
  if (policy.condition && !includes(RESTART_CONDITIONS, policy.condition)) {
    const legacy = ['always', 'unless-stopped'].includes(policy.condition)
      ? `write any: "${policy.condition}" is how the service-level restart key spells it`
      : policy.condition === 'no'
        ? 'write none: "no" is how the service-level restart key spells it'
        : undefined;
    invalidChoice(c, [...at, 'condition'], RESTART_CONDITIONS, policy.condition, legacy);
  }
  notNegative(c, [...at, 'max_attempts'], policy.max_attempts);
  notNegativeDuration(c, [...at, 'delay'], policy.delay);
  notNegativeDuration(c, [...at, 'window'], policy.window);
}

const checkLegacyRestart: ServiceRule = (c, name, service) => {
  if (service.restart === undefined || service.deploy?.restart_policy) return;
  const at = ['services', name, 'restart'];
  const match = LEGACY_RESTART.exec(service.restart);
  if (!match || (match[1] === undefined && match[2] !== undefined)) {
    const choices = oneOf(['no', 'always', 'unless-stopped', 'on-failure[:N]']);
    add(c, 'INVALID_VALUE', at, `${choices} (got "${service.restart}")`, { hint: 'or use deploy.restart_policy' });
  } else if (match[2] !== undefined && Number(match[2]) < 0) {
    add(c, 'INVALID_VALUE', at, 'the maximum retry count must not be negative');
  }
};

const MIN_NANO_CPUS = 1_000_000n;
const MIN_MEMORY = 4 * 1024 * 1024;

function checkResources(c: Checker, at: KeyPath, deploy: DeployModel): void {
  const sides = [
    ['limits', deploy.resources?.limits],
    ['reservations', deploy.resources?.reservations],
  ] as const;
  for (const [side, resources] of sides) {
    if (!resources) continue;
    if (resources.cpus !== undefined) checkCpus(c, [...at, side, 'cpus'], resources.cpus);
    const memory = resources.memory;
    if (memory !== undefined && memory !== 0 && memory < MIN_MEMORY) {
      add(c, 'INVALID_VALUE', [...at, side, 'memory'], `must be at least 4MiB, got ${memory} bytes`);
    }
  }
}

function checkCpus(c: Checker, at: KeyPath, cpus: string): void {
  const parsed = parseNanoCpus(cpus);
  if (!parsed.ok) {
    const message =
      parsed.reason === 'too-precise'
        ? `value is too precise: "${cpus}" has more than 9 decimal places`
        : `must be a number of CPUs like 0.5 or 2, got "${cpus}"`;
    add(c, 'INVALID_VALUE', at, message);
  } else if (parsed.nanoCpus !== 0n && parsed.nanoCpus < MIN_NANO_CPUS) {
    add(c, 'INVALID_VALUE', at, `must be at least 0.001, got "${cpus}"`);
  }
}

/** swarmkit's constraint grammar: `key==value` or `key!=value`, with these key and value characters. */
const CONSTRAINT_KEY = /^[a-z_][a-z0-9\-_.]+$/i;
const CONSTRAINT_VALUE = /^[a-z0-9:\-_\t\n\f\r .*()?+[\]\\^$|/]+$/i;
const CONSTRAINT_ATTRIBUTES = [
  'node.id',
  'node.hostname',
  'node.ip',
  'node.role',
  'node.platform.os',
  'node.platform.arch',
];
const NODE_LABELS = 'node.labels.';
const ENGINE_LABELS = 'engine.labels.';
const ATTRIBUTE_HINT = `use ${CONSTRAINT_ATTRIBUTES.join(', ')}, node.labels.<name> or engine.labels.<name>`;

const hasLabelPrefix = (key: string): boolean => {
  const lower = key.toLowerCase();
  return (
    (lower.startsWith(NODE_LABELS) && key.length > NODE_LABELS.length) ||
    (lower.startsWith(ENGINE_LABELS) && key.length > ENGINE_LABELS.length)
  );
};

/** Why swarm would refuse (or never satisfy) a placement constraint; undefined when it is fine. */
export function constraintProblem(expression: string): { reason: string; hint?: string } | undefined {
  const operator = ['==', '!='].find((op) => expression.includes(op));
  if (operator === undefined) return { reason: 'expected an expression like node.role==manager' };
  const split = expression.indexOf(operator);
  const key = expression.slice(0, split).trim();
  const value = expression.slice(split + operator.length).trim();
  if (!CONSTRAINT_KEY.test(key)) return { reason: `"${key}" is not a valid attribute`, hint: ATTRIBUTE_HINT };
  if (!CONSTRAINT_VALUE.test(value)) return { reason: `"${value}" is not a valid value` };
  const lower = key.toLowerCase();
  if (!CONSTRAINT_ATTRIBUTES.includes(lower) && !hasLabelPrefix(key)) {
    return { reason: `unknown attribute "${key}": no node would ever match`, hint: ATTRIBUTE_HINT };
  }
  if (lower === 'node.role' && !['manager', 'worker'].includes(value.toLowerCase())) {
    return { reason: 'node.role is either manager or worker' };
  }
  if (lower === 'node.ip' && !isIpOrSubnet(value)) {
    return { reason: 'node.ip takes an IP address or a subnet like 10.0.0.0/8' };
  }
  return undefined;
}

function isIpOrSubnet(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function checkPlacement(c: Checker, at: KeyPath, deploy: DeployModel): void {
  const placement = deploy.placement;
  if (!placement) return;
  placement.constraints?.forEach((expression, i) => {
    const problem = constraintProblem(expression);
    if (!problem) return;
    const message = `placement constraint "${expression}" is not valid: ${problem.reason}`;
    add(c, 'INVALID_CONSTRAINT', [...at, 'constraints', i], message, {
      ...(problem.hint === undefined ? {} : { hint: problem.hint }),
    });
  });
  // A spread over anything but a label (`spread: node.id`, used by popular swarm guides) is a warning
  // (collectModelWarnings): swarm accepts it and skips it, and spreads a service's tasks over nodes anyway.
  notNegative(c, [...at, 'max_replicas_per_node'], placement.max_replicas_per_node);
}

// ---------------------------------------------------------------------------------------------------------------
// Ports, mounts, healthcheck

/** `0.0.0.0` and `::` mean every address, which is what swarm does anyway. */
function isUnspecifiedAddress(ip: string): boolean {
  const bare = ip.replace(/^\[(.*)\]$/, '$1');
  return bare === '' || bare === '0.0.0.0' || (isIP(bare) === 6 && /^[0:]+$/.test(bare));
}

const PROTOCOLS = ['tcp', 'udp', 'sctp'] as const;
const PUBLISH_MODES = ['ingress', 'host'] as const;

const checkPorts: ServiceRule = (c, name, service) => {
  const dnsrr = service.deploy?.endpoint_mode?.toLowerCase() === 'dnsrr';
  const published = new Map<string, number>();
  const ingress: number[] = [];
  const hostIpReported = new Set<string>();
  service.ports?.forEach((port: PortModel, i) => {
    const at: KeyPath = ['services', name, 'ports', i];
    if (port.target < 1 || port.target > 65535) {
      add(c, 'INVALID_PORT', [...at, 'target'], `must be a port between 1 and 65535, got ${port.target}`);
    }
    if (port.published !== undefined && (port.published < 0 || port.published > 65535)) {
      add(c, 'INVALID_PORT', [...at, 'published'], `must be a port between 1 and 65535, got ${port.published}`);
    }
    const protocol = (port.protocol || 'tcp').toLowerCase();
    if (!includes(PROTOCOLS, protocol)) {
      invalidChoice(c, [...at, 'protocol'], PROTOCOLS, port.protocol ?? '');
    }
    const mode = (port.mode || 'ingress').toLowerCase();
    if (!includes(PUBLISH_MODES, mode)) {
      invalidChoice(c, [...at, 'mode'], PUBLISH_MODES, port.mode ?? '');
    }
    if (mode === 'ingress') ingress.push(i);
    // One problem per written entry: a short range expands to several entries at the same position.
    const written = c.sourceMap.locate(at);
    const position = `${written?.file}:${written?.line}:${written?.col}`;
    if (port.host_ip !== undefined && !isUnspecifiedAddress(port.host_ip) && !hostIpReported.has(position)) {
      hostIpReported.add(position);
      // Swarm cannot bind a published port to one address: it would be open on every address of every node.
      const message = `cannot publish on ${port.host_ip} only: swarm publishes a port on every address of every node`;
      add(c, 'HOST_IP_PORT', at, message, {
        hint:
          'publish it in host mode (mode: host) and close the port to other hosts with a firewall on the nodes, ' +
          'or reach the service through a proxy on a shared network; write the port without an address to publish it everywhere',
      });
    }
    if (!port.published) return;
    const key = `${port.published}/${protocol}`;
    const earlier = published.get(key);
    if (earlier === undefined) published.set(key, i);
    else {
      add(c, 'DUPLICATE_PORT', at, `published port ${key} is already used by ports[${earlier}]`, {
        hint: 'a published port can be used once per protocol; publish this one on another port',
      });
    }
  });
  const [first, ...others] = ingress;
  if (dnsrr && first !== undefined) {
    // One problem per service: swarm refuses the whole endpoint, and short port ranges expand to many entries.
    const more = others.length === 0 ? '' : ` (and ${others.length} more)`;
    const message = `ports published in ingress mode cannot be used with endpoint_mode dnsrr${more}`;
    add(c, 'CONFLICTING_KEYS', ['services', name, 'ports', first], message, {
      hint: 'publish them with mode: host, or use endpoint_mode: vip',
    });
  }
};

type MountOption = 'bind' | 'volume' | 'tmpfs' | 'image';

/** Per mount type (docker's convert/volume.go): whether it needs a source, and which option blocks it accepts. */
interface MountRule {
  source: 'required' | 'forbidden' | 'optional';
  options: MountOption[];
}

const MOUNT_RULES: Record<ServiceVolumeModel['type'], MountRule> = {
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
    const rule = MOUNT_RULES[mount.type];
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

const MIN_HEALTHCHECK_NS = 1_000_000;

const checkHealthcheck: ServiceRule = (c, name, service) => {
  const check = service.healthcheck;
  if (!check) return;
  const at: KeyPath = ['services', name, 'healthcheck'];
  if (check.disable && check.test && check.test.length > 0) {
    add(c, 'CONFLICTING_KEYS', at, 'test and disable cannot be set together', {
      hint: 'remove test, or remove disable: true',
    });
  }
  for (const key of ['interval', 'timeout', 'start_period', 'start_interval'] as const) {
    const value = check[key];
    if (value !== undefined && value !== 0 && value < MIN_HEALTHCHECK_NS) {
      add(c, 'INVALID_VALUE', [...at, key], `must be 0 or at least 1ms, got ${formatDuration(value)}`);
    }
  }
  notNegative(c, [...at, 'retries'], check.retries);
};

/** Every per-service rule, in reporting order. */
const SERVICE_RULES: readonly ServiceRule[] = [
  checkImage,
  checkServiceName,
  checkReferences,
  checkCredentialSpec,
  checkDeploy,
  checkLegacyRestart,
  checkPorts,
  checkMounts,
  checkHealthcheck,
];

// ---------------------------------------------------------------------------------------------------------------
// Top-level objects

function checkVolumes(c: Checker): void {
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
}

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
    const effective = object.name ?? `${c.stackName}_${name}`;
    if (effective.length > 64 || !SWARM_OBJECT_NAME.test(effective)) {
      const where = object.name === undefined ? at : [...at, 'name'];
      add(c, 'INVALID_NAME', where, `${kind} name "${effective}" is not valid in swarm`, {
        atKey: true,
        hint: 'at most 64 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
      });
    }
  }
}

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
