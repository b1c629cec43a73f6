import { describe, expect, it } from 'vitest';
import { encodeRecord, RECORD_FORMAT, type RevisionRecord } from '../../../src/history/record.js';
import { revisionRows } from '../../../src/inspect/history.js';
import type { StoredRevision } from '../../../src/history/history-store.js';

function record(revision: number): RevisionRecord {
  return {
    format: RECORD_FORMAT,
    stack: 'shop',
    revision,
    createdAt: `2026-01-0${revision}T00:00:00.000Z`,
    user: 'alice',
    host: 'laptop',
    command: 'stack deploy shop',
    toolVersion: '0.1.0',
    sources: [],
    changed: [{ type: 'service', name: 'shop_web', action: 'update' }],
    desired: { networks: [], secrets: [], configs: [], services: [] },
    outcome: 'in-progress',
    durationMs: 1500,
  };
}

/** A revision as listed from the cluster: configs holding the encoded parts, the outcome in a label. */
function stored(revision: number, parts: Buffer[], outcome: StoredRevision['outcome'] = 'succeeded', declaredParts = parts.length): StoredRevision {
  return {
    revision,
    outcome,
    createdAt: `2026-01-0${revision}T00:00:01.000Z`,
    configs: parts.map((data, i) => ({
      ID: `cfg${revision}-${i}`,
      Version: { Index: 1 },
      CreatedAt: `2026-01-0${revision}T00:00:01.000Z`,
      UpdatedAt: '',
      Spec: {
        Name: `stack-rev.shop.${revision}`,
        Labels: { 'io.stack.history': 'shop', 'io.stack.revision': String(revision), 'io.stack.part': `${i}/${declaredParts}`, 'io.stack.outcome': outcome },
        Data: data.toString('base64'),
      },
    })),
  };
}

describe('history rows', () => {
  it('decodes records newest first with the outcome from the label', () => {
    const rows = revisionRows([stored(1, encodeRecord(record(1))), stored(2, encodeRecord(record(2)), 'failed')], 'shop');
    expect(rows.map((r) => [r.revision, r.outcome, r.user, r.durationMs, r.error])).toEqual([
      [2, 'failed', 'alice', 1500, null],
      [1, 'succeeded', 'alice', 1500, null],
    ]);
  });

  it('turns unreadable records into damaged rows instead of failing', () => {
    const rows = revisionRows(
      [
        stored(3, [Buffer.from('garbage')]),
        stored(2, encodeRecord(record(2)), 'succeeded', 2),
        stored(1, encodeRecord(record(1))),
      ],
      'shop',
    );
    expect(rows.map((r) => [r.revision, r.outcome, r.createdAt, r.error])).toEqual([
      [3, 'damaged', '2026-01-03T00:00:01.000Z', 'revision record shop#3 cannot be read: its data is not a compressed stack record (damaged, truncated, or a part is missing)'],
      [2, 'damaged', '2026-01-02T00:00:01.000Z', 'revision record shop#2 cannot be read: 1 of 2 parts are present'],
      [1, 'succeeded', '2026-01-01T00:00:00.000Z', null],
    ]);
  });
});
