// deploy.restart_policy and the legacy `restart` fallback → TaskTemplate.RestartPolicy (docker 28 rules; outputs
// checked against docker CLI 28.2.2).
import { describe, expect, it } from 'vitest';
import { convertErrorOf, convertWeb, expectedService } from './builders.js';

describe('deploy.restart_policy', () => {
  it('neither restart_policy nor restart → no RestartPolicy', () => {
    expect(convertWeb({ image: 'nginx' })).toStrictEqual(expectedService());
  });

  it('copies condition and the pointer fields; explicit zeros are sent', () => {
    const spec = convertWeb({
      image: 'nginx',
      deploy: { restart_policy: { condition: 'on-failure', delay: 0, max_attempts: 0, window: 120_000_000_000 } },
    });
    expect(spec).toStrictEqual(
      expectedService({
        taskTemplate: { RestartPolicy: { Condition: 'on-failure', Delay: 0, MaxAttempts: 0, Window: 120_000_000_000 } },
      }),
    );
  });

  it('an empty block → {} (the daemon fills in any)', () => {
    expect(convertWeb({ image: 'nginx', deploy: { restart_policy: {} } })).toStrictEqual(
      expectedService({ taskTemplate: { RestartPolicy: {} } }),
    );
  });

  it('wins over the legacy restart key', () => {
    expect(convertWeb({ image: 'nginx', restart: 'always', deploy: { restart_policy: { condition: 'none' } } })).toStrictEqual(
      expectedService({ taskTemplate: { RestartPolicy: { Condition: 'none' } } }),
    );
  });
});

describe('legacy restart (only without deploy.restart_policy)', () => {
  it.each([
    ['', undefined],
    ['no', undefined],
    ['no:5', undefined],
    ['always', { Condition: 'any' }],
    ['always:3', { Condition: 'any' }],
    ['unless-stopped', { Condition: 'any' }],
    ['unless-stopped:2', { Condition: 'any' }],
    ['on-failure', { Condition: 'on-failure', MaxAttempts: 0 }],
    ['on-failure:', { Condition: 'on-failure', MaxAttempts: 0 }],
    ['on-failure:0', { Condition: 'on-failure', MaxAttempts: 0 }],
    ['on-failure:5', { Condition: 'on-failure', MaxAttempts: 5 }],
    ['on-failure:007', { Condition: 'on-failure', MaxAttempts: 7 }],
  ])('restart: %j', (restart, policy) => {
    expect(convertWeb({ image: 'nginx', restart })).toStrictEqual(
      expectedService(policy ? { taskTemplate: { RestartPolicy: policy } } : {}),
    );
  });

  it.each([
    ['sometimes', 'service web: unknown restart policy: sometimes'],
    ['Always', 'service web: unknown restart policy: Always'],
    [':5', 'service web: invalid restart policy format: no policy provided before colon'],
    ['on-failure:x', 'service web: invalid restart policy format: maximum retry count must be an integer'],
    // docker sends 2^64-1 here, which a JSON number from JavaScript cannot carry.
    ['on-failure:-1', 'service web: negative maximum retry count in restart policy: on-failure:-1'],
  ])('restart: %j is an error', (restart, message) => {
    expect(convertErrorOf(() => convertWeb({ image: 'nginx', restart }))).toStrictEqual({ code: 'CONVERT_RESTART_POLICY', message });
  });
});
