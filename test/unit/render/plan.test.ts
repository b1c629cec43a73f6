import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/dedent.js';
import type { Plan } from '../../../src/plan/plan.js';
import { planToJson } from '../../../src/render/plan-json.js';
import { renderPlan, summaryLine } from '../../../src/render/plan.js';

function samplePlan(parts: Partial<Plan> = {}): Plan {
  return {
    stackName: 'demo',
    externalNetworks: [],
    references: [],
    prune: false,
    readAt: '2026-01-02T03:04:05.000Z',
    warnings: [],
    problems: [],
    placement: [
      { service: 'web', name: 'demo_web', mode: 'replicated', tasks: 3, eligibleNodes: ['node1', 'node2', 'node3'], distribution: { node1: 1, node2: 1, node3: 1 }, unplaced: 0, exclusions: [] },
      { service: 'agent', name: 'demo_agent', mode: 'global', tasks: 2, eligibleNodes: ['node2', 'node3'], distribution: { node2: 1, node3: 1 }, unplaced: 0, exclusions: [{ node: 'node1', code: 'constraint-not-satisfied', constraint: 'node.role == worker' }] },
      { service: 'db', name: 'demo_db', mode: 'replicated', tasks: 1, eligibleNodes: ['node1'], distribution: { node1: 1 }, unplaced: 0, exclusions: [] },
    ],
    changes: [
      { type: 'network', key: 'default', name: 'demo_default', action: 'none', fields: [], liveId: 'n1' },
      { type: 'secret', key: 'token', name: 'demo_token-0123456789', action: 'replace', replaces: 'demo_token', contentHash: 'x', fields: [{ path: 'content', before: 'sha256:old-content', after: 'sha256:new-content', sensitive: true }], reason: { code: 'content-changed', kind: 'secret', name: 'demo_token-0123456789', replaces: 'demo_token' } },
      { type: 'config', key: 'conf', name: 'demo_conf', action: 'create', fields: [] },
      {
        type: 'service',
        key: 'web',
        name: 'demo_web',
        action: 'update',
        liveId: 'w1',
        liveVersion: 42,
        restarts: true,
        restartCount: 2,
        reason: { code: 'task-template-changed' },
        fields: [
          { path: 'image', before: 'web:1@sha256:aaa', after: 'web:2@sha256:bbb' },
          { path: 'environment.MODE', before: 'a', after: undefined },
          { path: 'deploy.replicas', before: 2, after: 3 },
        ],
      },
      { type: 'service', key: 'agent', name: 'demo_agent', action: 'create', fields: [], restarts: false, restartCount: 0 },
      { type: 'service', key: 'db', name: 'demo_db', action: 'none', fields: [], liveId: 'd1', liveVersion: 7, restarts: false, restartCount: 0 },
      { type: 'service', name: 'demo_old', action: 'remove', fields: [], liveId: 'o1', liveVersion: 3, restarts: false, restartCount: 0, reason: { code: 'not-in-source' } },
      { type: 'secret', name: 'demo_token', action: 'remove', fields: [], liveId: 't1', liveVersion: 4, reason: { code: 'replaced', by: 'demo_token-0123456789' } },
    ],
    ...parts,
  };
}

describe('renderPlan (colour off)', () => {
  it('groups changes by action, indents fields, hides secret values, shows placement and a summary', () => {
    expect(renderPlan(samplePlan(), { colour: false })).toBe(dedent`
      Plan for stack demo:
        + config demo_conf
        + service demo_agent
        ~ service demo_web (restarts 2 tasks)
            image: "web:1@sha256:aaa" → "web:2@sha256:bbb"
            environment.MODE: "a" → (absent)
            deploy.replicas: 2 → 3
            (task template changed: running tasks are replaced)
        -/+ secret demo_token-0123456789 (replaces demo_token)
            content: (sensitive value changed)
            (content changed; swarm cannot change a secret's data, so demo_token-0123456789 is created, the services are pointed at it and demo_token is marked for removal)
        - service demo_old (kept: use --prune to remove)
            (no longer in the file)
        - secret demo_token (kept: use --prune to remove)
            (replaced by demo_token-0123456789)

      Placement:
        web: 3 replicas on node1 (1), node2 (1), node3 (1)
        agent: global on node2, node3

      2 to create, 1 to update (restarts 2 tasks), 1 to replace, 0 to remove (2 kept: use --prune to remove)
    `);
  });

  it('says when there is nothing to do, and still lists problems and warnings', () => {
    const plan = samplePlan({
      changes: [{ type: 'service', key: 'db', name: 'demo_db', action: 'none', fields: [], restarts: false, restartCount: 0 }],
      problems: [
        {
          kind: 'placement',
          service: 'web',
          mode: 'replicated',
          wanted: 4,
          eligible: 3,
          unplaced: 1,
          failures: ['max-replicas'],
          needs: { cpus: 0, memory: 0, generic: [], hostPorts: [], maxReplicas: 1 },
          exclusions: [],
        },
      ],
      warnings: [{ code: 'image-unresolved', image: 'web:1' }],
    });
    expect(renderPlan(plan, { colour: false })).toBe(dedent`
      No changes: stack demo matches the files.

      Problems:
        ! web: 4 replicas, 3 eligible nodes, max_replicas_per_node 1: 1 replica cannot be placed

      Warnings:
        ! image web:1 could not be accessed on a registry to record its digest; each node will access web:1 independently, possibly leading to different nodes running different versions of the image

      0 to create, 0 to update, 0 to remove
    `);
  });

  it('lists the fixes of a rollout problem under it', () => {
    const plan = samplePlan({
      changes: [{ type: 'service', key: 'db', name: 'demo_db', action: 'none', fields: [], restarts: false, restartCount: 0 }],
      problems: [
        {
          kind: 'rollout',
          service: 'web',
          finishes: 'never',
          eligible: 3,
          blockers: [{ code: 'reservations-do-not-fit' }],
          fixes: [{ code: 'order-stop-first' }, { code: 'fewer-replicas', replicas: 2 }, { code: 'more-nodes' }],
        },
      ],
      warnings: [],
    });
    expect(renderPlan(plan, { colour: false })).toContain(
      '  ! web: the update cannot finish: update_config.order start-first starts each new task before it stops the old one, and the reservations ' +
        'do not fit on all 3 eligible nodes next to the old task; swarm would leave the new task pending for ever (and the update in progress)\n' +
        '      fix: update_config.order: stop-first, at most 2 replicas or more nodes\n',
    );
  });

  it('with prune, removals count and are not marked as kept', () => {
    const text = renderPlan(samplePlan({ prune: true }), { colour: false });
    expect(text).toContain('  - service demo_old\n');
    expect(text.trimEnd().split('\n').at(-1)).toBe('2 to create, 1 to update (restarts 2 tasks), 1 to replace, 2 to remove');
  });

  it('uses colour only when asked', () => {
    expect(renderPlan(samplePlan(), { colour: true })).toContain('\u001b[');
    expect(renderPlan(samplePlan(), { colour: false })).not.toContain('\u001b[');
  });

  it('summary line', () => {
    expect(summaryLine({ create: 3, update: 1, replace: 0, remove: 0, kept: 0, unchanged: 4, restarts: 2 })).toBe(
      '3 to create, 1 to update (restarts 2 tasks), 0 to remove',
    );
    expect(summaryLine({ create: 0, update: 1, replace: 0, remove: 0, kept: 0, unchanged: 0, restarts: 1 })).toBe('0 to create, 1 to update (restarts 1 task), 0 to remove');
  });
});

describe('planToJson', () => {
  it('has the documented shape (docs/plan-json.md)', () => {
    const json = planToJson(samplePlan());
    expect(Object.keys(json)).toEqual(['stack', 'readAt', 'prune', 'changed', 'summary', 'changes', 'placement', 'problems', 'warnings', 'warningCodes', 'order', 'excludedServices']);
    expect(json.summary).toEqual({ create: 2, update: 1, replace: 1, remove: 0, kept: 2, unchanged: 2, restarts: 2 });
    expect(json.changed).toBe(true);
    expect(json.changes[3]).toEqual({
      type: 'service',
      name: 'demo_web',
      action: 'update',
      restarts: 2,
      reason: 'task template changed: running tasks are replaced',
      reasonCode: 'task-template-changed',
      liveVersion: 42,
      replaces: null,
      executed: true,
      fields: [
        { path: 'image', before: 'web:1@sha256:aaa', after: 'web:2@sha256:bbb' },
        { path: 'environment.MODE', before: 'a', after: null },
        { path: 'deploy.replicas', before: 2, after: 3 },
      ],
    });
    expect(json.changes[1]).toMatchObject({ type: 'secret', action: 'replace', replaces: 'demo_token', fields: [{ path: 'content', before: null, after: null, sensitive: true }] });
    expect(json.changes[6]).toMatchObject({ action: 'remove', executed: false });
    expect(json.placement[0]).toEqual({
      service: 'web',
      name: 'demo_web',
      mode: 'replicated',
      tasks: 3,
      eligibleNodes: ['node1', 'node2', 'node3'],
      distribution: { node1: 1, node2: 1, node3: 1 },
      unplaced: 0,
      excluded: [],
      exclusions: [],
    });
    expect(json.placement[1]?.excluded).toEqual(['node1: constraint node.role == worker not satisfied']);
  });

  it('never carries secret values', () => {
    const text = JSON.stringify(planToJson(samplePlan()));
    expect(text).not.toContain('old-content');
    expect(text).not.toContain('new-content');
    expect(renderPlan(samplePlan(), { colour: false })).not.toContain('-content');
  });
});
