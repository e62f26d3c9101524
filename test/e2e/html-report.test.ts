/**
 * End to end: the built CLI writes the HTML report of the demo organization (twice, with the state store on, so the
 * second has drift and history), and Debian's Chromium opens it headless through playwright-core. The test asserts
 * on the DOM the page's script draws (ids and data attributes, compared with the JSON report of the same scan), works
 * the filters, takes a screenshot, and asserts the page made no network request: the file is self-contained.
 */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PATHS } from "../../src/engine/coverage.ts";
import type { ScanReport } from "../../src/report/model.ts";
import { launchChromium, type Browser } from "../support/chromium.ts";
import { runCli } from "../support/cli.ts";
import { bundledScenario } from "../support/e2e.ts";
import { liveSimulator, type LiveSim } from "../support/live-sim.ts";
import { readValidReport } from "../support/report-schema.ts";

let live: LiveSim;
let report: ScanReport;
let context: BrowserContext;
let page: Page;
let browser: Browser | undefined;
const requests: string[] = [];
const pageErrors: string[] = [];
let fileUrl: string;

beforeAll(async () => {
  live = await liveSimulator(bundledScenario("demo"));
  // The store in the test's own folder: the second scan has a baseline (drift) and two scans of history.
  const config = join(live.dir, "wirewatch.yaml");
  const text = readFileSync(config, "utf8").replace(
    /state:\n\s+enabled: false\n/,
    `state:\n  enabled: true\n  dir: ${join(live.dir, "state")}\n`,
  );
  writeFileSync(config, text);
  for (const out of ["first", "second"]) {
    const r = await runCli(
      ["scan", "--config", "wirewatch.yaml", "--format", "json,html", "--output", out],
      live.env,
      live.dir,
    );
    expect(r.code).toBe(2);
    report = readValidReport(join(live.dir, out), r);
  }
  browser = await launchChromium();
  context = browser.context;
  fileUrl = pathToFileURL(join(live.dir, "second", "wirewatch-report.html")).href;
  // Anything but the file itself would be the page reaching out: record it and refuse it.
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url === fileUrl) return route.continue();
    requests.push(url);
    return route.abort();
  });
  context.on("request", (r) => {
    if (r.url() !== fileUrl) requests.push(r.url());
  });
  page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(fileUrl);
  await page.waitForSelector("body[data-ready=true]");
});

afterAll(async () => {
  await browser?.close();
  await live?.close();
});

const attr = (selector: string, name: string) => page.getAttribute(selector, name);
const rows = () =>
  page.$$eval("#findings-body tr.finding", (trs) =>
    trs.map((tr) => ({
      id: tr.getAttribute("data-id"),
      severity: tr.getAttribute("data-severity"),
      check: tr.getAttribute("data-check"),
      account: tr.getAttribute("data-account"),
      paths: tr.getAttribute("data-paths"),
    })),
  );
const open = () => report.findings.filter((f) => f.status === "fail" || f.status === "error");

describe("the HTML report in Chromium", () => {
  it("draws the summary and the incomplete banner, without a script error", async () => {
    expect(pageErrors).toEqual([]);
    expect(await attr("#tile-blind", "data-value")).toBe(String(report.summary.blindCells));
    expect(await attr("#tile-fail", "data-value")).toBe(String(report.summary.findings.fail));
    expect(await attr("#summary", "data-incomplete")).toBe("true");
    expect(await page.isVisible("#incomplete")).toBe(true);
  });

  it("draws every coverage cell as the JSON report has it, each path a data attribute", async () => {
    const cells = await page.$$eval("#matrix td.cell", (tds) =>
      tds.map((td) => ({
        accountId: td.getAttribute("data-account"),
        region: td.getAttribute("data-region"),
        paths: ["archive", "log", "alarm", "fast"].map((p) => td.getAttribute(`data-${p}`)),
      })),
    );
    const scanned = report.coverage.filter((c) => c.region !== "*");
    for (const c of scanned)
      expect(cells).toContainEqual({
        accountId: c.accountId,
        region: c.region,
        paths: PATHS.map((p) => c.paths[p]),
      });
    // The unreachable account has one cell for all regions, shown in each column as could-not-look.
    const blocked = cells.filter((c) => c.accountId === "444444444444");
    expect(blocked.length).toBe(report.scope.regions.length);
    expect(blocked.every((c) => c.paths.every((p) => p === "unknown"))).toBe(true);
    expect(await attr("#matrix", "data-rows")).toBe(String(report.scope.accounts.length));
  });

  it("lists every open finding, and filters by severity, check, account and path", async () => {
    expect((await rows()).map((r) => r.id).sort()).toEqual(
      open()
        .map((f) => f.id)
        .sort(),
    );
    for (const sev of ["critical", "medium", "low", "info"]) await page.uncheck(`#f-sev-${sev}`);
    const high = await rows();
    expect(high.map((r) => r.id).sort()).toEqual(
      open()
        .filter((f) => f.severity === "high")
        .map((f) => f.id)
        .sort(),
    );
    await page.click("#f-reset");
    await page.selectOption("#f-check", "cloudtrail.multi-region-logging");
    expect((await rows()).map((r) => r.check)).toEqual([
      "cloudtrail.multi-region-logging",
      "cloudtrail.multi-region-logging",
    ]);
    await page.click("#f-reset");
    await page.selectOption("#f-account", "222222222222");
    const acct = await rows();
    expect(acct.length).toBe(open().filter((f) => f.accountId === "222222222222").length);
    expect(new Set(acct.map((r) => r.account))).toEqual(new Set(["222222222222"]));
    // The account filter narrows the matrix to that account too.
    expect(await attr("#matrix", "data-rows")).toBe("1");
    await page.click("#f-reset");
    await page.selectOption("#f-path", "fast");
    const fast = await rows();
    expect(fast.length).toBeGreaterThan(0);
    expect(fast.every((r) => r.paths?.split(" ").includes("fast"))).toBe(true);
    expect(fast.map((r) => r.check)).toContain("eventbridge.cloudtrail-forwarding");
    await page.click("#f-reset");
    expect(await attr("#findings-count", "data-matching")).toBe(String(open().length));
  });

  it("opens a cell's findings from the matrix, each with its explanation and remediation", async () => {
    await page.click('#matrix td.cell[data-account="333333333333"][data-region="eu-west-1"]');
    expect(await page.inputValue("#f-account")).toBe("333333333333");
    const ids = (await rows()).map((r) => r.id);
    expect(ids.length).toBe(open().filter((f) => f.accountId === "333333333333").length);
    const stopped = open().find((f) => f.checkId === "cloudtrail.multi-region-logging")!;
    const detail = await page.textContent(`#findings-body tr[data-id="${stopped.id}"] details`);
    expect(detail).toContain("cloudtrail.start-logging");
    await page.click("#f-reset");
  });

  it("shows drift since the first scan and the history of blind account-regions", async () => {
    expect(report.drift?.baseline?.source).toBe("store");
    expect(await attr("#drift-new", "data-count")).toBe(String(report.drift?.counts.new));
    expect(await attr("#drift-stillOpen", "data-count")).toBe(String(report.drift?.counts.stillOpen));
    const bars = await page.$$eval("#history rect[data-scan]", (rs) =>
      rs.map((r) => [r.getAttribute("data-scan"), r.getAttribute("data-blind")]),
    );
    expect(bars.length).toBe(2);
    expect(bars[1]).toEqual([report.scanId, String(report.summary.blindCells)]);
  });

  it("takes a screenshot, and the page made no network request", async () => {
    const shot = join(mkdtempSync(join(tmpdir(), "wirewatch-shot-")), "report.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot) && statSync(shot).size).toBeGreaterThan(10_000);
    expect(requests).toEqual([]);
  });
});
