// Explicit command list (oclif "explicit" strategy): start-up imports only these small classes;
// each command loads its workflow lazily inside run().
import CompleteStacks from './complete-stacks.js';
import Completion from './completion.js';
import Config from './config.js';
import Deploy from './deploy.js';
import Diff from './diff.js';
import Help from './help.js';
import Drift from './drift.js';
import History from './history.js';
import Ls from './ls.js';
import Ps from './ps.js';
import Rm from './rm.js';
import Rollback from './rollback.js';
import Services from './services.js';
import Unlock from './unlock.js';

export const COMMANDS = {
  '__complete-stacks': CompleteStacks,
  completion: Completion,
  config: Config,
  deploy: Deploy,
  diff: Diff,
  help: Help,
  drift: Drift,
  history: History,
  ls: Ls,
  ps: Ps,
  rm: Rm,
  rollback: Rollback,
  services: Services,
  unlock: Unlock,
};

