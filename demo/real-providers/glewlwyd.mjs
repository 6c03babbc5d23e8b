// Glewlwyd 2.7.5 (Debian 12's `glewlwyd`) as a real OpenID Provider: a fresh SQLite database
// made from Debian's own schema, its OIDC plugin, two public clients and a test user written into
// it before start, its own login webapp served by itself, all in a temp directory.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync, pbkdf2Sync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  binaryOf,
  clientSpecs,
  freePort,
  release,
  spawnDetached,
  startVhostProxy,
  tempDir,
  waitForJson,
} from './shared.mjs';

const SCHEMA = '/usr/share/dbconfig-common/data/glewlwyd/install/sqlite3';
const WEBAPP = '/usr/share/glewlwyd/webapp';
// Debian's webapp/config.json is a symlink to this directory; the real file is inside it.
const WEBAPP_CONFIG = '/etc/glewlwyd/config-2.7.json/config.json';
const PLUGIN = 'oidc';
const SCOPES = ['openid', 'profile', 'email'];
const KEY_ID = 'interop-es256';

const sql = (value) => `'${String(value).replaceAll("'", "''")}'`;

/** Glewlwyd's password hash: base64(PBKDF2-SHA256(password, salt, n, 32) ‖ salt), then `,n`. */
function passwordHash(password, iterations = 1000) {
  const salt = randomBytes(12).toString('base64url').slice(0, 16);
  const digest = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  return `${Buffer.concat([digest, Buffer.from(salt)]).toString('base64')},${iterations}`;
}

/** A fresh ES256 signing key (made in a millisecond, unlike RSA) as the private JWKS the plugin takes. */
function signingJwks() {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: KEY_ID, alg: 'ES256', use: 'sig' }] };
}

/** The OIDC plugin's parameters: the admin webapp's defaults, with what the suite needs on. */
function pluginParameters(issuer) {
  return {
    iss: issuer,
    'jwt-type': 'ecdsa',
    'jwt-key-size': '256',
    'jwks-private': JSON.stringify(signingJwks()),
    'default-kid': KEY_ID,
    'jwks-show': true,
    'access-token-duration': 3600,
    'refresh-token-duration': 1209600,
    'code-duration': 600,
    'refresh-token-rolling': true,
    'refresh-token-one-use': 'never',
    'allow-non-oidc': false,
    'auth-type-code-enabled': true,
    'auth-type-token-enabled': false,
    'auth-type-id-token-enabled': true,
    'auth-type-none-enabled': true,
    'auth-type-password-enabled': false,
    'auth-type-client-enabled': false,
    'auth-type-device-enabled': false,
    'auth-type-refresh-enabled': true,
    scope: [],
    'additional-parameters': [],
    claims: [],
    'request-parameter-allow': true,
    'request-uri-allow-https-non-secure': false,
    'subject-type': 'public',
    'address-claim': { type: 'no', mandatory: false },
    // The name and e-mail in every ID token, whatever scope: the RP page shows the name.
    'name-claim': 'mandatory',
    'name-claim-scope': [],
    'email-claim': 'mandatory',
    'email-claim-scope': [],
    'scope-claim': 'no',
    'allowed-scope': SCOPES,
    'pkce-allowed': true,
    'pkce-method-plain-allowed': false,
    'introspection-revocation-allowed': true,
    'introspection-revocation-auth-scope': [],
    'introspection-revocation-allow-target-client': true,
    'register-client-allowed': false,
    'session-management-allowed': true,
    'session-cookie-name': 'GLEWLWYD2_OIDC_SID',
    'session-cookie-expiration': 2419200,
    'front-channel-logout-allowed': true,
    'back-channel-logout-allowed': false,
    'client-jwks-parameter': 'jwks',
    'client-jwks_uri-parameter': 'jwks_uri',
    'request-maximum-exp': 3600,
    'encrypt-out-token-allow': false,
    'oauth-dpop-allowed': false,
    'resource-allowed': false,
    'oauth-rar-allowed': false,
    'oauth-par-allowed': false,
    'oauth-ciba-allowed': false,
  };
}

/** The SQL run on Debian's schema: plugin, scopes, the client module fix, user, clients, grants. */
function setupSql({ issuer, clients, user }) {
  const lines = [
    // Debian's client module stores `post_logout_redirect_uri` (one value), but the OIDC plugin
    // reads `post_logout_redirect_uris` (a list): without this field no client can be sent back.
    `UPDATE g_client_module_instance SET gcmi_parameters = json_set(gcmi_parameters, '$."data-format".post_logout_redirect_uris', json('{"multiple":true,"read":true,"write":true}')) WHERE gcmi_name = 'database';`,
    `UPDATE g_scope SET gs_password_required = 1, gs_password_max_age = 0 WHERE gs_name = 'openid';`,
    ...SCOPES.filter((scope) => scope !== 'openid').map(
      (scope) =>
        `INSERT INTO g_scope (gs_name, gs_display_name, gs_description, gs_password_required, gs_password_max_age) VALUES (${sql(scope)}, ${sql(scope)}, ${sql(`OIDC ${scope} scope`)}, 1, 0);`,
    ),
    `INSERT INTO g_plugin_module_instance (gpmi_module, gpmi_name, gpmi_display_name, gpmi_parameters, gpmi_enabled) VALUES ('oidc', ${sql(PLUGIN)}, 'OpenID Connect', ${sql(JSON.stringify(pluginParameters(issuer)))}, 1);`,
    `INSERT INTO g_user (gu_username, gu_name, gu_email, gu_enabled) VALUES (${sql(user.login)}, ${sql(user.name)}, ${sql(user.email)}, 1);`,
    `INSERT INTO g_user_password (gu_id, guw_password) VALUES ((SELECT gu_id FROM g_user WHERE gu_username = ${sql(user.login)}), ${sql(passwordHash(user.password))});`,
  ];
  for (const scope of [...SCOPES, 'g_profile']) {
    if (scope !== 'g_profile') lines.push(`INSERT OR IGNORE INTO g_user_scope (gus_name) VALUES (${sql(scope)});`);
    lines.push(
      `INSERT INTO g_user_scope_user (gu_id, gus_id) VALUES ((SELECT gu_id FROM g_user WHERE gu_username = ${sql(user.login)}), (SELECT gus_id FROM g_user_scope WHERE gus_name = ${sql(scope)}));`,
    );
  }
  for (const client of clients) {
    const id = `(SELECT gc_id FROM g_client WHERE gc_client_id = ${sql(client.clientId)})`;
    lines.push(
      `INSERT INTO g_client (gc_client_id, gc_name, gc_description, gc_confidential, gc_enabled) VALUES (${sql(client.clientId)}, ${sql(client.clientId)}, 'sign-out-button interop RP', 0, 1);`,
    );
    const properties = [
      ...client.redirectUris.map((uri) => ['redirect_uri', uri]),
      ['authorization_type', 'code'],
      ['authorization_type', 'refresh_token'],
      ...client.postLogoutRedirectUris.map((uri) => ['post_logout_redirect_uris', uri]),
      ['frontchannel_logout_uri', client.frontChannelLogoutUri],
      ['frontchannel_logout_session_required', 'true'],
    ];
    for (const [name, value] of properties) {
      lines.push(
        `INSERT INTO g_client_property (gc_id, gcp_name, gcp_value) VALUES (${id}, ${sql(name)}, ${sql(value)});`,
      );
    }
    // The user's consent, given once beforehand: otherwise the first sign-in asks for it.
    for (const scope of SCOPES) {
      lines.push(
        `INSERT INTO g_client_user_scope (gs_id, gcus_username, gcus_client_id, gcus_enabled) VALUES ((SELECT gs_id FROM g_scope WHERE gs_name = ${sql(scope)}), ${sql(user.login)}, ${sql(client.clientId)}, 1);`,
      );
    }
  }
  return lines.join('\n');
}

function configFile({ port, externalUrl, dir, allowFraming }) {
  const mime = [
    ['.html', 'text/html'],
    ['.css', 'text/css'],
    ['.js', 'application/javascript'],
    ['.json', 'application/json'],
    ['.png', 'image/png'],
    ['.ico', 'image/x-icon'],
    ['.svg', 'image/svg+xml'],
    ['.ttf', 'font/ttf'],
    ['.woff', 'font/woff'],
    ['.woff2', 'font/woff2'],
    ['.eot', 'application/vnd.ms-fontobject'],
    ['.map', 'application/octet-stream'],
  ];
  return `port=${port}
bind_address="127.0.0.1"
external_url="${externalUrl}"
login_url="login.html"
api_prefix="api"
static_files_path="${dir}/webapp/"
allow_origin="*"
log_mode="console"
log_level="WARNING"
cookie_secure=0
cookie_same_site="empty"
session_expiration=2419200
session_key="GLEWLWYD2_SESSION_ID"
admin_session_authentication="cookie"
profile_session_authentication="cookie"
allow_multiple_user_per_session=true
login_api_enabled=true
add_x_frame_option_header_deny=${allowFraming ? 'false' : 'true'}
admin_scope="g_admin"
profile_scope="g_profile"
user_module_path="/usr/lib/glewlwyd/user"
client_module_path="/usr/lib/glewlwyd/client"
user_auth_scheme_module_path="/usr/lib/glewlwyd/scheme"
plugin_module_path="/usr/lib/glewlwyd/plugin"
use_secure_connection=false
# Needed even with TLS off: without both, Glewlwyd exits ("certificate is not valid").
secure_connection_key_file="${dir}/unused.key"
secure_connection_pem_file="${dir}/unused.pem"
hash_algorithm="SHA512"
database = { type = "sqlite3" path = "${dir}/glewlwyd.db" };
static_files_mime_types = (
${mime.map(([extension, type]) => `  { extension = "${extension}" mime_type = "${type}" }`).join(',\n')}
);
`;
}

/** The login webapp, copied with its symlinks resolved (Glewlwyd serves no file outside its root). */
function copyWebapp(dir, externalUrl) {
  for (const entry of readdirSync(WEBAPP)) {
    if (entry === 'config.json') continue;
    cpSync(join(WEBAPP, entry), join(dir, 'webapp', entry), { recursive: true, dereference: true });
  }
  const config = JSON.parse(readFileSync(WEBAPP_CONFIG, 'utf8'));
  // English only: the page's prompts are what the helpers click.
  Object.assign(config, { GlewlwydUrl: `${externalUrl}/`, lang: ['en'], defaultLang: 'en' });
  writeFileSync(join(dir, 'webapp', 'config.json'), JSON.stringify(config, null, 2));
}

/**
 * Starts Glewlwyd. Options: `host` (the name in its URLs, default 127.0.0.1; it always listens
 * on 127.0.0.1), `rpOrigins` (required), `clients` (see clientSpecs), `user`, `allowFraming`
 * (drops its `X-Frame-Options: deny`, needed by check_session_iframe), `vhosts` ({ hostname:
 * targetOrigin }: RP pages served on the provider's own port, e.g. `rp1.op.localhost`), `port`
 * (its port, default a free one).
 */
export async function start({
  host = '127.0.0.1',
  rpOrigins = [],
  clients,
  user = {},
  allowFraming = false,
  vhosts = {},
  port: fixedPort,
} = {}) {
  const started = Date.now();
  const publicPort = fixedPort ?? (await freePort());
  const proxied = Object.keys(vhosts).length > 0;
  const port = proxied ? await freePort() : publicPort;
  const externalUrl = `http://${host}:${publicPort}`;
  const issuer = `${externalUrl}/api/${PLUGIN}`;
  const vhostOrigins = Object.fromEntries(Object.keys(vhosts).map((name) => [name, `http://${name}:${publicPort}`]));
  const allOrigins = [...rpOrigins, ...Object.values(vhostOrigins)];
  const specs = clientSpecs({ rpOrigins: allOrigins, clients, prefix: 'glewlwyd' });
  const testUser = {
    login: user.login ?? 'interop',
    password: user.password ?? 'interop-password',
    name: user.name ?? 'Interop Tester',
    email: user.email ?? 'interop@example.test',
  };

  const dir = tempDir('glewlwyd');
  let server;
  let proxy;
  try {
    copyWebapp(dir.path, externalUrl);
    const setup = setupSql({ issuer, clients: specs, user: testUser });
    writeFileSync(join(dir.path, 'setup.sql'), setup);
    // One transaction without syncs: statement by statement, Debian's schema takes seconds to write.
    const input = `PRAGMA synchronous = OFF;\nBEGIN;\n${readFileSync(SCHEMA, 'utf8')}\n${setup}\nCOMMIT;\n`;
    execFileSync('sqlite3', ['-bail', join(dir.path, 'glewlwyd.db')], { input, stdio: ['pipe', 'pipe', 'pipe'] });
    writeFileSync(join(dir.path, 'glewlwyd.conf'), configFile({ port, externalUrl, dir: dir.path, allowFraming }));
    server = spawnDetached(binaryOf('glewlwyd'), ['-c', join(dir.path, 'glewlwyd.conf')], {
      cwd: dir.path,
      logFile: join(dir.path, 'glewlwyd.log'),
    });
    if (proxied) proxy = await startVhostProxy(publicPort, vhosts, `http://127.0.0.1:${port}`);
    const discovery = await waitForJson(`${issuer}/.well-known/openid-configuration`, server);
    return {
      name: 'glewlwyd',
      version: '2.7.5',
      issuer,
      discovery,
      port: publicPort,
      dir: dir.path,
      startMs: Date.now() - started,
      rpOrigins: allOrigins,
      vhostOrigins,
      clients: specs,
      user: { login: testUser.login, password: testUser.password, name: testUser.name },
      log: () => server.log(),
      signInForm: (page) => signInForm(page, testUser),
      confirmLogout,
      stop: () => release({ proxy, server, dir }),
    };
  } catch (error) {
    await release({ proxy, server, dir });
    throw error;
  }
}

/**
 * Fills Glewlwyd's login page as a person does: user name, password, then "Continue" to go
 * back to the client. Resolves once the browser has left the login page.
 */
export async function signInForm(page, user) {
  await page.waitForURL(/\/login\.html/);
  await page.getByLabel('Login').fill(user.login);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'OK' }).click();
  // Signed in, it asks what next: "Continue" (to the client) or "Logout".
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login.html'));
}

/**
 * Answers Glewlwyd's end-session prompt ("End session: The client X wishes you to close the
 * current session", Logout or Stay connected) with Logout; resolves with `{ prompt }`.
 */
export async function confirmLogout(page) {
  await page.waitForURL(/\/login\.html/);
  // Once it names the client: before its session list has loaded, Logout breaks the page.
  const prompt = await page.getByText(/The client \S+ wishes you to close the current session/).textContent();
  // Its icon font adds a glyph to each button's name: match by the words, not exactly.
  await page.getByRole('button', { name: 'Logout' }).click();
  return { prompt };
}
