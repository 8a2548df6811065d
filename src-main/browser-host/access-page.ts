/**
 * What the browser host answers, instead of the app, to a page request
 * without its access token: still a 403 (a stale or missing token never gets
 * the app), but as a short page that says why and how to get in, since the
 * usual cause is harmless: the host was restarted, and each start makes a
 * new token, so the address a browser tab still shows no longer works.
 *
 * The page is static, written here: nothing from the request (least of all
 * the token given) is put in it. It has no script and no inline style, so it
 * keeps the app's Content-Security-Policy; it borrows the app's own
 * stylesheet (same origin) to look like the app.
 */
export type AccessRefusal = 'stale-token' | 'no-token';

const START_COMMAND = 'npm run start:browser';

/** The `<link rel="stylesheet">` tags of the built page, to reuse on the refusal page. */
export function stylesheetLinks(indexHtml: string): string[] {
  return [...indexHtml.matchAll(/<link\b[^>]*\brel=["']?stylesheet["']?[^>]*>/gi)].map((match) => match[0]);
}

export function accessRefusalPage(refusal: AccessRefusal, stylesheets: readonly string[]): string {
  const [heading, why] =
    refusal === 'stale-token'
      ? [
          'The app was restarted',
          'This address is from an earlier start of the browser host. Each start makes a new private address, and the old one stops working.',
        ]
      : ['This address is incomplete', 'The browser host opens only from the full private address it prints when it starts (it ends in ?token=…).'];
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="icon" href="data:," />
    <title>${heading}: Teamified Kiosk</title>
    ${stylesheets.join('\n    ')}
  </head>
  <body>
    <div class="app-shell">
      <header class="app-header"><p class="brand"><span class="brand-mark" aria-hidden="true">T</span>Teamified Kiosk</p></header>
      <main class="app-main app-main-narrow">
        <div class="card">
          <h1 class="screen-title">${heading}</h1>
          <div class="alert alert-info"><p>${why}</p></div>
          <p>Open the new address printed in the terminal where the browser host is running: the line that starts with <strong>Open:</strong>.</p>
          <p>If that terminal is closed, start the browser host again with <code>${START_COMMAND}</code> and open the address it prints.</p>
        </div>
      </main>
    </div>
  </body>
</html>
`;
}
