import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/dedent.js';
import { RECORD_FORMAT, type RevisionRecord } from '../../../src/history/record.js';
import type { RevisionRow } from '../../../src/inspect/history.js';
import { changesText, renderHistory, renderRevisionDetail } from '../../../src/render/history.js';

const DIGEST = 'sha256:97d9c0a8f3d39f256d0e0e44f6b20f3d4d892690d25591ac8f7fc9b319100563';

function row(parts: Partial<RevisionRow>): RevisionRow {
  return {
    revision: 1,
    outcome: 'succeeded',
    createdAt: '2026-01-02T03:04:05.000Z',
    user: 'alice',
    host: 'laptop',
    command: 'stack deploy -c docker-compose.yml shop',
    changed: [],
    rollbackOf: null,
    durationMs: 12_000,
    message: null,
    ci: null,
    failure: [],
    error: null,
    ...parts,
  };
}

describe('stack history table', () => {
  it('lists revisions newest first with time, who, outcome, changes and duration; damaged records show why', () => {
    const rows = [
      row({ revision: 4, outcome: 'in-progress', createdAt: '2026-01-03T10:00:00.000Z', durationMs: null, changed: [{ type: 'service', name: 'shop_web', action: 'update' }] }),
      row({
        revision: 3,
        outcome: 'damaged',
        createdAt: '2026-01-03T09:00:00.000Z',
        user: null,
        host: null,
        command: null,
        durationMs: null,
        error: 'revision record shop#3 cannot be read: its content is not valid JSON',
      }),
      row({ revision: 2, outcome: 'rolled-back', rollbackOf: 1, changed: [{ type: 'service', name: 'shop_web', action: 'update' }] }),
      row({
        revision: 1,
        durationMs: 125_000,
        changed: [
          { type: 'secret', name: 'shop_token', action: 'create' },
          { type: 'service', name: 'shop_web', action: 'update' },
          { type: 'service', name: 'shop_api', action: 'update' },
          { type: 'network', name: 'shop_default', action: 'none' },
        ],
      }),
    ];
    expect(renderHistory('shop', rows, { timeZone: 'UTC' })).toBe(dedent`
      REVISION   TIME                  WHO            OUTCOME       CHANGES                                         DURATION
      4          2026-01-03 10:00:00   alice@laptop   in-progress   1 service updated                               -
      3          2026-01-03 09:00:00   -              damaged       cannot be read: its content is not valid JSON   -
      2          2026-01-02 03:04:05   alice@laptop   rolled-back   rollback to 1: 1 service updated                12s
      1          2026-01-02 03:04:05   alice@laptop   succeeded     2 services updated, 1 secret created            2m05s
    `);
  });

  it('says that a stack has no revisions, and why', () => {
    expect(renderHistory('legacy', [])).toBe(
      'stack legacy has no recorded revisions; stacks deployed with docker stack deploy have none until the first stack deploy\n',
    );
  });
});

describe('CHANGES summary', () => {
  it('counts by kind and action, services first, and skips unchanged objects', () => {
    expect(
      changesText([
        { type: 'config', name: 'c', action: 'remove' },
        { type: 'network', name: 'n', action: 'create' },
        { type: 'service', name: 'a', action: 'create' },
        { type: 'service', name: 'b', action: 'update' },
        { type: 'service', name: 'c', action: 'update' },
        { type: 'secret', name: 's', action: 'replace' },
        { type: 'service', name: 'd', action: 'none' },
      ]),
    ).toBe('1 service created, 2 services updated, 1 network created, 1 secret replaced, 1 config removed');
  });

  it('says "no changes" for a deploy that changed nothing', () => {
    expect(changesText([])).toBe('no changes');
    expect(changesText([], 3)).toBe('rollback to 3: no changes');
  });
});

describe('stack history --revision', () => {
  it('shows who ran what, the sources with hashes, the changes and every object with its image or hash', () => {
    const record: RevisionRecord = {
      format: RECORD_FORMAT,
      stack: 'shop',
      revision: 7,
      createdAt: '2026-01-02T03:04:05.000Z',
      user: 'alice',
      host: 'laptop',
      command: 'stack deploy -c docker-compose.yml -c prod.yml shop',
      toolVersion: '0.1.0',
      sources: [
        { path: 'docker-compose.yml', sha256: 'a'.repeat(64) },
        { path: 'prod.yml', sha256: 'b'.repeat(64) },
      ],
      changed: [
        { type: 'service', name: 'shop_web', action: 'update' },
        { type: 'secret', name: 'shop_token', action: 'create' },
        { type: 'network', name: 'shop_default', action: 'none' },
      ],
      desired: {
        networks: [{ name: 'shop_default', spec: { Driver: 'overlay' } as RevisionRecord['desired']['networks'][number]['spec'] }],
        secrets: [{ name: 'shop_token', spec: { Name: 'shop_token', Labels: {} }, sha256: 'c'.repeat(64) }],
        configs: [],
        services: [
          { key: 'web', name: 'shop_web', spec: { Name: 'shop_web', Labels: {}, TaskTemplate: { ContainerSpec: { Image: `nginx:1.27@${DIGEST}` }, ForceUpdate: 0 }, Mode: {} } },
        ],
      },
      outcome: 'succeeded',
      durationMs: 8_000,
    };
    expect(renderRevisionDetail(record, { timeZone: 'UTC' })).toBe(dedent`
      Revision 7 of stack shop
        Time:      2026-01-02 03:04:05
        By:        alice@laptop
        Outcome:   succeeded
        Duration:  8s
        Command:   stack deploy -c docker-compose.yml -c prod.yml shop
        Tool:      stack 0.1.0

      Sources:
        docker-compose.yml  sha256:${'a'.repeat(64)}
        prod.yml            sha256:${'b'.repeat(64)}

      Changes:
        update  service  shop_web
        create  secret   shop_token

      Services:
        shop_web  nginx:1.27@${DIGEST}

      Networks:
        shop_default  overlay

      Secrets:
        shop_token  content recorded by hash

      Configs: none
    `);
  });
});
