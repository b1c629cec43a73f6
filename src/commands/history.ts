import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { StackCommand } from './base-command.js';
import { endpointOptions, printNotice } from './endpoint-options.js';
import { endpointFlags } from './flags.js';
import type { HistoryListResult } from '../workflows/history.js';
import type { RevisionRecord } from '../history/record.js';

/** `stack history NAME --revision N --json`. */
export interface RevisionDetailJson {
  stack: string;
  record: RevisionRecord;
  /** Plan JSON (docs/plan-json.md) of how the live stack differs from this revision; null while not available. */
  liveDiff: Record<string, unknown> | null;
}

export default class History extends StackCommand {
  static override summary = 'Show the recorded revisions of a stack.';
  static override description =
    'Every deploy by stack records a revision in the cluster. This lists them newest first: time, who, outcome, ' +
    'what changed and how long it took. With --revision, shows one revision: its command, source files with ' +
    'their hashes, and every object it deployed. Stacks deployed with `docker stack deploy` have no revisions ' +
    'until their first `stack deploy`.';
  static override examples = ['<%= config.bin %> history mystack', '<%= config.bin %> history mystack --revision 3'];
  static override args = { stack: Args.string({ description: 'Stack name.', required: true }) };
  static override flags = {
    ...endpointFlags,
    revision: Flags.integer({ char: 'r', description: 'Show this revision in detail.', min: 1 }),
  };

  async run(): Promise<HistoryListResult | RevisionDetailJson> {
    const { args, flags } = await this.parse(History);
    const [workflows, render] = await Promise.all([import('../workflows/history.js'), import('../render/history.js')]);
    const common = { stack: args.stack, endpoints: endpointOptions(flags), env: process.env, onNotice: printNotice };
    if (flags.revision === undefined) {
      const result = await workflows.historyWorkflow(common);
      if (!this.jsonEnabled()) process.stdout.write(render.renderHistory(result.stack, result.revisions));
      return result;
    }
    const detail = await workflows.revisionDetailWorkflow({ ...common, revision: flags.revision });
    let liveDiff: Record<string, unknown> | null = null;
    if (detail.liveDiff) {
      const [{ renderPlan }, { planToJson }] = await Promise.all([import('../render/plan.js'), import('../render/plan-json.js')]);
      liveDiff = planToJson(detail.liveDiff) as unknown as Record<string, unknown>;
      if (!this.jsonEnabled()) {
        process.stdout.write(render.renderRevisionDetail(detail.record));
        process.stdout.write(`\nCompared with the live stack:\n${renderPlan(detail.liveDiff, { colour: this.colourEnabled(process.stdout) })}`);
      }
    } else if (!this.jsonEnabled()) {
      process.stdout.write(render.renderRevisionDetail(detail.record));
    }
    return { stack: detail.stack, record: detail.record, liveDiff };
  }
}
