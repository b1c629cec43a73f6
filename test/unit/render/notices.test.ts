import { describe, expect, it } from 'vitest';
import { noticeText } from '../../../src/render/notices.js';

describe('notices', () => {
  it('say which manager was skipped or lost, why, and which one the command goes on with', () => {
    expect(noticeText({ code: 'manager-skipped', endpoint: 'unix:///nonexistent.sock', reason: 'no such socket', using: 'unix:///var/run/docker.sock' })).toBe(
      'manager unix:///nonexistent.sock skipped (no such socket); using unix:///var/run/docker.sock',
    );
    expect(noticeText({ code: 'manager-lost', endpoint: 'tcp://m1:2376', reason: 'connection refused', using: 'tcp://m2:2376' })).toBe(
      'lost manager tcp://m1:2376 (connection refused); continuing through tcp://m2:2376',
    );
  });

  it('say that planning waits for a removed stack\'s networks, and when it gave up waiting', () => {
    expect(noticeText({ code: 'networks-being-removed', networks: ['s_default', 's_back'] })).toBe(
      'network(s) s_default, s_back of a removed stack are still being removed by swarm; waiting for them to go before planning',
    );
    expect(noticeText({ code: 'networks-still-listed', networks: ['s_default'], waitedMs: 60_000 })).toBe(
      'network(s) s_default still listed after 60s; planning with them',
    );
  });

  it('say which unfinished revision a rerun waits for, and how its run ended', () => {
    expect(noticeText({ code: 'unfinished-revision', revision: 4, outcome: 'interrupted' })).toBe(
      'revision 4 was interrupted while rolling out; waiting for its rollout to finish',
    );
    expect(noticeText({ code: 'unfinished-revision', revision: 5, outcome: 'in-progress' })).toBe(
      'revision 5 was left in progress by an earlier run; waiting for its rollout to finish',
    );
  });

  it('give the way out when the deploy lock could not be released', () => {
    expect(noticeText({ code: 'lock-release-failed', stack: 'web', reason: 'socket hang up' })).toBe(
      'could not release the deploy lock of stack web (socket hang up); it expires within a minute, or remove it now: stack unlock web',
    );
  });
});
