// Opens an HTML report in headless Chromium (the system's, through playwright-core, which
// downloads no browser) and checks the rendered page, not just its text, at 1280 px and
// 375 px, in light and in dark mode:
//   - every chart shown (svg.chart) has a drawn size; no console or page errors; no network
//     request besides the page itself (it must work offline);
//   - at 375 px nothing scrolls sideways except charts meant to (.chart-scroll): not the page,
//     not a table, and no element sticks out of the screen;
//   - no chart text is cut (its box leaves the chart) or overlaps another; a cell's text stays
//     inside its cell;
//   - each KPI chart's points span at least half of its plot's height (unless its values are
//     all equal), and each threshold or target line is where its value puts it on the axis
//     (or, beyond the axis, along the edge on its side);
//   - text contrasts with what is behind it by at least 4.5:1 (3:1 for large text);
//   - dates and week ids are on one line; folded note text shows at most two lines.
// With --screenshots DIR it saves full-page screenshots there, named NAME-WIDTH.png and
// NAME-WIDTH-dark.png (NAME from --name, default "report").
// Prints a JSON summary; exits 1 when a check fails, 2 when the browser cannot run.
//
// Usage: node scripts/check-html.mjs REPORT.html [--screenshots DIR] [--name NAME]
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
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : null;
};
const shots = option("--screenshots");
const shotName = option("--name") ?? "report";
if (!report || !existsSync(report)) {
  console.error(`no such report: ${report}`);
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
if (!executablePath) {
  console.error("Chromium is not installed (Debian package `chromium`)");
  process.exit(2);
}

// Runs in the page: measures what the checks need and returns the problems found.
function measure(phone) {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const box = (el) => el.getBoundingClientRect();
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${String(el.className.baseVal ?? el.className).trim().replace(/\s+/g, ".")}`;
  const describe = (t) => JSON.stringify(t.textContent.trim().slice(0, 40));

  const allCharts = [...document.querySelectorAll("svg.chart")];
  const charts = allCharts.filter(shown).map((s) => {
    const r = box(s);
    return { id: s.id, label: s.querySelector("title")?.textContent ?? null, width: Math.round(r.width), height: Math.round(r.height) };
  });
  if (charts.length === 0) problems.push("no charts shown");
  for (const c of charts) if (!(c.width > 0 && c.height > 0)) problems.push(`chart without size: ${c.id}`);

  // Sideways scrolling on a phone.
  const inChartScroll = (el) => !!el.closest(".chart-scroll");
  const inScrollBox = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll") return true;
    }
    return false;
  };
  if (phone) {
    const pageWidth = document.documentElement.scrollWidth;
    if (pageWidth > vw) problems.push(`the page is ${pageWidth}px wide on a ${vw}px screen`);
    for (const el of document.body.querySelectorAll("*")) {
      if (!shown(el) || inChartScroll(el)) continue;
      const o = getComputedStyle(el).overflowX;
      if ((o === "auto" || o === "scroll") && el.scrollWidth > el.clientWidth + 1 && !el.matches(".chart-scroll")) {
        problems.push(`scrolls sideways: ${name(el)} (${el.scrollWidth}px in ${el.clientWidth}px)`);
      }
      const r = box(el);
      // What overflows inside a scroll box is reported as that box scrolling, above.
      if (r.right > vw + 1 && !inScrollBox(el)) {
        problems.push(`sticks out of the screen: ${name(el)} to ${Math.round(r.right)}px`);
      }
    }
  }

  // Chart text: inside its chart, clear of other text; a cell's text inside its cell.
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
  for (const svg of allCharts.filter(shown)) {
    const frame = box(svg);
    const texts = [...svg.querySelectorAll("text")].filter((t) => t.textContent.trim() !== "");
    const rects = texts.map(box);
    texts.forEach((t, i) => {
      const r = rects[i];
      if (r.left < frame.left - 0.5 || r.right > frame.right + 0.5 || r.top < frame.top - 0.5 || r.bottom > frame.bottom + 0.5) {
        problems.push(`cut by the edge of ${svg.id}: ${describe(t)}`);
      }
      for (let j = i + 1; j < texts.length; j++) {
        if (overlap(r, rects[j])) problems.push(`overlap in ${svg.id}: ${describe(t)} and ${describe(texts[j])}`);
      }
    });
    for (const cell of svg.querySelectorAll("g.cell")) {
      const c = box(cell.querySelector("rect"));
      for (const t of cell.querySelectorAll("text")) {
        const r = box(t);
        if (r.left < c.left - 0.5 || r.right > c.right + 0.5) problems.push(`wider than its cell in ${svg.id}: ${describe(t)}`);
      }
    }
  }

  // KPI charts: the points' span, and each mark where its value says.
  const kpiCharts = [];
  for (const svg of allCharts.filter((s) => shown(s) && s.matches(".kpi-chart"))) {
    const plotEl = svg.querySelector("rect.plot");
    const plot = box(plotEl);
    const min = Number(plotEl.dataset.min), max = Number(plotEl.dataset.max);
    const points = [...svg.querySelectorAll("circle.point")];
    const ys = points.map((p) => { const r = box(p); return (r.top + r.bottom) / 2; });
    const flat = new Set(points.map((p) => p.dataset.value)).size < 2;
    const span = ys.length ? (Math.max(...ys) - Math.min(...ys)) / plot.height : 0;
    if (!flat && span < 0.498) problems.push(`points of ${svg.id} span ${(span * 100).toFixed(1)}% of its height`);
    const marks = [...svg.querySelectorAll("line.mark")].map((m) => {
      const r = box(m);
      const y = (r.top + r.bottom) / 2;
      const value = Number(m.dataset.value);
      const onAxis = m.dataset.onAxis === "true";
      const expected = onAxis ? plot.bottom - ((value - min) / (max - min)) * plot.height : value < min ? plot.bottom : plot.top;
      if (Math.abs(y - expected) > 1) problems.push(`${svg.id}: the line of ${value} is at ${y.toFixed(1)}, not ${expected.toFixed(1)}`);
      if (r.width < plot.width - 1) problems.push(`${svg.id}: the line of ${value} does not cross the plot`);
      return { value: m.dataset.value, onAxis };
    });
    kpiCharts.push({ id: svg.id, kpi: svg.querySelector("g[data-kpi]")?.dataset.kpi, span: Number(span.toFixed(3)), flat, marks });
  }

  // Contrast of every text with what is behind it.
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
  const htmlBg = (el) => {
    for (let p = el; p && p !== document.documentElement; p = p.parentElement) {
      const c = rgb(getComputedStyle(p).backgroundColor);
      if (c) return c;
    }
    return pageBg;
  };
  const lowContrast = new Map();
  const check = (el, fg, bg, size, bold) => {
    if (!fg) return;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const got = ratio(fg, bg);
    if (got < need) {
      const key = `${fg}/${bg}`;
      if (!lowContrast.has(key)) lowContrast.set(key, `${got.toFixed(2)}:1 for ${describe(el)} (${name(el)})`);
    }
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest("svg") || !shown(el)) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== "");
    if (!own) continue;
    const s = getComputedStyle(el);
    check(el, rgb(s.color), htmlBg(el), parseFloat(s.fontSize), Number(s.fontWeight) >= 700);
  }
  for (const svg of allCharts.filter(shown)) {
    const shapes = [...svg.querySelectorAll("rect, circle, path, polygon")];
    for (const t of svg.querySelectorAll("text")) {
      if (t.textContent.trim() === "") continue;
      const r = box(t);
      const [cx, cy] = [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
      let bg = htmlBg(svg);
      for (const shape of shapes) {
        if (!(shape.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
        const b = box(shape);
        const fill = rgb(getComputedStyle(shape).fill);
        if (fill && b.left <= cx && cx <= b.right && b.top <= cy && cy <= b.bottom) bg = fill;
      }
      const s = getComputedStyle(t);
      check(t, rgb(s.fill), bg, parseFloat(s.fontSize), Number(s.fontWeight) >= 700);
    }
  }
  for (const what of lowContrast.values()) problems.push(`contrast ${what}`);

  // Dates on one line; folded text at most two lines.
  for (const el of document.querySelectorAll(".date")) {
    if (!shown(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    if (tops.size > 1) problems.push(`a date breaks across lines: ${describe(el)}`);
  }
  for (const d of document.querySelectorAll("details.more")) {
    if (!shown(d)) continue;
    const clamp = d.querySelector(".clamp");
    const lh = parseFloat(getComputedStyle(clamp).lineHeight);
    if (d.open || box(clamp).height > 2 * lh + 1) problems.push(`folded text shows more than two lines: ${describe(clamp)}`);
  }

  return { viewport: vw, pageWidth: document.documentElement.scrollWidth, charts, kpiCharts, problems };
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
      const suffix = scheme === "light" ? "" : "-dark";
      await page.screenshot({ path: join(shots, `${shotName}-${width}${suffix}.png`), fullPage: true });
    }
    summary[name] = { ...measured, consoleErrors, requests, problems };
    failed ||= problems.length > 0;
    await page.close();
  }
}
await browser.close();
console.log(JSON.stringify(summary, null, 2));
process.exit(failed ? 1 : 0);
