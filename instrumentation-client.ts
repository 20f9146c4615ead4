import { z } from 'zod';

// Runs in the browser before the app's own modules. zod 4 probes whether `new Function` is allowed
// (to compile fast object parsers) the first time it builds an object schema; under our CSP
// (no 'unsafe-eval', proxy.ts) that probe is refused and reported as a securitypolicyviolation.
// Its interpreted parser is the same parser, just not compiled: plenty for form-sized input.
z.config({ jitless: true });
