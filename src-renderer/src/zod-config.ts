import { config } from 'zod';

// Zod compiles fast object parsers with `new Function`, which this page's
// CSP (no 'unsafe-eval') refuses and reports as a violation. The
// interpreter is plenty fast for forms; imported first in main.tsx so it
// applies before any schema parses.
config({ jitless: true });
