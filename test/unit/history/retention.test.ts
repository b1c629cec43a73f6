import { describe, expect, it } from 'vitest';
import { pickRollbackTarget, revisionsToPrune, type RevisionSummary } from '../../../src/history/retention.js';

const ok = (revision: number): RevisionSummary => ({ revision, outcome: 'succeeded' });
const bad = (revision: number): RevisionSummary => ({ revision, outcome: 'failed' });

describe('retention', () => {
  it('keeps the newest --history-max revisions', () => {
    expect(revisionsToPrune([ok(1), ok(2), ok(3), ok(4), ok(5)], 3)).toEqual([2, 1]);
    expect(revisionsToPrune([ok(1), ok(2)], 10)).toEqual([]);
  });

  it('never drops the newest succeeded revision', () => {
    expect(revisionsToPrune([ok(1), ok(2), bad(3), bad(4), bad(5)], 3)).toEqual([3, 1]);
  });

  it('keeps at least one revision', () => {
    expect(revisionsToPrune([ok(1), ok(2)], 0)).toEqual([1]);
  });
});

describe('rollback target', () => {
  it('defaults to the newest succeeded revision before the current one', () => {
    expect(pickRollbackTarget('s', [ok(1), ok(2), bad(3)], undefined)).toBe(2);
    expect(pickRollbackTarget('s', [ok(1), ok(2), ok(3)], undefined)).toBe(2);
  });

  it('takes --to when that revision exists', () => {
    expect(pickRollbackTarget('s', [ok(1), ok(2), bad(3)], 1)).toBe(1);
    expect(() => pickRollbackTarget('s', [ok(1), ok(2)], 7)).toThrow('stack s has no revision 7');
  });

  it('explains a stack without history', () => {
    expect(() => pickRollbackTarget('s', [], undefined)).toThrow('stack s has no recorded revisions');
    expect(() => pickRollbackTarget('s', [bad(1)], undefined)).toThrow('stack s has no succeeded revision before revision 1');
  });
});
