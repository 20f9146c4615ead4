/**
 * Run by tests/plain-node-imports.test.ts as the npm scripts run (`tsx --conditions=react-server
 * --tsconfig tsconfig.json`), outside Next: imports each module named on the command line and
 * prints `ok <module>` or `FAIL <module>: <why>`; exits 1 if any failed. Code that reads the
 * request (cookies, headers, redirects) must stay at the edge, so loading it fails here: those
 * imports are refused by a resolve hook, which names the file that asked.
 */
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const hook = `
const REQUEST_BOUND = new Set(['next/headers', 'next/navigation', 'iron-session']);
// The app's own modules that read the request (the cookie session, the signed-in user).
const REQUEST_BOUND_FILES = [/\\/lib\\/auth\\/session\\.ts$/, /\\/lib\\/actor\\.ts$/];
export async function resolve(specifier, context, next) {
  if (REQUEST_BOUND.has(specifier)) throw new Error(\`request-bound module \${specifier} imported by \${context.parentURL}\`);
  const resolved = await next(specifier, context);
  if (REQUEST_BOUND_FILES.some((file) => file.test(resolved.url))) {
    throw new Error(\`request-bound module \${resolved.url} imported by \${context.parentURL}\`);
  }
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    await import(pathToFileURL(path.resolve(file)).href);
    console.log(`ok ${file}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
