import { createRequire as __stackCreateRequire } from 'node:module'; const require = __stackCreateRequire(import.meta.url);
import{StackError}from"./chunk-IXZ6BVDP.js";function stackNotFound(stack){return new StackError("STACK_NOT_FOUND",`nothing found in stack: ${stack}`,{hint:"list the stacks with `stack ls`"})}export{stackNotFound};
