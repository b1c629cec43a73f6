// A layout check for rendered help text. Pure.

/** A line of a paragraph that ends early, and the line that follows it. */
export interface RaggedBreak {
  line: string;
  next: string;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

/**
 * A line starts something of its own rather than continuing the paragraph above: a flag row or list item (`-`, `*`),
 * an example (`$ `), a numbered item, oclif's own `<options: …>` line under a flag, or a table row (a first cell of
 * words, then two or more spaces: the command list, the topics' variable tables).
 */
const STARTS_ITEM = /^(?:-|\* |\$ |\d+[.)] |<options: |\S+(?: \S+)* {2,}\S)/;

/**
 * The line breaks in `text` that a greedy wrap at `width` columns would not make: a non-empty line followed, at the
 * same indentation, by a line of the same paragraph whose first word would have fitted after it. oclif wraps every
 * paragraph greedily to the terminal width, so such a break comes from a hard newline in the source text, and shows
 * as a ragged right edge (a short line in mid-paragraph). Lines that start an item of their own are not continuations.
 */
export function raggedBreaks(text: string, width: number): RaggedBreak[] {
  const lines = text.split('\n').map((line) => line.trimEnd());
  const breaks: RaggedBreak[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1]!;
    if (line.trim() === '' || next.trim() === '') continue;
    if (indentOf(line) !== indentOf(next)) continue;
    if (STARTS_ITEM.test(next.trimStart())) continue;
    const firstWord = next.trimStart().split(' ')[0]!;
    if (line.length + 1 + firstWord.length <= width) breaks.push({ line, next });
  }
  return breaks;
}
