// `make screenshots`: photographs every state of a payment in both modes and both languages at
// 375×667, and writes a contact sheet (artifacts/screenshots/index.html). Not part of `make test`.
import { defineConfig } from '@playwright/test';

const PORT = 8091;

export default defineConfig({
  testDir: './screenshots',
  timeout: 300_000,
  workers: 2,
  fullyParallel: true,
  reporter: [['list']],
  outputDir: '../../artifacts/test-results-screenshots',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] },
  },
  webServer: { command: `node serve.mjs ../../dist ${PORT}`, url: `http://127.0.0.1:${PORT}/`, reuseExistingServer: false },
});
