// Imports one module in a plain Node process (run with `node --import tsx`) and prints, as JSON,
// every module URL resolved while loading it: `node --import tsx import-probe.mjs <module> <out>`.
import { readFileSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [target, out] = process.argv.slice(2);
if (!target || !out) throw new Error('usage: import-probe.mjs <module> <out-file>');
writeFileSync(out, '');
register('./load-recorder-hooks.mjs', import.meta.url, { data: { file: out } });
await import(pathToFileURL(path.resolve(target)).href);
const loaded = readFileSync(out, 'utf8').split('\n').filter(Boolean);
writeFileSync(out, JSON.stringify(loaded));
