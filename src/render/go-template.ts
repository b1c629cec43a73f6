import { StackError } from '../errors/stack-error.js';
import { renderTable } from './table.js';

/*
 * The part of Go's text/template that people pass to docker's `--format` on list commands: `{{.Field}}`,
 * `{{json .}}` (or just `json`, as docker takes it), `{{json .Field}}`, a `table` prefix (a header row and aligned
 * columns, as docker's formatter does), and the escapes `\t` and `\n` in the format string. Anything else is refused with a message naming what is
 * supported, instead of printing something that differs from docker. Pure.
 */

/** One row of a list: docker's field names (ID, Name, ...) and the text docker prints for each. */
export type FormatRow = Readonly<Record<string, string>>;

/** A list's fields in docker's order, with the column header `table` prints for each. */
export type FormatHeaders = Readonly<Record<string, string>>;

type Part = { text: string } | { field: string | null; json: boolean };

/** Renders rows with a --format template; `headers` names the fields the list has. */
export function formatRows(format: string, rows: readonly FormatRow[], headers: FormatHeaders): string {
  // docker's formatter takes the word `json` (exactly) for `{{json .}}`.
  let template = format === 'json' ? '{{json .}}' : format;
  const table = template.startsWith('table');
  if (table) template = template.slice('table'.length);
  template = template.trim().replaceAll('\\t', '\t').replaceAll('\\n', '\n');
  if (table && template === '') throw templateError('"table" needs fields, e.g. --format "table {{.Name}}"', headers);
  const parts = parseTemplate(template, headers);
  const render = (row: FormatRow): string => parts.map((part) => ('text' in part ? part.text : value(part, row, headers))).join('');
  if (!table) return rows.map((row) => `${render(row)}\n`).join('');
  // docker renders the header with the same template over the header names, then lays the cells out on tabs.
  const header = parts.map((part) => ('text' in part ? part.text : part.field === null ? '' : (headers[part.field] ?? ''))).join('');
  const split = (line: string): string[] => line.split('\t');
  return renderTable(split(header), rows.map((row) => split(render(row))));
}

function value(part: { field: string | null; json: boolean }, row: FormatRow, headers: FormatHeaders): string {
  // docker's `json` function writes without HTML escaping...
  if (part.field !== null) return part.json ? JSON.stringify(row[part.field] ?? '') : (row[part.field] ?? '');
  // ...but `{{json .}}` gets the row's own MarshalJSON, which marshals a map: keys sorted, HTML escaped.
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(headers).sort()) sorted[key] = row[key] ?? '';
  return goJson(sorted);
}

/** JSON as Go's json.Marshal writes it: also escapes <, >, & and the line separators (HTML-safe). */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const ACTION = /^\s*(?:(json)\s+)?\.([A-Za-z][A-Za-z0-9]*)?\s*$/;

function parseTemplate(template: string, headers: FormatHeaders): Part[] {
  const parts: Part[] = [];
  let p = 0;
  while (p < template.length) {
    const open = template.indexOf('{{', p);
    if (open === -1) {
      parts.push({ text: template.slice(p) });
      break;
    }
    if (open > p) parts.push({ text: template.slice(p, open) });
    const close = template.indexOf('}}', open + 2);
    if (close === -1) throw templateError(`unclosed action in ${JSON.stringify(template)}`, headers);
    const action = template.slice(open + 2, close);
    const match = ACTION.exec(action);
    if (!match) throw templateError(`{{${action}}} is not supported`, headers);
    const field = match[2] ?? null;
    const json = match[1] !== undefined;
    if (field === null && !json) throw templateError('{{.}} is not supported; use {{json .}}', headers);
    if (field !== null && !(field in headers)) throw templateError(`there is no field .${field}`, headers);
    parts.push({ field, json });
    p = close + 2;
  }
  return parts;
}

function templateError(what: string, headers: FormatHeaders): StackError {
  const fields = Object.keys(headers).map((f) => `{{.${f}}}`).join(', ');
  return new StackError('FORMAT_INVALID', `--format: ${what}`, {
    hint: `the fields are ${fields}; also json, {{json .}}, {{json .Field}} and a "table" prefix`,
  });
}

/** Refuses a template the renderers could not print (called before the Engine is asked anything). */
export function checkFormat(format: string | undefined, headers: FormatHeaders): void {
  if (format !== undefined && format !== 'table') formatRows(format, [], headers);
}
