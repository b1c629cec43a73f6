import { createRequire as __stackCreateRequire } from 'node:module'; const require = __stackCreateRequire(import.meta.url);
import{palette}from"./chunk-664FKIF2.js";import{formatProblem,sortProblems}from"./chunk-QIXQSWMU.js";import"./chunk-3BVTQSVL.js";function renderWarnings(warnings,options){if(warnings.length===0)return"";let c=palette(options.colour);return sortProblems(warnings).map(w=>`${c.yellow("warning:")} ${formatProblem(w)}
`).join("")}export{renderWarnings};
