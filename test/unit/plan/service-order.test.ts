import { describe, expect, it } from 'vitest';
import type { StackModel } from '../../../src/model/stack-model.js';
import type { Plan } from '../../../src/plan/plan.js';
import { withServiceOrder } from '../../../src/plan/service-order.js';
import { planToJson } from '../../../src/render/plan-json.js';
import { renderPlan } from '../../../src/render/plan.js';
import { reasonText } from '../../../src/render/plan-words.js';

function model(parts: Partial<StackModel>): StackModel {
  return { format: 'spec', workingDir: '/w', files: ['/w/compose.yaml'], services: {}, networks: {}, volumes: {}, secrets: {}, configs: {}, ...parts };
}

function plan(parts: Partial<Plan>): Plan {
  return { stackName: 'demo', externalNetworks: [], changes: [], references: [], warnings: [], prune: false, placement: [], problems: [], ...parts };
}

const service = (key: string | undefined, name: string, action: Plan['changes'][number]['action']) => ({
  type: 'service' as const,
  ...(key === undefined ? {} : { key }),
  name,
  action,
  fields: [],
  restarts: false,
  restartCount: 0,
  ...(action === 'create' ? {} : { liveId: `${name}-id` }),
});

describe('withServiceOrder', () => {
  const loaded = model({
    services: {
      app: {
        image: 'app',
        depends_on: {
          db: { condition: 'service_healthy' },
          migrate: { condition: 'service_completed_successfully' },
          cache: { condition: 'service_started', required: false },
        },
      },
      db: { image: 'db' },
      migrate: { image: 'busybox', deploy: { mode: 'replicated-job' } },
    },
    excludedServices: [{ service: 'debug', profiles: ['debug'] }, { service: 'tools', profiles: ['tools', 'ops'] }],
  });
  const base = plan({
    changes: [service('app', 'demo_app', 'create'), service('db', 'demo_db', 'none'), service('migrate', 'demo_migrate', 'update'), service(undefined, 'demo_debug', 'remove')],
  });

  it('lists every depends_on entry of a defined service with its condition, and whether the plan writes the dependency', () => {
    const ordered = withServiceOrder(base, loaded);
    expect(ordered.order).toEqual([
      { service: 'app', dependsOn: 'db', condition: 'service_healthy', required: true, waits: false },
      { service: 'app', dependsOn: 'migrate', condition: 'service_completed_successfully', required: true, waits: true },
    ]);
  });

  it('names the left-out services, whether they run now, and gives their removal the profile as reason', () => {
    const ordered = withServiceOrder(base, loaded);
    expect(ordered.excludedServices).toEqual([
      { service: 'debug', name: 'demo_debug', profiles: ['debug'], live: true },
      { service: 'tools', name: 'demo_tools', profiles: ['tools', 'ops'], live: false },
    ]);
    const reason = ordered.changes.find((c) => c.name === 'demo_debug')?.reason;
    expect(reason).toEqual({ code: 'profiles-inactive', profiles: ['debug'] });
    expect(reason && reasonText(reason)).toBe('left out: profile "debug" is not active');
  });

  it('is rendered in the text plan and in the JSON', () => {
    const ordered = withServiceOrder(base, loaded);
    const text = renderPlan(ordered, { colour: false });
    expect(text).toContain('+ service demo_app (after migrate is completed successfully)\n');
    expect(text).toContain('- service demo_debug (kept: use --prune to remove)\n      (left out: profile "debug" is not active)\n');
    expect(text).toContain(
      'Left out (profiles):\n' +
        '  debug: profile "debug" is not active (running now: kept, use --prune to remove)\n' +
        '  tools: profiles "tools", "ops" are not active\n',
    );
    const pruned = renderPlan({ ...ordered, prune: true }, { colour: false });
    expect(pruned).toContain('debug: profile "debug" is not active (running now: removed by --prune)');
    const json = planToJson(ordered);
    expect(json.order).toEqual(ordered.order);
    expect(json.excludedServices).toEqual(ordered.excludedServices);
  });
});
