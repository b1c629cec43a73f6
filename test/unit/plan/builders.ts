/**
 * Builders for plan tests: desired stacks from inline Compose YAML (through the real loader and converter),
 * live objects shaped like the Engine's answers, and snapshots. No Docker.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStack } from '../../../src/compose/load.js';
import { normalizeImageReference } from '../../../src/docker/image-reference.js';
import { convertStack, type DesiredStack } from '../../../src/convert/stack.js';
import type { ServiceSpec } from '../../../src/convert/swarm-types.js';
import { buildPlan } from '../../../src/plan/build-plan.js';
import type { Plan } from '../../../src/plan/plan.js';
import type { PlanProblem } from '../../../src/plan/problems.js';
import { problemFixes, problemText } from '../../../src/render/plan-problems.js';
import type { LiveConfig, LiveNetwork, LiveNode, LiveSecret, LiveService, LiveTask } from '../../../src/swarm/live-types.js';
import type { LiveSnapshot } from '../../../src/swarm/snapshot.js';

export const STACK = 's';
export const DIGEST_1 = `sha256:${'1'.repeat(64)}`;
export const DIGEST_2 = `sha256:${'2'.repeat(64)}`;
export const FIXTURES = fileURLToPath(new URL('../../fixtures', import.meta.url));


export interface DesiredOptions {
  stack?: string;
  secretData?: Record<string, string>;
  configData?: Record<string, string>;
  /** Image as written → digest to pin (what the registry answers); images not listed stay tagged only. */
  digests?: Record<string, string>;
  env?: Record<string, string>;
  cwd?: string;
  files?: string[];
}

/** Loads YAML (or files), converts, and finalizes images like the deploy does with the registry answers given. */
export async function desiredStack(yaml: string | undefined, options: DesiredOptions = {}): Promise<DesiredStack> {
  const loaded = await loadStack({
    files: options.files ?? ['-'],
    cwd: options.cwd ?? '/tmp',
    env: options.env ?? {},
    readStdin: async () => yaml ?? '',
  });
  const stack = options.stack ?? STACK;
  const bytes = (record: Record<string, string> | undefined): Map<string, Uint8Array> =>
    new Map(Object.entries(record ?? {}).map(([k, v]) => [k, Buffer.from(v)]));
  const desired = convertStack(loaded.model, stack, {
    secretData: bytes(options.secretData),
    configData: bytes(options.configData),
  });
  return {
    ...desired,
    services: desired.services.map((s) => ({ ...s, spec: pinImage(s.spec, options.digests ?? {}) })),
  };
}

/** The client-side image step: `:latest` added, and `@digest` plus amd64 platform when the registry answered. */
export function pinImage(spec: ServiceSpec, digests: Record<string, string>): ServiceSpec {
  const container = spec.TaskTemplate.ContainerSpec;
  if (!container?.Image) return spec;
  const tagged = normalizeImageReference(container.Image);
  const digest = digests[container.Image] ?? digests[tagged];
  if (!digest) return { ...spec, TaskTemplate: { ...spec.TaskTemplate, ContainerSpec: { ...container, Image: tagged } } };
  return {
    ...spec,
    TaskTemplate: {
      ...spec.TaskTemplate,
      ContainerSpec: { ...container, Image: `${tagged}@${digest}` },
      Placement: { ...(spec.TaskTemplate.Placement ?? {}), Platforms: [{ Architecture: 'amd64', OS: 'linux' }] },
    },
  };
}

/** Network ID the daemon would give a network name in these tests. */
export function netId(name: string): string {
  return `net-${name}`;
}

/**
 * A live service as the daemon stores `spec`: network targets as IDs, replicas 1 when absent, endpoint mode vip,
 * runtime container, isolation default, ports with protocol and mode, restart condition any (as Engine 20.10 does).
 */
export function liveService(spec: ServiceSpec, options: { id?: string; version?: number } = {}): LiveService {
  const stored = JSON.parse(JSON.stringify(spec)) as ServiceSpec;
  const task = stored.TaskTemplate;
  task.Networks = task.Networks?.map((n) => ({ ...n, Target: netId(n.Target ?? '') }));
  task.Runtime = 'container';
  if (task.ContainerSpec) {
    task.ContainerSpec.Isolation = task.ContainerSpec.Isolation || 'default';
    const privileges = task.ContainerSpec.Privileges;
    if (privileges) delete (privileges as { NoNewPrivileges?: boolean }).NoNewPrivileges;
    if (task.ContainerSpec.Healthcheck) delete task.ContainerSpec.Healthcheck.StartInterval;
  }
  if (task.RestartPolicy) task.RestartPolicy = { ...task.RestartPolicy, Condition: task.RestartPolicy.Condition || 'any', MaxAttempts: task.RestartPolicy.MaxAttempts ?? 0 };
  if (stored.Mode.Replicated && stored.Mode.Replicated.Replicas === undefined) stored.Mode.Replicated.Replicas = 1;
  stored.EndpointSpec = {
    ...stored.EndpointSpec,
    Mode: stored.EndpointSpec?.Mode || 'vip',
    ...(stored.EndpointSpec?.Ports
      ? { Ports: stored.EndpointSpec.Ports.map((p) => ({ ...p, Protocol: p.Protocol || 'tcp', PublishMode: p.PublishMode || 'ingress' })) }
      : {}),
  };
  return {
    ID: options.id ?? `id-${spec.Name}`,
    Version: { Index: options.version ?? 10 },
    CreatedAt: '2026-01-01T00:00:00Z',
    UpdatedAt: '2026-01-01T00:00:00Z',
    Spec: stored,
  };
}

/** A swarm overlay network as `GET /networks` lists it. */
export function liveNetwork(name: string, options: { stack?: string; subnet?: string; labels?: Record<string, string>; driver?: string } = {}): LiveNetwork {
  return {
    Id: netId(name),
    Name: name,
    Driver: options.driver ?? 'overlay',
    Scope: 'swarm',
    Internal: false,
    Attachable: false,
    Labels: { ...(options.stack === undefined ? {} : { 'com.docker.stack.namespace': options.stack }), ...options.labels },
    Options: { 'com.docker.network.driver.overlay.vxlanid_list': '4097' },
    IPAM: { Driver: 'default', Config: [{ Subnet: options.subnet ?? '10.0.1.0/24', Gateway: '10.0.1.1' }], Options: null },
  };
}

export function liveSecret(name: string, labels: Record<string, string>, options: { id?: string; version?: number } = {}): LiveSecret {
  return {
    ID: options.id ?? `id-${name}`,
    Version: { Index: options.version ?? 5 },
    CreatedAt: '',
    UpdatedAt: '',
    Spec: { Name: name, Labels: labels },
  };
}

export function liveConfig(name: string, labels: Record<string, string>, data: string, options: { id?: string } = {}): LiveConfig {
  return {
    ID: options.id ?? `id-${name}`,
    Version: { Index: 6 },
    CreatedAt: '',
    UpdatedAt: '',
    Spec: { Name: name, Labels: labels, Data: Buffer.from(data).toString('base64') },
  };
}

export interface NodeOptions {
  id?: string;
  role?: 'manager' | 'worker';
  availability?: 'active' | 'pause' | 'drain';
  state?: 'ready' | 'down';
  labels?: Record<string, string>;
  engineLabels?: Record<string, string>;
  os?: string;
  arch?: string;
  cpus?: number;
  memory?: number;
  generic?: Record<string, number>;
  addr?: string;
}

/** A node as `GET /nodes` lists it (2 CPUs, 4 GiB, linux/x86_64 unless told). */
export function liveNode(hostname: string, options: NodeOptions = {}): LiveNode {
  return {
    ID: options.id ?? `id-${hostname}`,
    Version: { Index: 1 },
    Spec: { Role: options.role ?? 'worker', Availability: options.availability ?? 'active', Labels: options.labels ?? {} },
    Description: {
      Hostname: hostname,
      Platform: { Architecture: options.arch ?? 'x86_64', OS: options.os ?? 'linux' },
      Resources: {
        NanoCPUs: (options.cpus ?? 2) * 1e9,
        MemoryBytes: options.memory ?? 4 * 1024 ** 3,
        GenericResources: Object.entries(options.generic ?? {}).map(([Kind, Value]) => ({ DiscreteResourceSpec: { Kind, Value } })),
      },
      Engine: { EngineVersion: '20.10.24', Labels: options.engineLabels ?? {} },
    },
    Status: { State: options.state ?? 'ready', Addr: options.addr ?? '10.213.0.11' },
  };
}

/** Three ready, active lab-like nodes: node1 (manager), node2, node3. */
export function threeNodes(): LiveNode[] {
  return [
    liveNode('node1', { role: 'manager', addr: '10.213.0.11' }),
    liveNode('node2', { addr: '10.213.0.12' }),
    liveNode('node3', { addr: '10.213.0.13' }),
  ];
}

/** A running task of a live service on a node. */
export function runningTask(service: LiveService, nodeId: string, slot = 1): LiveTask {
  return {
    ID: `task-${service.ID}-${slot}-${nodeId}`,
    Version: { Index: 20 },
    ServiceID: service.ID,
    NodeID: nodeId,
    Slot: slot,
    Spec: service.Spec.TaskTemplate,
    DesiredState: 'running',
    Status: { State: 'running' },
  };
}

export function snapshot(parts: Partial<LiveSnapshot> = {}): LiveSnapshot {
  return {
    stackName: STACK,
    services: [],
    tasks: [],
    runningTasks: [],
    networks: [],
    secrets: [],
    configs: [],
    nodes: threeNodes(),
    readAt: new Date('2026-01-02T03:04:05Z'),
    ...parts,
  };
}

/** buildPlan with the test defaults (no prune, API 1.41). */
export function plan(desired: DesiredStack, live: LiveSnapshot, options: { prune?: boolean; apiVersion?: string } = {}): Plan {
  return buildPlan(desired, live, { prune: options.prune ?? false, apiVersion: options.apiVersion ?? '1.41' });
}

export function readJson<T>(relative: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, relative), 'utf8')) as T;
}

/** A problem as the plan prints it (src/render/plan-problems.ts): its kind, what it is about, its words and fixes. */
export function worded(problem: PlanProblem): { kind: PlanProblem['kind']; service?: string; network?: string; object?: string; message: string; fixes?: string[] } {
  const about =
    problem.kind === 'address-space'
      ? { network: problem.network }
      : problem.kind === 'name-taken'
        ? { object: `${problem.objectType} ${problem.name}` }
        : { service: problem.service };
  const fixes = problemFixes(problem);
  return { kind: problem.kind, ...about, message: problemText(problem), ...(fixes.length > 0 ? { fixes } : {}) };
}
