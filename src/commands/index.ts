// Explicit command list (oclif "explicit" strategy): start-up imports only these small classes;
// each command loads its workflow lazily inside run().
import Config from './config.js';
import Deploy from './deploy.js';

export const COMMANDS = {
  config: Config,
  deploy: Deploy,
};
