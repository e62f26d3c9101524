import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fixtureReport } from "../../test/support/fixture-report.ts";
import type { ScanReport } from "../report/model.ts";
import { startHttp, type HttpServer } from "./http.ts";
import { ServiceMetrics } from "./metrics.ts";

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(token: string | undefined, report: ScanReport | undefined, outputDir = tmpdir()) {
  const metrics = new ServiceMetrics({ accountLabels: false, processMetrics: false });
  if (report) metrics.report(report);
  server = await startHttp({
    host: "127.0.0.1",
    port: 0,
    token,
    outputDir,
    metrics,
    healthy: () => undefined,
    ready: () =>
      Promise.resolve({ ready: false, reason: "no-complete-scan", detail: "no scan has completed yet" }),
    latestReport: () => report,
  });
  return `http://127.0.0.1:${server.port}`;
}

describe("the service's HTTP endpoints", () => {
  it("serves the report only with the bearer token, and not at all without one configured", async () => {
    const report = fixtureReport();
    const base = await serve("s3cret", report);
    expect((await fetch(`${base}/report.json`)).status).toBe(401);
    const wrong = await fetch(`${base}/report.json`, { headers: { authorization: "Bearer s3cre" } });
    expect([wrong.status, wrong.headers.get("www-authenticate")]).toEqual([401, 'Bearer realm="wirewatch"']);
    const ok = await fetch(`${base}/report.json`, { headers: { authorization: "Bearer s3cret" } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as ScanReport).scanId).toBe(report.scanId);
    await server!.close();

    const off = await serve(undefined, report);
    const r = await fetch(`${off}/report.json`, { headers: { authorization: "Bearer s3cret" } });
    expect(r.status).toBe(404);
    expect((await fetch(`${off}/`)).status).toBe(404);
  });

  it("serves the HTML report at / when the output directory holds one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wirewatch-http-"));
    writeFileSync(join(dir, "wirewatch-report.html"), "<h1>report</h1>");
    const base = await serve("t", fixtureReport(), dir);
    const r = await fetch(`${base}/`, { headers: { authorization: "Bearer t" } });
    expect([r.status, r.headers.get("content-type"), await r.text()]).toEqual([
      200,
      "text/html; charset=utf-8",
      "<h1>report</h1>",
    ]);
  });

  it("answers readiness with a JSON reason, and health and metrics without a token or account ids", async () => {
    const report = fixtureReport();
    const base = await serve("t", report);
    const ready = await fetch(`${base}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([
      503,
      { status: "not ready", reason: "no-complete-scan", detail: "no scan has completed yet" },
    ]);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const text = await (await fetch(`${base}/metrics`)).text();
    const fails = report.findings.filter((f) => f.status === "fail" && f.severity === "high").length;
    expect(text).toContain(`wirewatch_findings{severity="high",status="fail"} ${fails}`);
    expect(text).toContain('wirewatch_scans_total{outcome="clean"} 0');
    const accounts = new Set(report.findings.map((f) => f.accountId));
    expect([...accounts].filter((a) => text.includes(a))).toEqual([]);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: "POST" })).status).toBe(405);
  });
});
