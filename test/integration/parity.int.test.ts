/**
 * Conversion parity: every fixture of test/fixtures/parity deployed with `docker stack deploy` (28.x client) and
 * with `stack deploy` must leave the same services, networks, secrets and configs in the swarm, field for field,
 * after normalising only what must differ (IDs, versions, timestamps, the stack name, allocated values).
 * Cross-tool redeploys are in parity-redeploy.int.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, loadParityFixture, parityFixtureNames, runParity } from '../helpers/parity.js';
import { formatDifferences, type FieldDifference } from '../helpers/spec-diff.js';

const fixtures = parityFixtureNames().map(loadParityFixture);

/**
 * Differences we keep on purpose, each listed in the README with its reason. A difference is accepted only when
 * both its path and its two values match; everything else fails the test.
 */
const INTENTIONAL_DIFFERENCES: { path: RegExp; accepts: (d: FieldDifference) => boolean; reason: string }[] = [
  {
    path: /^secrets\[".*"\]\.Spec\.Labels\["io\.stack\.content-hash"\]$/,
    accepts: (d) => d.left === undefined && typeof d.right === 'string' && /^[0-9a-f]{64}$/.test(d.right),
    reason:
      'stack labels every secret it writes with the sha256 of its data: the Engine never returns secret data, and the ' +
      'hash is how a later deploy sees that a secret file changed (docker cannot, and fails on swarm\'s update refusal)',
  },
];

function unexpected(diffs: FieldDifference[]): FieldDifference[] {
  return diffs.filter((d) => !INTENTIONAL_DIFFERENCES.some((known) => known.path.test(d.path) && known.accepts(d)));
}

beforeAll(() => {
  ensureBuilt();
}, 300_000);

describe('docker stack deploy parity', () => {
  it('has at least 12 fixtures with distinct short names', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(12);
    expect(new Set(fixtures.map((f) => f.short)).size).toBe(fixtures.length);
  });

  for (const fixture of fixtures) {
    it(`${fixture.name}: same Swarm objects as docker`, async () => {
      const { diffs, docker, ours } = await runParity(fixture);
      // Guard against comparing two empty stacks.
      expect(docker.services.length).toBeGreaterThan(0);
      expect(ours.services.length).toBe(docker.services.length);
      const left = unexpected(diffs);
      expect(left, `fields that differ (docker vs stack) for ${fixture.name}:\n${formatDifferences(left)}`).toEqual([]);
    });
  }
});
