// Opens an `explain --format html` page in headless Chromium (the system's, through
// playwright-core) at 1280 px and 375 px, light and dark, and checks the rendered page:
//   - every non-blank line of the note is a row, with its number, its text and what it gave;
//     each row's text and facts are inside the screen and do not overlap the next row;
//   - no console or page errors, no network request besides the page (it works offline);
//   - at 375 px nothing scrolls sideways and nothing sticks out of the screen;
//   - text contrasts with what is behind it by at least 4.5:1 (3:1 for large text).
// Prints a JSON summary (rows, facts, unread rows and the problems per view); exits 1 when a
// check fails, 2 when the browser cannot run.
//
// Usage: node scripts/check-explain-html.mjs PAGE.html [--screenshots DIR]
import { existsSync, mkdirSync } from "node:fs";
import { resolve, join } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const root = resolve(new URL(".", import.meta.url).pathname, "..");
let chromium;
try {
  ({ chromium } = require(join(root, ".ci/node/node_modules/playwright-core")));
} catch (e) {
  console.error("playwright-core is not installed: cd .ci/node && npm ci");
  process.exit(2);
}
const args = process.argv.slice(2);
const pageFile = args[0];
const at = args.indexOf("--screenshots");
const shots = at >= 0 ? args[at + 1] : null;
if (!pageFile || !existsSync(pageFile)) {
  console.error(`no such page: ${pageFile}`);
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
if (!executablePath) {
  console.error("Chromium is not installed (Debian package `chromium`)");
  process.exit(2);
}

function measure(phone) {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const box = (el) => el.getBoundingClientRect();
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${String(el.className).trim().replace(/\s+/g, ".")}`;
  const describe = (t) => JSON.stringify(t.textContent.trim().slice(0, 40));

  const rows = [...document.querySelectorAll("tbody tr")];
  if (rows.length === 0) problems.push("no rows");
  rows.forEach((row, i) => {
    const [n, src, gave] = row.querySelectorAll("td");
    if (!n || !src || !gave) { problems.push(`row ${i} lacks a cell`); return; }
    if (!/^\d+$/.test(n.textContent.trim())) problems.push(`row ${i} has no line number`);
    if (src.textContent.trim() === "") problems.push(`row ${n.textContent} shows no text`);
    for (const cell of [n, src, gave]) {
      const r = box(cell);
      if (r.right > vw + 1 || r.left < -1) problems.push(`cell out of the screen: ${name(cell)} in row ${n.textContent}`);
    }
    const next = rows[i + 1];
    if (next && box(next).top < box(row).bottom - 1) problems.push(`row ${n.textContent} overlaps the next`);
  });
  if (phone) {
    const pageWidth = document.documentElement.scrollWidth;
    if (pageWidth > vw) problems.push(`the page is ${pageWidth}px wide on a ${vw}px screen`);
    for (const el of document.body.querySelectorAll("*")) {
      if (!shown(el)) continue;
      const r = box(el);
      if (r.right > vw + 1) problems.push(`sticks out of the screen: ${name(el)} to ${Math.round(r.right)}px`);
    }
  }

  const rgb = (s) => {
    const m = s.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return a === 0 ? null : [r, g, b];
  };
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)]; return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const pageBg = rgb(getComputedStyle(document.documentElement).backgroundColor) ?? rgb(getComputedStyle(document.body).backgroundColor) ?? [255, 255, 255];
  const bgOf = (el) => {
    for (let p = el; p && p !== document.documentElement; p = p.parentElement) {
      const c = rgb(getComputedStyle(p).backgroundColor);
      if (c) return c;
    }
    return pageBg;
  };
  const low = new Map();
  for (const el of document.body.querySelectorAll("*")) {
    if (!shown(el)) continue;
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== "")) continue;
    const s = getComputedStyle(el);
    const fg = rgb(s.color);
    if (!fg) continue;
    const size = parseFloat(s.fontSize);
    const need = size >= 24 || (Number(s.fontWeight) >= 700 && size >= 18.66) ? 3 : 4.5;
    const got = ratio(fg, bgOf(el));
    if (got < need) low.set(`${fg}/${bgOf(el)}`, `${got.toFixed(2)}:1 for ${describe(el)} (${name(el)})`);
  }
  for (const what of low.values()) problems.push(`contrast ${what}`);
  return {
    viewport: vw,
    rows: rows.length,
    facts: document.querySelectorAll(".fact").length,
    unread: document.querySelectorAll("tr.unread").length,
    problems,
  };
}

const browser = await chromium.launch({
  executablePath,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"],
});
const url = pathToFileURL(resolve(pageFile)).href;
const summary = {};
let failed = false;
for (const scheme of ["light", "dark"]) {
  for (const [view, width, height] of [["desktop", 1280, 900], ["phone", 375, 812]]) {
    const name = scheme === "light" ? view : `${view}-dark`;
    const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
    const consoleErrors = [];
    const requests = [];
    page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    page.on("request", (r) => { if (r.url() !== url) requests.push(r.url()); });
    await page.goto(url, { waitUntil: "load" });
    const measured = await page.evaluate(measure, view === "phone");
    const problems = measured.problems;
    if (consoleErrors.length) problems.push(`console errors: ${consoleErrors.join(" | ")}`);
    if (requests.length) problems.push(`network requests: ${requests.join(", ")}`);
    if (shots) {
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, `explain-${width}${scheme === "light" ? "" : "-dark"}.png`), fullPage: true });
    }
    summary[name] = { ...measured, consoleErrors, requests };
    failed ||= problems.length > 0;
    await page.close();
  }
}
await browser.close();
console.log(JSON.stringify(summary, null, 2));
process.exit(failed ? 1 : 0);
