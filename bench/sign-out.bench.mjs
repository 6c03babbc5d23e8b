// `npm run bench`: how long a click takes to reach sign-out-complete, in headless Chromium, with
// the built drop-in module and the real embedded provider on 127.0.0.1. Medians against budgets;
// exits non-zero when one is missed. Needs `npm run build` first (it runs it when dist/ is missing).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startStack } from '../test/e2e/support/stack.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
if (!existsSync('dist/cdn/sign-out-button.js')) execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });

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

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p95 = (values) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))];

const stack = await startStack();
let missed = 0;
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
} finally {
  await stack.stop();
}
console.log(`\n${RUNS} runs each.${missed ? ` ${missed} budget(s) missed.` : ' All within budget.'}`);
process.exit(missed ? 1 : 0);
