// Debian's Chromium, headless, for every browser the project drives: the SDK unit tests
// (web-test-runner), the docs screenshots and the end-to-end harness. One list, so a flag that
// keeps this machine's Chromium quiet or offline is set everywhere at once.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
