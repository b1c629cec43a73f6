import { isIP } from 'node:net';

/**
 * swarmkit's placement constraints (its constraint package): `key==value` or `key!=value`, the attributes a node
 * has, and node or engine labels. The loader checks them (src/compose/rules/placement.ts) and the placement preview
 * matches them against nodes (src/plan/placement.ts), both from here. Pure.
 */

/** A parsed placement constraint. */
export interface Constraint {
  key: string;
  equal: boolean;
  value: string;
}

/** The node attributes a constraint may name, lower case (swarm compares keys without case). */
export const CONSTRAINT_ATTRIBUTES = [
  'node.id',
  'node.hostname',
  'node.ip',
  'node.role',
  'node.platform.os',
  'node.platform.arch',
];

const CONSTRAINT_KEY = /^[a-z_][a-z0-9\-_.]+$/i;
const CONSTRAINT_VALUE = /^[a-z0-9:\-_\t\n\f\r .*()?+[\]\\^$|/]+$/i;
const LABEL_PREFIXES = [
  ['node', 'node.labels.'],
  ['engine', 'engine.labels.'],
] as const;
const ATTRIBUTE_HINT = `use ${CONSTRAINT_ATTRIBUTES.join(', ')}, node.labels.<name> or engine.labels.<name>`;

/** Parses `key==value` / `key!=value` like swarmkit (`==` when present, else `!=`; surrounding spaces trimmed). */
export function parseConstraint(expression: string): Constraint | undefined {
  for (const [op, equal] of [
    ['==', true],
    ['!=', false],
  ] as const) {
    const at = expression.indexOf(op);
    if (at < 0) continue;
    return { key: expression.slice(0, at).trim(), equal, value: expression.slice(at + op.length).trim() };
  }
  return undefined;
}

/**
 * The label a key names: `node.labels.<name>` or `engine.labels.<name>` (prefix in any case, name as written, not
 * empty); undefined for anything else.
 */
export function constraintLabel(key: string): { on: 'node' | 'engine'; name: string } | undefined {
  const lower = key.toLowerCase();
  for (const [on, prefix] of LABEL_PREFIXES) {
    if (lower.startsWith(prefix) && key.length > prefix.length) return { on, name: key.slice(prefix.length) };
  }
  return undefined;
}

/** Whether `key` names a node or engine label: what constraints and spread preferences may name. */
export const hasLabelPrefix = (key: string): boolean => constraintLabel(key) !== undefined;

/** Why swarm would refuse (or never satisfy) a placement constraint; undefined when it is fine. */
export function constraintProblem(expression: string): { reason: string; hint?: string } | undefined {
  const parsed = parseConstraint(expression);
  if (parsed === undefined) return { reason: 'expected an expression like node.role==manager' };
  const { key, value } = parsed;
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
