import { isIP } from 'node:net';
import type { DeployModel } from '../../model/stack-model.js';
import type { KeyPath } from '../source-map.js';
import { add, notNegative, type Checker } from './checker.js';

/*
 * deploy.placement: constraint syntax as swarmkit's constraint package parses it, and attributes no node would ever
 * match; max_replicas_per_node not negative. Run from the deploy rules (deploy.ts), in their order.
 */

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

/** `node.labels.<name>` or `engine.labels.<name>` (any case): what constraints and spread preferences may name. */
export const hasLabelPrefix = (key: string): boolean => {
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
