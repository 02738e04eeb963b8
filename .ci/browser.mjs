// The reference pages in a real browser: Debian's Chromium, driven by playwright-core.
//
// Run by `.ci/run` (`node .ci/browser.mjs`, with NODE_PATH at .ci/tools/npm/node_modules). Every
// page under spec/ is loaded from file:// and must show no console error, make no request that
// leaves file://, show every operation id, event name and schema name its document has, resolve
// every anchor of its sidebar, link every page its conformance cites, carry one "assumed" mark per
// `x-hookspec-assumed` entry of its document, and have no serious or critical accessibility
// violation (axe-core, injected from its npm package). A full-page screenshot of each page is kept
// under .ci/tools/screenshots/. Exits 1 on the first page that fails.

import { readFileSync, mkdirSync, readdirSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const modules = path.join(root, ".ci/tools/npm/node_modules");
const { chromium } = require(path.join(modules, "playwright-core"));
const yaml = require(path.join(modules, "js-yaml"));
const axeSource = readFileSync(path.join(modules, "axe-core/axe.min.js"), "utf8");
const screenshots = path.join(root, ".ci/tools/screenshots");
mkdirSync(screenshots, { recursive: true });

const spec = path.join(root, "spec");
const dialects = readdirSync(spec).filter((name) => existsSync(path.join(spec, name, "index.html")));

/** What the page must show, read off the document beside it. */
function expectations(dialect) {
  const document = yaml.load(readFileSync(path.join(spec, dialect, "openapi.yaml"), "utf8"));
  const names = new Set();
  for (const section of ["paths", "webhooks"]) {
    for (const item of Object.values(document[section] || {})) {
      for (const operation of Object.values(item)) if (operation && operation.operationId) names.add(operation.operationId);
    }
  }
  for (const name of Object.keys(document.components?.schemas || {})) names.add(name);
  let marks = 0;
  const walk = (value) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      for (const [key, member] of Object.entries(value)) {
        if (key === "x-hookspec-assumed") marks += Object.keys(member).length;
        else walk(member);
      }
    }
  };
  walk(document);
  const conformance = readFileSync(path.join(spec, dialect, "conformance.md"), "utf8");
  // The pages cited, not links inside a quote's words (“…”), which are the source's own text.
  const citations = conformance.replace(/“[^”]*”/g, "");
  const cited = new Set([...citations.matchAll(/\]\((https?:\/\/[^)\s]+)\)/g)].map((match) => match[1]));
  return { names, marks, cited };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
let failed = false;
const pages = [["index", path.join(spec, "index.html")], ...dialects.map((name) => [name, path.join(spec, name, "index.html")])];
for (const [name, file] of pages) {
  const problems = [];
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  page.on("console", (message) => { if (message.type() === "error") problems.push(`console error: ${message.text()}`); });
  page.on("pageerror", (error) => problems.push(`page error: ${error}`));
  page.on("request", (request) => { if (!request.url().startsWith("file://")) problems.push(`a request leaves file://: ${request.url()}`); });
  await page.goto(pathToFileURL(file).href);
  const text = await page.evaluate(() => document.body.innerText);
  if (name !== "index") {
    const { names, marks, cited } = expectations(name);
    for (const expected of names) if (!text.includes(expected)) problems.push(`\`${expected}\` is not visible`);
    const events = yaml.load(readFileSync(path.join(root, "crates/dialects/src", name.replace(/-/g, "_"), "events.yaml"), "utf8")).events;
    for (const event of events) if (!text.includes(event.name)) problems.push(`event \`${event.name}\` is not visible`);
    const anchors = await page.$$eval("nav a[href^='#']", (links) => links.map((link) => link.getAttribute("href").slice(1)));
    for (const anchor of anchors) {
      if (!(await page.$(`[id="${anchor}"]`))) problems.push(`the sidebar's #${anchor} leads nowhere`);
    }
    const links = new Set(await page.$$eval("a[href^='http']", (found) => found.map((link) => link.href)));
    for (const url of cited) if (!links.has(url) && !links.has(new URL(url).href)) problems.push(`no link to the cited page ${url}`);
    const shown = await page.$$eval(".assumed", (found) => found.length);
    if (shown !== marks) problems.push(`${shown} "assumed" marks for ${marks} x-hookspec-assumed entries`);
    console.log(`${name}: ${names.size} operations and schemas, ${events.length} events, ${anchors.length} sidebar anchors, ${cited.size} cited pages, ${marks} assumed marks`);
  }
  // axe-core runs as a script the test injects, not the page's: JavaScript for the audit only.
  const audit = await browser.newContext();
  const audited = await audit.newPage();
  await audited.goto(pathToFileURL(file).href);
  await audited.addScriptTag({ content: axeSource });
  const results = await audited.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
  for (const violation of results.violations) {
    if (violation.impact === "serious" || violation.impact === "critical") {
      problems.push(`accessibility (${violation.impact}): ${violation.id}: ${violation.help} (${violation.nodes.length} nodes)`);
    }
  }
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
  await audit.close();
  await context.close();
  if (problems.length) {
    failed = true;
    console.log(`${name}: FAIL\n  ${problems.join("\n  ")}`);
  } else {
    console.log(`${name}: pass (${Math.round(readFileSync(file).length / 1024)} KB)`);
  }
}
await browser.close();
process.exit(failed ? 1 : 0);
