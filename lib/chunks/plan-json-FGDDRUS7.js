import { createRequire as __stackCreateRequire } from 'node:module'; const require = __stackCreateRequire(import.meta.url);
import{planToJson}from"./chunk-V2VLOACX.js";import"./chunk-4A3VWG55.js";import"./chunk-664FKIF2.js";import"./chunk-3BVTQSVL.js";export{planToJson};
