import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/dedent.js';
import { renderTable, textWidth } from '../../../src/render/table.js';

describe('renderTable (docker tabwriter layout: min width 10, 3 spaces padding)', () => {
  it('pads every column but the last to its widest cell plus 3, at least 10', () => {
    expect(renderTable(['NAME', 'SERVICES'], [['demo', '2'], ['a-much-longer-name', '12']])).toBe(dedent`
      NAME                 SERVICES
      demo                 2
      a-much-longer-name   12
    `);
  });

  it('keeps short columns 10 wide, as docker does (ID, NAME, CREATED ...)', () => {
    expect(renderTable(['ID', 'NAME', 'CREATED', 'UPDATED'], [])).toBe('ID        NAME      CREATED   UPDATED\n');
  });

  it('drops the trailing spaces of empty last cells', () => {
    expect(renderTable(['A', 'B', 'C'], [['x', '', '']])).toBe('A         B         C\nx\n');
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    expect(textWidth('n…')).toBe(2);
    expect(renderTable(undefined, [['n…', 'x'], ['abc', 'y']], { minWidth: 0, padding: 2 })).toBe('n…   x\nabc  y\n');
  });

  it('renders rows without a header and nothing for nothing', () => {
    expect(renderTable(undefined, [['Time:', 'now']], { minWidth: 0, padding: 2 })).toBe('Time:  now\n');
    expect(renderTable(undefined, [])).toBe('');
  });
});
