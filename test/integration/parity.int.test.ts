/**
 * Conversion parity: every fixture of test/fixtures/parity deployed with `docker stack deploy` (28.x client) and
 * with `stack deploy` must leave the same services, networks, secrets and configs in the swarm, field for field,
 * after normalising only what must differ (IDs, versions, timestamps, the stack name, allocated values).
 * This file runs the first half of the fixtures (by name), parity-more.int.test.ts the rest, so that the two
 * halves run side by side on two labs. Cross-tool redeploys are in parity-redeploy.int.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, expectParity, loadParityFixture, PARITY_TEST_TIMEOUT_MS, parityFixtureNames } from '../helpers/parity.js';

const fixtures = parityFixtureNames().map(loadParityFixture);
// The first half of the fixtures; parity-more.int.test.ts runs the second half on another lab at the same time.
const mine = fixtures.slice(0, Math.ceil(fixtures.length / 2));

beforeAll(() => {
  ensureBuilt();
}, 300_000);

describe('docker stack deploy parity', () => {
  it('has at least 12 fixtures with distinct short names', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(12);
    expect(new Set(fixtures.map((f) => f.short)).size).toBe(fixtures.length);
  });

  for (const fixture of mine) {
    it(`${fixture.name}: same Swarm objects as docker`, () => expectParity(fixture), PARITY_TEST_TIMEOUT_MS);
  }
});
