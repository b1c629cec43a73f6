import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { LockHolder } from '../../../src/model/lock-holder.js';
import { holderIsGone } from '../../../src/swarm/deploy-lock.js';
import { failoverOrder, managerLoss } from '../../../src/swarm/failover.js';

describe('managerLoss', () => {
  it('a request that never reached a manager is safe to repeat', () => {
    expect(managerLoss({ code: 'ENOENT' })).toEqual({ kind: 'not-sent', reason: 'no such socket' });
    expect(managerLoss({ code: 'ECONNREFUSED' })).toEqual({ kind: 'not-sent', reason: 'connection refused' });
    const noLeader = { statusCode: 503, json: { message: 'rpc error: code = Unknown desc = The swarm does not have a leader. It\'s possible that too few managers are online.' } };
    expect(managerLoss(noLeader)?.kind).toBe('not-sent');
    const demoted = { statusCode: 503, json: { message: 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.' } };
    expect(managerLoss(demoted)).toEqual({ kind: 'not-sent', reason: demoted.json.message });
  });

  it('a connection that broke after the request went out leaves a write uncertain', () => {
    expect(managerLoss({ code: 'ECONNRESET' })).toEqual({ kind: 'uncertain', reason: 'connection reset' });
    expect(managerLoss({ message: 'socket hang up' })).toEqual({ kind: 'uncertain', reason: 'connection closed' });
    expect(managerLoss({ message: '(HTTP code undefined) unexpected - timeout' })).toEqual({ kind: 'uncertain', reason: 'timed out' });
    expect(managerLoss({ statusCode: 500, json: { message: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded' } })?.kind).toBe('uncertain');
  });

  it('an answer of the Engine is not a lost manager', () => {
    expect(managerLoss({ statusCode: 409, json: { message: 'update out of sequence' } })).toBeUndefined();
    expect(managerLoss({ statusCode: 404, json: { message: 'service x not found' } })).toBeUndefined();
    expect(managerLoss({ statusCode: 500, json: { message: 'invalid mount config' } })).toBeUndefined();
    expect(managerLoss({ code: 'EACCES' })).toBeUndefined();
  });
});

describe('failoverOrder', () => {
  it('tries the endpoints after the lost one first, then those before it, the lost one last', () => {
    expect(failoverOrder(['a', 'b', 'c'], 'a')).toEqual(['b', 'c', 'a']);
    expect(failoverOrder(['a', 'b', 'c'], 'b')).toEqual(['c', 'a', 'b']);
    expect(failoverOrder(['a'], 'a')).toEqual(['a']);
  });
});

describe('holderIsGone', () => {
  const holder = (host: string, pid: number): LockHolder => ({ host, user: 'u', pid, command: 'stack deploy', since: '', expires: '' });

  it('is true only for a holder on this host whose process has ended', () => {
    const ended = spawnSync(process.execPath, ['-e', '']).pid!;
    expect(holderIsGone(holder(hostname(), ended))).toBe(true);
    expect(holderIsGone(holder(hostname(), process.ppid))).toBe(false);
    expect(holderIsGone(holder('another-host', ended))).toBe(false);
    expect(holderIsGone(holder(hostname(), process.pid))).toBe(false);
  });
});
