import type { PortView } from '../inspect/ports.js';
import type { ServiceView } from '../inspect/services.js';
import { displayImage, truncateId } from './docker-format.js';
import { formatRows, type FormatHeaders, type FormatRow } from './go-template.js';
import { renderTable } from './table.js';

/** The --format fields of `docker stack services`, with their table headers. */
export const SERVICE_FIELDS: FormatHeaders = { ID: 'ID', Name: 'NAME', Mode: 'MODE', Replicas: 'REPLICAS', Image: 'IMAGE', Ports: 'PORTS' };

/**
 * `stack services`: docker's table (ID, NAME, MODE, REPLICAS, IMAGE, PORTS); `quiet` prints only the IDs (and wins
 * over `format`, as in docker); `format` is docker's --format template.
 */
export function renderServices(services: readonly ServiceView[], options: { quiet?: boolean; format?: string } = {}): string {
  if (options.quiet) return services.map((s) => `${truncateId(s.id)}\n`).join('');
  const rows = services.map(serviceRow);
  if (options.format !== undefined && options.format !== 'table') return formatRows(options.format, rows, SERVICE_FIELDS);
  return renderTable(
    Object.values(SERVICE_FIELDS),
    rows.map((row) => Object.keys(SERVICE_FIELDS).map((field) => row[field] ?? '')),
  );
}

function serviceRow(s: ServiceView): FormatRow {
  return { ID: truncateId(s.id), Name: s.name, Mode: s.mode, Replicas: replicasText(s), Image: displayImage(s.image), Ports: ingressPortsText(s.ports) };
}

/** `2/3`, `1/1 (max 2 per node)`, or for jobs `0/1 (3/5 completed)`, as docker writes REPLICAS. */
export function replicasText(service: ServiceView): string {
  const counts = `${service.running}/${service.desired}`;
  if (service.mode === 'replicated job' || service.mode === 'global job') {
    return `${counts} (${service.completed}/${service.totalCompletions ?? 0} completed)`;
  }
  if (service.maxPerNode !== null) return `${counts} (max ${service.maxPerNode} per node)`;
  return counts;
}

/**
 * Ingress ports as docker lists them: sorted by protocol then published port, consecutive ports merged into ranges
 * (`*:80-81->80-81/tcp`), joined with ", ". Host-mode ports are listed per task by `stack ps`.
 */
export function ingressPortsText(ports: readonly PortView[]): string {
  const sorted = [...ports].sort((a, b) =>
    a.protocol === b.protocol ? a.published - b.published : a.protocol < b.protocol ? -1 : 1,
  );
  const out: string[] = [];
  let range: { pStart: number; pEnd: number; tStart: number; tEnd: number; protocol: string } | undefined;
  // Go compares unsigned ints: a smaller port than the range's end wraps around and counts as "not consecutive".
  const gap = (next: number, end: number): boolean => next < end || next - end > 1;
  for (const p of sorted) {
    if (p.mode !== 'ingress') continue;
    const current = range ?? { pStart: 0, pEnd: 0, tStart: 0, tEnd: 0, protocol: '' };
    const isRange = current.tEnd !== current.tStart;
    const overlaps = p.target <= current.tEnd;
    if (p.protocol !== current.protocol || gap(p.published, current.pEnd) || gap(p.target, current.tEnd) || (isRange && overlaps)) {
      if (range && range.pStart > 0) out.push(rangeText(range));
      range = { pStart: p.published, pEnd: p.published, tStart: p.target, tEnd: p.target, protocol: p.protocol };
      continue;
    }
    current.pEnd = p.published;
    current.tEnd = p.target;
    range = current;
  }
  if (range && range.pStart > 0) out.push(rangeText(range));
  return out.join(', ');
}

function rangeText(r: { pStart: number; pEnd: number; tStart: number; tEnd: number; protocol: string }): string {
  const pub = r.pEnd > r.pStart ? `${r.pStart}-${r.pEnd}` : String(r.pStart);
  const tgt = r.tEnd > r.tStart ? `${r.tStart}-${r.tEnd}` : String(r.tStart);
  return `*:${pub}->${tgt}/${r.protocol}`;
}
