// Module hooks for tests/support/import-probe.mjs: writes every URL a plain Node process resolves,
// one per line, to the file named in `data.file` (synchronously, so none is missed at exit).
import { appendFileSync } from 'node:fs';

let file;

export function initialize(data) {
  file = data.file;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(file, `${resolved.url}\n`);
  return resolved;
}
