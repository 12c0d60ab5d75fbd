// Runs in the browser before any page code (Next's instrumentation-client hook).
//
// zod compiles object parsers with `new Function` after probing whether eval is allowed. Our Content-Security-Policy
// has no 'unsafe-eval', so the probe is refused — harmlessly, zod falls back to interpreting — but the browser reports
// every refusal as a CSP violation, which would drown real ones. `jitless` skips the probe; parsing speed is what it
// already was under this CSP. zod reads its settings from this global when it loads, so no zod import is needed here
// (the phone's pages ship no zod at all). tests/ui/security-headers.test.ts fails if this ever stops working.
const holder = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
holder.__zod_globalConfig = { ...holder.__zod_globalConfig, jitless: true };
