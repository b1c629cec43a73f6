// File order of a test run. Vitest starts the files it has no timings for by size, largest first; on a clean clone
// (CI) that started the benchmark and the parity files, small files that run for minutes, last, and the run waited
// for them with the other labs idle. This sequencer starts the files of FILE_SECONDS first, longest first, then the
// rest in vitest's own order (by the cached durations when there are any, else by size). Projects keep their order.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { FILE_SECONDS } from './file-durations.js';

export class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const seconds = (spec: TestSpecification): number | undefined =>
      FILE_SECONDS[relative(spec.project.config.root, spec.moduleId).split('\\').join('/')];
    const rank = new Map(base.map((spec, index) => [spec, index]));
    const projectRank = new Map<string, number>();
    for (const spec of base) if (!projectRank.has(spec.project.name)) projectRank.set(spec.project.name, projectRank.size);
    return [...base].sort((a, b) => {
      const byProject = (projectRank.get(a.project.name) ?? 0) - (projectRank.get(b.project.name) ?? 0);
      if (byProject !== 0) return byProject;
      const sa = seconds(a);
      const sb = seconds(b);
      if (sa !== undefined && sb !== undefined && sa !== sb) return sb - sa;
      if (sa !== undefined && sb === undefined) return -1;
      if (sa === undefined && sb !== undefined) return 1;
      return (rank.get(a) ?? 0) - (rank.get(b) ?? 0);
    });
  }
}
