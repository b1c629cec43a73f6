import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/dedent.js';
import { describeContents, isYes, renderRmEvent, renderRmProblems, renderRmPrompt } from '../../../src/render/rm.js';
import type { RmEvent, RmResult, StackContents } from '../../../src/apply/remove-events.js';
import { rmFailed } from '../../../src/apply/remove-events.js';

const holder = { host: 'ci-7', user: 'deployer', pid: 42, command: 'stack deploy shop', since: '2026-01-02T03:00:00Z', expires: '2026-01-02T03:01:00Z' };

function contents(parts: Partial<StackContents>): StackContents {
  return { stack: 'shop', services: [], networks: [], secrets: [], configs: [], revisions: [], lock: null, ...parts };
}

describe('stack rm lines', () => {
  it('prints one docker-style line per removal, failures on stderr', () => {
    const events: RmEvent[] = [
      { type: 'removing', stack: 'shop', kind: 'service', name: 'shop_web' },
      { type: 'removing', stack: 'shop', kind: 'network', name: 'shop_default' },
      { type: 'removing', stack: 'shop', kind: 'secret', name: 'shop_token' },
      { type: 'removing', stack: 'shop', kind: 'config', name: 'shop_conf' },
      { type: 'failed', stack: 'shop', kind: 'config', name: 'shop_conf', message: 'config is in use by service other_web' },
      { type: 'removing-history', stack: 'shop', revisions: [3, 2, 1] },
      { type: 'removing-lock', stack: 'shop', holder },
      { type: 'waiting', stack: 'shop', tasks: 2, networks: 1 },
      { type: 'removed', stack: 'shop', waited: true },
    ];
    const lines = events.map(renderRmEvent);
    expect(lines.filter((l) => l.stream === 'stdout').map((l) => `${l.text}\n`).join('')).toBe(dedent`
      Removing service shop_web
      Removing network shop_default
      Removing secret shop_token
      Removing config shop_conf
      Removing history of stack shop (3 revisions)
      Removing deploy lock of stack shop (held by deployer@ci-7 (pid 42) since 2026-01-02T03:00:00Z: stack deploy shop)
      Waiting for 2 tasks and 1 network of stack shop to go away
      Stack shop removed
    `);
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual([
      'Failed to remove config shop_conf: config is in use by service other_web',
    ]);
  });

  it('asks once, listing what each stack holds', () => {
    const found = [
      contents({ services: ['shop_web', 'shop_api'], networks: ['shop_default'], secrets: ['shop_token'], revisions: [2, 1], lock: holder }),
      contents({ stack: 'blog', services: ['blog_web'], configs: ['blog_conf'] }),
    ];
    expect(renderRmPrompt(found)).toBe(
      'This removes:\n' +
        '  stack shop: 2 services, 1 network, 1 secret, history (2 revisions), a deploy lock held by deployer@ci-7\n' +
        '  stack blog: 1 service, 1 config\n' +
        'Remove them? [y/N] ',
    );
    expect(renderRmPrompt([found[1]!])).toMatch(/Remove it\? \[y\/N\] $/);
    expect(describeContents(contents({ revisions: [1] }))).toBe('history (1 revision)');
  });

  it('takes y or yes as yes, anything else (also nothing) as no', () => {
    expect(['y', 'Y', 'yes', ' YES '].map(isYes)).toEqual([true, true, true, true]);
    expect(['', 'n', 'no', 'yep', 'sure'].map(isYes)).toEqual([false, false, false, false, false]);
  });
});

describe('stack rm problems and exit code', () => {
  const ok = {
    stack: 'shop',
    removed: { services: ['shop_web'], networks: [], secrets: [], configs: [], revisions: [], lock: null },
    failures: [],
    waited: true,
    leftover: null,
  };

  it('reports stacks with nothing in them like docker, failures, and waits that timed out', () => {
    const result: RmResult = {
      missing: ['nope'],
      stacks: [
        { ...ok, failures: [{ kind: 'secret', name: 'shop_token', message: 'in use' }] },
        { ...ok, stack: 'slow', waited: false, leftover: { tasks: 2, networks: ['slow_default'] } },
      ],
    };
    expect(renderRmProblems(result, 30_000)).toBe(dedent`
      Nothing found in stack: nope
      Error: failed to remove some objects of stack shop
      Error: stack slow: still present after 30s: 2 tasks and network slow_default
        hint: they usually disappear shortly; check with \`stack ps slow\` before deploying it again
    `);
    expect(rmFailed(result)).toBe(true);
  });

  it('a name with nothing in it is reported but is no failure, as with docker stack rm', () => {
    const result: RmResult = { missing: ['nope'], stacks: [ok] };
    expect(renderRmProblems(result, 30_000)).toBe('Nothing found in stack: nope\n');
    expect(rmFailed(result)).toBe(false);
  });

  it('says how long it waited as a Go duration', () => {
    const result: RmResult = { missing: [], stacks: [{ ...ok, stack: 'slow', waited: false, leftover: { tasks: 1, networks: [] } }] };
    expect(renderRmProblems(result, 90_000)).toContain('still present after 1m30s: 1 task');
  });

  it('is silent and succeeds when all went well', () => {
    const result: RmResult = { missing: [], stacks: [ok] };
    expect(renderRmProblems(result, 30_000)).toBe('');
    expect(rmFailed(result)).toBe(false);
  });
});
