import type { StackSummary } from '../inspect/stacks.js';
import { formatRows, type FormatHeaders } from './go-template.js';
import { renderTable } from './table.js';
import { ago } from './time.js';

/**
 * `stack ls`: docker's NAME and SERVICES columns, plus the newest recorded revision and how that deploy ended
 * ("succeeded 2 hours ago"); "-" for stacks without history (deployed with docker stack deploy).
 */
export function renderStackList(stacks: readonly StackSummary[], now: Date): string {
  return renderTable(
    ['NAME', 'SERVICES', 'REVISION', 'LAST DEPLOY'],
    stacks.map((s) => [
      s.name,
      String(s.services),
      s.revision === null ? '-' : String(s.revision),
      s.outcome === null ? '-' : [s.outcome, s.deployedAt ? ago(s.deployedAt, now) : ''].filter((p) => p !== '').join(' '),
    ]),
  );
}

/** The --format fields of `docker stack ls`, with their table headers. */
export const STACK_FIELDS: FormatHeaders = { Name: 'NAME', Services: 'SERVICES' };

/** `stack ls --format`: docker's template over the fields docker has (Name, Services). */
export function formatStackList(stacks: readonly StackSummary[], format: string): string {
  const template = format === 'table' ? 'table {{.Name}}\t{{.Services}}' : format;
  return formatRows(template, stacks.map((s) => ({ Name: s.name, Services: String(s.services) })), STACK_FIELDS);
}
