import * as Flags from '@oclif/core/flags';
import { StackCommand } from './base-command.js';
import { composeFlags } from './flags.js';
import { loadOptions } from './plan-options.js';
import type { StackModel } from '../model/stack-model.js';

export default class Config extends StackCommand {
  static override summary = 'Print the fully loaded, merged and interpolated Compose model.';
  static override description =
    'Reads every -c file, applies .env / --env-file variables, extends and merges, validates, and prints the ' +
    'normalized result (what `docker stack config` prints). Nothing in any cluster is read or changed.';
  static override examples = [
    '<%= config.bin %> config -c docker-compose.yml',
    '<%= config.bin %> config -c base.yml -c prod.yml --format json',
  ];
  static override flags = {
    ...composeFlags,
    format: Flags.string({ description: 'Output format.', options: ['yaml', 'json'], default: 'yaml' }),
  };

  async run(): Promise<StackModel> {
    const { flags } = await this.parse(Config);
    const { configWorkflow } = await import('../workflows/config.js');
    const { renderWarnings } = await import('../render/problems.js');
    const { renderExcludedServices, renderStackConfig } = await import('../render/stack-config.js');
    const result = await configWorkflow(loadOptions(flags));
    const warnings = renderWarnings(result.warnings, { colour: this.colourEnabled(process.stderr) });
    if (warnings) process.stderr.write(warnings);
    if (!this.jsonEnabled()) process.stderr.write(renderExcludedServices(result.model));
    if (!this.jsonEnabled()) process.stdout.write(renderStackConfig(result.model, flags.format === 'json' ? 'json' : 'yaml'));
    return result.model;
  }
}
