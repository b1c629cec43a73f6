import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';

/** The string literals of one exported union type of src/errors/codes.ts. */
function unionMembers(source: string, name: string): string[] {
  const start = source.indexOf(`export type ${name} =`);
  if (start < 0) throw new Error(`no type ${name} in src/errors/codes.ts`);
  const body = source.slice(start, source.indexOf(';', start));
  return [...body.matchAll(/'([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1]!);
}

/** Codes in the first column of docs/errors.md's tables. */
function documentedCodes(doc: string): string[] {
  return [...doc.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]!);
}

describe('docs/errors.md: the JSON contract lists exactly the codes of the types', () => {
  const source = readFileSync(join(REPO_ROOT, 'src/errors/codes.ts'), 'utf8');
  const doc = readFileSync(join(REPO_ROOT, 'docs/errors.md'), 'utf8');
  const codes = [...unionMembers(source, 'StackErrorCode'), ...unionMembers(source, 'ConvertErrorCode'), ...unionMembers(source, 'ProblemCode')];
  const documented = documentedCodes(doc);

  it('documents every code once, and no code the types do not have', () => {
    expect(codes.length).toBeGreaterThan(100);
    expect([...documented].sort()).toEqual([...codes].sort());
  });

  it('gives every code a meaning and what to do', () => {
    const rows = doc.split('\n').filter((line) => /^\| `[A-Z]/.test(line));
    const thin = rows.filter((row) => row.split('|').slice(2, 4).some((cell) => cell.trim() === ''));
    expect(thin).toEqual([]);
  });
});
