/**
 * Every broken input of the error corpus (test/fixtures/errors, see test/unit/commands/error-corpus.test.ts) through `stack deploy`
 * against the LIVE swarm: each must exit 1 with the golden error text on stderr (the text `stack config` prints: the
 * load comes first and is the same for both commands) and nothing on stdout, and the whole corpus together must leave
 * the cluster exactly as it was: every service, network, secret and config with the same ID, version and UpdatedAt,
 * and no deploy lock or revision record.
 *
 * Runs on the shared lab claim-lab.ts gives the file: nothing here depends on the number of managers, and only
 * faults-concurrency.int.test.ts needs lab 8 (three managers), so the two can run side by side.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { readClusterState, type ClusterState } from '../helpers/cluster-state.js';
import { corpusCaseNames, readCorpusCase, runCorpusCase } from '../helpers/error-corpus.js';
import { labDockerHost } from '../helpers/lab.js';

const STACK = 'finput';
const cases = corpusCaseNames();
let before: ClusterState;

/** Stacks the corpus deploys to: ours, and names some cases give themselves. */
function corpusStacks(): string[] {
  return [...new Set([STACK, ...cases.map((name) => readCorpusCase(name).stackName ?? STACK)])];
}

/** Objects of the corpus stacks, stack's own records of them included. */
function corpusObjects(state: ClusterState): string[] {
  const names = [...state.services, ...state.networks, ...state.secrets, ...state.configs].map((o) => o.name);
  return names.filter((n) => corpusStacks().some((stack) => n.startsWith(`${stack}_`) || n === `stack-lock.${stack}` || n.startsWith(`stack-rev.${stack}.`)));
}

beforeAll(async () => {
  before = await readClusterState();
  // The stacks do not exist, so that "nothing written" also means "nothing created".
  expect(corpusObjects(before)).toEqual([]);
});

afterAll(() => {
  // Nothing to clean up when the file passes; when it failed, remove what a broken deploy may have left.
  for (const stack of corpusStacks()) runCli(['rm', '--yes', stack]);
});

describe('error corpus through `stack deploy` against the live swarm', () => {
  it('has the whole corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
  });

  for (const name of cases) {
    it(name, () => {
      const spec = readCorpusCase(name);
      const run = runCorpusCase(spec, { dockerHost: labDockerHost(), command: 'deploy', defaultStack: STACK });
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
      expect(run.stderr).not.toContain('Internal error');
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: '' });
      expect(run.stderr).toBe(spec.golden);
    });
  }

  it('left the cluster unchanged: every service, network, secret and config with the same version', async () => {
    const after = await readClusterState();
    expect(corpusObjects(after)).toEqual([]);
    expect(after).toEqual(before);
  });
});
