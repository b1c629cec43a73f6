import type { DeployResult } from '../apply/execution-report.js';
import type { Change, FieldChange, Plan } from '../plan/plan.js';
import { formatValue, placementText, summarizePlan, summaryLine } from './plan.js';
import { reasonText, warningText } from './plan-words.js';
import { problemText } from './plan-problems.js';

/**
 * Markdown for pull-request comments and GitHub step summaries (`--format markdown`): no colour codes, no HTML.
 * Table cells escape `|`, backticks in names are kept out of inline code, and fenced blocks use a fence longer than
 * any backtick run inside them, so no value from a Compose file can break the layout. Secret values never appear:
 * sensitive fields say only that they changed.
 */

const ORDER: Change['action'][] = ['create', 'update', 'replace', 'remove'];
const MARKERS: Record<Change['action'], string> = { create: '+', update: '~', replace: '-/+', remove: '-', none: ' ' };

/** The plan as Markdown: a heading, the summary line, a table of changed objects, field changes, placement, problems, warnings. */
export function renderPlanMarkdown(plan: Plan, options: { title?: string } = {}): string {
  const changed = ORDER.flatMap((action) => plan.changes.filter((change) => change.action === action));
  const title = options.title ?? `Plan for stack ${code(plan.stackName)}`;
  const out: string[] = [`### ${title}`, ''];
  if (changed.length === 0) {
    out.push(`No changes: stack ${code(plan.stackName)} matches the files.`, '');
  } else {
    const replaceRestarts = plan.changes.reduce((n, c) => n + (c.type === 'service' && c.action === 'replace' ? c.restartCount : 0), 0);
    out.push(`**${summaryLine(summarizePlan(plan), replaceRestarts)}**`, '');
    out.push(...changeTable(changed, plan.prune), '');
    const detailed = changed.filter((change) => change.fields.length > 0);
    if (detailed.length > 0) {
      out.push('#### Changes', '');
      for (const change of detailed) {
        out.push(`**${MARKERS[change.action]} ${change.type} ${code(change.name)}**${change.reason && change.action !== 'create' ? ` (${escapeText(reasonText(change.reason))})` : ''}`, '');
        out.push(...fenced('diff', change.fields.flatMap(fieldLines)), '');
      }
    }
  }
  const changing = new Set(plan.changes.filter((c) => c.type === 'service' && c.action !== 'none' && c.action !== 'remove').map((c) => c.name));
  const placed = plan.placement.filter((p) => changing.has(p.name));
  if (placed.length > 0) out.push('#### Placement', '', ...placed.map((p) => `- ${escapeText(placementText(p))}`), '');
  if (plan.problems.length > 0) out.push('#### Problems', '', ...plan.problems.map((p) => `- :x: ${escapeText(problemText(p))}`), '');
  if (plan.warnings.length > 0) out.push('#### Warnings', '', ...plan.warnings.map((w) => `- :warning: ${escapeText(warningText(w))}`), '');
  return `${trimBlank(out).join('\n')}\n`;
}

/**
 * The final report of `stack deploy --format markdown` (and what goes to GITHUB_STEP_SUMMARY): the outcome with the
 * revision and duration, a table of the services the run wrote, the rollback, then the plan it executed.
 */
export function renderDeployMarkdown(result: DeployResult, options: { verb?: string } = {}): string {
  const verb = options.verb ?? 'deploy';
  const execution = result.execution;
  const out: string[] = [];
  if (!execution) {
    out.push(`### Stack ${code(result.stack)}: nothing to ${verb}`, '', `No changes: the live stack already matches; nothing was written.`, '');
    return `${out.join('\n')}\n`;
  }
  const revision = execution.revision === undefined ? '' : `, revision ${execution.revision}`;
  out.push(`### Stack ${code(result.stack)}: ${verb} ${OUTCOME_WORDS[execution.outcome] ?? execution.outcome}`, '');
  out.push(`**${OUTCOME_WORDS[execution.outcome] ?? execution.outcome}**${revision}, ${(execution.durationMs / 1000).toFixed(1)}s on ${escapeText(result.endpoint)}`, '');
  if (execution.message) out.push(`> ${escapeText(execution.message)}`, '');
  if (execution.services.length > 0) {
    out.push('| Service | Action | Result | Tasks | Message |', '|:--|:--|:--|--:|:--|');
    for (const s of execution.services) {
      const tasks = s.desired === undefined ? '' : `${s.running ?? 0}/${s.desired}`;
      const notes = [s.message, ...(s.notes ?? [])].filter((x): x is string => Boolean(x)).join('; ');
      out.push(`| ${cell(code(s.name))} | ${s.action} | ${phaseWords(s.phase)} | ${tasks} | ${cell(notes)} |`);
    }
    out.push('');
  }
  if (execution.rollback) {
    out.push(`Rollback of the changed services **${execution.rollback.outcome}**:`, '');
    for (const s of execution.rollback.services) out.push(`- ${code(s.name)}: ${phaseWords(s.phase)}${s.message ? `: ${escapeText(s.message)}` : ''}`);
    out.push('');
  }
  const plan = renderPlanMarkdown(result.plan, { title: `Plan executed` }).replace(/^### /, '#### ').replace(/\n#### /g, '\n##### ');
  return `${out.join('\n')}\n${plan}`;
}

const OUTCOME_WORDS: Record<string, string> = {
  succeeded: 'succeeded',
  submitted: 'submitted (not waited for)',
  failed: 'failed',
  'rolled-back': 'failed and rolled back',
  interrupted: 'interrupted',
  unchanged: 'unchanged',
};

function phaseWords(phase: string): string {
  return phase === 'rolled-back' ? 'rolled back by swarm' : phase;
}

function changeTable(changed: Change[], prune: boolean): string[] {
  const rows = changed.map((change) => {
    const notes: string[] = [];
    if ((change.type === 'secret' || change.type === 'config') && change.replaces) notes.push(`replaces ${code(change.replaces)}`);
    if (change.action === 'remove' && !prune) notes.push('kept: use --prune to remove');
    if (change.type === 'service' && (change.action === 'update' || change.action === 'replace') && change.restartCount === 0) notes.push('no restart');
    const restarts = change.type === 'service' && change.action !== 'remove' && change.action !== 'create' ? String(change.restartCount) : '';
    return `| ${MARKERS[change.action]} ${change.action} | ${change.type} | ${cell(code(change.name))} | ${restarts} | ${cell(notes.join('; '))} |`;
  });
  return ['| Action | Type | Name | Restarts | Notes |', '|:--|:--|:--|--:|:--|', ...rows];
}

/** A field as diff lines: `- path: before` / `+ path: after` (absent sides are left out); sensitive ones say only that they changed. */
export function fieldLines(field: FieldChange): string[] {
  if (field.sensitive) return [`! ${field.path}: (sensitive value changed)`];
  const lines: string[] = [];
  if (field.before !== undefined) lines.push(`- ${field.path}: ${formatValue(field.before)}`);
  if (field.after !== undefined) lines.push(`+ ${field.path}: ${formatValue(field.after)}`);
  return lines.length > 0 ? lines : [`~ ${field.path}`];
}

/** A fenced code block whose fence is longer than any backtick run in the lines. */
export function fenced(info: string, lines: string[]): string[] {
  const longest = Math.max(0, ...lines.flatMap((line) => (line.match(/`+/g) ?? []).map((run) => run.length)));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...lines, fence];
}

/** Inline code that survives backticks in the value. */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A table cell: pipes escaped, newlines flattened. */
export function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/** Free text outside code: characters Markdown or HTML would interpret are escaped, newlines flattened. */
export function escapeText(text: string): string {
  // `_` only at word edges: GitHub never reads an underscore inside a word (stack_web) as emphasis.
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/([\\`*[\]<>|#])/g, '\\$1')
    .replace(/(^|[^A-Za-z0-9])_|_(?=$|[^A-Za-z0-9])/g, (match) => match.replace('_', '\\_'));
}

function trimBlank(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}
