import { createRequire as __stackCreateRequire } from 'node:module'; const require = __stackCreateRequire(import.meta.url);
import{planHasChanges}from"./chunk-LX57MJF5.js";import"./chunk-3BVTQSVL.js";export{planHasChanges};
