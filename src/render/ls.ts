import type { StackSummary } from '../inspect/stacks.js';
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
