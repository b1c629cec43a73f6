import { createRequire as __stackCreateRequire } from 'node:module'; const require = __stackCreateRequire(import.meta.url);
import{formatField,formatValue,placementText,renderPlan,summarizePlan,summaryLine}from"./chunk-4A3VWG55.js";import"./chunk-664FKIF2.js";import"./chunk-3BVTQSVL.js";export{formatField,formatValue,placementText,renderPlan,summarizePlan,summaryLine};
