import { defineConfig } from 'vitest/config';
import { SlowFilesFirst } from './test/helpers/sequencer.js';

// Two projects: pure unit tests run in parallel; integration test files each need a lab swarm
// of their own (test/helpers/claim-lab.ts), so they run as many at a time as labs are listed
// in STACK_LAB_IDS (.ci/run brings up two), one at a time otherwise.
const labCount = Math.max(1, (process.env.STACK_LAB_IDS ?? '').split(',').filter((s) => /^[0-9]$/.test(s)).length);

export default defineConfig({
  test: {
    // The longest integration files start first (test/helpers/file-durations.ts): a clean clone has no timings.
    sequence: { sequencer: SlowFilesFirst },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          pool: 'threads',
          // The same count as the integration project: vitest runs projects side by side only when they agree.
          maxWorkers: labCount,
          // The first test of a file pays for importing the loader; on a loaded 2-core machine that alone can pass 5 s.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.int.test.ts'],
          pool: 'forks',
          fileParallelism: labCount > 1,
          maxWorkers: labCount,
          setupFiles: ['test/helpers/claim-lab.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
