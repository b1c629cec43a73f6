/**
 * Plan problems and node exclusions as codes with the data their words need (like terraform's ActionReason). The
 * plan decides what is wrong and which fixes apply; the words are written in src/render/plan-problems.ts.
 */

/** A service's deploy mode, as Compose names it. */
export type ServiceMode = 'replicated' | 'global' | 'replicated-job' | 'global-job';

/** Why a node can never run a service (the scheduler's static filters); `node` is its hostname (or ID). */
export type NodeExclusion =
  /** `state`: the node's status ('' when the Engine gave none). */
  | { node: string; code: 'node-not-ready'; state: string }
  | { node: string; code: 'node-not-active'; availability: string | undefined }
  /** The first constraint of the service the node fails, as written. */
  | { node: string; code: 'constraint-not-satisfied'; constraint: string }
  /** `platform`: the node's `os/arch`; `wanted`: the image's platforms as `os/arch`. */
  | { node: string; code: 'platform-not-supported'; platform: string; wanted: string[] }
  | { node: string; code: 'generic-resource-short'; kind: string; has: number; needs: number }
  /** CPUs in nano CPUs. */
  | { node: string; code: 'cpus-short'; has: number; needs: number }
  /** Memory in bytes. */
  | { node: string; code: 'memory-short'; has: number; needs: number };

/** Why a node could not take one more task while tasks were placed (the scheduler's dynamic filters). */
export type PlacementFailure = 'max-replicas' | 'resources' | 'host-port';

/** What one task of a service asks of its node. */
export interface TaskNeeds {
  /** Reserved nano CPUs (0: none). */
  cpus: number;
  /** Reserved bytes of memory (0: none). */
  memory: number;
  generic: { kind: string; value: number }[];
  /** Host-mode published ports, `8080/tcp`. */
  hostPorts: string[];
  /** max_replicas_per_node (0: no limit). */
  maxReplicas: number;
}

/** Tasks of a service that cannot be placed (or a global service no node may run). */
export interface PlacementProblem {
  kind: 'placement';
  /** Compose key. */
  service: string;
  mode: ServiceMode;
  /** Tasks wanted (for global modes: the eligible nodes). */
  wanted: number;
  /** Eligible nodes. */
  eligible: number;
  unplaced: number;
  /** Dynamic filters that turned tasks away, in the order first met. */
  failures: PlacementFailure[];
  needs: TaskNeeds;
  /** Nodes that may never run the service, and why. */
  exclusions: NodeExclusion[];
}

/** Why a start-first rolling update cannot place its new task, in the order the words list them. */
export type RolloutBlocker =
  | { code: 'host-port-in-use'; ports: string[] }
  | { code: 'max-replicas-reached'; maxReplicas: number }
  | { code: 'reservations-do-not-fit' };

/** A change to the file that would let a rolling update finish. */
export type RolloutFix =
  | { code: 'order-stop-first' }
  /** `ports`: the host-mode ports, `8080/tcp`. */
  | { code: 'publish-without-host-port'; ports: string[] }
  | { code: 'raise-max-replicas' }
  | { code: 'smaller-reservations' }
  | { code: 'fewer-replicas'; replicas: number }
  | { code: 'more-nodes' };

/** A rolling update swarm can never finish (or may never, depending on the scheduler's order), although the end state fits. */
export interface RolloutProblem {
  kind: 'rollout';
  /** Compose key. */
  service: string;
  /** `never`: it cannot finish; `race`: it finishes only when the replacements are placed before the added replicas. */
  finishes: 'never' | 'race';
  /** Hostname of the node where the new task found no room; undefined when no eligible node had any. */
  node?: string;
  /** Eligible nodes. */
  eligible: number;
  /** Empty when no node had room for an unnamed reason. */
  blockers: RolloutBlocker[];
  fixes: RolloutFix[];
}

/** An overlay subnet too small for the VIPs, tasks and per-node load balancers of the services attached. */
export interface AddressSpaceProblem {
  kind: 'address-space';
  network: string;
  /** The subnet configured (CIDR); undefined when swarm's default pool hands one out. */
  subnet?: string;
  /** Prefix length of the subnet in use. */
  prefix: number;
  usable: number;
  needed: number;
  vips: number;
  tasks: number;
  /** Nodes running a task on the network (one load balancer address each). */
  nodes: number;
}

/** A name the stack would create or take over that an object outside the stack holds. */
export interface NameTakenProblem {
  kind: 'name-taken';
  objectType: 'network' | 'secret' | 'config' | 'service';
  name: string;
  stack: string;
  /** The stack the object belongs to (its namespace label); undefined when no stack deploy made it. */
  owner?: string;
}

/** An image the registry answered does not exist (unknown tag or repository). */
export interface ImageProblem {
  kind: 'image';
  /** Compose key. */
  service: string;
  /** Service name. */
  name: string;
  /** The reference the registry was asked about. */
  image: string;
  /** The registry's answer. */
  missing: string;
}

/**
 * Something the plan knows will go wrong when written or after (a write swarm refuses, tasks that stay pending or
 * New, an image no node can pull). A plan with problems writes nothing unless forced.
 */
export type PlanProblem = PlacementProblem | RolloutProblem | AddressSpaceProblem | NameTakenProblem | ImageProblem;
