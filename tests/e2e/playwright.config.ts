import { defineConfig } from '@playwright/test';
import { mkdirSync, rmSync } from 'node:fs';

const PORT = 8090;
export const MOBILE_CHROME = 'Mozilla/5.0 (Linux; Android 12; Pixel 5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';
export const PRISM_PORT = 4010;
export const BACKEND_PORT = 8081;
export const PROXY_PORT = 4011;
/** A second reference backend whose switches tests flip (so they never disturb the first). */
export const SWITCHED_BACKEND_PORT = 8082;
/** A third, for the fault suite: payments stay processing for 8 s so there is time to cancel. */
export const FAULT_BACKEND_PORT = 8083;

// Each run starts from empty databases. Workers load this file again: they inherit the path
// through the environment and must not touch the files the running backends hold open.
if (!process.env.E2E_DATABASES) {
  rmSync('../../artifacts/databases', { recursive: true, force: true });
  process.env.E2E_DATABASES = `../../artifacts/databases/${Date.now()}`;
  mkdirSync(process.env.E2E_DATABASES, { recursive: true });
  // Screen states the flows reach and the gallery shows (see specs/states.ts).
  rmSync('../../artifacts/states', { recursive: true, force: true });
  mkdirSync('../../artifacts/states', { recursive: true });
}
const DATABASES = process.env.E2E_DATABASES;
// The suites verify the same demo people hundreds of times in one run; a phone's five SMS codes
// an hour would stop them (the limit is tested in tests/backend).
const SHARED_SMS_PER_HOUR = '100000';

export default defineConfig({
  testDir: './specs',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  // Three on two cores: the fault suite mostly waits (timeouts, Retry-After, payments settling),
  // and a third worker fills those waits with the accessibility checks' work.
  workers: 3,
  retries: 0,
  reporter: [['list'], ['./matrix-reporter.ts']],
  outputDir: '../../artifacts/test-results',
  projects: [
    { name: 'app', testIgnore: /gallery-coverage\.spec\.ts/ },
    // After everything else: the gallery must show every state the flows reached. (It depends
    // on `app`, so any run that includes it runs all of `app`: to run one file, add
    // `--project=app`.)
    { name: 'coverage', testMatch: /gallery-coverage\.spec\.ts/, dependencies: ['app'] },
  ],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    // A phone's browser, as most payers use: a wallet payment goes to the provider's cashier
    // page and back (specs/handoff.spec.ts covers WeChat's sheet and a desktop's code).
    userAgent: MOBILE_CHROME,
    viewport: { width: 375, height: 667 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download cannot work here.
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: [
    {
      command: `node serve.mjs ../../dist ${PORT}`,
      env: { CSP_BACKENDS: [PRISM_PORT, PROXY_PORT, BACKEND_PORT, SWITCHED_BACKEND_PORT, FAULT_BACKEND_PORT].map((p) => `http://127.0.0.1:${p}`).join(' ') },
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: false,
    },
    {
      // A backend generated from the contract that no one here wrote (another origin: CORS).
      command: `npx prism mock ../../public/openapi.yaml --host 127.0.0.1 --port ${PRISM_PORT}`,
      url: `http://127.0.0.1:${PRISM_PORT}/regions`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // The reference backend (built by `make test-e2e`)…
      command: `../../target/debug/insurance-pay-backend`,
      // Every test checks receipts from 127.0.0.1; the switched backend keeps the limit of 10.
      env: { PORT: String(BACKEND_PORT), VERIFY_BASE: `http://127.0.0.1:${PORT}/check`, DATABASE: `${DATABASES}/reference.sqlite3`, RECEIPT_CHECKS_PER_MINUTE: '1000', SMS_PER_HOUR: SHARED_SMS_PER_HOUR },
      url: `http://127.0.0.1:${BACKEND_PORT}/regions`,
      reuseExistingServer: false,
    },
    {
      command: `../../target/debug/insurance-pay-backend`,
      env: { PORT: String(SWITCHED_BACKEND_PORT), VERIFY_BASE: `http://127.0.0.1:${PORT}/check`, DATABASE: `${DATABASES}/switched.sqlite3`, SMS_PER_HOUR: SHARED_SMS_PER_HOUR },
      url: `http://127.0.0.1:${SWITCHED_BACKEND_PORT}/regions`,
      reuseExistingServer: false,
    },
    {
      command: `../../target/debug/insurance-pay-backend`,
      env: { PORT: String(FAULT_BACKEND_PORT), VERIFY_BASE: `http://127.0.0.1:${PORT}/check`, DATABASE: `${DATABASES}/faults.sqlite3`, SETTLE_MS: '8000', RECEIPT_CHECKS_PER_MINUTE: '1000', SMS_PER_HOUR: SHARED_SMS_PER_HOUR },
      url: `http://127.0.0.1:${FAULT_BACKEND_PORT}/regions`,
      reuseExistingServer: false,
    },
    {
      // …behind Prism's validating proxy: any request or response off the contract is an error.
      command: `npx prism proxy ../../public/openapi.yaml http://127.0.0.1:${BACKEND_PORT} --host 127.0.0.1 --port ${PROXY_PORT} --errors`,
      url: `http://127.0.0.1:${PROXY_PORT}/regions`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
