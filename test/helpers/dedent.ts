/**
 * Template tag for inline YAML in tests: drops a blank first and last line and removes the indentation common to
 * all non-blank lines, so a test can indent its YAML with the code. The cooked strings are used, so write `\${` for a
 * literal `${` and `\\` for a backslash. The result ends with one newline.
 */
export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  const joined = strings.reduce((out, chunk, i) => out + chunk + (i < values.length ? String(values[i]) : ''), '');
  const lines = joined.split('\n');
  if (lines.length > 0 && (lines[0] ?? '').trim() === '') lines.shift();
  if (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
  const indents = lines.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return `${lines.map((line) => line.slice(common)).join('\n')}\n`;
}
