import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';

/** Phase numbers of docs/loader.md's table, per file named in its file column. */
function documentedPhases(doc: string): Map<string, Set<string>> {
  const phases = new Map<string, Set<string>>();
  for (const row of doc.matchAll(/^\| (\d+b?) \| [^|]+ \| ([^|]+) \|/gm)) {
    for (const file of row[2]!.matchAll(/`([a-z-]+\.ts)`/g)) {
      const set = phases.get(file[1]!) ?? new Set<string>();
      set.add(row[1]!);
      phases.set(file[1]!, set);
    }
  }
  return phases;
}

describe('loader phase numbers: file headers agree with docs/loader.md', () => {
  const phases = documentedPhases(readFileSync(join(REPO_ROOT, 'docs/loader.md'), 'utf8'));

  it('reads the table', () => {
    expect(phases.get('merge.ts')).toEqual(new Set(['10']));
    expect(phases.size).toBeGreaterThan(10);
  });

  for (const [file, numbers] of phases) {
    it(`${file} names only its own phase`, () => {
      const source = readFileSync(join(REPO_ROOT, 'src/compose', file), 'utf8');
      // "Phase N:" / "Phase N of the loader" / "(phase N of docs/loader.md)" in a comment names the file's own phase.
      const named = [...source.matchAll(/\b[Pp]hase (\d+b?)(?=:| of)/g)].map((m) => m[1]!);
      expect(named.filter((n) => !numbers.has(n))).toEqual([]);
    });
  }
});
