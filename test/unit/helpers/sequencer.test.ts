import { describe, expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import { FILE_SECONDS } from '../../helpers/file-durations.js';
import { SlowFilesFirst } from '../../helpers/sequencer.js';

const ROOT = '/repo';

/** The parts of a spec and of vitest that BaseSequencer.sort reads; sizes stand in for a clean clone's file stats. */
function fakes(files: [project: string, path: string, size: number][]): { ctx: Vitest; specs: TestSpecification[] } {
  const sizes = new Map(files.map(([project, path, size]) => [`${project}:${path}`, size]));
  const ctx = {
    config: { root: ROOT },
    cache: { getFileTestResults: () => undefined, getFileStats: (key: string) => (sizes.has(key) ? { size: sizes.get(key) } : undefined) },
  } as unknown as Vitest;
  const specs = files.map(([project, path]) => ({
    moduleId: `${ROOT}/${path}`,
    project: { name: project, config: { root: ROOT, isolate: true, sequence: { groupOrder: 0 } } },
  })) as unknown as TestSpecification[];
  return { ctx, specs };
}

describe('SlowFilesFirst', () => {
  it('starts the listed slow files first, longest first, then the others largest first; unit files after integration', async () => {
    const [slowest, second] = Object.entries(FILE_SECONDS).sort((a, b) => b[1] - a[1]).map(([path]) => path);
    const { ctx, specs } = fakes([
      ['unit', 'test/unit/a.test.ts', 900],
      ['integration', 'test/integration/small.int.test.ts', 100],
      ['integration', second!, 50],
      ['integration', 'test/integration/large.int.test.ts', 20_000],
      ['integration', slowest!, 10],
      ['unit', 'test/unit/b.test.ts', 100],
    ]);
    const sorted = await new SlowFilesFirst(ctx).sort(specs);
    expect(sorted.map((spec) => spec.moduleId.slice(ROOT.length + 1))).toEqual([
      slowest,
      second,
      'test/integration/large.int.test.ts',
      'test/integration/small.int.test.ts',
      'test/unit/a.test.ts',
      'test/unit/b.test.ts',
    ]);
  });
});
