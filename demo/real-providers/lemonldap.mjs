// LemonLDAP::NG 2.16.1 (Debian 12's `liblemonldap-ng-portal-perl`) as a real OpenID Provider:
// its portal as a PSGI app under `plackup`, with a configuration of its own in a temp directory
// (file backend, Demo users, the OIDC issuer on, two public clients), no web server.
import { generateKeyPair } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
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

const SYSTEM_INI = '/etc/lemonldap-ng/lemonldap-ng.ini';
const SYSTEM_CONF = '/var/lib/lemonldap-ng/conf/lmConf-1.json';
const PORTAL = '/usr/share/lemonldap-ng/portal';
// The Demo backend's accounts (Lemonldap::NG::Portal::UserDB::Demo): the password is the login.
const DEMO_USERS = { dwho: 'Doctor Who', rtyler: 'Rose Tyler', msmith: 'Mickey Smith' };

/** The portal ini: Debian's, with the configuration, cache and templates pointed at `dir`. */
function iniFile(dir, logLevel) {
  const debian = readFileSync(SYSTEM_INI, 'utf8');
  const portal = debian.match(/^\[portal\][\s\S]*?(?=^\[)/m)?.[0] ?? '[portal]\n';
  return `[all]
logLevel = ${logLevel}
checkTime = 1

[configuration]
type = File
dirName = ${dir}/conf
prettyPrint = 1

${portal.replace(/^languages\s*=.*$/m, 'languages = en')}
[handler]
status = 0
useRedirectOnError = 1
`;
}

/**
 * The PSGI app: the portal, plus the two static trees Debian's nginx sample serves beside it
 * (/static/ and Debian's shared /javascript/: jQuery, Bootstrap, Font Awesome).
 */
const PSGI = `use strict;
use Plack::Builder;
use Lemonldap::NG::Portal::Main;
my $portal = Lemonldap::NG::Portal::Main->run( {} );
builder {
    enable 'Static', path => qr{^/static/}, root => '${PORTAL}/htdocs/';
    enable 'Static', path => qr{^/javascript/}, root => '/usr/share/';
    $portal;
};
`;

function storage(dir, name) {
  mkdirSync(join(dir, name, 'lock'), { recursive: true });
  return { Directory: join(dir, name), LockDirectory: join(dir, name, 'lock') };
}

/** The configuration: Debian's sample less its demo sites, with the OIDC issuer and the clients. */
function configuration({ dir, host, portal, issuer, keys, clients, bypassLogoutConfirm }) {
  const debian = JSON.parse(readFileSync(SYSTEM_CONF, 'utf8'));
  const rps = Object.fromEntries(clients.map((client, index) => [`rp${index + 1}`, client]));
  return {
    ...debian,
    cfgNum: 1,
    cfgAuthor: 'sign-out-button interop',
    cfgDate: String(Math.floor(Date.now() / 1000)),
    applicationList: {},
    exportedHeaders: {},
    locationRules: {},
    reloadUrls: {},
    notification: 0,
    loginHistoryEnabled: 0,
    portal,
    // Required (it refuses to start without); the provider's own host name does.
    domain: host,
    securedCookie: 0,
    globalStorage: 'Apache::Session::File',
    globalStorageOptions: {
      ...storage(dir, 'sessions'),
      generateModule: 'Lemonldap::NG::Common::Apache::Session::Generate::SHA256',
    },
    persistentStorage: 'Apache::Session::File',
    persistentStorageOptions: storage(dir, 'psessions'),
    localSessionStorage: '',
    localSessionStorageOptions: {},
    authentication: 'Demo',
    userDB: 'Same',
    passwordDB: 'Demo',
    registerDB: 'Null',
    issuerDBOpenIDConnectActivation: 1,
    oidcServiceMetaDataIssuer: issuer,
    oidcServicePrivateKeySig: keys.privateKey,
    oidcServicePublicKeySig: keys.publicKey,
    oidcServiceKeyIdSig: 'interop-rs256',
    oidcServiceAllowAuthorizationCodeFlow: 1,
    oidcRPMetaDataOptions: Object.fromEntries(
      Object.entries(rps).map(([key, client]) => [
        key,
        {
          oidcRPMetaDataOptionsClientID: client.clientId,
          oidcRPMetaDataOptionsDisplayName: client.clientId,
          oidcRPMetaDataOptionsPublic: 1,
          oidcRPMetaDataOptionsRequirePKCE: 1,
          oidcRPMetaDataOptionsIDTokenSignAlg: 'RS256',
          oidcRPMetaDataOptionsRefreshToken: 1,
          // Name and e-mail in the ID token too: oidc-client-ts reads no userinfo by default.
          oidcRPMetaDataOptionsIDTokenForceClaims: 1,
          // Space-separated lists, as its manager stores them.
          oidcRPMetaDataOptionsRedirectUris: client.redirectUris.join(' '),
          oidcRPMetaDataOptionsPostLogoutRedirectUris: client.postLogoutRedirectUris.join(' '),
          oidcRPMetaDataOptionsLogoutUrl: client.frontChannelLogoutUri,
          oidcRPMetaDataOptionsLogoutType: 'front',
          oidcRPMetaDataOptionsLogoutSessionRequired: 1,
          oidcRPMetaDataOptionsLogoutBypassConfirm: bypassLogoutConfirm ? 1 : 0,
          // Consent given beforehand: otherwise the first sign-in asks for it.
          oidcRPMetaDataOptionsBypassConsent: 1,
        },
      ]),
    ),
    oidcRPMetaDataExportedVars: Object.fromEntries(
      Object.keys(rps).map((key) => [key, { name: 'cn', email: 'mail', preferred_username: 'uid' }]),
    ),
    oidcRPMetaDataOptionsExtraClaims: {},
  };
}

/**
 * Starts LemonLDAP::NG's portal. Options: `host` (the name in its URLs, default 127.0.0.1; it
 * always listens on 127.0.0.1), `rpOrigins` (required), `clients` (see clientSpecs), `user` (one
 * of the Demo logins: dwho, rtyler, msmith), `bypassLogoutConfirm` (its per-client option to
 * skip the logout prompt), `vhosts` ({ hostname: targetOrigin }, RP pages on the provider's port),
 * `logLevel` (its log, in the temp directory: error, warn, notice, info or debug), `port` (its
 * port, default a free one).
 */
export async function start({
  host = '127.0.0.1',
  rpOrigins = [],
  clients,
  user = 'dwho',
  bypassLogoutConfirm = false,
  vhosts = {},
  port: fixedPort,
  logLevel = 'warn',
} = {}) {
  const started = Date.now();
  // A login, or { login } as Glewlwyd's start takes it: Demo passwords are the logins.
  if (typeof user === 'object') user = user.login ?? 'dwho';
  if (!DEMO_USERS[user]) throw new Error(`LemonLDAP::NG's Demo backend has ${Object.keys(DEMO_USERS)}, not ${user}`);
  // RSA only (it signs with RS256 or HS256): made while the rest is prepared.
  const keyPair = promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const publicPort = fixedPort ?? (await freePort());
  const proxied = Object.keys(vhosts).length > 0;
  const port = proxied ? await freePort() : publicPort;
  const issuer = `http://${host}:${publicPort}`;
  const vhostOrigins = Object.fromEntries(Object.keys(vhosts).map((name) => [name, `http://${name}:${publicPort}`]));
  const allOrigins = [...rpOrigins, ...Object.values(vhostOrigins)];
  const specs = clientSpecs({ rpOrigins: allOrigins, clients, prefix: 'lemonldap' });

  const dir = tempDir('lemonldap');
  let server;
  let proxy;
  try {
    mkdirSync(join(dir.path, 'conf'));
    writeFileSync(join(dir.path, 'lemonldap-ng.ini'), iniFile(dir.path, logLevel));
    writeFileSync(join(dir.path, 'portal.psgi'), PSGI);
    const config = configuration({
      dir: dir.path,
      host,
      portal: `${issuer}/`,
      issuer,
      keys: await keyPair,
      clients: specs,
      bypassLogoutConfirm,
    });
    writeFileSync(join(dir.path, 'conf', 'lmConf-1.json'), JSON.stringify(config, null, 1));
    server = spawnDetached(
      binaryOf('lemonldap'),
      // The deployment environment: no Lint and StackTrace middleware on every request.
      ['-E', 'deployment', '-s', 'HTTP::Server::PSGI', '--host', '127.0.0.1', '--port', String(port), 'portal.psgi'],
      {
        cwd: dir.path,
        env: { ...process.env, LLNG_DEFAULTCONFFILE: join(dir.path, 'lemonldap-ng.ini') },
        logFile: join(dir.path, 'portal.log'),
      },
    );
    if (proxied) proxy = await startVhostProxy(publicPort, vhosts, `http://127.0.0.1:${port}`);
    const discovery = await waitForJson(`${issuer}/.well-known/openid-configuration`, server, 30000);
    return {
      name: 'lemonldap',
      version: '2.16.1',
      issuer,
      discovery,
      port: publicPort,
      dir: dir.path,
      startMs: Date.now() - started,
      rpOrigins: allOrigins,
      vhostOrigins,
      clients: specs,
      user: { login: user, password: user, name: DEMO_USERS[user] },
      log: () => server.log(),
      signInForm: (page) => signInForm(page, { login: user, password: user }),
      confirmLogout,
      stop: () => release({ proxy, server, dir }),
    };
  } catch (error) {
    await release({ proxy, server, dir });
    throw error;
  }
}

/** Fills the portal's login form as a person does; resolves once the browser has left the portal. */
export async function signInForm(page, user) {
  const portal = new URL(page.url()).origin;
  const form = page.locator('form#lform');
  await form.locator('input[name=user]').fill(user.login);
  await form.locator('input[name=password]').fill(user.password);
  await form.getByRole('button', { name: 'Connect' }).click();
  await page.waitForURL((url) => url.origin !== portal);
}

/**
 * Answers the portal's "Confirmation: Do you want to logout?" (Accept, Refuse, Cancel) with
 * Accept (not shown with `bypassLogoutConfirm`). With a post-logout redirect it then shows
 * "You'll be redirected in 30 seconds" (Continue, Wait) around the front-channel iframes, with or
 * without the prompt: unless `waitForRedirect`, this waits for those frames to load, as its timer
 * would, and presses Continue (after `beforeContinue()`, if given: a person reading the notice
 * while the frames do their work). Resolves with `{ prompt, notice }`, each as first shown or null.
 */
export async function confirmLogout(page, { waitForRedirect = false, timeoutMs = 30000, beforeContinue } = {}) {
  const portal = new URL(page.url()).origin;
  const question = page.getByText('Do you want to logout?');
  const timer = page.locator('#timer');
  const visible = (locator) => locator.isVisible().catch(() => false);
  let prompt = null;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if (new URL(page.url()).origin !== portal) return { prompt, notice: null };
    if (prompt === null && (await visible(question))) {
      prompt = await question.textContent();
      await page.getByRole('button', { name: 'Accept' }).click();
    } else if (await visible(timer)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const notice = await timer.textContent({ timeout: 100 }).catch(() => null);
  if (waitForRedirect || notice === null) return { prompt, notice };
  const frames = page.mainFrame().childFrames();
  await Promise.all(frames.map((frame) => frame.waitForLoadState('load')));
  await beforeContinue?.();
  await page.getByRole('button', { name: 'Continue' }).click();
  return { prompt, notice };
}
