/**
 * Placement preview: where swarm's scheduler would put each service's tasks, and what it could not place.
 * Pure; a simplified model of swarmkit's scheduler (manager/scheduler: filters, then a spread over preference
 * label values, then the nodes with the fewest tasks of the service, then the fewest tasks overall):
 *
 * - a node is eligible when it is ready and active, satisfies every constraint (node.id, node.hostname, node.role,
 *   node.ip, node.platform.os/arch, node.labels.X, engine.labels.X with == and !=, values compared without case),
 *   runs one of the image's platforms, and has every generic resource kind the service reserves;
 * - tasks are then placed one at a time against what is still free on each node: CPU and memory reservations
 *   (node capacity minus the reservations of running tasks outside the stack and of tasks placed so far),
 *   generic resources, max_replicas_per_node and host-mode published ports (one task per node per port; ports held
 *   by running tasks outside the stack count, from their port status);
 * - the stack's own running tasks are not counted as load: the preview places every service from scratch.
 *
 * It also checks overlay address space: a subnet must hold one address per VIP, per task and per node running a
 * task on the network (its load balancer), plus network, gateway and broadcast; swarm leaves the tasks that get no
 * address in state New without an error.
 */
import { constraintLabel, parseConstraint, type Constraint } from '../docker/constraints.js';
import type { GenericResource, ServiceSpec } from '../convert/swarm-types.js';
import type { LiveNode, LiveTask } from '../swarm/live-types.js';
import { reportedHostPorts, specHostPorts } from './host-ports.js';
import type { ServicePlacement } from './plan.js';
import type { AddressSpaceProblem, NodeExclusion, PlacementFailure, PlacementProblem, PlanProblem, RolloutBlocker, RolloutFix, RolloutProblem, TaskNeeds } from './problems.js';
import { modeName } from './service-view.js';

/** One service to place: its Compose key, final name and the spec that will be sent. */
export interface PlacementService {
  key: string;
  name: string;
  spec: ServiceSpec;
  /** For an update that replaces running tasks: what runs now, so that the rolling update itself can be simulated. */
  rollout?: PlacementRollout;
}

/**
 * The live side of a rolling update: the live spec and its running tasks (desired state running, on a node), and
 * which of them the update replaces (all of them when the task template or endpoint changes; those on nodes that no
 * longer satisfy the constraints after a placement-only change).
 */
export interface PlacementRollout {
  liveSpec: ServiceSpec;
  tasks: LiveTask[];
  replaced: ReadonlySet<string>;
}

/** A network the stack's services attach to, with its subnet when known. */
export interface PlacementNetwork {
  name: string;
  driver: string;
  /** IPv4 subnet (CIDR); undefined = the swarm default pool's /24. */
  subnet?: string;
}

/** Everything the preview needs: the services in file order, the nodes and the cluster's running tasks. */
export interface PlacementInput {
  services: PlacementService[];
  nodes: LiveNode[];
  /** Running tasks of the whole cluster. */
  tasks: LiveTask[];
  /** IDs of the stack's live services; their tasks are placed again by the preview rather than counted as load. */
  stackServiceIds: ReadonlySet<string>;
  /** Networks by name (desired ones to create and live ones). */
  networks: PlacementNetwork[];
}

/** Per-service placement, and the problems found (placement first, then address space). */
export interface PlacementResult {
  placement: ServicePlacement[];
  problems: PlanProblem[];
}

interface NodeState {
  node: LiveNode;
  hostname: string;
  freeCpus: number;
  freeMemory: number;
  freeGeneric: Map<string, number>;
  totalTasks: number;
  byService: Map<string, number>;
  hostPorts: Set<string>;
}

/** Default size of an overlay subnet when none is configured (swarm's default address pool hands out /24s). */
export const DEFAULT_OVERLAY_PREFIX = 24;

/** Whether a node satisfies one constraint, as swarmkit's constraint.NodeMatches decides it. */
export function nodeSatisfies(node: LiveNode, constraint: Constraint): boolean {
  const key = constraint.key.toLowerCase();
  const match = (actual: string): boolean => (actual.toLowerCase() === constraint.value.toLowerCase()) === constraint.equal;
  if (key === 'node.id') return match(node.ID);
  if (key === 'node.hostname') return match(node.Description?.Hostname ?? '');
  if (key === 'node.role') return match(node.Spec.Role ?? '');
  if (key === 'node.platform.os') return match(node.Description?.Platform?.OS ?? '');
  if (key === 'node.platform.arch') return match(node.Description?.Platform?.Architecture ?? '');
  if (key === 'node.ip') return ipMatches(node.Status.Addr ?? '', constraint);
  const label = constraintLabel(constraint.key);
  if (label === undefined) return false;
  return match((label.on === 'node' ? node.Spec.Labels : node.Description?.Engine?.Labels)?.[label.name] ?? '');
}

/** The first constraint a node fails, or undefined when it satisfies them all. */
export function failedConstraint(node: LiveNode, constraints: readonly string[]): string | undefined {
  for (const expression of constraints) {
    const parsed = parseConstraint(expression);
    if (!parsed || !nodeSatisfies(node, parsed)) return expression;
  }
  return undefined;
}

/** Previews placement for every service and checks overlay address space. */
export function previewPlacement(input: PlacementInput): PlacementResult {
  // Hostname order, so that messages and ties do not depend on the order the Engine lists nodes in.
  const states = input.nodes.map((node) => initialState(node)).sort((a, b) => a.hostname.localeCompare(b.hostname));
  for (const task of input.tasks) {
    if (task.DesiredState !== 'running' || input.stackServiceIds.has(task.ServiceID)) continue;
    const state = states.find((s) => s.node.ID === task.NodeID);
    if (!state) continue;
    const reservations = task.Spec?.Resources?.Reservations;
    state.freeCpus -= reservations?.NanoCPUs ?? 0;
    state.freeMemory -= reservations?.MemoryBytes ?? 0;
    for (const [kind, value] of discrete(reservations?.GenericResources)) {
      state.freeGeneric.set(kind, (state.freeGeneric.get(kind) ?? 0) - value);
    }
    for (const port of reportedHostPorts(task)) state.hostPorts.add(port);
    state.totalTasks++;
  }
  // What the cluster runs outside the stack: the background every rolling update of the stack runs against.
  const outside = states.map(cloneState);
  const placement: ServicePlacement[] = [];
  const problems: PlanProblem[] = [];
  for (const service of input.services) {
    const result = placeService(service, states);
    placement.push(result.placement);
    if (result.problem) problems.push(result.problem);
    else if (service.rollout) {
      const stuck = simulateRollout(service, service.rollout, withStackLoad(outside, input, service));
      if (stuck) problems.push(stuck);
    }
  }
  problems.push(...checkAddressSpace(input, placement));
  return { placement, problems };
}

function initialState(node: LiveNode): NodeState {
  return {
    node,
    hostname: node.Description?.Hostname || node.ID,
    freeCpus: node.Description?.Resources?.NanoCPUs ?? 0,
    freeMemory: node.Description?.Resources?.MemoryBytes ?? 0,
    freeGeneric: new Map(discrete(node.Description?.Resources?.GenericResources)),
    totalTasks: 0,
    byService: new Map(),
    hostPorts: new Set(),
  };
}

function discrete(resources: GenericResource[] | undefined | null): [string, number][] {
  const out = new Map<string, number>();
  for (const r of resources ?? []) {
    if (r.DiscreteResourceSpec) {
      const kind = r.DiscreteResourceSpec.Kind ?? '';
      out.set(kind, (out.get(kind) ?? 0) + (r.DiscreteResourceSpec.Value ?? 0));
    } else if (r.NamedResourceSpec) {
      const kind = r.NamedResourceSpec.Kind ?? '';
      out.set(kind, (out.get(kind) ?? 0) + 1);
    }
  }
  return [...out];
}

interface ServiceNeeds {
  cpus: number;
  memory: number;
  generic: [string, number][];
  hostPorts: string[];
  maxReplicas: number;
  preferences: string[];
}

function needsOf(spec: ServiceSpec): ServiceNeeds {
  const reservations = spec.TaskTemplate.Resources?.Reservations;
  const placement = spec.TaskTemplate.Placement;
  return {
    cpus: reservations?.NanoCPUs ?? 0,
    memory: reservations?.MemoryBytes ?? 0,
    generic: discrete(reservations?.GenericResources),
    hostPorts: specHostPorts(spec),
    maxReplicas: placement?.MaxReplicas ?? 0,
    preferences: (placement?.Preferences ?? []).map((p) => p.Spread?.SpreadDescriptor ?? '').filter((d) => d !== ''),
  };
}

/** Why a node can never run the service (static filters), or undefined when it is eligible. */
function staticExclusion(state: NodeState, spec: ServiceSpec, needs: ServiceNeeds): NodeExclusion | undefined {
  const node = state.node;
  const at = { node: state.hostname };
  if ((node.Status.State ?? '') !== 'ready') return { ...at, code: 'node-not-ready', state: node.Status.State ?? '' };
  if ((node.Spec.Availability ?? '') !== 'active') return { ...at, code: 'node-not-active', availability: node.Spec.Availability };
  const failed = failedConstraint(node, spec.TaskTemplate.Placement?.Constraints ?? []);
  if (failed !== undefined) return { ...at, code: 'constraint-not-satisfied', constraint: failed };
  const platforms = spec.TaskTemplate.Placement?.Platforms ?? [];
  if (platforms.length > 0 && !platforms.some((p) => platformMatches(p, node))) {
    const platform = `${node.Description?.Platform?.OS ?? ''}/${node.Description?.Platform?.Architecture ?? ''}`;
    return { ...at, code: 'platform-not-supported', platform, wanted: platforms.map((p) => `${p.OS}/${p.Architecture}`) };
  }
  const total = new Map(discrete(node.Description?.Resources?.GenericResources));
  for (const [kind, value] of needs.generic) {
    if ((total.get(kind) ?? 0) < value) return { ...at, code: 'generic-resource-short', kind, has: total.get(kind) ?? 0, needs: value };
  }
  const nodeCpus = node.Description?.Resources?.NanoCPUs ?? 0;
  const nodeMemory = node.Description?.Resources?.MemoryBytes ?? 0;
  if (needs.cpus > nodeCpus) return { ...at, code: 'cpus-short', has: nodeCpus, needs: needs.cpus };
  if (needs.memory > nodeMemory) return { ...at, code: 'memory-short', has: nodeMemory, needs: needs.memory };
  return undefined;
}

function platformMatches(platform: { OS: string; Architecture: string }, node: LiveNode): boolean {
  const arch = (value: string): string => (value === 'x86_64' ? 'amd64' : value === 'aarch64' ? 'arm64' : value);
  const nodeArch = arch(node.Description?.Platform?.Architecture ?? '');
  const nodeOs = node.Description?.Platform?.OS ?? '';
  return (platform.Architecture === '' || arch(platform.Architecture) === nodeArch) && (platform.OS === '' || platform.OS === nodeOs);
}

/** Why a node cannot take one more task right now (dynamic filters), or undefined. */
function dynamicExclusion(state: NodeState, name: string, needs: ServiceNeeds): PlacementFailure | undefined {
  if (needs.maxReplicas > 0 && (state.byService.get(name) ?? 0) >= needs.maxReplicas) return 'max-replicas';
  if (needs.cpus > state.freeCpus || needs.memory > state.freeMemory) return 'resources';
  for (const [kind, value] of needs.generic) if ((state.freeGeneric.get(kind) ?? 0) < value) return 'resources';
  if (needs.hostPorts.some((port) => state.hostPorts.has(port))) return 'host-port';
  return undefined;
}

function assign(state: NodeState, name: string, needs: ServiceNeeds): void {
  state.freeCpus -= needs.cpus;
  state.freeMemory -= needs.memory;
  for (const [kind, value] of needs.generic) state.freeGeneric.set(kind, (state.freeGeneric.get(kind) ?? 0) - value);
  for (const port of needs.hostPorts) state.hostPorts.add(port);
  state.byService.set(name, (state.byService.get(name) ?? 0) + 1);
  state.totalTasks++;
}

function placeService(service: PlacementService, states: NodeState[]): { placement: ServicePlacement; problem?: PlacementProblem } {
  const { spec, name } = service;
  const mode = modeName(spec.Mode);
  const needs = needsOf(spec);
  const eligible: NodeState[] = [];
  const exclusions: NodeExclusion[] = [];
  for (const state of states) {
    const why = staticExclusion(state, spec, needs);
    if (why === undefined) eligible.push(state);
    else exclusions.push(why);
  }
  const global = mode === 'global' || mode === 'global-job';
  const wanted = global
    ? eligible.length
    : mode === 'replicated-job'
      ? (spec.Mode.ReplicatedJob?.MaxConcurrent ?? 1)
      : (spec.Mode.Replicated?.Replicas ?? 1);
  const distribution: Record<string, number> = {};
  const failures = new Set<PlacementFailure>();
  let placed = 0;
  if (global) {
    for (const state of eligible) {
      const why = dynamicExclusion(state, name, needs);
      if (why) {
        failures.add(why);
        continue;
      }
      assign(state, name, needs);
      distribution[state.hostname] = (distribution[state.hostname] ?? 0) + 1;
      placed++;
    }
  } else {
    for (let i = 0; i < wanted; i++) {
      const candidates = eligible.filter((state) => {
        const why = dynamicExclusion(state, name, needs);
        if (why) failures.add(why);
        return why === undefined;
      });
      if (candidates.length === 0) break;
      const chosen = choose(candidates, eligible, name, needs.preferences);
      assign(chosen, name, needs);
      distribution[chosen.hostname] = (distribution[chosen.hostname] ?? 0) + 1;
      placed++;
    }
  }
  const unplaced = wanted - placed;
  const result: ServicePlacement = {
    service: service.key,
    name,
    mode,
    tasks: wanted,
    eligibleNodes: eligible.map((s) => s.hostname),
    distribution: Object.fromEntries(Object.entries(distribution).sort(([a], [b]) => a.localeCompare(b))),
    unplaced,
    exclusions,
  };
  const nothingRuns = global && eligible.length === 0 && exclusions.length > 0;
  if (unplaced <= 0 && !nothingRuns) return { placement: result };
  const problem: PlacementProblem = {
    kind: 'placement',
    service: service.key,
    mode,
    wanted,
    eligible: eligible.length,
    unplaced,
    failures: [...failures],
    needs: taskNeeds(needs),
    exclusions,
  };
  return { placement: result, problem };
}

/**
 * Picks the node for one task: at each spread preference, the label value whose nodes hold the fewest tasks of the
 * service; then the node with the fewest tasks of the service, then the fewest tasks overall, then by hostname.
 */
function choose(candidates: NodeState[], eligible: NodeState[], name: string, preferences: string[]): NodeState {
  let pool = candidates;
  let scope = eligible;
  for (const descriptor of preferences) {
    const valueOf = (state: NodeState): string => spreadValue(state.node, descriptor);
    const counts = new Map<string, number>();
    for (const state of scope) counts.set(valueOf(state), (counts.get(valueOf(state)) ?? 0) + (state.byService.get(name) ?? 0));
    const values = [...new Set(pool.map(valueOf))].sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0) || a.localeCompare(b));
    const best = values[0] ?? '';
    pool = pool.filter((s) => valueOf(s) === best);
    scope = scope.filter((s) => valueOf(s) === best);
  }
  return [...pool].sort(
    (a, b) =>
      (a.byService.get(name) ?? 0) - (b.byService.get(name) ?? 0) || a.totalTasks - b.totalTasks || a.hostname.localeCompare(b.hostname),
  )[0] as NodeState;
}

function spreadValue(node: LiveNode, descriptor: string): string {
  const lower = descriptor.toLowerCase();
  if (lower.startsWith('node.labels.')) return node.Spec.Labels?.[descriptor.slice('node.labels.'.length)] ?? '';
  if (lower.startsWith('engine.labels.')) return node.Description?.Engine?.Labels?.[descriptor.slice('engine.labels.'.length)] ?? '';
  return '';
}

/** What a task asks of its node, as plan data (the internal form without spread preferences). */
function taskNeeds(needs: ServiceNeeds): TaskNeeds {
  return {
    cpus: needs.cpus,
    memory: needs.memory,
    generic: needs.generic.map(([kind, value]) => ({ kind, value })),
    hostPorts: needs.hostPorts,
    maxReplicas: needs.maxReplicas,
  };
}

function cloneState(state: NodeState): NodeState {
  return { ...state, freeGeneric: new Map(state.freeGeneric), byService: new Map(state.byService), hostPorts: new Set(state.hostPorts) };
}

/** Host-mode ports a task holds: those it published (port status) and those its service publishes in host mode. */
function heldPorts(task: LiveTask, spec?: ServiceSpec): string[] {
  return [...new Set([...reportedHostPorts(task), ...(spec ? specHostPorts(spec) : [])])];
}

/** What one running task holds on its node. */
function taskLoad(task: LiveTask, spec?: ServiceSpec): ServiceNeeds {
  const reservations = task.Spec?.Resources?.Reservations;
  return {
    cpus: reservations?.NanoCPUs ?? 0,
    memory: reservations?.MemoryBytes ?? 0,
    generic: discrete(reservations?.GenericResources),
    hostPorts: heldPorts(task, spec),
    maxReplicas: 0,
    preferences: [],
  };
}

/** The cluster outside the stack plus the running tasks of the stack's other live services (they keep running meanwhile). */
function withStackLoad(outside: NodeState[], input: PlacementInput, service: PlacementService): NodeState[] {
  const states = outside.map(cloneState);
  const own = new Set(service.rollout?.tasks.map((t) => t.ServiceID) ?? []);
  for (const task of input.tasks) {
    if (task.DesiredState !== 'running' || !input.stackServiceIds.has(task.ServiceID) || own.has(task.ServiceID)) continue;
    const state = states.find((s) => s.node.ID === task.NodeID);
    if (state) assign(state, `other:${task.ServiceID}`, taskLoad(task));
  }
  return states;
}

function release(state: NodeState, name: string, load: ServiceNeeds): void {
  state.freeCpus += load.cpus;
  state.freeMemory += load.memory;
  for (const [kind, value] of load.generic) state.freeGeneric.set(kind, (state.freeGeneric.get(kind) ?? 0) + value);
  for (const port of load.hostPorts) state.hostPorts.delete(port);
  state.byService.set(name, Math.max(0, (state.byService.get(name) ?? 0) - 1));
  state.totalTasks--;
}

interface OldSlot {
  state: NodeState;
  load: ServiceNeeds;
}

/**
 * Simulates a rolling update the way swarm's updater and scheduler run it, and says when it can never finish.
 *
 * Facts it relies on (swarmkit orchestrator/update/updater.go, orchestrator/replicated, scheduler/filter.go):
 * - a replicated service whose replica count grows gets its added tasks from the new spec next to the running old
 *   ones; one whose count shrinks loses tasks first; then the updater replaces the old tasks, `parallelism` slots at
 *   a time (0: all at once);
 * - `order: stop-first` stops the old task before the scheduler places the new one, so the new task finds what the
 *   old one held; `order: start-first` places the new task while the old one still runs and holds its host-mode
 *   ports, its reservations and its count towards max_replicas_per_node, and stops the old one only once the new
 *   one runs;
 * - a task the scheduler cannot place stays pending and is placed again when something frees room; when nothing in
 *   flight can be placed, nothing will ever free room: swarm leaves the update in progress for ever;
 * - a global service's new task goes on the node of the old one.
 * Jobs, stop-first updates (they finish whenever the end state fits) and services whose end state cannot be placed
 * anyway (reported by the placement preview) are not simulated.
 */
function simulateRollout(service: PlacementService, rollout: PlacementRollout, states: NodeState[]): RolloutProblem | undefined {
  const stuck = simulateUpdate(service, rollout, states.map(cloneState), true);
  if (!stuck) return undefined;
  const { racesAdded, ...problem } = stuck;
  if (!racesAdded) return problem;
  // The added replicas and the updater's replacement tasks wait for the scheduler together, and it places them in
  // no set order: when the update finishes if the replacements always come first, whether it finishes is luck.
  if (simulateUpdate(service, rollout, states.map(cloneState), false)) return problem;
  return { ...problem, finishes: 'race' };
}

/** One run of the update; `addedFirst`: the scheduler places added replicas before the updater's replacements. */
function simulateUpdate(
  service: PlacementService,
  rollout: PlacementRollout,
  states: NodeState[],
  addedFirst: boolean,
): (RolloutProblem & { racesAdded: boolean }) | undefined {
  const { spec, name, key } = service;
  const mode = modeName(spec.Mode);
  if (mode === 'replicated-job' || mode === 'global-job') return undefined;
  const startFirst = spec.UpdateConfig?.Order === 'start-first';
  // A stop-first update frees each slot's room before it places the new task: it finishes whenever the end state
  // fits, which the preview already judged.
  if (!startFirst) return undefined;
  const needs = needsOf(spec);
  const eligible = states.filter((state) => staticExclusion(state, spec, needs) === undefined);
  const slots: OldSlot[] = [];
  const queue: OldSlot[] = [];
  for (const task of rollout.tasks) {
    const state = states.find((s) => s.node.ID === task.NodeID);
    if (!state) continue;
    const slot = { state, load: taskLoad(task, rollout.liveSpec) };
    assign(state, name, slot.load);
    slots.push(slot);
    if (rollout.replaced.has(task.ID)) queue.push(slot);
  }
  const failures = new Set<PlacementFailure>();
  let addedPlaced = 0;
  const stuck = (where: string): RolloutProblem & { racesAdded: boolean } => ({
    ...stuckRollout(key, mode, needs, eligible.length, failures, where, spec),
    racesAdded: addedPlaced > 0,
  });

  if (mode === 'global') {
    for (const slot of queue) {
      if (!eligible.includes(slot.state)) {
        release(slot.state, name, slot.load);
        continue;
      }
      const why = dynamicExclusion(slot.state, name, needs);
      if (why) {
        failures.add(why);
        return stuck(slot.state.hostname);
      }
      assign(slot.state, name, needs);
      release(slot.state, name, slot.load);
    }
    return undefined;
  }

  const replicas = spec.Mode.Replicated?.Replicas ?? 1;
  // Scaling down removes tasks from the nodes that run the most of them; what is left is updated.
  while (slots.length > replicas) {
    slots.sort((a, b) => (b.state.byService.get(name) ?? 0) - (a.state.byService.get(name) ?? 0) || b.state.hostname.localeCompare(a.state.hostname));
    const gone = slots.shift() as OldSlot;
    release(gone.state, name, gone.load);
    const at = queue.indexOf(gone);
    if (at >= 0) queue.splice(at, 1);
  }
  let added = Math.max(0, replicas - slots.length);
  const parallelism = (spec.UpdateConfig?.Parallelism ?? 1) || Number.POSITIVE_INFINITY;
  const inFlight: OldSlot[] = [];
  const placeNew = (): boolean => {
    const candidates = eligible.filter((state) => {
      const why = dynamicExclusion(state, name, needs);
      if (why) failures.add(why);
      return why === undefined;
    });
    if (candidates.length === 0) return false;
    assign(choose(candidates, eligible, name, needs.preferences), name, needs);
    return true;
  };
  for (;;) {
    let progress = false;
    failures.clear();
    const placeAdded = (): void => {
      while (added > 0 && placeNew()) {
        added--;
        addedPlaced++;
        progress = true;
      }
    };
    if (addedFirst) placeAdded();
    while (inFlight.length < parallelism && queue.length > 0) {
      inFlight.push(queue.shift() as OldSlot);
      progress = true;
    }
    for (const slot of [...inFlight]) {
      if (!placeNew()) continue;
      release(slot.state, name, slot.load);
      inFlight.splice(inFlight.indexOf(slot), 1);
      progress = true;
    }
    // The updater creates the next replacement as it stops an old task, before that task has freed its room: in the
    // order that favours the update, the added replicas get room only once every slot is replaced.
    if (!addedFirst && inFlight.length === 0 && queue.length === 0) placeAdded();
    if (inFlight.length === 0 && queue.length === 0) return undefined;
    if (!progress) return stuck('');
  }
}

/** Why the new task found no room (`node`: where, '' for every eligible node) and which changes to the file would let it. */
function stuckRollout(
  key: string,
  mode: ServicePlacement['mode'],
  needs: ServiceNeeds,
  eligible: number,
  failures: Set<PlacementFailure>,
  node: string,
  spec: ServiceSpec,
): RolloutProblem {
  const blockers: RolloutBlocker[] = [];
  const fixes: RolloutFix[] = [{ code: 'order-stop-first' }];
  if (failures.has('host-port')) {
    blockers.push({ code: 'host-port-in-use', ports: needs.hostPorts });
    fixes.push({ code: 'publish-without-host-port', ports: needs.hostPorts });
  }
  if (failures.has('max-replicas')) {
    blockers.push({ code: 'max-replicas-reached', maxReplicas: needs.maxReplicas });
    fixes.push({ code: 'raise-max-replicas' });
  }
  if (failures.has('resources')) {
    blockers.push({ code: 'reservations-do-not-fit' });
    fixes.push({ code: 'smaller-reservations' });
  }
  const replicas = spec.Mode.Replicated?.Replicas ?? 1;
  if (mode === 'replicated') {
    const room = failures.has('max-replicas') && !failures.has('host-port') ? eligible * needs.maxReplicas - 1 : eligible - 1;
    if (room >= 1 && room < replicas) fixes.push({ code: 'fewer-replicas', replicas: room });
    fixes.push({ code: 'more-nodes' });
  }
  return { kind: 'rollout', service: key, finishes: 'never', ...(node ? { node } : {}), eligible, blockers, fixes };
}

/** Overlay subnets too small for the VIPs, tasks and per-node load balancers of the services attached. */
function checkAddressSpace(input: PlacementInput, placement: ServicePlacement[]): AddressSpaceProblem[] {
  const problems: AddressSpaceProblem[] = [];
  for (const network of input.networks) {
    if (network.driver !== 'overlay') continue;
    const prefix = network.subnet ? ipv4Prefix(network.subnet) : DEFAULT_OVERLAY_PREFIX;
    if (prefix === undefined) continue;
    let vips = 0;
    let tasks = 0;
    const nodes = new Set<string>();
    input.services.forEach((service, index) => {
      const attached = (service.spec.TaskTemplate.Networks ?? []).some((n) => n.Target === network.name);
      if (!attached) return;
      if ((service.spec.EndpointSpec?.Mode || 'vip') === 'vip') vips++;
      const preview = placement[index];
      if (!preview) return;
      tasks += preview.tasks;
      for (const host of Object.keys(preview.distribution)) nodes.add(host);
    });
    if (vips + tasks === 0) continue;
    const size = 2 ** (32 - prefix);
    const needed = vips + tasks + nodes.size;
    const usable = Math.max(0, size - 3);
    if (needed <= usable) continue;
    problems.push({
      kind: 'address-space',
      network: network.name,
      ...(network.subnet ? { subnet: network.subnet } : {}),
      prefix,
      usable,
      needed,
      vips,
      tasks,
      nodes: nodes.size,
    });
  }
  return problems;
}

function ipv4Prefix(subnet: string): number | undefined {
  const match = /^\d+\.\d+\.\d+\.\d+\/(\d+)$/.exec(subnet.trim());
  if (!match) return undefined;
  const prefix = Number(match[1]);
  return prefix >= 0 && prefix <= 32 ? prefix : undefined;
}

function ipMatches(address: string, constraint: Constraint): boolean {
  const toNumber = (ip: string): number | undefined => {
    const parts = ip.split('.').map(Number);
    if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
    return (((parts[0] as number) << 24) | ((parts[1] as number) << 16) | ((parts[2] as number) << 8) | (parts[3] as number)) >>> 0;
  };
  const nodeIp = toNumber(address);
  const [base, bits] = constraint.value.split('/');
  const wanted = toNumber(base ?? '');
  if (nodeIp === undefined || wanted === undefined) return false;
  const prefix = bits === undefined ? 32 : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) return false;
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  const inside = (nodeIp & mask) >>> 0 === (wanted & mask) >>> 0;
  return inside === constraint.equal;
}
