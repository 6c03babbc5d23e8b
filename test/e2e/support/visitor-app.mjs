// A newcomer's fresh app, for `npm start -- --client-origin ORIGIN`: three plain pages on ORIGIN
// that sign in with oidc-client-ts (its browser build) as client my-app, and sign out with the
// drop-in classic script, against the demo's provider. It knows nothing of the demo's pages.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The pages; `%AUTHORITY%` is the provider's issuer. */
const PAGES = {
  '/': `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>My app</title>
<script src="/oidc-client-ts.min.js"></script>
<script src="/sign-out-button.iife.js"></script></head>
<body>
  <h1>My app</h1>
  <p id="user">…</p>
  <button id="sign-in" type="button">Sign in</button>
  <sign-out-button authority="%AUTHORITY%" client-id="my-app" post-logout-redirect-uri="/signed-out.html"
    after-url="/?signed-out">Sign out</sign-out-button>
  <script>
    const manager = new oidc.UserManager({
      authority: '%AUTHORITY%',
      client_id: 'my-app',
      redirect_uri: location.origin + '/callback.html',
      scope: 'openid profile',
    });
    manager.getUser().then((user) => {
      document.getElementById('user').textContent = user ? 'Signed in as ' + user.profile.sub : 'Nobody';
    });
    document.getElementById('sign-in').addEventListener('click', () => manager.signinRedirect());
  </script>
</body>
</html>`,
  '/callback.html': `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Signing in…</title>
<script src="/oidc-client-ts.min.js"></script></head>
<body><script>
  new oidc.UserManager({ authority: '%AUTHORITY%', client_id: 'my-app', redirect_uri: location.origin + '/callback.html' })
    .signinRedirectCallback()
    .then(() => location.replace('/'));
</script></body>
</html>`,
  '/signed-out.html': `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Signing out…</title>
<script src="/sign-out-button.iife.js"></script>
<script>SignOutButton.completeSignOut();</script></head>
<body></body>
</html>`,
  '/front-channel.html': `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Front-channel logout</title>
<script src="/sign-out-button.iife.js"></script>
<script>SignOutButton.handleFrontChannelLogout({ authority: '%AUTHORITY%', clientId: 'my-app' });</script></head>
<body></body>
</html>`,
};

const SCRIPTS = {
  '/oidc-client-ts.min.js': 'node_modules/oidc-client-ts/dist/browser/oidc-client-ts.min.js',
  '/sign-out-button.iife.js': 'dist/cdn/sign-out-button.iife.js',
};

/**
 * Serves the app on 127.0.0.1:`port` for the provider `authority`. Returns `{ origin, requests,
 * close }`; `requests` lists the paths (with query) it was asked for.
 */
export async function startVisitorApp(port, authority) {
  const requests = [];
  const server = createServer((request, response) => {
    requests.push(request.url);
    const path = new URL(request.url, 'http://app').pathname;
    if (PAGES[path]) {
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      response.end(PAGES[path].replaceAll('%AUTHORITY%', authority));
    } else if (SCRIPTS[path]) {
      response.setHeader('Content-Type', 'text/javascript; charset=utf-8');
      response.end(readFileSync(`${root}${SCRIPTS[path]}`));
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
