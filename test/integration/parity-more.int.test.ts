/**
 * Conversion parity, continued from parity.int.test.ts (which states the rule and runs the first half of the
 * fixtures): the second half of test/fixtures/parity, deployed with `docker stack deploy` and with `stack deploy`,
 * must leave the same Swarm objects field for field.
 */
import { beforeAll, describe, it } from 'vitest';
import { ensureBuilt, expectParity, loadParityFixture, PARITY_TEST_TIMEOUT_MS, parityFixtureNames } from '../helpers/parity.js';

const fixtures = parityFixtureNames().map(loadParityFixture);
const mine = fixtures.slice(Math.ceil(fixtures.length / 2));

beforeAll(() => {
  ensureBuilt();
}, 300_000);

describe('docker stack deploy parity (second half of the fixtures)', () => {
  for (const fixture of mine) {
    it(`${fixture.name}: same Swarm objects as docker`, () => expectParity(fixture), PARITY_TEST_TIMEOUT_MS);
  }
});
