/** The console's HTML shell: the Lit app (sdk/src/console) does the rest after sign-in. */
export const CONSOLE_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <title>Polyglot operator console</title>
    <script type="module" src="/console/polyglot-console.js"></script>
  </head>
  <body style="margin: 0; font-family: system-ui, sans-serif">
    <polyglot-console></polyglot-console>
    <noscript>The operator console needs JavaScript.</noscript>
  </body>
</html>
`;

/** Served with the page and its API: nothing from elsewhere, never framed. */
export const CONSOLE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;
