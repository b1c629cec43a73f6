import { constraintProblem } from '../../docker/constraints.js';
import type { DeployModel } from '../../model/stack-model.js';
import type { KeyPath } from '../source-map.js';
import { add, notNegative, type Checker } from './checker.js';

/*
 * deploy.placement: constraint syntax as swarmkit's constraint package parses it, and attributes no node would ever
 * match (src/docker/constraints.ts); max_replicas_per_node not negative. Run from the deploy rules (deploy.ts), in
 * their order.
 */

/** The placement rules, at `deploy.placement` of one service. */
export function checkPlacement(c: Checker, at: KeyPath, deploy: DeployModel): void {
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
