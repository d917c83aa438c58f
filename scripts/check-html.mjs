// Opens an HTML report in headless Chromium (the system's, through playwright-core, which
// downloads no browser) and checks the rendered page, not just its text:
//   - every chart (svg.chart) has a drawn size;
//   - no console errors and no page errors;
//   - no network request besides the page itself (it must work offline);
//   - at 375 px nothing is wider than the viewport: the page does not scroll sideways, and no
//     element sticks out except inside a horizontal scroll box (.scroll, wide tables);
// at 1280 px and 375 px. With --screenshots DIR it saves full-page screenshots there.
// Prints a JSON summary; exits 1 when a check fails, 2 when the browser cannot run.
//
// Usage: node scripts/check-html.mjs REPORT.html [--screenshots DIR]
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
const report = args[0];
const shotsAt = args.indexOf("--screenshots");
const shots = shotsAt >= 0 ? args[shotsAt + 1] : null;
if (!report || !existsSync(report)) {
  console.error(`no such report: ${report}`);
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
if (!executablePath) {
  console.error("Chromium is not installed (Debian package `chromium`)");
  process.exit(2);
}

// As root, without network, in CI: the flags the workplace requires.
const browser = await chromium.launch({
  executablePath,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"],
});
const url = pathToFileURL(resolve(report)).href;
const summary = {};
let failed = false;
for (const [name, width, height] of [["desktop", 1280, 900], ["phone", 375, 812]]) {
  const page = await browser.newPage({ viewport: { width, height } });
  const consoleErrors = [];
  const requests = [];
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  page.on("request", (r) => { if (r.url() !== url) requests.push(r.url()); });
  await page.goto(url, { waitUntil: "load" });
  const measured = await page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const charts = [...document.querySelectorAll("svg.chart")].map((s) => {
      const r = s.getBoundingClientRect();
      return { label: s.getAttribute("aria-label"), width: Math.round(r.width), height: Math.round(r.height) };
    });
    const inScrollBox = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === "auto" || o === "scroll") return true;
      }
      return false;
    };
    const wide = [...document.body.querySelectorAll("*")]
      .filter((el) => el.getBoundingClientRect().right > vw + 1 && !inScrollBox(el))
      .slice(0, 10)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className}: ${Math.round(el.getBoundingClientRect().right)}px`);
    const fonts = getComputedStyle(document.body).fontFamily;
    return { viewport: vw, pageWidth: document.documentElement.scrollWidth, charts, wide, fonts };
  });
  const problems = [];
  if (measured.charts.length === 0) problems.push("no charts");
  for (const c of measured.charts) if (!(c.width > 0 && c.height > 0)) problems.push(`chart without size: ${c.label}`);
  if (consoleErrors.length) problems.push(`console errors: ${consoleErrors.join(" | ")}`);
  if (requests.length) problems.push(`network requests: ${requests.join(", ")}`);
  if (name === "phone" && (measured.pageWidth > measured.viewport || measured.wide.length)) {
    problems.push(`wider than ${measured.viewport}px: page ${measured.pageWidth}px; ${measured.wide.join("; ")}`);
  }
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, `report-${width}.png`), fullPage: true });
  }
  summary[name] = { ...measured, consoleErrors, requests, problems };
  failed ||= problems.length > 0;
  await page.close();
}
await browser.close();
console.log(JSON.stringify(summary, null, 2));
process.exit(failed ? 1 : 0);
