import { createRequire as __stackCreateRequire } from 'node:module'; const require = __stackCreateRequire(import.meta.url);
function planHasChanges(plan){return plan.changes.some(c=>c.action!=="none"&&(c.action!=="remove"||plan.prune))}export{planHasChanges};
