import type { DriftItem, DriftReport } from '../history/drift.js';
import type { FieldChange } from '../plan/plan.js';
import { palette } from './colour.js';
import { cell, code, escapeText, fenced } from './plan-markdown.js';
import { formatValue } from './plan.js';

const MARKERS: Record<DriftItem['drift'], string> = { changed: '~', missing: '-', added: '+' };
const WORDS: Record<DriftItem['drift'], string> = {
  changed: 'changed outside stack',
  missing: 'missing (removed outside stack)',
  added: 'added outside stack (has the stack label, not in the revision)',
};

/** The heading both forms share: which revision the live stack was compared with. */
function against(report: DriftReport): string {
  return `revision ${report.revision} (${report.outcome}, recorded ${report.recordedAt})`;
}

/** `recorded → live` for one field; sensitive fields say only that they differ. */
export function driftFieldText(field: FieldChange): string {
  if (field.sensitive) return `${field.path}: (sensitive value differs)`;
  return `${field.path}: ${formatValue(field.before)} → ${formatValue(field.after)}`;
}

/** `stack drift NAME` for terminals: each drifted object with its fields (recorded → live), and a count. */
export function renderDrift(report: DriftReport, options: { colour: boolean }): string {
  const c = palette(options.colour);
  if (report.items.length === 0) return `No drift: stack ${report.stack} matches ${against(report)}.\n`;
  const paint: Record<DriftItem['drift'], (s: string) => string> = { changed: c.yellow, missing: c.red, added: c.green };
  const lines = [`Drift: stack ${report.stack} differs from ${against(report)}:`];
  for (const item of report.items) {
    lines.push(`  ${paint[item.drift](`${MARKERS[item.drift]} ${item.type} ${item.name}`)} ${c.dim(WORDS[item.drift])}`);
    for (const field of item.fields) lines.push(`      ${driftFieldText(field)}`);
  }
  lines.push('', `${report.items.length} ${report.items.length === 1 ? 'object differs' : 'objects differ'} (fields read recorded → live)`);
  return `${lines.join('\n')}\n`;
}

/** `stack drift NAME --format markdown`: a table of drifted objects and their fields in a fenced diff block. */
export function renderDriftMarkdown(report: DriftReport): string {
  const out = [`### Drift of stack ${code(report.stack)}`, ''];
  if (report.items.length === 0) {
    out.push(`No drift: the live stack matches ${escapeText(against(report))}.`);
    return `${out.join('\n')}\n`;
  }
  out.push(`**${report.items.length} ${report.items.length === 1 ? 'object differs' : 'objects differ'}** from ${escapeText(against(report))}.`, '');
  out.push('| Drift | Type | Name | Fields |', '|:--|:--|:--|--:|');
  for (const item of report.items) out.push(`| ${MARKERS[item.drift]} ${item.drift} | ${item.type} | ${cell(code(item.name))} | ${item.fields.length} |`);
  const detailed = report.items.filter((item) => item.fields.length > 0);
  if (detailed.length > 0) {
    out.push('', '#### Fields (recorded → live)');
    for (const item of detailed) {
      out.push('', `**${MARKERS[item.drift]} ${item.type} ${code(item.name)}**`, '');
      out.push(...fenced('diff', item.fields.flatMap(fieldDiffLines)));
    }
  }
  return `${out.join('\n')}\n`;
}

function fieldDiffLines(field: FieldChange): string[] {
  if (field.sensitive) return [`! ${field.path}: (sensitive value differs)`];
  const lines: string[] = [];
  if (field.before !== undefined) lines.push(`- ${field.path}: ${formatValue(field.before)}`);
  if (field.after !== undefined) lines.push(`+ ${field.path}: ${formatValue(field.after)}`);
  return lines;
}

/** One field in the JSON form: `null` for absent values; sensitive values are always null. */
export interface DriftFieldJson {
  path: string;
  recorded: unknown;
  live: unknown;
  sensitive?: true;
}

/** `stack drift NAME --json` (docs/drift-json in docs/plan-json.md). */
export function driftToJson(report: DriftReport & { endpoint?: string }): Record<string, unknown> {
  return {
    stack: report.stack,
    ...(report.endpoint ? { endpoint: report.endpoint } : {}),
    revision: report.revision,
    revisionOutcome: report.outcome,
    recordedAt: report.recordedAt,
    readAt: report.readAt,
    drifted: report.items.length > 0,
    items: report.items.map((item) => ({
      type: item.type,
      name: item.name,
      drift: item.drift,
      fields: item.fields.map((f): DriftFieldJson =>
        f.sensitive ? { path: f.path, recorded: null, live: null, sensitive: true } : { path: f.path, recorded: f.before ?? null, live: f.after ?? null },
      ),
    })),
  };
}
