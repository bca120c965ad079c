/**
 * Zod compiles fast validators with `new Function` unless told not to; the UI's CSP has no 'unsafe-eval',
 * and even Zod's guarded probe is reported as a violation. Imported before any schema is built.
 */
import { config } from 'zod';

config({ jitless: true });
