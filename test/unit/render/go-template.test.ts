import { describe, expect, it } from 'vitest';
import { StackError } from '../../../src/errors/stack-error.js';
import { checkFormat, formatRows } from '../../../src/render/go-template.js';
import { SERVICE_FIELDS, renderServices } from '../../../src/render/services.js';

const HEADERS = { ID: 'ID', Name: 'NAME', Mode: 'MODE' };
const ROWS = [
  { ID: 'abc', Name: 'app_web', Mode: 'replicated' },
  { ID: 'def', Name: 'app_database', Mode: 'global' },
];

describe('formatRows: the Go template subset of docker --format', () => {
  it('prints fields and text, one line per row', () => {
    expect(formatRows('{{.Name}}: {{ .Mode }}', ROWS, HEADERS)).toBe('app_web: replicated\napp_database: global\n');
  });

  it('turns \\t and \\n in the format into tab and newline, as docker does', () => {
    expect(formatRows('{{.ID}}\\t{{.Name}}\\n', ROWS.slice(0, 1), HEADERS)).toBe('abc\tapp_web\n\n');
  });

  it('takes the word json for {{json .}}, as docker does', () => {
    expect(formatRows('json', ROWS.slice(0, 1), HEADERS)).toBe(formatRows('{{json .}}', ROWS.slice(0, 1), HEADERS));
    expect(formatRows('json ', ROWS.slice(0, 1), HEADERS)).toBe('json\n');
  });

  it('prints {{json .}} with the keys sorted, as Go marshals a map', () => {
    expect(formatRows('{{json .}}', ROWS.slice(0, 1), HEADERS)).toBe('{"ID":"abc","Mode":"replicated","Name":"app_web"}\n');
    expect(formatRows('{{json .Name}}', ROWS.slice(0, 1), HEADERS)).toBe('"app_web"\n');
    // {{json .}} is HTML-safe as json.Marshal is (`*:80->80/tcp` as `*:80-\u003e80/tcp`); docker's json function is not.
    expect(formatRows('{{json .}}', [{ ID: '', Mode: '', Name: '<a & b>' }], HEADERS)).toBe('{"ID":"","Mode":"","Name":"\\u003ca \\u0026 b\\u003e"}\n');
    expect(formatRows('{{json .Name}}', [{ Name: '<a & b>' }], HEADERS)).toBe('"<a & b>"\n');
  });

  it('lays out a table with the headers, as docker does', () => {
    expect(formatRows('table {{.Name}}\\t{{.Mode}}', ROWS, HEADERS)).toBe(
      'NAME           MODE\napp_web        replicated\napp_database   global\n',
    );
  });

  it('prints nothing for no rows, and only the header for a table', () => {
    expect(formatRows('{{.Name}}', [], HEADERS)).toBe('');
    expect(formatRows('table {{.Name}}', [], HEADERS)).toBe('NAME\n');
  });

  it.each([
    ['{{.Foo}}', 'there is no field .Foo'],
    ['{{.Name', 'unclosed action'],
    ['{{range .}}{{end}}', '{{range .}} is not supported'],
    ['{{.}}', 'use {{json .}}'],
    ['table', 'needs fields'],
  ])('refuses %s with a message and the list of fields', (format, message) => {
    const error = (() => {
      try {
        formatRows(format, ROWS, HEADERS);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StackError);
    expect((error as StackError).message).toContain(message);
    expect((error as StackError).hint).toContain('{{.ID}}, {{.Name}}, {{.Mode}}');
  });

  it('checkFormat accepts "table" alone (the default table) and refuses bad templates', () => {
    expect(() => checkFormat('table', HEADERS)).not.toThrow();
    expect(() => checkFormat(undefined, HEADERS)).not.toThrow();
    expect(() => checkFormat('{{.Nope}}', HEADERS)).toThrow(StackError);
  });
});

describe('renderServices with --format', () => {
  const service = {
    id: 'z6d8y7iznoafxxxxxxxxxxxxx',
    name: 'app_api',
    mode: 'global',
    running: 0,
    desired: 3,
    completed: 0,
    totalCompletions: null,
    maxPerNode: null,
    image: 'registry:5000/busybox:1',
    ports: [],
  };

  it('has docker field names and values', () => {
    expect(Object.keys(SERVICE_FIELDS)).toEqual(['ID', 'Name', 'Mode', 'Replicas', 'Image', 'Ports']);
    expect(renderServices([service] as never, { format: '{{json .}}' })).toBe(
      '{"ID":"z6d8y7iznoaf","Image":"registry:5000/busybox:1","Mode":"global","Name":"app_api","Ports":"","Replicas":"0/3"}\n',
    );
  });

  it('prints the default table for "table" and IDs for -q (which wins, as in docker)', () => {
    expect(renderServices([service] as never, { format: 'table' })).toBe(renderServices([service] as never));
    expect(renderServices([service] as never, { format: '{{.Name}}', quiet: true })).toBe('z6d8y7iznoaf\n');
  });
});
