import type { KeyPath } from '../source-map.js';
import { add, notNegative, type ModelRule, type ServiceRule } from './checker.js';
import { formatDuration } from '../../model/duration.js';

/* healthcheck: disable together with test, durations 0 or at least 1ms (swarmkit's minimum), retries not negative. */

const MIN_HEALTHCHECK_NS = 1_000_000;

const checkHealthcheck: ServiceRule = (c, name, service) => {
  const check = service.healthcheck;
  if (!check) return;
  const at: KeyPath = ['services', name, 'healthcheck'];
  if (check.disable && check.test && check.test.length > 0) {
    add(c, 'CONFLICTING_KEYS', at, 'test and disable cannot be set together', {
      hint: 'remove test, or remove disable: true',
    });
  }
  for (const key of ['interval', 'timeout', 'start_period', 'start_interval'] as const) {
    const value = check[key];
    if (value !== undefined && value !== 0 && value < MIN_HEALTHCHECK_NS) {
      add(c, 'INVALID_VALUE', [...at, key], `must be 0 or at least 1ms, got ${formatDuration(value)}`);
    }
  }
  notNegative(c, [...at, 'retries'], check.retries);
};

/** Healthcheck rules, in reporting order. */
export const HEALTHCHECK_RULES: readonly ModelRule[] = [{ service: checkHealthcheck }];
