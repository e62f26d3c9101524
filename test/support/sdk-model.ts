/**
 * The service models as the AWS SDK for JavaScript v3 clients ship them: every client exports its Smithy schemas
 * (`ListTrails$`, `ListTrailsRequest$`, `TrailNotFoundException$`, ...), generated from the models in
 * aws/aws-sdk-js-v3 codegen/sdk-codegen/aws-models/<service>.json and pinned by package-lock.json. Tests read
 * operations' input members and errors' HTTP statuses from here, so an expectation is AWS's, not the simulator's.
 *
 * Schema tuples (@smithy/core schema): operation `[9, namespace, name, traits, () => input, () => output]`,
 * structure `[3, namespace, name, traits, memberNames, memberSchemas, requiredCount?]`, error
 * `[-3, namespace, name, { error, httpError?, awsQueryError?: [code, status] }, memberNames, memberSchemas]`.
 */
import * as account from "@aws-sdk/client-account";
import * as cloudtrail from "@aws-sdk/client-cloudtrail";
import * as cloudwatch from "@aws-sdk/client-cloudwatch";
import * as logs from "@aws-sdk/client-cloudwatch-logs";
import * as events from "@aws-sdk/client-eventbridge";
import * as organizations from "@aws-sdk/client-organizations";
import * as securityhub from "@aws-sdk/client-securityhub";
import * as sns from "@aws-sdk/client-sns";
import * as sts from "@aws-sdk/client-sts";

/** Client modules by the simulator's signing names. */
const CLIENTS: Record<string, Record<string, unknown>> = {
  account,
  cloudtrail,
  monitoring: cloudwatch,
  logs,
  events,
  organizations,
  securityhub,
  sns,
  sts,
};

export type SigningName = keyof typeof CLIENTS;

export interface ModelError {
  /** The shape name: the SDK error's `name` (JSON protocols). */
  shape: string;
  /** The wire code of awsQuery and query-compatible services (`aws.protocols#awsQueryError`), else the shape. */
  code: string;
  status: number;
  fault: "client" | "server";
}

function schemas(service: string): Record<string, unknown> {
  const mod = CLIENTS[service];
  if (!mod) throw new Error(`no SDK client for ${service}`);
  return mod;
}

const isTuple = (v: unknown, kind: number): v is unknown[] => Array.isArray(v) && v[0] === kind;

/** The operation names the service model defines. */
export function modelOperations(service: string): string[] {
  return Object.entries(schemas(service))
    .filter(([k, v]) => k.endsWith("$") && isTuple(v, 9))
    .map(([, v]) => (v as unknown[])[2] as string);
}

/** The top-level input members of an operation, or undefined when the model has no such operation. */
export function inputMembers(service: string, operation: string): string[] | undefined {
  const op = schemas(service)[`${operation}$`];
  if (!isTuple(op, 9)) return undefined;
  const input = (op[4] as () => unknown)();
  // An operation without input points at the unit schema (not a structure tuple).
  return isTuple(input, 3) ? [...(input[4] as string[])] : [];
}

/** Every error the service model defines, with the HTTP status its traits give it (client errors default to 400). */
export function modelErrors(service: string): ModelError[] {
  return Object.entries(schemas(service))
    .filter(([k, v]) => k.endsWith("$") && isTuple(v, -3))
    .flatMap(([, v]) => {
      const [, , shape, traits] = v as [number, string, string, unknown];
      if (typeof traits !== "object" || traits === null) return []; // the service's base exception
      const t = traits as { error?: string; httpError?: number; awsQueryError?: [string, number] };
      const fault = t.error === "server" ? "server" : "client";
      const status = t.httpError ?? t.awsQueryError?.[1] ?? (fault === "server" ? 500 : 400);
      return [{ shape, code: t.awsQueryError?.[0] ?? shape, status, fault }];
    });
}

/** The model's error with this shape name or wire code. */
export function modelError(service: string, codeOrShape: string): ModelError | undefined {
  const all = modelErrors(service);
  return all.find((e) => e.shape === codeOrShape) ?? all.find((e) => e.code === codeOrShape);
}

/** The HTTP status the model gives an error; fails the test for an error the model does not define. */
export function modelStatus(service: string, codeOrShape: string): number {
  const e = modelError(service, codeOrShape);
  if (!e) throw new Error(`${service} model defines no error ${codeOrShape}`);
  return e.status;
}
