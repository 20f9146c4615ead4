/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and data files from its own package folder at run time;
  // bundling it breaks that (`path ... Received an instance of URL`).
  // graphile-worker (and its `pg` driver) is Node-only server code with optional native parts.
  // tsx loads the task module chosen at run time (TASKS_MODULE, lib/runtime/task-module.ts).
  serverExternalPackages: ['@electric-sql/pglite', 'graphile-worker', 'pg', 'tsx'],
  poweredByHeader: false,
  // The build's static files skip proxy.ts (which sends every other response's security headers,
  // lib/security/headers.ts): scripts and styles need only this one.
  async headers() {
    return [{ source: '/_next/static/:path*', headers: [{ key: 'X-Content-Type-Options', value: 'nosniff' }] }];
  },
  experimental: {
    // Stack traces that point at source (lib/stack/source-map.ts): the server bundles keep their
    // source maps and their function names (a failed handler reads `handleX`, not `o`). The
    // browser bundles stay minified.
    serverSourceMaps: true,
    serverMinification: false,
    serverActions: {
      // Above the app's own 1 MB per JSON field (lib/validations/json-field.ts), so an oversize
      // paste reaches the form's check and is answered in the form, text kept, instead of Next
      // answering 500. proxy.ts refuses larger action bodies with a 413 (lib/http/malformed-request.ts).
      bodySizeLimit: '4mb',
    },
  },
  typescript: {
    // Set by scripts/test.mjs (which has just run `tsc --noEmit`, no need to check twice) and by
    // scripts/start.mjs (type errors must not keep the product from starting; `npm test` and CI
    // enforce them). `npm run build` always type checks.
    ignoreBuildErrors: process.env.TRIGGERBOARD_BUILD_SKIP_TYPECHECK === '1',
  },
};

export default nextConfig;
