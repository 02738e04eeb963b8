// The reference pages in a real browser: Debian's Chromium, driven by playwright-core.
//
// Run by `.ci/run` (`node .ci/browser.mjs`, with NODE_PATH at .ci/tools/npm/node_modules). Every
// page under spec/ (the index, each dialect's page and, for a dialect whose reference is split,
// its pages under events/) is loaded from file:// and must show no console error, make no request
// that leaves file://, resolve every anchor of its sidebar and every link to a schema, lead every
// link to another page of spec/ to a page that has the anchor it names, and have no serious or
// critical accessibility violation (axe-core, injected from its npm package). A dialect's pages
// together must show every operation id, event name and schema name its document has, link every
// page its conformance cites, and carry one "assumed" mark per `x-hookspec-assumed` entry of its
// document (the entries a delivery's later entries share with its first are shown once, at the
// delivery, as `hookspec_assembly::reference::mark_count` counts them). A full-page screenshot of
// each page is kept under .ci/tools/screenshots/. Exits 1 when a page or a dialect fails.

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
  // The marks of what a delivery's later entries share with its first (their own parameters and
  // responses) are shown once, at the delivery: not counted again.
  let shared = 0;
  for (const section of ["webhooks", "x-webhooks"]) {
    let previous;
    for (const item of Object.values(document[section] || {})) {
      for (const operation of Object.values(item)) {
        const delivery = operation?.["x-hookspec-delivery"];
        if (delivery !== undefined && delivery === previous) {
          const parts = [...(operation.parameters || []), ...Object.values(operation.responses || {})];
          for (const part of parts) if (!part.$ref) shared += Object.keys(part["x-hookspec-assumed"] || {}).length;
        }
        previous = delivery;
      }
    }
  }
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
  marks -= shared;
  const conformance = readFileSync(path.join(spec, dialect, "conformance.md"), "utf8");
  // The pages cited, not links inside a quote's words (“…”), which are the source's own text.
  const citations = conformance.replace(/“[^”]*”/g, "");
  const cited = new Set([...citations.matchAll(/\]\((https?:\/\/[^)\s]+)\)/g)].map((match) => match[1]));
  return { names, marks, cited };
}

/** The ids of the page `file`, read once. */
const idsOf = new Map();
function ids(file) {
  if (!idsOf.has(file)) {
    const found = existsSync(file) ? [...readFileSync(file, "utf8").matchAll(/\sid="([^"]*)"/g)].map((match) => match[1]) : null;
    idsOf.set(file, found && new Set(found));
  }
  return idsOf.get(file);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
let failed = false;

/** Loads `file` and checks what every page must be; returns what a dialect's checks read off it. */
async function check(name, file, problems) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  page.on("console", (message) => { if (message.type() === "error") problems.push(`console error: ${message.text()}`); });
  page.on("pageerror", (error) => problems.push(`page error: ${error}`));
  page.on("request", (request) => { if (!request.url().startsWith("file://")) problems.push(`a request leaves file://: ${request.url()}`); });
  await page.goto(pathToFileURL(file).href);
  const text = await page.evaluate(() => document.body.innerText);
  // The sidebar's anchors, and every link to a schema (a type), on this page.
  const anchors = await page.$$eval("nav a[href^='#']", (links) => links.map((link) => link.getAttribute("href").slice(1)));
  const types = await page.$$eval("a[href^='#schema-']", (links) => links.map((link) => link.getAttribute("href").slice(1)));
  for (const anchor of new Set([...anchors, ...types])) {
    if (!(await page.$(`[id="${anchor}"]`))) problems.push(`#${anchor} leads nowhere`);
  }
  // Every link to another page of spec/ (the main page, an event page, the index) and its anchor.
  const hrefs = await page.$$eval("a[href]", (found) => found.map((link) => link.href));
  let between = 0;
  for (const href of new Set(hrefs)) {
    const url = new URL(href);
    if (url.protocol !== "file:" || !url.pathname.endsWith(".html")) continue;
    const target = fileURLToPath(url);
    if (!target.startsWith(spec + path.sep) || target === file) continue;
    between += 1;
    const found = ids(target);
    if (!found) problems.push(`${href} leads to no page`);
    else if (url.hash && !found.has(decodeURIComponent(url.hash.slice(1)))) problems.push(`${href} leads to no anchor`);
  }
  const links = await page.$$eval("a[href^='http']", (found) => found.map((link) => link.href));
  const shown = await page.$$eval(".assumed", (found) => found.length);
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
  await page.screenshot({ path: path.join(screenshots, `${name.replace(/\//g, "-")}.png`), fullPage: true });
  await audit.close();
  await context.close();
  return { text, links, shown, anchors: anchors.length, between };
}

/** Prints the verdict on `name`; a failure fails the run. */
function report(name, problems, detail) {
  if (problems.length) {
    failed = true;
    console.log(`${name}: FAIL\n  ${problems.join("\n  ")}`);
  } else {
    console.log(`${name}: pass (${detail})`);
  }
}

const index = path.join(spec, "index.html");
const problems = [];
await check("index", index, problems);
report("index", problems, `${Math.round(readFileSync(index).length / 1024)} KB`);
for (const dialect of dialects) {
  // The main page first, then its event pages.
  const folder = path.join(spec, dialect, "events");
  const events = existsSync(folder) ? readdirSync(folder).filter((file) => file.endsWith(".html")).sort() : [];
  const files = [["index.html", path.join(spec, dialect, "index.html")], ...events.map((file) => [`events/${file}`, path.join(folder, file)])];
  let text = "";
  const links = new Set();
  let shown = 0;
  for (const [page, file] of files) {
    const name = `${dialect}/${page}`;
    const problems = [];
    const seen = await check(name, file, problems);
    text += seen.text;
    seen.links.forEach((link) => links.add(link));
    shown += seen.shown;
    report(name, problems, `${Math.round(readFileSync(file).length / 1024)} KB, ${seen.anchors} sidebar anchors, ${seen.between} links to other pages`);
  }
  // What the dialect's pages show together.
  const problems = [];
  const { names, marks, cited } = expectations(dialect);
  for (const expected of names) if (!text.includes(expected)) problems.push(`\`${expected}\` is not visible`);
  const catalogue = yaml.load(readFileSync(path.join(root, "crates/dialects/src", dialect.replace(/-/g, "_"), "events.yaml"), "utf8")).events;
  for (const event of catalogue) if (!text.includes(event.name)) problems.push(`event \`${event.name}\` is not visible`);
  for (const url of cited) if (!links.has(url) && !links.has(new URL(url).href)) problems.push(`no link to the cited page ${url}`);
  if (shown !== marks) problems.push(`${shown} "assumed" marks for ${marks} x-hookspec-assumed entries`);
  report(dialect, problems, `${files.length} page(s): ${names.size} operations and schemas, ${catalogue.length} events, ${cited.size} cited pages, ${marks} assumed marks`);
}
await browser.close();
process.exit(failed ? 1 : 0);
