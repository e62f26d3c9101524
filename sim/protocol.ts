/**
 * Wire protocols of the services the simulator speaks: awsJson1_1, awsJson1_0 (CloudWatch, query-compatible),
 * awsQuery (STS, SNS, CloudWatch's older protocol) and restJson1 (Account). Handlers see plain objects and
 * return plain objects (Date for timestamps, Map for string maps); this module turns them into bytes.
 */
import { XMLBuilder } from "fast-xml-parser";
import type { SimError } from "./errors.ts";

export type Protocol = "json" | "query" | "restJson";

export type Input = Record<string, unknown>;

/** Decodes an awsQuery form body into nested objects: `A.member.1.B=x` -> `{ A: [{ B: "x" }] }`. */
export function decodeQuery(body: string): { action: string; version: string; input: Input } {
  const params = new URLSearchParams(body);
  const input: Input = {};
  let action = "";
  let version = "";
  for (const [key, value] of params) {
    if (key === "Action") action = value;
    else if (key === "Version") version = value;
    else setPath(input, key.split("."), value);
  }
  return { action, version, input: normaliseQuery(input) as Input };
}

function setPath(target: Record<string, unknown>, path: string[], value: string): void {
  let node = target;
  path.forEach((segment, i) => {
    if (i === path.length - 1) {
      node[segment] = value;
      return;
    }
    const next = node[segment];
    if (typeof next !== "object" || next === null) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  });
}

/** Lists arrive as `member.N`, maps as `entry.N.key/value`; both become their JS shapes (maps as objects). */
function normaliseQuery(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && (keys[0] === "member" || keys[0] === "entry")) {
    const items = obj[keys[0]] as Record<string, unknown>;
    const ordered = Object.keys(items)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => normaliseQuery(items[k]));
    if (keys[0] === "member") return ordered;
    const map: Record<string, unknown> = {};
    for (const entry of ordered as Array<Record<string, unknown>>) {
      map[String(entry.key)] = entry.value;
    }
    return map;
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = normaliseQuery(obj[k]);
  return out;
}

/** awsJson/restJson: timestamps as epoch seconds, Maps as objects, undefined dropped. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(toJsonValue(value));
}

function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Map) return toJsonValue(Object.fromEntries(value));
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonValue(v);
    return out;
  }
  return value;
}

const xml = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: false, processEntities: true });

/** awsQuery: lists as `<member>`, maps as `<entry><key/><value/></entry>`, timestamps ISO 8601. */
function toXmlValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) {
    return { entry: [...value].map(([k, v]) => ({ key: k, value: toXmlValue(v) })) };
  }
  if (Array.isArray(value)) return { member: value.map(toXmlValue) };
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toXmlValue(v);
    return out;
  }
  return value;
}

export function encodeQueryResult(operation: string, namespace: string, result: unknown, requestId: string) {
  const body: Record<string, unknown> = { "@_xmlns": namespace };
  const hasResult = typeof result === "object" && result !== null && Object.keys(result).length > 0;
  if (hasResult) body[`${operation}Result`] = toXmlValue(result);
  body.ResponseMetadata = { RequestId: requestId };
  return xml.build({ [`${operation}Response`]: body }) as string;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function encodeError(
  protocol: Protocol,
  err: SimError,
  opts: { namespace?: string; queryCompatible?: boolean; requestId: string; jsonVersion?: "1.0" | "1.1" },
): WireResponse {
  const headers: Record<string, string> = { "x-amzn-RequestId": opts.requestId };
  if (protocol === "query") {
    headers["content-type"] = "text/xml";
    const body = xml.build({
      ErrorResponse: {
        "@_xmlns": opts.namespace ?? "",
        Error: { Type: err.fault, Code: err.code, Message: err.message },
        RequestId: opts.requestId,
      },
    }) as string;
    return { status: err.status, headers, body };
  }
  headers["content-type"] =
    protocol === "json" ? `application/x-amz-json-${opts.jsonVersion ?? "1.1"}` : "application/json";
  headers["x-amzn-ErrorType"] = err.code;
  // CloudWatch's JSON protocol is query-compatible: the header carries the awsQuery error code and fault.
  if (opts.queryCompatible) headers["x-amzn-query-error"] = `${err.code};${err.fault}`;
  return { status: err.status, headers, body: JSON.stringify({ __type: err.code, message: err.message }) };
}
