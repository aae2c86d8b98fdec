// SDK unit tests in Debian's Chromium (no browser download: see docs/testing.md).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';

export default {
  files: ['src/**/*.test.ts'],
  nodeResolve: true,
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: new URL('./tsconfig.json', import.meta.url).pathname }),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'],
      },
    }),
  ],
  // The widget logs each state change at debug level; keep test output readable.
  filterBrowserLogs: ({ type }) => type !== 'debug',
  testFramework: { config: { timeout: 10000 } },
};
