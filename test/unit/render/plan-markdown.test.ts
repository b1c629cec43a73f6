import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/dedent.js';
import type { Plan } from '../../../src/plan/plan.js';
import { cell, code, fenced, renderDeployMarkdown, renderPlanMarkdown } from '../../../src/render/plan-markdown.js';
import type { DeployResult } from '../../../src/apply/execution-report.js';

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
      { service: 'db', name: 'demo_db', mode: 'replicated', tasks: 1, eligibleNodes: ['node1'], distribution: { node1: 1 }, unplaced: 0, exclusions: [] },
    ],
    changes: [
      { type: 'network', key: 'default', name: 'demo_default', action: 'none', fields: [], liveId: 'n1' },
      { type: 'secret', key: 'token', name: 'demo_token-0123456789', action: 'replace', replaces: 'demo_token', contentHash: 'x', fields: [{ path: 'content', before: 'sha256:old-secret-hash', after: 'sha256:new-secret-hash', sensitive: true }], reason: { code: 'content-changed', kind: 'secret', name: 'demo_token-0123456789', replaces: 'demo_token' } },
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
          { path: 'image', before: 'web:1', after: 'web:2' },
          { path: 'environment.MODE', before: 'a', after: undefined },
          { path: 'labels[x|y]', before: undefined, after: 'has ``` fences' },
        ],
      },
      { type: 'service', key: 'db', name: 'demo_db', action: 'none', fields: [], liveId: 'd1', liveVersion: 7, restarts: false, restartCount: 0 },
      { type: 'service', name: 'demo_old', action: 'remove', fields: [], liveId: 'o1', liveVersion: 3, restarts: false, restartCount: 0, reason: { code: 'not-in-source' } },
    ],
    ...parts,
  };
}

describe('renderPlanMarkdown', () => {
  it('prints a summary, a table of changed objects, field diffs in fenced blocks, placement; never a secret value', () => {
    const text = renderPlanMarkdown(samplePlan());
    expect(text).toBe(
      dedent`
      ### Plan for stack \`demo\`

      **0 to create, 1 to update (restarts 2 tasks), 1 to replace, 0 to remove (1 kept: use --prune to remove)**

      | Action | Type | Name | Restarts | Notes |
      |:--|:--|:--|--:|:--|
      | ~ update | service | \`demo_web\` | 2 |  |
      | -/+ replace | secret | \`demo_token-0123456789\` |  | replaces \`demo_token\` |
      | - remove | service | \`demo_old\` |  | kept: use --prune to remove |

      #### Changes

      **~ service \`demo_web\`** (task template changed: running tasks are replaced)

      \`\`\`\`diff
      - image: "web:1"
      + image: "web:2"
      - environment.MODE: "a"
      + labels[x|y]: "has \`\`\` fences"
      \`\`\`\`

      **-/+ secret \`demo_token-0123456789\`** (content changed; swarm cannot change a secret's data, so demo_token-0123456789 is created, the services are pointed at it and demo_token is marked for removal)

      \`\`\`diff
      ! content: (sensitive value changed)
      \`\`\`

      #### Placement

      - web: 3 replicas on node1 (1), node2 (1), node3 (1)
    `,
    );
    expect(text).not.toContain('secret-hash');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('says there is nothing to do and still lists problems and warnings, escaped', () => {
    const plan = samplePlan({
      changes: [{ type: 'service', key: 'db', name: 'demo_db', action: 'none', fields: [], restarts: false, restartCount: 0 }],
      problems: [
        {
          kind: 'placement',
          service: 'web',
          mode: 'replicated',
          wanted: 1,
          eligible: 0,
          unplaced: 1,
          failures: [],
          needs: { cpus: 0, memory: 0, generic: [], hostPorts: [], maxReplicas: 0 },
          exclusions: [{ node: 'node1', code: 'constraint-not-satisfied', constraint: 'node.labels.role == <none>' }],
        },
      ],
      warnings: [{ code: 'image-unresolved', image: '*web:1*' }],
    });
    expect(renderPlanMarkdown(plan)).toBe(
      dedent`
      ### Plan for stack \`demo\`

      No changes: stack \`demo\` matches the files.

      #### Problems

      - :x: web: 1 replica, 0 eligible nodes: 1 replica cannot be placed (node1: constraint node.labels.role == \\<none\\> not satisfied)

      #### Warnings

      - :warning: image \\*web:1\\* could not be accessed on a registry to record its digest; each node will access \\*web:1\\* independently, possibly leading to different nodes running different versions of the image
    `,
    );
  });
});

describe('Markdown helpers', () => {
  it('keep values from breaking tables, code spans and fences', () => {
    expect(cell('a|b\nc')).toBe('a\\|b c');
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x')).toBe('`` `x ``');
    expect(fenced('diff', ['````'])).toEqual(['`````diff', '````', '`````']);
  });
});

describe('renderDeployMarkdown', () => {
  it('reports the outcome, revision, each service written and the plan executed', () => {
    const result: DeployResult = {
      stack: 'demo',
      endpoint: 'unix:///run/docker.sock',
      plan: samplePlan({ changes: [samplePlan().changes[2]!], placement: [] }),
      outcome: 'failed',
      apiCalls: { total: 1, get: 1, post: 0, delete: 0 },
      execution: {
        outcome: 'failed',
        revision: 7,
        services: [{ name: 'demo_web', key: 'web', action: 'update', phase: 'rolled-back', running: 1, desired: 3, message: 'task exited | code 1' }],
        writes: [{ type: 'service', name: 'demo_web', action: 'update' }],
        cleanup: { removedSecrets: [], removedConfigs: [], prunedRevisions: [] },
        durationMs: 12_340,
        message: 'demo_web: rolled back by swarm (task exited | code 1)',
      },
    };
    const text = renderDeployMarkdown(result);
    expect(`${text.split('\n').slice(0, 9).join('\n')}\n`).toBe(dedent`
      ### Stack \`demo\`: deploy failed

      **failed**, revision 7, 12.3s on unix:///run/docker.sock

      > demo_web: rolled back by swarm (task exited \\| code 1)

      | Service | Action | Result | Tasks | Message |
      |:--|:--|:--|--:|:--|
      | \`demo_web\` | update | rolled back by swarm | 1/3 | task exited \\| code 1 |
    `);
    expect(text).toContain('#### Plan executed');
    expect(text).toContain('##### Changes');
  });

  it('says nothing was written when there were no changes', () => {
    const result: DeployResult = { stack: 'demo', endpoint: 'e', plan: samplePlan({ changes: [] }), outcome: 'unchanged', apiCalls: { total: 1, get: 1, post: 0, delete: 0 } };
    expect(renderDeployMarkdown(result)).toBe('### Stack `demo`: nothing to deploy\n\nNo changes: the live stack already matches; nothing was written.\n\n');
  });
});
