/**
 * Column layout as docker's list commands print it: Go's text/tabwriter with minwidth 10, padding 3 and spaces
 * (`tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)` in docker/cli cli/command/formatter). A column is as wide as its
 * widest cell plus 3 spaces, and at least 10; the last column is not padded. Widths count characters (runes), as
 * tabwriter does. Unlike tabwriter we drop trailing spaces, which docker leaves after empty last cells.
 */
export interface TableLayout {
  /** Smallest column width, padding included (docker: 10). */
  minWidth?: number;
  /** Spaces added after the widest cell of a column (docker: 3). */
  padding?: number;
}

/** Renders a header row (when given) and rows as aligned text, one line per row, each ending with a newline. */
export function renderTable(header: readonly string[] | undefined, rows: readonly (readonly string[])[], layout: TableLayout = {}): string {
  const minWidth = layout.minWidth ?? 10;
  const padding = layout.padding ?? 3;
  const all = header ? [header, ...rows] : [...rows];
  if (all.length === 0) return '';
  const columns = Math.max(...all.map((row) => row.length));
  const widths: number[] = [];
  for (let column = 0; column < columns - 1; column++) {
    const widest = Math.max(...all.map((row) => textWidth(row[column] ?? '')));
    widths.push(Math.max(minWidth, widest + padding));
  }
  return all
    .map((row) => {
      let line = '';
      for (let column = 0; column < columns; column++) {
        const cell = row[column] ?? '';
        const width = widths[column];
        line += width === undefined ? cell : cell + ' '.repeat(width - textWidth(cell));
      }
      return `${line.trimEnd()}\n`;
    })
    .join('');
}

/** Display width of a cell: its number of code points (what tabwriter counts). */
export function textWidth(text: string): number {
  return [...text].length;
}
