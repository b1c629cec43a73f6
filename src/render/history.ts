import { ciRunText } from '../history/annotations.js';
import type { RevisionRecord } from '../history/record.js';
import { noRevisionsMessage, type RevisionRow } from '../inspect/history.js';
import { renderTable } from './table.js';
import { elapsed, localTime } from './time.js';

export interface HistoryRenderOptions {
  /** IANA time zone for times (tests); default: the local one. */
  timeZone?: string;
}

/**
 * `stack history NAME`: one row per revision, newest first; damaged records show their error under CHANGES. A NOTE
 * column (the --message, the CI commit and run, the first failure reason) appears when any revision has one.
 */
export function renderHistory(stack: string, rows: readonly RevisionRow[], options: HistoryRenderOptions = {}): string {
  if (rows.length === 0) return `${noRevisionsMessage(stack)}\n`;
  const notes = rows.map(noteText);
  const withNotes = notes.some((n) => n !== '');
  return renderTable(
    ['REVISION', 'TIME', 'WHO', 'OUTCOME', 'CHANGES', 'DURATION', ...(withNotes ? ['NOTE'] : [])],
    rows.map((r, i) => [
      String(r.revision),
      localTime(r.createdAt, options.timeZone),
      who(r.user, r.host),
      r.outcome,
      r.error !== null ? damagedText(r.error) : changesText(r.changed, r.rollbackOf),
      elapsed(r.durationMs ?? undefined),
      ...(withNotes ? [notes[i]!] : []),
    ]),
  );
}

/** `"message" · abc1234 run 42 (org/app@main) · failed: web: rolled back by swarm` (parts that exist; one line). */
export function noteText(row: Pick<RevisionRow, 'message' | 'ci' | 'failure'>): string {
  const parts: string[] = [];
  if (row.message) parts.push(JSON.stringify(oneLine(row.message, 60)));
  if (row.ci) parts.push(ciRunText(row.ci));
  if (row.failure && row.failure.length > 0) parts.push(`why: ${oneLine(row.failure[0]!, 80)}${row.failure.length > 1 ? ` (+${row.failure.length - 1})` : ''}`);
  return parts.join(' · ');
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** A damaged record's error without the "revision record X#N" the row already says. */
function damagedText(error: string): string {
  const at = error.indexOf('cannot be read: ');
  return error.startsWith('revision record ') && at >= 0 ? error.slice(at) : error;
}

const TYPE_ORDER = ['service', 'network', 'secret', 'config'];
const ACTION_ORDER = ['create', 'update', 'replace', 'remove'];
const PAST: Record<string, string> = { create: 'created', update: 'updated', replace: 'replaced', remove: 'removed' };

/**
 * The CHANGES column: counts by kind and action, services first ("2 services updated, 1 secret created"); a rollback
 * says which revision it returned to. Unchanged objects are not counted.
 */
export function changesText(changed: RevisionRecord['changed'], rollbackOf: number | null = null): string {
  const counts = new Map<string, number>();
  for (const change of changed) {
    if (change.action === 'none') continue;
    const key = `${change.type}\u0000${change.action}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rank = (list: string[], value: string): number => (list.includes(value) ? list.indexOf(value) : list.length);
  const parts = [...counts.entries()]
    .map(([key, n]) => {
      const [type = '', action = ''] = key.split('\u0000');
      return { type, action, n };
    })
    .sort((a, b) => rank(TYPE_ORDER, a.type) - rank(TYPE_ORDER, b.type) || a.type.localeCompare(b.type) || rank(ACTION_ORDER, a.action) - rank(ACTION_ORDER, b.action))
    .map(({ type, action, n }) => `${n} ${type}${n === 1 ? '' : 's'} ${PAST[action] ?? action}`);
  const summary = parts.length > 0 ? parts.join(', ') : 'no changes';
  return rollbackOf === null ? summary : `rollback to ${rollbackOf}: ${summary}`;
}

/**
 * `stack history NAME --revision N`: what the record holds: who ran what and when, the source files with their
 * hashes, what the deploy changed, and every object it asked for (services with their images, secrets and
 * configs with content hashes).
 */
export function renderRevisionDetail(record: RevisionRecord, options: HistoryRenderOptions = {}): string {
  const facts: string[][] = [
    ['Time:', localTime(record.createdAt, options.timeZone)],
    ['By:', who(record.user, record.host)],
    ['Outcome:', record.outcome],
    ['Duration:', elapsed(record.durationMs)],
    ['Command:', record.command || '-'],
    ['Tool:', record.toolVersion ? `stack ${record.toolVersion}` : '-'],
  ];
  if (record.rollbackOf !== undefined) facts.push(['Rollback of:', `revision ${record.rollbackOf}`]);
  if (record.message) facts.push(['Message:', record.message.replace(/\s+/g, ' ').trim()]);
  if (record.ci) {
    const ci = record.ci;
    facts.push(['CI:', ci.provider]);
    if (ci.commit) facts.push(['  commit:', ci.commit]);
    if (ci.pipeline) facts.push(['  run:', ci.pipeline]);
    if (ci.repository) facts.push(['  repository:', ci.repository]);
    if (ci.ref) facts.push(['  ref:', ci.ref]);
    if (ci.url) facts.push(['  url:', ci.url]);
  }
  const kv = { minWidth: 0, padding: 2 };
  const section = (title: string, rows: string[][]): string =>
    rows.length === 0 ? `\n${title}: none\n` : `\n${title}:\n${indent(renderTable(undefined, rows, kv))}`;
  const desired = record.desired;
  return (
    `Revision ${record.revision} of stack ${record.stack}\n` +
    indent(renderTable(undefined, facts, kv)) +
    (record.failure && record.failure.length > 0 ? `\nFailure:\n${record.failure.map((r) => `  ${r}\n`).join('')}` : '') +
    section('Sources', record.sources.map((s) => [s.path, `sha256:${s.sha256}`])) +
    section(
      'Changes',
      (record.changed ?? []).filter((c) => c.action !== 'none').map((c) => [c.action, c.type, c.name]),
    ) +
    section('Services', desired.services.map((s) => [s.name, s.spec.TaskTemplate?.ContainerSpec?.Image ?? ''])) +
    section('Networks', desired.networks.map((n) => [n.name, n.spec.Driver ?? ''])) +
    // A secret's content hash is never shown: for a short secret it would help guess the value.
    section('Secrets', desired.secrets.map((s) => [s.name, s.sha256 ? 'content recorded by hash' : 'content hash unknown'])) +
    section('Configs', desired.configs.map((c) => [c.name, c.sha256 ? `sha256:${c.sha256}` : 'content hash unknown']))
  );
}

function who(user: string | null | undefined, host: string | null | undefined): string {
  if (!user && !host) return '-';
  return `${user || '?'}@${host || '?'}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
}
