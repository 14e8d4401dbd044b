/**
 * zod as this program uses it: every schema parses a few values once (the environment at
 * start, a questionnaire as it is loaded, the command files, a digest's settings), so zod's
 * generated fast path for parsing the same shape many times (code built with `new Function`
 * at the first parse) cost more than it saved: 4–5 ms of the results tool's start on the
 * built-in questionnaire alone. Every module takes `z` from here so the setting always holds.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
