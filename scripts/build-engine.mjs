#!/usr/bin/env node
// `npm run build:engine`: the engine as a library (lib/library.ts) for other Node projects, in
// dist/engine/: index.js (ESM, Node 20; the app's `@/` paths resolved, dependencies left as
// imports), index.d.ts with the declarations under types/, and a copy of the migrations.
// package.json exports it as `triggerboard/engine`.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = process.cwd();
const out = path.join(root, 'dist/engine');
const types = path.join(out, 'types');
const started = Date.now();
rmSync(out, { recursive: true, force: true });

// `server-only` guards the app's request code against client bundles; outside Next.js it would
// throw, and nothing the library exports runs in a browser.
const serverOnlyIsEmpty = {
  name: 'server-only-is-empty',
  setup(b) {
    b.onResolve({ filter: /^server-only$/ }, () => ({ path: 'server-only', namespace: 'empty' }));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: '', loader: 'js' }));
  },
};

await build({
  entryPoints: ['lib/library.ts'],
  outfile: path.join(out, 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  tsconfig: 'tsconfig.json',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [serverOnlyIsEmpty],
});

const tsc = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules/typescript/bin/tsc'),
    ...['-p', 'tsconfig.engine.json'],
  ],
  { cwd: root, stdio: 'inherit' },
);
if (tsc.status !== 0) throw new Error('declarations: tsc failed');
// tsc writes the `@/` paths and extensionless imports as written: make every one a relative
// `.js` path to the emitted file, as Node's ESM resolution (and `moduleResolution: node16`) needs.
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith('.d.ts')) files.push(full);
  }
})(types);
for (const file of files) {
  const text = readFileSync(file, 'utf8').replace(/((?:from|import)\s*\(?\s*)'([^']+)'/g, (whole, lead, specifier) => {
    const base = specifier.startsWith('@/') ? path.join(types, specifier.slice(2)) : specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier) : null;
    if (!base) return whole;
    const target = existsSync(`${base}.d.ts`) ? `${base}.js` : existsSync(path.join(base, 'index.d.ts')) ? path.join(base, 'index.js') : null;
    if (!target) throw new Error(`${path.relative(root, file)}: cannot resolve '${specifier}'`);
    let relative = path.relative(path.dirname(file), target).split(path.sep).join('/');
    if (!relative.startsWith('.')) relative = `./${relative}`;
    return `${lead}'${relative}'`;
  });
  writeFileSync(file, text);
}
writeFileSync(path.join(out, 'index.d.ts'), "export * from './types/lib/library.js';\n");
cpSync(path.join(root, 'drizzle'), path.join(out, 'drizzle'), { recursive: true });
console.log(`dist/engine built in ${((Date.now() - started) / 1000).toFixed(1)} s (${files.length} declaration files)`);
