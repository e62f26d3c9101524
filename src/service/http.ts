/**
 * The service's HTTP endpoints. /healthz, /readyz and /metrics carry no account ids and need no token; GET / and
 * /report.json serve the latest report, a map of where the organization is blind, only with the bearer token
 * (RFC 6750) and not at all when no token is configured.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { UsageError } from "../errors.ts";
import type { ScanReport } from "../report/model.ts";
import type { ServiceMetrics } from "./metrics.ts";
import type { Readiness } from "./readiness.ts";

export interface HttpOptions {
  host: string;
  port: number;
  /** The bearer token for the report endpoints; undefined turns them off. */
  token: string | undefined;
  /** Where the reports are written (an HTML report, when one exists there, is served at /). */
  outputDir: string;
  metrics: ServiceMetrics;
  /** undefined while healthy, else why not. */
  healthy: () => string | undefined;
  ready: () => Promise<Readiness>;
  latestReport: () => ScanReport | undefined;
}

export interface HttpServer {
  port: number;
  reportServing: boolean;
  close(): Promise<void>;
}

const HTML_REPORT = "wirewatch-report.html";

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body) + "\n";
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

/** Compares digests, so neither the token's length nor its prefix leaks through timing. */
function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!m?.[1]) return false;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(m[1]), digest(token));
}

export async function startHttp(opts: HttpOptions): Promise<HttpServer> {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://service").pathname;
    if (req.method !== "GET" && req.method !== "HEAD") {
      json(res, 405, { error: "only GET is served" }, { allow: "GET, HEAD" });
      return;
    }
    switch (path) {
      case "/healthz": {
        const problem = opts.healthy();
        if (problem) json(res, 503, { status: "unhealthy", reason: problem });
        else json(res, 200, { status: "ok" });
        return;
      }
      case "/readyz": {
        const r = await opts.ready();
        if (r.ready) json(res, 200, { status: "ready", lastCompleteScanAt: r.lastCompleteScanAt });
        else json(res, 503, { status: "not ready", reason: r.reason, detail: r.detail });
        return;
      }
      case "/metrics": {
        const text = await opts.metrics.text();
        res.writeHead(200, { "content-type": opts.metrics.contentType, "cache-control": "no-store" });
        res.end(text);
        return;
      }
      case "/":
      case "/report.json": {
        if (opts.token === undefined) {
          json(res, 404, { error: "report serving is off: set the variable service.http.tokenEnv names" });
          return;
        }
        if (!tokenMatches(req.headers.authorization, opts.token)) {
          json(
            res,
            401,
            { error: "a bearer token is required" },
            { "www-authenticate": 'Bearer realm="wirewatch"' },
          );
          return;
        }
        const report = opts.latestReport();
        if (path === "/") {
          const html = await readFile(join(opts.outputDir, HTML_REPORT), "utf8").catch(() => undefined);
          if (html !== undefined) {
            res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
            res.end(html);
            return;
          }
        }
        if (!report) {
          json(res, 404, { error: "no scan has finished yet" });
          return;
        }
        json(res, 200, report);
        return;
      }
      default:
        json(res, 404, {
          error: "not found",
          paths: ["/healthz", "/readyz", "/metrics", "/", "/report.json"],
        });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: err instanceof Error ? err.message : String(err) });
      else res.end();
    });
  });
  // Probes and scrapers hold connections open; shutdown must not wait for them.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(new UsageError(`cannot listen on ${opts.host}:${opts.port} (service.http): ${err.message}`)),
    );
    server.listen(opts.port, opts.host, () => {
      server.removeAllListeners("error");
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    reportServing: opts.token !== undefined,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
