/**
 * Conversion parity, continued from parity.int.test.ts (which states the rule and runs the first half of the
 * fixtures): the second half of test/fixtures/parity, deployed with `docker stack deploy` and with `stack deploy`,
 * must leave the same Swarm objects field for field.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, loadParityFixture, parityFixtureNames, runParity, unexpectedDifferences } from '../helpers/parity.js';
import { formatDifferences } from '../helpers/spec-diff.js';

const fixtures = parityFixtureNames().map(loadParityFixture);
const mine = fixtures.slice(Math.ceil(fixtures.length / 2));

beforeAll(() => {
  ensureBuilt();
}, 300_000);

describe('docker stack deploy parity (second half of the fixtures)', () => {
  for (const fixture of mine) {
    it(`${fixture.name}: same Swarm objects as docker`, async () => {
      const { diffs, docker, ours } = await runParity(fixture);
      // Guard against comparing two empty stacks.
      expect(docker.services.length).toBeGreaterThan(0);
      expect(ours.services.length).toBe(docker.services.length);
      const left = unexpectedDifferences(diffs);
      expect(left, `fields that differ (docker vs stack) for ${fixture.name}:\n${formatDifferences(left)}`).toEqual([]);
    });
  }
});
