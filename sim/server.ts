/**
 * The simulator's HTTP front door: one loopback endpoint for every service, as `AWS_ENDPOINT_URL` expects.
 * Pipeline per request: latency -> SigV4 identity -> route (X-Amz-Target, awsQuery Action, or REST path) ->
 * region enabled? -> injected fault -> rate limit -> IAM (the principal's permission policies, per action, or
 * without policies: read-only principals cannot write) -> handler ->
 * CloudTrail event for writes -> wire encoding.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { authenticate, authError, parseAuthorization } from "./auth.ts";
import { PROTOCOL_ERRORS, SimError, internalFailure } from "./errors.ts";
import { FaultInjector, type FaultRule } from "./faults.ts";
import { firstDenied, requiredAuthorisations } from "./iam.ts";
import {
  decodeQuery,
  encodeError,
  encodeJson,
  encodeQueryResult,
  type Input,
  type Protocol,
  type WireResponse,
} from "./protocol.ts";
import { PUBLISHED_TPS, RateLimiter } from "./ratelimit.ts";
import { buildWorld, type Scenario } from "./scenario.ts";
import type { OperationDef, RequestContext, ServiceDef } from "./service.ts";
import { SERVICES } from "./services/index.ts";
import {
  isRegionEnabled,
  regionOf,
  type CloudTrailEventRecord,
  type Credential,
  type World,
} from "./state.ts";

export interface SimulatorOptions {
  scenario: Scenario;
  port?: number;
  host?: string;
  /** Added to every response, in milliseconds. */
  latencyMs?: number;
  /** Enforce AWS's published per-account, per-region rate limits. */
  rateLimits?: boolean;
  /** Issued sessions last DurationSeconds / timeScale real seconds, so tests can see expiry quickly. */
  timeScale?: number;
  faults?: FaultRule[];
  /** Override the published TPS table (tests that need tighter limits). */
  tps?: Record<string, number>;
}

export interface SimulatorStats {
  requests: number;
  throttled: number;
  faults: number;
  byOperation: Map<string, number>;
}

export interface Simulator {
  endpoint: string;
  world: World;
  faults: FaultInjector;
  stats: SimulatorStats;
  hub: { accessKeyId: string; secretAccessKey: string; accountId: string; region: string };
  settings: { latencyMs: number; rateLimits: boolean; timeScale: number };
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const world = buildWorld(options.scenario);
  const sc = options.scenario.settings ?? {};
  const settings = {
    latencyMs: options.latencyMs ?? sc.latencyMs ?? 0,
    rateLimits: options.rateLimits ?? sc.rateLimits ?? true,
    timeScale: options.timeScale ?? sc.timeScale ?? 1,
  };
  const faults = new FaultInjector();
  faults.set([...(options.scenario.faults ?? []), ...(options.faults ?? [])]);
  const limiter = new RateLimiter({ ...PUBLISHED_TPS, ...options.tps });
  const stats: SimulatorStats = { requests: 0, throttled: 0, faults: 0, byOperation: new Map() };

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  server.keepAliveTimeout = 30_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    stats.requests += 1;
    if (settings.latencyMs > 0) await new Promise((r) => setTimeout(r, settings.latencyMs));
    const wire = await dispatch(req, body);
    res.writeHead(wire.status, { ...wire.headers, "content-length": Buffer.byteLength(wire.body) });
    res.end(wire.body);
  }

  async function dispatch(req: IncomingMessage, body: string): Promise<WireResponse> {
    const requestId = randomUUID();
    const headers = flatHeaders(req);
    const url = new URL(req.url ?? "/", "http://sim");
    const auth = parseAuthorization(headers.authorization);
    const target = headers["x-amz-target"];
    const contentType = headers["content-type"] ?? "";
    const protocol: Protocol = target
      ? "json"
      : contentType.startsWith("application/x-www-form-urlencoded")
        ? "query"
        : "restJson";
    const service = auth ? SERVICES[auth.service] : undefined;
    const errOpts = {
      requestId,
      jsonVersion: service?.jsonVersion,
      namespace: service?.xmlNamespace,
      queryCompatible: protocol === "json" && service?.queryCompatible === true,
    };
    const fail = (err: SimError) => encodeError(protocol, withModelStatus(err, protocol, service), errOpts);

    if (!auth) return fail(authError("missing", protocol));
    if (!service)
      return fail(new SimError("UnknownServiceException", `Unknown service ${auth.service}`, 400));

    // Route to an operation.
    let operation: string | undefined;
    let input: Input;
    try {
      if (protocol === "json") {
        // SDK v3 sends "CloudTrail_20131101.Op"; botocore (AWS CLI) sends the fully qualified
        // "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.Op": accept both.
        const t = target ?? "";
        const prefix = t.slice(0, t.lastIndexOf("."));
        const op = t.slice(t.lastIndexOf(".") + 1);
        const known = prefix === service.targetPrefix || prefix.endsWith(`.${service.targetPrefix ?? ""}`);
        if (!service.protocols.includes("json") || !known || !op) {
          return fail(new SimError("UnknownOperationException", `Unknown target ${target ?? ""}`, 400));
        }
        operation = op;
        input = body.trim() === "" ? {} : (JSON.parse(body) as Input);
      } else if (protocol === "query") {
        const decoded = decodeQuery(body);
        if (!service.protocols.includes("query")) {
          return fail(new SimError("InvalidAction", `The action ${decoded.action} is not valid`, 400));
        }
        operation = decoded.action;
        input = decoded.input;
      } else {
        operation = service.restRoutes?.[`${req.method ?? "GET"} ${url.pathname}`];
        input = body.trim() === "" ? {} : (JSON.parse(body) as Input);
      }
    } catch {
      return fail(new SimError("SerializationException", "Could not parse the request body", 400));
    }
    const opDef = operation ? service.operations[operation] : undefined;
    if (!operation || !opDef) {
      return fail(
        protocol === "query"
          ? new SimError("InvalidAction", `The action or operation ${operation ?? ""} is invalid`, 400)
          : new SimError("UnknownOperationException", `Unknown operation ${operation ?? ""}`, 400),
      );
    }
    stats.byOperation.set(
      `${service.signingName}:${operation}`,
      (stats.byOperation.get(`${service.signingName}:${operation}`) ?? 0) + 1,
    );

    let caller: Credential;
    try {
      caller = await authenticate(
        world,
        {
          method: req.method ?? "POST",
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers,
          body,
        },
        auth,
        protocol,
        Date.now(),
      );
    } catch (err) {
      if (err instanceof SimError) return fail(err);
      throw err;
    }
    const account = world.accounts.get(caller.accountId);
    if (!account) return fail(authError("unknown", protocol));
    const region = auth.region;

    const ctx: RequestContext = {
      world,
      account,
      regionState: regionOf(account, region),
      region,
      caller,
      service: service.signingName,
      operation,
      requestId,
      timeScale: settings.timeScale,
      now: () => new Date(),
      newId: (prefix = "") => `${prefix}${randomUUID()}`,
    };

    try {
      // Opt-in regions that are not enabled do not know the account's credentials.
      if (!isRegionEnabled(account, region)) {
        if (service.signingName === "sts") {
          throw new SimError(
            "RegionDisabledException",
            `STS is not activated in this region for account:${account.id}. Your account administrator can activate STS in this region using the IAM Console.`,
            403,
          );
        }
        throw authError("unknown", protocol);
      }
      const fault = faults.match(service.signingName, operation, account.id, region);
      if (fault) {
        stats.faults += 1;
        throw faultError(fault, service, operation, caller);
      }
      if (
        settings.rateLimits &&
        !limiter.take(account.id, region, `${service.signingName}:${opDef.rate ?? operation}`)
      ) {
        stats.throttled += 1;
        throw new SimError(service.throttling.code, service.throttling.message);
      }
      authorise(service, operation, opDef, input, caller);
      refuseUnimplemented(service, operation, opDef, input);
      const result = await opDef.handler(ctx, input);
      if (opDef.write && !opDef.dataEvent) recordEvent(ctx, service, input, result, undefined);
      return encodeSuccess(protocol, service, operation, result, requestId);
    } catch (err) {
      const simErr = err instanceof SimError ? err : internalFailure(service.signingName);
      if (!(err instanceof SimError)) console.error("simulator handler failure", err);
      if (opDef.write && !opDef.dataEvent) recordEvent(ctx, service, input, undefined, simErr);
      return fail(simErr);
    }
  }

  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve),
  );
  const address = server.address() as AddressInfo;
  const hubCred = world.credentials.get(world.hubAccessKeyId);
  if (!hubCred) throw new Error("scenario hub principal has no credentials");
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    world,
    faults,
    stats,
    settings,
    hub: {
      accessKeyId: hubCred.accessKeyId,
      secretAccessKey: hubCred.secretAccessKey,
      accountId: hubCred.accountId,
      region: options.scenario.hub.region,
    },
    close: () => closeServer(server),
  };
}

/** A set input member (an empty list or map sets nothing) the simulator does not implement is refused, by name. */
function refuseUnimplemented(service: ServiceDef, operation: string, op: OperationDef, input: Input): void {
  for (const [member, missing] of Object.entries(op.members.refused ?? {})) {
    const v = input[member];
    const empty =
      v === undefined ||
      v === null ||
      (Array.isArray(v) && v.length === 0) ||
      (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0);
    if (!empty) {
      throw new SimError(
        service.refusalCode,
        `${operation} ${member} is not supported by the wirewatch simulator (${missing}); the request is refused rather than answered as if ${member} were absent.`,
      );
    }
  }
}

/**
 * The HTTP status the service's model gives the error's code (ServiceDef.errors), or the protocol's common errors;
 * a code in neither keeps the status the handler chose.
 */
function withModelStatus(err: SimError, protocol: Protocol, service: ServiceDef | undefined): SimError {
  const common: Readonly<Record<string, number>> = PROTOCOL_ERRORS[protocol === "query" ? "query" : "json"];
  const status = service?.errors[err.code] ?? common[err.code];
  if (status === undefined || status === err.status) return err;
  return new SimError(err.code, err.message, status, err.fault);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function encodeSuccess(
  protocol: Protocol,
  service: ServiceDef,
  operation: string,
  result: unknown,
  requestId: string,
): WireResponse {
  if (protocol === "query") {
    return {
      status: 200,
      headers: { "content-type": "text/xml", "x-amzn-RequestId": requestId },
      body: encodeQueryResult(operation, service.xmlNamespace ?? "", result, requestId),
    };
  }
  const contentType =
    protocol === "json" ? `application/x-amz-json-${service.jsonVersion ?? "1.1"}` : "application/json";
  return {
    status: 200,
    headers: { "content-type": contentType, "x-amzn-RequestId": requestId },
    body: encodeJson(result ?? {}),
  };
}

/**
 * IAM for the request: a principal with permission policies is judged by them, per action it needs (its own and
 * the ones what it sets depends on); one without keeps the two-level model (read-only principals cannot write).
 * The refusal is the service's own denial error, worded as AWS words it, e.g. "User: arn:... is not authorized to
 * perform: logs:TagResource on resource: ... because no identity-based policy allows the logs:TagResource action"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
 */
function authorise(
  service: ServiceDef,
  operation: string,
  opDef: OperationDef,
  input: Input,
  caller: Credential,
): void {
  if (!caller.policies) {
    if (opDef.write && caller.access === "read-only") {
      throw accessDenied(service, operation, caller, "because no identity-based policy allows the action");
    }
    return;
  }
  const denied = firstDenied(caller.policies, requiredAuthorisations(service.signingName, operation, input));
  if (!denied) return;
  const { action, resource } = denied.need;
  const why =
    denied.decision === "explicit-deny"
      ? `with an explicit deny in an identity-based policy`
      : `because no identity-based policy allows the ${action} action`;
  throw new SimError(
    service.accessDeniedCode,
    `User: ${caller.arn} is not authorized to perform: ${action}${resource ? ` on resource: ${resource}` : ""} ${why}`,
    service.errors[service.accessDeniedCode],
  );
}

export function accessDenied(
  service: ServiceDef,
  operation: string,
  caller: Credential,
  why: string,
): SimError {
  return new SimError(
    service.accessDeniedCode,
    `User: ${caller.arn} is not authorized to perform: ${service.signingName}:${operation} ${why}`,
    service.errors[service.accessDeniedCode],
  );
}

function faultError(
  fault: NonNullable<FaultRule["error"]>,
  service: ServiceDef,
  operation: string,
  caller: Credential,
) {
  switch (fault) {
    case "AccessDenied":
      return accessDenied(service, operation, caller, "with an explicit deny in a service control policy");
    case "Throttling":
      return new SimError(service.throttling.code, service.throttling.message);
    case "ServiceUnavailable":
      return new SimError("ServiceUnavailable", "Service is unavailable. Please try again.", 503);
    case "InternalError":
      return internalFailure(service.signingName);
  }
}

/** Every write, successful or refused, becomes a management event in the caller's account and region. */
function recordEvent(
  ctx: RequestContext,
  service: ServiceDef,
  input: Input,
  result: unknown,
  error: SimError | undefined,
): void {
  const eventTime = ctx.now();
  const eventId = randomUUID();
  const userName = ctx.caller.arn.split("/").pop() ?? ctx.caller.arn;
  const record = {
    eventVersion: "1.09",
    userIdentity: {
      type: ctx.caller.kind === "user" ? "IAMUser" : "AssumedRole",
      principalId: ctx.caller.userId,
      arn: ctx.caller.arn,
      accountId: ctx.account.id,
      accessKeyId: ctx.caller.accessKeyId,
    },
    eventTime: eventTime.toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: service.eventSource,
    eventName: ctx.operation,
    awsRegion: ctx.region,
    sourceIPAddress: "127.0.0.1",
    userAgent: "wirewatch-simulator",
    ...(error ? { errorCode: error.code, errorMessage: error.message } : {}),
    requestParameters: input,
    responseElements: error ? null : (JSON.parse(encodeJson(result ?? null)) as unknown),
    requestID: ctx.requestId,
    eventID: eventId,
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ctx.account.id,
    eventCategory: "Management",
  };
  const event: CloudTrailEventRecord = {
    EventId: eventId,
    EventName: ctx.operation,
    ReadOnly: "false",
    AccessKeyId: ctx.caller.accessKeyId,
    EventTime: eventTime,
    EventSource: service.eventSource,
    Username: userName,
    Resources: [],
    CloudTrailEvent: JSON.stringify(record),
  };
  ctx.regionState.events.push(event);
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(",") : v;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
