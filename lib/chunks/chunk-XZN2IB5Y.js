import { createRequire as __stackCreateRequire } from 'node:module'; const require = __stackCreateRequire(import.meta.url);
import{isFullwidth,isWide}from"./chunk-VM2VARLX.js";function isFullwidthCodePoint(codePoint){return Number.isInteger(codePoint)?isFullwidth(codePoint)||isWide(codePoint):!1}export{isFullwidthCodePoint};
