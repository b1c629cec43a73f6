import { describe, expect, it } from 'vitest';
import { ciRunFromEnv, ciRunText, failureReasons, MAX_REASON, MAX_REASONS } from '../../../src/history/annotations.js';
import { noteText } from '../../../src/render/history.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('CI run from the environment', () => {
  it('GitHub Actions: commit, run (with attempt), repository, ref and a link', () => {
    expect(
      ciRunFromEnv({ GITHUB_ACTIONS: 'true', GITHUB_SHA: SHA, GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2', GITHUB_REPOSITORY: 'org/app', GITHUB_REF_NAME: 'main', GITHUB_SERVER_URL: 'https://ghe.example' }),
    ).toEqual({ provider: 'github-actions', commit: SHA, pipeline: '42/2', repository: 'org/app', ref: 'main', url: 'https://ghe.example/org/app/actions/runs/42' });
  });

  it('GitLab CI', () => {
    expect(ciRunFromEnv({ GITLAB_CI: 'true', CI_COMMIT_SHA: SHA, CI_PIPELINE_ID: '9', CI_PROJECT_PATH: 'g/p', CI_COMMIT_REF_NAME: 'dev', CI_PIPELINE_URL: 'https://gl/p/-/pipelines/9' })).toEqual({
      provider: 'gitlab-ci',
      commit: SHA,
      pipeline: '9',
      repository: 'g/p',
      ref: 'dev',
      url: 'https://gl/p/-/pipelines/9',
    });
  });

  it('Jenkins and the generic variables; nothing outside CI; empty variables count as unset', () => {
    expect(ciRunFromEnv({ JENKINS_URL: 'https://j/', BUILD_NUMBER: '7', GIT_COMMIT: SHA, JOB_NAME: 'deploy' })).toMatchObject({ provider: 'jenkins', pipeline: '7', commit: SHA });
    expect(ciRunFromEnv({ CI_COMMIT_ID: 'abc', BUILD_NUMBER: '3' })).toEqual({ provider: 'ci', commit: 'abc', pipeline: '3' });
    expect(ciRunFromEnv({ HOME: '/root' })).toBeUndefined();
    expect(ciRunFromEnv({ GITHUB_SHA: '', GITHUB_RUN_ID: '' })).toBeUndefined();
  });

  it('reads as one short phrase', () => {
    expect(ciRunText({ provider: 'github-actions', commit: SHA, pipeline: '42', repository: 'org/app', ref: 'main' })).toBe('0123456 run 42 (org/app@main)');
    expect(noteText({ message: 'release\n1.4', ci: { provider: 'ci', pipeline: '3' }, failure: ['web: failed', 'db: failed'] })).toBe('"release 1.4" · run 3 · why: web: failed (+1)');
  });
});

describe('failure reasons', () => {
  it('one per service that did not converge, the write failure first; never a secret value; short', () => {
    const reasons = failureReasons(
      {
        writeFailure: { type: 'service', name: 's_api', message: 'invalid env value hunter2-token' },
        services: [
          { name: 's_web', phase: 'rolled-back', message: 'task: non-zero exit (1)' },
          { name: 's_ok', phase: 'converged' },
          { name: 's_api', phase: 'write-failed', message: 'x' },
        ],
      },
      ['hunter2-token\n'],
    );
    expect(reasons).toEqual(['service s_api: write failed: invalid env value (redacted)', 's_web: rolled back by swarm (task: non-zero exit (1))']);
    const many = failureReasons({ services: Array.from({ length: 20 }, (_, i) => ({ name: `s${i}`, phase: 'failed', message: 'x'.repeat(500) })) });
    expect(many).toHaveLength(MAX_REASONS);
    expect(many.every((r) => r.length <= MAX_REASON)).toBe(true);
    expect(failureReasons({ services: [], message: 'interrupted: no new operation was started' })).toEqual(['interrupted: no new operation was started']);
  });
});
