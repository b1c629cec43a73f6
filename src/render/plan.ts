import type { Change, FieldChange, Plan, ServicePlacement } from '../plan/plan.js';
import type { PlanProblem } from '../plan/problems.js';
import { conditionText, profilesOff, reasonText, warningText } from './plan-words.js';
import { problemFixes, problemText } from './plan-problems.js';
import { palette } from './colour.js';

export { warningText };

/** Counts shown in the summary line and in the JSON form. */
export interface PlanSummary {
  create: number;
  update: number;
  replace: number;
  /** Removals that will run (`--prune`). */
  remove: number;
  /** Removals listed but not run (no `--prune`). */
  kept: number;
  unchanged: number;
  /** Running tasks the plan replaces. */
  restarts: number;
}

const ORDER: Change['action'][] = ['create', 'update', 'replace', 'remove'];
const MARKERS: Record<Change['action'], string> = { create: '+', update: '~', replace: '-/+', remove: '-', none: ' ' };

export function summarizePlan(plan: Plan): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, replace: 0, remove: 0, kept: 0, unchanged: 0, restarts: 0 };
  for (const change of plan.changes) {
    if (change.action === 'none') summary.unchanged++;
    else if (change.action === 'remove') {
      if (plan.prune) summary.remove++;
      else summary.kept++;
    } else summary[change.action]++;
    if (change.type === 'service' && change.action !== 'remove') summary.restarts += change.restartCount;
  }
  return summary;
}

/**
 * The plan for humans: changes grouped by action (`+` create, `~` update, `-/+` replace, `-` remove) with their
 * field diffs indented below, placement of the services that change, problems, warnings and a summary line.
 * Secret values never appear (sensitive fields say only that they changed). Colour only when `colour` is set.
 */
export function renderPlan(plan: Plan, options: { colour: boolean }): string {
  const c = palette(options.colour);
  const paint: Record<Change['action'], (s: string) => string> = {
    create: c.green,
    update: c.yellow,
    replace: c.magenta,
    remove: c.red,
    none: (s) => s,
  };
  const lines: string[] = [];
  const changed = ORDER.flatMap((action) => plan.changes.filter((change) => change.action === action));
  if (changed.length === 0) {
    lines.push(`No changes: stack ${plan.stackName} matches the files.`);
  } else {
    lines.push(`Plan for stack ${plan.stackName}:`);
    for (const change of changed) {
      lines.push(`  ${paint[change.action](`${MARKERS[change.action]} ${change.type} ${change.name}`)}${headNote(change, plan)}`);
      for (const field of change.fields) lines.push(`      ${formatField(field)}`);
      if (change.reason && change.action !== 'create') lines.push(c.dim(`      (${reasonText(change.reason)})`));
    }
  }
  const left = excludedLines(plan);
  if (left.length > 0) lines.push('', 'Left out (profiles):', ...left.map((line) => `  ${line}`));
  const placed = placementLines(plan);
  if (placed.length > 0) lines.push('', 'Placement:', ...placed.map((line) => `  ${line}`));
  if (plan.problems.length > 0) lines.push('', 'Problems:', ...plan.problems.map((p) => `  ${c.red('!')} ${problemLines(p)}`));
  if (plan.warnings.length > 0) lines.push('', 'Warnings:', ...plan.warnings.map((w) => `  ${c.yellow('!')} ${warningText(w)}`));
  const replaceRestarts = plan.changes.reduce((n, c) => n + (c.type === 'service' && c.action === 'replace' ? c.restartCount : 0), 0);
  lines.push('', summaryLine(summarizePlan(plan), replaceRestarts));
  return `${lines.join('\n')}\n`;
}

/**
 * `3 to create, 1 to update (restarts 2 tasks), 0 to remove` (+ replace and kept removals when there are any).
 * `replaceRestarts`: the part of `summary.restarts` due to replaced services, shown with the replacements.
 */
export function summaryLine(summary: PlanSummary, replaceRestarts = 0): string {
  const tasks = (n: number): string => ` (restarts ${n} ${n === 1 ? 'task' : 'tasks'})`;
  const updateRestarts = summary.restarts - replaceRestarts;
  const parts = [`${summary.create} to create`, `${summary.update} to update${updateRestarts > 0 ? tasks(updateRestarts) : ''}`];
  if (summary.replace > 0) parts.push(`${summary.replace} to replace${replaceRestarts > 0 ? tasks(replaceRestarts) : ''}`);
  parts.push(`${summary.remove} to remove`);
  if (summary.kept > 0) parts[parts.length - 1] += ` (${summary.kept} kept: use --prune to remove)`;
  return parts.join(', ');
}

function headNote(change: Change, plan: Plan): string {
  const notes: string[] = [];
  if ((change.type === 'secret' || change.type === 'config') && change.replaces) notes.push(`replaces ${change.replaces}`);
  if (change.type === 'service' && (change.action === 'update' || change.action === 'replace')) {
    notes.push(change.restartCount > 0 ? `restarts ${change.restartCount} ${change.restartCount === 1 ? 'task' : 'tasks'}` : 'no restart');
  }
  if (change.action === 'remove' && !plan.prune) notes.push('kept: use --prune to remove');
  if (change.type === 'service' && change.key !== undefined && change.action !== 'remove') {
    const after = (plan.order ?? []).filter((d) => d.service === change.key && d.waits);
    if (after.length > 0) notes.push(`after ${after.map((d) => `${d.dependsOn} is ${conditionText(d.condition)}`).join(', ')}`);
  }
  return notes.length > 0 ? ` (${notes.join(', ')})` : '';
}

/** `path: before → after`; absent values show as `(absent)`, sensitive ones as `(sensitive)`. */
export function formatField(field: FieldChange): string {
  if (field.sensitive) return `${field.path}: (sensitive value changed)`;
  return `${field.path}: ${formatValue(field.before)} → ${formatValue(field.after)}`;
}

export function formatValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  return JSON.stringify(value);
}

/** `debug: profile "debug" is not active (running now: kept, use --prune to remove)`. */
function excludedLines(plan: Plan): string[] {
  return (plan.excludedServices ?? []).map((e) => {
    const now = e.live ? (plan.prune ? ' (running now: removed by --prune)' : ' (running now: kept, use --prune to remove)') : '';
    return `${e.service}: ${profilesOff(e.profiles)}${now}`;
  });
}

function placementLines(plan: Plan): string[] {
  const changing = new Set(
    plan.changes.filter((c) => c.type === 'service' && c.action !== 'none' && c.action !== 'remove').map((c) => c.name),
  );
  return plan.placement.filter((p) => changing.has(p.name)).map(placementText);
}

/** `web: 3 replicas on node1 (1), node2 (2)`, `agent: global on node1, node2`, `job: 0 replicas`. */
export function placementText(p: ServicePlacement): string {
  const global = p.mode === 'global' || p.mode === 'global-job';
  const nodes = Object.entries(p.distribution).map(([host, count]) => (global ? host : `${host} (${count})`));
  const what = global ? p.mode : `${p.tasks} ${p.tasks === 1 ? 'replica' : 'replicas'}`;
  const where = nodes.length > 0 ? ` on ${nodes.join(', ')}` : '';
  const unplaced = p.unplaced > 0 ? `, ${p.unplaced} not placed` : '';
  return `${p.service}: ${what}${where}${unplaced}`;
}

/** The problem's words, and its fixes on a line below. */
function problemLines(problem: PlanProblem): string {
  const fixes = problemFixes(problem);
  return fixes.length > 0 ? `${problemText(problem)}\n      fix: ${orList(fixes)}` : problemText(problem);
}

/** "a", "a or b", "a, b or c". */
function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
