// A real WordPress for the tests, from Debian's packages: MariaDB and Apache with mod_php run as
// this process's own children (detached, own process groups, free ports on 127.0.0.1, a temp
// directory for everything), never as the system's services. WordPress's files are Debian's
// (/usr/share/wordpress), hard-linked into the temp directory with a wp-config.php of its own; the
// site is installed by WordPress's own installer function and its users created by WordPress.
// Then the steps people take in it, in a browser page, shared by the test and the screenshots: the
// Administrator's sign-in, the plugin's upload and activation, its settings page; and a visitor
// signed in at the provider as the site's client.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, spawnDetached } from '../../demo/real-providers/shared.mjs';
import { run } from '../e2e/support/processes.mjs';
import { providerSignIn } from '../e2e/support/provider-session.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const WORDPRESS = '/usr/share/wordpress';
const THEME = 'twentytwentythree';

/** Debian 12's packages, and a file of each that shows it is there. */
export const PACKAGES = [
  'wordpress',
  `wordpress-theme-${THEME}`,
  'mariadb-server',
  'apache2',
  'libapache2-mod-php',
  'php-mysql',
  'php-cli',
];
const FILES = [
  `${WORDPRESS}/wp-settings.php`,
  `${WORDPRESS}/wp-content/themes/${THEME}/theme.json`,
  '/usr/sbin/mariadbd',
  '/usr/sbin/apache2',
  '/usr/bin/php',
];
const phpModule = () => readdirSync('/usr/lib/apache2/modules').find((name) => /^libphp[\d.]*\.so$/.test(name));
const hasMysqli = () => {
  try {
    return execFileSync('php', ['-m'], { encoding: 'utf8' }).split('\n').includes('mysqli');
  } catch {
    return false;
  }
};
const missing = () => [
  ...FILES.filter((file) => !existsSync(file)),
  ...(existsSync('/usr/lib/apache2/modules') && phpModule() ? [] : ['mod_php']),
  ...(existsSync('/usr/bin/php') && hasMysqli() ? [] : ['php mysqli']),
];

export const installCommand = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${PACKAGES.join(' ')}`;

/**
 * Makes sure the packages are there: as root with apt-get it installs what is missing (the
 * packages' services are not started: Debian's policy-rc.d in containers, and the tests never use
 * them). Resolves `{ ok: true, version }` or `{ ok: false, reason }` ending with the command to run.
 */
export function ensureWordPress() {
  let absent = missing();
  if (absent.length) {
    const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
    if (!canInstall)
      return {
        ok: false,
        reason: `WordPress is not installed (missing ${absent.join(', ')}); run as root: ${installCommand}`,
      };
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES], {
        stdio: 'ignore',
        env,
      });
    } catch (error) {
      return { ok: false, reason: `apt-get failed (${error.message.split('\n')[0]}); run: ${installCommand}` };
    }
    absent = missing();
    if (absent.length)
      return { ok: false, reason: `apt-get ran but ${absent.join(', ')} is missing; run: ${installCommand}` };
  }
  const version = readFileSync(`${WORDPRESS}/wp-includes/version.php`, 'utf8').match(/\$wp_version = '([^']+)'/)[1];
  return { ok: true, version };
}

const readIf = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

async function waitFor(check, what, server, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  while (Date.now() < deadline && !server.exited) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const why = server.exited ? `exited (${JSON.stringify(server.exited)})` : `not ready in ${timeoutMs} ms`;
  throw new Error(`${what} ${why}${last ? ` (${last.message})` : ''}; log:\n${server.log().slice(-3000)}`);
}

const apacheConfig = ({ dir, port, root, asRoot }) => `ServerName 127.0.0.1
Listen 127.0.0.1:${port}
PidFile ${dir}/apache.pid
DefaultRuntimeDir ${dir}/run
Mutex file:${dir}/run default
ErrorLog ${dir}/apache-error.log
LogLevel warn
LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so
LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
LoadModule php_module /usr/lib/apache2/modules/${phpModule()}
${asRoot ? 'User www-data\nGroup www-data' : ''}
StartServers 3
MinSpareServers 3
MaxSpareServers 8
MaxRequestWorkers 24
KeepAlive On
TypesConfig /etc/mime.types
AddType text/javascript .js .mjs
DocumentRoot ${root}
DirectoryIndex index.php index.html
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory ${root}>
  Options FollowSymLinks
  Require all granted
</Directory>
<Directory ${WORDPRESS}>
  Require all granted
</Directory>
<Directory /usr/share/javascript>
  Require all granted
</Directory>
<Directory ${dir}/javascript>
  Require all granted
</Directory>
<FilesMatch "\\.php$">
  SetHandler application/x-httpd-php
</FilesMatch>
php_admin_flag display_errors off
php_admin_value error_log ${dir}/php-error.log
php_admin_value upload_max_filesize 16M
php_admin_value post_max_size 16M
`;

const wpConfig = ({ origin, dbPort, content }) => {
  const salt = () => randomBytes(32).toString('hex');
  const keys = [
    'AUTH_KEY',
    'SECURE_AUTH_KEY',
    'LOGGED_IN_KEY',
    'NONCE_KEY',
    'AUTH_SALT',
    'SECURE_AUTH_SALT',
    'LOGGED_IN_SALT',
    'NONCE_SALT',
  ];
  return `<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wordpress' );
define( 'DB_PASSWORD', 'wordpress' );
define( 'DB_HOST', '127.0.0.1:${dbPort}' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
${keys.map((key) => `define( '${key}', '${salt()}' );`).join('\n')}
$table_prefix = 'wp_';
define( 'WP_HOME', '${origin}' );
define( 'WP_SITEURL', '${origin}' );
define( 'WP_CONTENT_DIR', '${content}' );
define( 'WP_CONTENT_URL', '${origin}/wp-content' );
define( 'FS_METHOD', 'direct' );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'DISABLE_WP_CRON', true );
define( 'WP_DEBUG', false );
if ( ! defined( 'ABSPATH' ) ) define( 'ABSPATH', __DIR__ . '/' );
require_once ABSPATH . 'wp-settings.php';
`;
};

/**
 * Starts MariaDB and Apache and installs a fresh WordPress with the four writing roles' users
 * (`administrator`, `editor`, `author`, `contributor`, each password `password-<login>`).
 * Resolves `{ origin, version, php(args), stop() }`; `php('command', …args)` runs
 * wordpress-setup.php in that site and returns its JSON answer.
 */
export async function startWordPress() {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'sign-out-button-wordpress-'));
  // Apache's children run as www-data: they must reach the site's files and write its wp-content.
  chmodSync(dir, 0o755);
  const servers = [];
  const stop = async () => {
    for (const server of servers.reverse()) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [dbPort, port] = [await freePort(), await freePort()];
    const origin = `http://127.0.0.1:${port}`;
    // No grant tables: a throwaway server on 127.0.0.1, which WordPress reaches by TCP.
    mkdirSync(join(dir, 'mysql'));
    const mariadbd = spawnDetached(
      '/usr/sbin/mariadbd',
      [
        '--no-defaults',
        ...(asRoot ? ['--user=root'] : []),
        `--datadir=${dir}/mysql`,
        `--socket=${dir}/mysql.sock`,
        `--pid-file=${dir}/mysql.pid`,
        `--port=${dbPort}`,
        '--bind-address=127.0.0.1',
        '--skip-grant-tables',
        '--skip-name-resolve',
        '--innodb-buffer-pool-size=32M',
        '--innodb-log-file-size=8M',
        `--log-error=${dir}/mysql-error.log`,
      ],
      { cwd: dir, logFile: join(dir, 'mysql.log') },
    );
    servers.push(mariadbd);
    const mariadbLog = () => readIf(join(dir, 'mysql-error.log'));

    // The site: Debian's files hard-linked (a copy where that fails), its own config and wp-content.
    const root = join(dir, 'wordpress');
    try {
      execFileSync('cp', ['-al', WORDPRESS, root]);
    } catch {
      cpSync(WORDPRESS, root, { recursive: true, verbatimSymlinks: true });
    }
    // Debian's links to its shared libraries (underscore, getID3) are relative: they must lead there.
    for (const shared of ['javascript', 'php']) symlinkSync(`/usr/share/${shared}`, join(dir, shared));
    rmSync(join(root, 'wp-config.php'));
    rmSync(join(root, 'wp-content'), { recursive: true });
    const content = join(root, 'wp-content');
    for (const sub of ['plugins', 'themes', 'uploads', 'upgrade', 'mu-plugins'])
      mkdirSync(join(content, sub), { recursive: true });
    symlinkSync(`${WORDPRESS}/wp-content/themes/${THEME}`, join(content, 'themes', THEME));
    // The Classic editor, as the Classic Editor plugin switches it on (Debian does not ship it).
    cpSync(join(here, 'wordpress-classic-editor.php'), join(content, 'mu-plugins', 'classic-editor.php'));
    writeFileSync(join(root, 'wp-config.php'), wpConfig({ origin, dbPort, content }));
    if (asRoot) execFileSync('chown', ['-R', 'www-data:www-data', content]);

    mkdirSync(join(dir, 'run'));
    writeFileSync(join(dir, 'apache.conf'), apacheConfig({ dir, port, root, asRoot }));
    // Debian's apache2 reads its environment for the run directory; the config names everything.
    const apache = spawnDetached('/usr/sbin/apache2', ['-f', join(dir, 'apache.conf'), '-DFOREGROUND'], {
      cwd: dir,
      env: { ...process.env, APACHE_RUN_DIR: join(dir, 'run'), APACHE_LOG_DIR: dir },
      logFile: join(dir, 'apache.log'),
    });
    servers.push(apache);

    const php = async (...args) => {
      const result = await run('php', [join(here, 'wordpress-setup.php'), root, ...args.map(String)], {
        cwd: dir,
        timeoutMs: 60000,
      });
      if (result.code !== 0)
        throw new Error(`wordpress-setup.php ${args[0]} failed (${result.code}):\n${result.output}`);
      return JSON.parse(result.stdout.trim().split('\n').at(-1));
    };
    await waitFor(
      async () =>
        (await run('php', ['-r', `exit(@mysqli_connect('127.0.0.1','wordpress','wordpress','',${dbPort}) ? 0 : 1);`]))
          .code === 0,
      'MariaDB',
      {
        get exited() {
          return mariadbd.exited;
        },
        log: mariadbLog,
      },
    );
    await run('php', [
      '-r',
      `mysqli_query(mysqli_connect('127.0.0.1','wordpress','wordpress','',${dbPort}), 'CREATE DATABASE wordpress');`,
    ]);
    await waitFor(
      async () => (await fetch(`${origin}/readme.html`, { signal: AbortSignal.timeout(2000) })).ok,
      'Apache',
      {
        get exited() {
          return apache.exited;
        },
        log: () => apache.log() + readIf(join(dir, 'apache-error.log')),
      },
    );
    const site = await php('install', origin);
    const { version } = ensureWordPress();
    return {
      origin,
      version,
      users: site.users,
      php,
      errorLog: () => readIf(join(dir, 'apache-error.log')) + readIf(join(dir, 'php-error.log')),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The site's client at the test provider. */
export const CLIENT_ID = 'wordpress';

/**
 * The site's client, as `startProvider({ clients })` registers it: public, with PKCE; signing in
 * returns to the front page of `origin`, signing out to the return page `returnUrl`.
 */
export function providerClient(origin, returnUrl) {
  return {
    client_id: CLIENT_ID,
    client_name: 'WordPress',
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: [`${origin}/`],
    post_logout_redirect_uris: [returnUrl],
  };
}

/** The plugin's settings page, Settings → Sign-out button. */
export const settingsUrl = (origin) => `${origin}/wp-admin/options-general.php?page=sign-out-button`;

/** Signs `login` (one of the site's users) in to wp-admin on `page`, through wp-login.php. */
export async function adminSignIn(page, origin, login) {
  await page.goto(`${origin}/wp-login.php`);
  await page.fill('#user_login', login);
  await page.fill('#user_pass', `password-${login}`);
  await Promise.all([page.waitForURL(/\/wp-admin\//, { waitUntil: 'commit' }), page.click('#wp-submit')]);
}

/** As the Administrator on `page`: uploads `zipFile` at Plugins → Add New → Upload Plugin, and activates it. */
export async function installPlugin(page, origin, zipFile) {
  await page.goto(`${origin}/wp-admin/plugin-install.php?tab=upload`);
  await page.setInputFiles('#pluginzip', zipFile);
  await Promise.all([page.waitForURL(/update\.php\?action=upload-plugin/), page.click('#install-plugin-submit')]);
  await page.waitForSelector('text=Plugin installed successfully');
  await Promise.all([page.waitForURL(/plugins\.php/), page.click('a:has-text("Activate Plugin")')]);
  await page.waitForSelector('#message:has-text("Plugin activated")');
}

/**
 * Fills the settings page open on `page` with the site-wide values (the roles as they are) and
 * saves it; resolves once WordPress says it saved them.
 */
export async function saveSettings(page, { authority, clientId, mode, returnUrl, afterUrl }) {
  await page.fill('#sob-authority', authority);
  await page.fill('#sob-client_id', clientId);
  await page.selectOption('#sob-mode', mode);
  await page.fill('#sob-post_logout_redirect_uri', returnUrl);
  await page.fill('#sob-after_url', afterUrl);
  await Promise.all([page.waitForURL(/settings-updated=true/), page.click('#submit')]);
  await page.waitForSelector('text=Settings saved.');
}

/**
 * Visitor `login`, signed in at the provider `issuer` as the site's client (test/e2e/support/
 * provider-session.mjs): `context` gets the provider's session cookies. Resolves with
 * `{ idToken, open(page, url) }`; `open` opens `url` with the user stored as oidc-client-ts stores
 * it after the sign-in, so the page is what that visitor sees.
 */
export async function signVisitorIn(context, { issuer, origin, login, clientId = CLIENT_ID }) {
  const { cookies, storageKey, user } = await providerSignIn({ issuer, clientId, redirectUri: `${origin}/`, login });
  await context.addCookies(cookies);
  return {
    idToken: JSON.parse(user).id_token,
    async open(page, url) {
      await page.goto(url);
      await page.evaluate(([key, value]) => sessionStorage.setItem(key, value), [storageKey, user]);
      await page.reload();
    },
  };
}
