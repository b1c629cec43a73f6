import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../../src/convert/swarm-types.js';
import { decideRerun, needsNewestRevision, unfinishedRollouts, withForcedRollout, type RerunInputs } from '../../../src/history/rerun.js';
import type { RevisionOutcome } from '../../../src/history/record.js';
import type { Change } from '../../../src/plan/plan.js';

const service = (name: string, action: Change['action'], liveId?: string): Change =>
  ({ type: 'service', name, action, liveId, restarts: false, restartCount: 0, fields: [] }) as unknown as Change;

const newest = (outcome: RevisionOutcome) => ({ revision: 7, outcome });
const stuck = [{ service: 's_web', status: 'updating' }];
const inputs = (over: Partial<RerunInputs>): RerunInputs => ({ rollouts: [], changes: false, canWait: true, ...over });

describe('rerun after an unfinished run: which services swarm has not finished', () => {
  it('lists services the plan leaves alone whose rollout is updating or paused, with swarm\'s message', () => {
    const plan = {
      changes: [
        service('s_web', 'none', 'w'),
        service('s_api', 'none', 'a'),
        service('s_db', 'update', 'd'),
        service('s_idle', 'none', 'i'),
        service('s_new', 'create'),
      ],
    };
    const live = [
      { ID: 'w', UpdateStatus: { State: 'updating' } },
      { ID: 'a', UpdateStatus: { State: 'paused', Message: 'update paused due to failure' } },
      { ID: 'd', UpdateStatus: { State: 'updating' } },
      { ID: 'i', UpdateStatus: { State: 'completed' } },
    ];
    expect(unfinishedRollouts(plan, live)).toEqual([
      { service: 's_web', status: 'updating' },
      { service: 's_api', status: 'paused (update paused due to failure)' },
    ]);
  });
});

describe('rerun after an unfinished run: reading the newest revision', () => {
  it('is read only when a rollout is unfinished, or when a run that writes nothing could wait', () => {
    expect(needsNewestRevision(inputs({ rollouts: stuck, canWait: false, changes: true }))).toBe(true);
    expect(needsNewestRevision(inputs({ canWait: true, changes: false }))).toBe(true);
    // A plain no-change `stack diff`, and a deploy that writes: no extra call.
    expect(needsNewestRevision(inputs({ canWait: false, changes: false }))).toBe(false);
    expect(needsNewestRevision(inputs({ canWait: true, changes: true }))).toBe(false);
  });
});

describe('rerun after an unfinished run: the decision', () => {
  it('forces a new rollout of unfinished services when the newest revision failed (with or without other changes)', () => {
    expect(decideRerun(inputs({ rollouts: stuck }), newest('failed'))).toEqual({ kind: 'force', rollouts: stuck });
    expect(decideRerun(inputs({ rollouts: stuck, changes: true }), newest('failed'))).toEqual({ kind: 'force', rollouts: stuck });
    expect(decideRerun(inputs({ rollouts: stuck, canWait: false }), newest('failed'))).toEqual({ kind: 'force', rollouts: stuck });
  });

  it('waits for a revision left in progress or interrupted when the files change nothing, and forces nothing then', () => {
    for (const outcome of ['in-progress', 'interrupted'] as const) {
      expect(decideRerun(inputs({}), newest(outcome))).toEqual({ kind: 'wait', revision: newest(outcome) });
      // swarm is still rolling out what that run submitted: not forced.
      expect(decideRerun(inputs({ rollouts: stuck }), newest(outcome))).toEqual({ kind: 'wait', revision: newest(outcome) });
    }
  });

  it('does nothing when the files change something, the caller cannot wait, or the newest revision ended', () => {
    expect(decideRerun(inputs({ changes: true }), newest('interrupted'))).toEqual({ kind: 'nothing' });
    expect(decideRerun(inputs({ canWait: false, rollouts: stuck }), newest('in-progress'))).toEqual({ kind: 'nothing' });
    for (const outcome of ['succeeded', 'submitted', 'rolled-back', 'failed'] as const) {
      expect(decideRerun(inputs({}), newest(outcome))).toEqual({ kind: 'nothing' });
    }
    expect(decideRerun(inputs({ rollouts: stuck }), newest('succeeded'))).toEqual({ kind: 'nothing' });
    expect(decideRerun(inputs({ rollouts: stuck }), undefined)).toEqual({ kind: 'nothing' });
  });
});

describe('a forced rollout', () => {
  it('raises ForceUpdate by one, as docker service update --force does', () => {
    const spec = { Name: 's_web', TaskTemplate: { ContainerSpec: { Image: 'web:1' } } } as ServiceSpec;
    expect(withForcedRollout(spec).TaskTemplate.ForceUpdate).toBe(1);
    expect(withForcedRollout(withForcedRollout(spec)).TaskTemplate.ForceUpdate).toBe(2);
    expect(spec.TaskTemplate.ForceUpdate).toBeUndefined();
  });
});
