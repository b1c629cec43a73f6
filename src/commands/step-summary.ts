import { appendFileSync } from 'node:fs';

/**
 * Appends Markdown to the file GitHub Actions names in GITHUB_STEP_SUMMARY (shown on the run's summary page).
 * Does nothing when the variable is unset or empty; a file that cannot be written is a warning, never a failure
 * of the deploy or diff itself.
 */
export function appendStepSummary(markdown: string, env: Record<string, string | undefined> = process.env): void {
  const path = env.GITHUB_STEP_SUMMARY;
  if (!path) return;
  try {
    appendFileSync(path, markdown.endsWith('\n') ? `${markdown}\n` : `${markdown}\n\n`);
  } catch (error) {
    process.stderr.write(`warning: cannot append to GITHUB_STEP_SUMMARY (${path}): ${(error as Error).message}\n`);
  }
}
