// tests/web/browser.mjs - the search page in a real browser (Debian's
// Chromium, driven by playwright-core): what a reader does with it, on a
// desktop and on a phone-sized screen, with the page's own CSP enforced.
//
// usage: node browser.mjs SEARCH_URL QUERY TITLE SCREENSHOT.png
//   SEARCH_URL  the CGI, e.g. http://127.0.0.1:PORT/search (see browser.sh)
//   QUERY       an unaccented query that must find TITLE (an accented title)
//   SCREENSHOT  where to save the phone-sized screenshot (in the build tree)
//
// Prints one "ok   ..." or "FAIL ..." line per check; exits 1 when any
// check failed or the run broke off.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [searchUrl, query, title, screenshot] = process.argv.slice(2);
if (!searchUrl || !query || !title || !screenshot) {
  console.error('usage: node browser.mjs SEARCH_URL QUERY TITLE SCREENSHOT.png');
  process.exit(2);
}

let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}`);
    if (detail) console.log(`       ${String(detail).slice(0, 800)}`);
  }
}

// A fresh profile each run: nothing cached, nothing remembered.
const profile = mkdtempSync(join(tmpdir(), 'tracuu-chromium-'));
let context;
// Everything the console or the page reports as an error, CSP violations
// included (Chromium logs each as a console error; the DOM event is recorded
// too, by a script the page's CSP does not apply to).
const problems = [];

try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // The machine has no network: without these Chromium keeps trying to
    // reach Google's services, and logs it.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    viewport: { width: 1280, height: 900 },
    locale: 'vi-VN',
  });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(30000);
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('response', (res) => {
    // Only our own page's requests: a 4xx/5xx there is a broken page, except
    // the answers the tests ask for on purpose (none here).
    if (res.status() >= 500) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  const cspSeen = async () => page.evaluate(() => window.__csp || []);
  const allCsp = [];

  // The empty page: a search box.
  let res = await page.goto(searchUrl);
  check('the empty page answers 200', res && res.status() === 200, res && res.status());
  check('input#q is visible', await page.locator('input#q').isVisible());

  // Type the query without accents and submit the form, as a reader does.
  await page.locator('input#q').fill(query);
  await Promise.all([page.waitForURL((u) => u.searchParams.get('q') === query), page.locator('input#q').press('Enter')]);
  check('submitting the form searches for the query', new URL(page.url()).searchParams.get('q') === query, page.url());
  const titles = await page.locator('ol#results li.result .title').allInnerTexts();
  check('results are listed', titles.length > 0, `${titles.length} results`);
  check(`"${query}" finds "${title}"`, titles.map((t) => t.trim()).includes(title), titles.join(' | '));
  const marks = await page.locator('ol#results li.result p.snippet mark').count();
  check('p.snippet has <mark> highlights', marks > 0, `${marks} marks`);
  check('the search box keeps the query', (await page.locator('input#q').inputValue()) === query);
  allCsp.push(...await cspSeen());

  // Next page.
  const start1 = (await page.locator('ol#results').getAttribute('start')) || '1';
  const first1 = await page.locator('ol#results li.result .title').first().innerText();
  await Promise.all([page.waitForURL((u) => u.searchParams.get('page') === '2'), page.locator('a[rel=next]').first().click()]);
  const start2 = await page.locator('ol#results').getAttribute('start');
  const first2 = await page.locator('ol#results li.result .title').first().innerText();
  check('a[rel=next] leads to page 2 (ol#results start 11)', start1 === '1' && start2 === '11', `start ${start1} -> ${start2}`);
  check('page 2 lists other results', first1 !== first2, `first result on both: ${first1}`);
  check('page 2 has a[rel=prev]', (await page.locator('a[rel=prev]').count()) > 0);
  allCsp.push(...await cspSeen());

  // A source facet: afterwards every result comes from that source.
  const facet = page.locator('#facet-source a:not(.clear)').first();
  const href = await facet.getAttribute('href');
  const site = new URL(href, page.url()).searchParams.get('site');
  check('the first source facet narrows by site', !!site, href);
  await Promise.all([page.waitForURL((u) => u.searchParams.get('site') === site), facet.click()]);
  const sources = await page.locator('ol#results li.result .source').allInnerTexts();
  const others = sources.filter((s) => s.trim() !== site && !s.trim().endsWith(`.${site}`));
  check(`after the facet, results are listed (site=${site})`, sources.length > 0, `${sources.length}`);
  check(`after the facet, every result is from ${site}`, others.length === 0, others.join(', '));
  check('after the facet, the query is kept', (await page.locator('input#q').inputValue()) === query);
  allCsp.push(...await cspSeen());

  // Phone-sized: nothing wider than the screen, the search box in view.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${searchUrl}?q=${encodeURIComponent(query)}`);
  const fit = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
  }));
  check('390x844: no horizontal overflow', fit.scroll <= fit.inner, `scrollWidth ${fit.scroll} > innerWidth ${fit.inner}`);
  const box = await page.locator('input#q').boundingBox();
  check('390x844: the search box is visible and inside the screen',
    (await page.locator('input#q').isVisible()) && box && box.x >= 0 && box.x + box.width <= 390 && box.y < 844,
    JSON.stringify(box));
  const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${el.className}` : ''}`));
  check('390x844: no element sticks out to the right', wide.length === 0, wide.join(', '));
  await page.screenshot({ path: screenshot, fullPage: true });
  check(`screenshot saved: ${screenshot}`, true);
  allCsp.push(...await cspSeen());

  // Markup in the request stays text in the browser's DOM too.
  const payload = '"><script>window.__xss=1</script><img src=x onerror="window.__xss=2"><svg onload="window.__xss=3">';
  await page.goto(`${searchUrl}?q=${encodeURIComponent(`viet nam ${payload}`)}`);
  const injected = await page.evaluate(() => ({
    flag: window.__xss || 0,
    nodes: document.querySelectorAll('script, img[onerror], svg[onload], [onmouseover], [onload], [onerror]').length,
    value: document.querySelector('input#q') && document.querySelector('input#q').value,
  }));
  check('markup in q: no element made of it', injected.nodes === 0 && injected.flag === 0, JSON.stringify(injected));
  check('markup in q: shown back as text in the search box', injected.value === `viet nam ${payload}`, injected.value);
  allCsp.push(...await cspSeen());

  check('no CSP violations reported to the page', allCsp.length === 0, allCsp.join('; '));
  check('no console errors, page errors or server errors', problems.length === 0, problems.join('; '));
} catch (err) {
  check('the browser run went to the end', false, err && err.stack ? err.stack : err);
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
console.log(`browser: ${failed} failed`);
process.exit(failed ? 1 : 0);
