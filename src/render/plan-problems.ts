import type { NodeExclusion, PlacementProblem, PlanProblem, RolloutBlocker, RolloutFix, RolloutProblem, AddressSpaceProblem, NameTakenProblem } from '../plan/problems.js';
import { bytes, cpus } from '../plan/service-view.js';

/** The words of a plan problem (text, Markdown, JSON `message` and the deploy's refusal all print these). */
export function problemText(problem: PlanProblem): string {
  switch (problem.kind) {
    case 'placement':
      return placementText(problem);
    case 'rollout':
      return rolloutText(problem);
    case 'address-space':
      return addressSpaceText(problem);
    case 'name-taken':
      return nameTakenText(problem);
    case 'image':
      return `${problem.name}: image ${problem.image} does not exist in its registry (${problem.missing}); no task could start: fix the tag, or push the image`;
  }
}

/** The changes to the file that would remove the problem, as short phrases (only rollout problems have any). */
export function problemFixes(problem: PlanProblem): string[] {
  return problem.kind === 'rollout' ? problem.fixes.map(fixText) : [];
}

/** `node3: constraint node.role == manager not satisfied`: a node left out, and why. */
export function exclusionText(exclusion: NodeExclusion): string {
  return `${exclusion.node}: ${exclusionReason(exclusion)}`;
}

function exclusionReason(exclusion: NodeExclusion): string {
  switch (exclusion.code) {
    case 'node-not-ready':
      return `node is ${exclusion.state || 'not ready'}`;
    case 'node-not-active':
      return `availability is ${String(exclusion.availability)}`;
    case 'constraint-not-satisfied':
      return `constraint ${exclusion.constraint} not satisfied`;
    case 'platform-not-supported':
      return `platform ${exclusion.platform} is not one of the image's (${exclusion.wanted.join(', ')})`;
    case 'generic-resource-short':
      return `has ${exclusion.has} of generic resource ${exclusion.kind} (needs ${exclusion.needs})`;
    case 'cpus-short':
      return `has ${cpus(exclusion.has) ?? 0} CPUs (needs ${cpus(exclusion.needs)})`;
    case 'memory-short':
      return `has ${bytes(exclusion.has) ?? '0B'} of memory (needs ${bytes(exclusion.needs)})`;
  }
}

/** `web: 4 replicas, 3 eligible nodes, max_replicas_per_node 1: 1 replica cannot be placed (…)`. */
function placementText(problem: PlacementProblem): string {
  const { service, mode, wanted, eligible, unplaced, needs } = problem;
  const failures = new Set(problem.failures);
  const excluded = problem.exclusions.map(exclusionText).join('; ');
  const global = mode === 'global' || mode === 'global-job';
  const unit = global ? 'task' : 'replica';
  if (global && eligible === 0) return `${service}: ${mode}, 0 eligible nodes: no task will run (${excluded})`;
  const head = global ? `${service}: ${mode}, ${plural(eligible, 'eligible node')}` : `${service}: ${plural(wanted, unit)}, ${plural(eligible, 'eligible node')}`;
  const max = needs.maxReplicas > 0 && failures.has('max-replicas') ? `, max_replicas_per_node ${needs.maxReplicas}` : '';
  const details: string[] = [];
  if (eligible === 0 && problem.exclusions.length > 0) details.push(excluded);
  if (failures.has('resources')) {
    const asked = [needs.cpus ? `${cpus(needs.cpus)} CPUs` : '', needs.memory ? `${bytes(needs.memory)} memory` : '', ...needs.generic.map((g) => `${g.value} ${g.kind}`)]
      .filter((s) => s !== '')
      .join(', ');
    details.push(`not enough free resources for a task reserving ${asked}`);
  }
  if (failures.has('host-port')) details.push(`host-mode port ${needs.hostPorts.join(', ')} is already taken on the other eligible nodes`);
  const tail = details.length > 0 ? ` (${details.join('; ')})` : '';
  return `${head}${max}: ${plural(unplaced, unit)} cannot be placed${tail}`;
}

const START_FIRST = 'update_config.order start-first starts each new task before it stops the old one';

/** `web: the update cannot finish: update_config.order start-first …, and host-mode port 8080/tcp is in use on node1; …`. */
function rolloutText(problem: RolloutProblem): string {
  const where = problem.node
    ? `on ${problem.node}`
    : problem.eligible === 1
      ? 'on the only eligible node'
      : `on all ${plural(problem.eligible, 'eligible node')}`;
  const blockers = problem.blockers.map((b) => blockerText(b, where)).join('; ') || 'no node has room for the new task';
  return problem.finishes === 'race'
    ? `${problem.service}: the update may never finish: ${START_FIRST}, and ${blockers}; ` +
        'whether swarm finishes depends on which pending task its scheduler places first (the added replicas or the replacements); ' +
        'when the added ones win, it leaves the new task pending for ever (and the update in progress)'
    : `${problem.service}: the update cannot finish: ${START_FIRST}, and ${blockers}; ` +
        'swarm would leave the new task pending for ever (and the update in progress)';
}

function blockerText(blocker: RolloutBlocker, where: string): string {
  switch (blocker.code) {
    case 'host-port-in-use':
      return `host-mode port ${blocker.ports.join(', ')} is in use ${where}`;
    case 'max-replicas-reached':
      return `max_replicas_per_node ${blocker.maxReplicas} is reached ${where}`;
    case 'reservations-do-not-fit':
      return `the reservations do not fit ${where} next to the old task`;
  }
}

/** `update_config.order: stop-first`, `at most 2 replicas`… (docs/rollout-matrix.md). */
function fixText(fix: RolloutFix): string {
  switch (fix.code) {
    case 'order-stop-first':
      return 'update_config.order: stop-first';
    case 'publish-without-host-port':
      return `publish ${fix.ports.map((p) => p.split('/')[0]).join(', ')} in ingress mode or without a host port`;
    case 'raise-max-replicas':
      return 'a higher max_replicas_per_node';
    case 'smaller-reservations':
      return 'smaller resource reservations';
    case 'fewer-replicas':
      return `at most ${plural(fix.replicas, 'replica')}`;
    case 'more-nodes':
      return 'more nodes';
  }
}

function addressSpaceText(p: AddressSpaceProblem): string {
  const subnet = p.subnet ?? `default /${p.prefix}`;
  return (
    `network ${p.network} (${subnet}) has ${plural(p.usable, 'usable address')} but needs ${p.needed}: ` +
    `${plural(p.vips, 'VIP')} + ${plural(p.tasks, 'task')} + ${plural(p.nodes, 'node load balancer')}; ` +
    `${plural(p.needed - p.usable, 'task')} will get no address and stay in state New (swarm reports no error)`
  );
}

function nameTakenText(p: NameTakenProblem): string {
  const whose = p.owner ? `belongs to stack ${p.owner}` : 'was not made by a stack deploy';
  const fix =
    p.objectType === 'service'
      ? `creating it will fail: remove it (docker service rm ${p.name}) or rename the service`
      : `${p.objectType === 'network' ? 'creating it will fail' : 'the deploy would take it over'}: ` +
        `declare it \`external: true\` to use it, or remove it (docker ${p.objectType} rm ${p.name})`;
  return `${p.objectType} ${p.name} already exists but is not part of stack ${p.stack} (it ${whose}); ${fix}`;
}

/** `1 task`, `2 tasks`, `2 usable addresses`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : noun.endsWith('s') ? 'es' : 's'}`;
}
