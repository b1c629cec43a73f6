import { it } from 'vitest';
import { parseDocument, LineCounter } from 'yaml';
import { parseComposeFile } from '../../../src/compose/parse-yaml.js';
it('perf', () => {
  let text = 'services:\n';
  for (let i = 0; i < 500; i++) text += `  s${i}:\n    image: app:\${TAG}\n    ports: ["${8000+i}:80"]\n    environment: [A=1, B=2, C=3]\n    labels: [x=1]\n    volumes: ["data${i}:/data", "./x:/x"]\n    networks: [a, b]\n`;
  let t = Date.now();
  const lc = new LineCounter();
  const d = parseDocument(text, {lineCounter: lc});
  console.log('raw parse', Date.now()-t); t = Date.now();
  d.toJS({maxAliasCount: 10000, mapAsMap: true});
  console.log('toJS', Date.now()-t); t = Date.now();
  parseComposeFile({displayPath: 'a', absolutePath: '/a', text});
  console.log('full', Date.now()-t); t = Date.now();
  parseComposeFile({displayPath: 'a', absolutePath: '/a', text});
  console.log('full2', Date.now()-t);
}, 120000);
