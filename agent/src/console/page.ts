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

/**
 * Served with the page and its API: nothing from elsewhere, never framed. With LiveKit the page
 * may also connect to the LiveKit server (`livekitUrl`), to join a call by voice.
 */
export function consoleHeaders(livekitUrl?: string): Record<string, string> {
  let connect = "'self'";
  if (livekitUrl) {
    const u = new URL(livekitUrl);
    const secure = u.protocol === 'wss:' || u.protocol === 'https:';
    // livekit-client signals over the WebSocket and checks the server over HTTP when it fails.
    connect += ` ${secure ? 'wss' : 'ws'}://${u.host} ${secure ? 'https' : 'http'}://${u.host}`;
  }
  return {
    'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src ${connect}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}
