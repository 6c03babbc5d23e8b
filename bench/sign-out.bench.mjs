// `npm run bench`, in headless Chromium with the drop-in module as built (it builds first) and the
// real embedded provider on 127.0.0.1:
// 1. how long a click takes to reach sign-out-complete, per mode (the provider answering at once);
// 2. side by side, on one page, with the provider 100 ms away (its latency layer): click to the
//    end-session request leaving the page (and to sign-out-complete) for (a) an SPA's own
//    oidc-client-ts signoutRedirect(), (b) <sign-out-button> cold, (c) after a hover, (d) after
//    prepareSignOut(); then the page's cost: 1,000 buttons rendered, and the first load's bytes.
// Medians against budgets; exits non-zero when one is missed. The last line is the ratio of (a)
// to (c). BENCH_RUNS sets the runs per row (default 15).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { startStack } from '../test/e2e/support/stack.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const LATENCY_MS = 100;
const FIRST_LOAD_BUDGET = 8 * 1024;
const RENDER_BUDGET_MS = 50;
const RATIO_BUDGET = 10;
execFileSync('node', ['scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });

const scenarios = [
  { name: 'local (no provider)', attributes: { mode: 'local' }, budgetMs: 30, fresh: false },
  { name: 'redirect, prepared (prepareSignOut)', attributes: { mode: 'redirect' }, budgetMs: 30, prepare: true },
  {
    name: 'redirect, cold (loads oidc-client-ts, fetches discovery)',
    attributes: { mode: 'redirect' },
    budgetMs: 300,
    fresh: true,
  },
  { name: 'iframe, provider round trip confirmed', attributes: { mode: 'iframe' }, budgetMs: 800, prepare: true },
];

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  return sorted[Math.floor(at)] + (sorted[Math.ceil(at)] - sorted[Math.floor(at)]) * (at - Math.floor(at));
};
const median = (values) => quantile(values, 0.5);
const p95 = (values) => quantile(values, 0.95);
const ms = (value) => value.toFixed(1);
/** Median and spread (10th to 90th percentile). */
const spread = (values) => `${ms(median(values))} (${ms(quantile(values, 0.1))}–${ms(quantile(values, 0.9))})`;

const stack = await startStack();
let missed = 0;
/** (a) ÷ (c): the plain oidc-client-ts click's median time to the request over the hovered button's. */
let ratio = Number.NaN;
try {
  const page = await stack.browser.newPage();
  // The top-level redirect is answered 204 No Content, so the page stays for the next run.
  await page.route(
    (url) => url.pathname === '/session/end',
    (route) => (route.request().frame() === page.mainFrame() ? route.fulfill({ status: 204 }) : route.continue()),
  );
  const load = async () => {
    await page.goto(`${stack.pages.origin}/bench/bench.html`);
    await page.waitForSelector('body[data-ready]', { state: 'attached' });
  };
  console.log(`1. Click to sign-out-complete, per mode (the provider without added latency); ${RUNS} runs each\n`);
  console.log(`| scenario | median ms | p95 ms | budget (median) |\n| --- | ---: | ---: | ---: |`);
  for (const scenario of scenarios) {
    const times = [];
    await load();
    for (let run = 0; run < RUNS; run += 1) {
      if (scenario.fresh && run > 0) await load();
      if (scenario.prepare) await page.evaluate(() => window.prepare());
      const { ms } = await page.evaluate((attributes) => window.measure(attributes), scenario.attributes);
      times.push(ms);
    }
    const ok = median(times) <= scenario.budgetMs;
    if (!ok) missed += 1;
    console.log(
      `| ${scenario.name} | ${median(times).toFixed(1)} | ${p95(times).toFixed(1)} | ${scenario.budgetMs}${ok ? '' : ' **missed**'} |`,
    );
  }
  await page.close();

  // 2. Side by side, the provider 100 ms away.
  stack.op.setLatency(LATENCY_MS);
  const endSessionPath = stack.op.endSessionPath;
  /** A fresh visitor (empty cache) on the side-by-side page, end-session answered 204 so it stays. */
  const freshPage = async () => {
    const context = await stack.browser.newContext();
    const fresh = await context.newPage();
    const scripts = [];
    fresh.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/dist/')) scripts.push(pathname);
    });
    await fresh.route(
      (url) => url.pathname === endSessionPath,
      (route) => route.fulfill({ status: 204 }),
    );
    await fresh.goto(`${stack.pages.origin}/bench/side-by-side.html`, { waitUntil: 'networkidle' });
    await fresh.waitForSelector('body[data-ready]', { state: 'attached' });
    return { page: fresh, scripts, close: () => context.close() };
  };
  const variants = [
    { key: 'a', name: '(a) plain oidc-client-ts signoutRedirect()', click: 'plain' },
    { key: 'b', name: '(b) <sign-out-button>, cold', click: 'button' },
    {
      key: 'c',
      name: '(c) <sign-out-button>, after a hover',
      click: 'button',
      async before(fresh) {
        const discovered = fresh.page.waitForResponse((response) => response.url().endsWith('/openid-configuration'));
        await fresh.page.hover('#button');
        await discovered;
        await fresh.page.waitForLoadState('networkidle');
      },
    },
    {
      key: 'd',
      name: '(d) <sign-out-button>, after prepareSignOut()',
      click: 'button',
      before: (fresh) => fresh.page.evaluate(() => window.bench.prepare()),
    },
  ];
  const times = {};
  for (const variant of variants) times[variant.key] = { request: [], complete: [] };
  // Interleaved, so that the machine's drift over the run is spread over every variant alike.
  for (let run = 0; run < RUNS; run += 1) {
    for (const variant of variants) {
      const fresh = await freshPage();
      try {
        await variant.before?.(fresh);
        const measured = await fresh.page.evaluate(
          ([click, path]) => window.bench.click(click, path),
          [variant.click, endSessionPath],
        );
        times[variant.key].request.push(measured.request);
        if (measured.complete !== undefined) times[variant.key].complete.push(measured.complete);
      } finally {
        await fresh.close();
      }
    }
  }
  const plain = median(times.a.request);
  console.log(
    `\n2. Side by side, one page, the provider ${LATENCY_MS} ms away (every provider request held ${LATENCY_MS} ms); ${RUNS} runs each, a fresh visitor (empty cache) per run\n`,
  );
  console.log(
    '| scenario | click → end-session request, ms: median (p10–p90) | (a) ÷ this | click → sign-out-complete, ms: median (p10–p90) |',
  );
  console.log('| --- | ---: | ---: | ---: |');
  for (const variant of variants) {
    const { request, complete } = times[variant.key];
    const against = plain / median(request);
    console.log(
      `| ${variant.name} | ${spread(request)} | ${against.toFixed(1)}× | ${complete.length ? spread(complete) : 'n/a (no such event)'} |`,
    );
  }

  // The page's cost: 1,000 buttons rendered; the bytes of the drop-in files it loaded up front.
  const renders = [];
  const layouts = [];
  const floors = [];
  let firstLoad = [];
  for (let run = 0; run < RUNS; run += 1) {
    const fresh = await freshPage();
    try {
      const { rendered, laidOut } = await fresh.page.evaluate(() => window.bench.render(1000));
      renders.push(rendered);
      layouts.push(laidOut);
      await fresh.page.waitForTimeout(100);
      firstLoad = [...new Set(fresh.scripts)];
      floors.push(await fresh.page.evaluate(() => window.bench.floor(1000)));
    } finally {
      await fresh.close();
    }
  }
  const firstLoadBytes = firstLoad.reduce(
    (sum, path) => sum + gzipSync(readFileSync(`.${path}`), { level: 9 }).length,
    0,
  );
  const renderOk = median(renders) <= RENDER_BUDGET_MS;
  const bytesOk = firstLoadBytes <= FIRST_LOAD_BUDGET;
  ratio = plain / median(times.c.request);
  const ratioOk = ratio >= RATIO_BUDGET;
  missed += [renderOk, bytesOk, ratioOk].filter((ok) => !ok).length;
  console.log(`\n| page cost | measured | budget |\n| --- | ---: | ---: |`);
  console.log(
    `| 1,000 buttons rendered (markup to every button's first update), ms: median (p10–p90) | ${spread(renders)} | ${RENDER_BUDGET_MS}${renderOk ? '' : ' **missed**'} |`,
  );
  console.log(`| … then styled and laid out by the browser, ms | ${spread(layouts)} | |`);
  console.log(
    `| for scale: 1,000 bare shadow roots with the same template and stylesheet, no component code, created and laid out, ms | ${spread(floors)} | |`,
  );
  console.log(
    `| first load: ${firstLoad.join(', ')} (gzip bytes; nothing else before intent) | ${firstLoadBytes} | ${FIRST_LOAD_BUDGET}${bytesOk ? '' : ' **missed**'} |`,
  );
  console.log(
    `| (a) ÷ (c), click → end-session request | ${ratio.toFixed(1)}× | ≥ ${RATIO_BUDGET}×${ratioOk ? '' : ' **missed**'} |`,
  );
  console.log(
    `\nChromium ${stack.browser.version()}, headless; Node ${process.version}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}; ${new Date().toISOString().slice(0, 10)}.`,
  );
} finally {
  await stack.stop();
}
console.log(missed ? `${missed} budget(s) missed.` : 'All within budget.');
console.log(`ratio plain-oidc-client-ts/hovered-button click-to-request: ${ratio.toFixed(1)}x`);
process.exit(missed ? 1 : 0);
