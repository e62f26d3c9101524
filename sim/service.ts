/** The contract between the simulator's request pipeline and the per-service handler modules. */
import type { Input, Protocol } from "./protocol.ts";
import type { AccountState, Credential, RegionState, World } from "./state.ts";

export interface RequestContext {
  world: World;
  /** The caller's own account: handlers read and write only this account (and the org view STS/Organizations give). */
  account: AccountState;
  /** The caller's state in the signed region. */
  regionState: RegionState;
  region: string;
  caller: Credential;
  service: string;
  operation: string;
  requestId: string;
  /** Real milliseconds per simulated second is 1000 / timeScale: issued sessions last duration / timeScale. */
  timeScale: number;
  now(): Date;
  newId(prefix?: string): string;
}

export type Handler = (ctx: RequestContext, input: Input) => unknown;

/**
 * An operation's top-level input members, by the names the service model gives them, each classified once:
 * test/integration/sim/members.test.ts fails when the three lists differ from the model's members (a new SDK adds
 * one, or a name is misspelt), so no member is ever accepted and silently ignored without saying why.
 */
export interface OperationMembers {
  /** Read and acted on as AWS does (within what the simulator models; docs/simulator.md says where that ends). */
  honoured: readonly string[];
  /** Accepted without effect, each with why AWS's answer would be the same in the simulated world. */
  ignored?: Readonly<Record<string, string>>;
  /**
   * Not supported: a request that sets one is refused with the service's validation error naming the member
   * (ServiceDef.refusalCode), rather than answered as if it were absent. Each with what is missing.
   */
  refused?: Readonly<Record<string, string>>;
}

export interface OperationDef {
  handler: Handler;
  members: OperationMembers;
  /** Write operations are refused to read-only principals and recorded as CloudTrail events. */
  write?: boolean;
  /** A write CloudTrail records as a data event (SNS Publish): not in event history, so not recorded here. */
  dataEvent?: boolean;
  /** Rate-limit bucket name (ratelimit.ts); defaults to the operation name. */
  rate?: string;
}

export interface ErrorSpec {
  code: string;
  message: string;
}

export interface ServiceDef {
  /** SigV4 signing name, also the credential-scope service. */
  signingName: string;
  /** The protocols this endpoint accepts (CloudWatch accepts both awsJson1_0 and awsQuery). */
  protocols: Protocol[];
  /** X-Amz-Target prefix for the JSON protocols. */
  targetPrefix?: string;
  jsonVersion?: "1.0" | "1.1";
  /** JSON errors also carry the awsQuery code in x-amzn-query-error (awsQueryCompatible services). */
  queryCompatible?: boolean;
  /** awsQuery XML namespace. */
  xmlNamespace?: string;
  /** restJson1 routes: "POST /listRegions" -> operation name. */
  restRoutes?: Record<string, string>;
  /** eventSource of the CloudTrail events this service's writes produce. */
  eventSource: string;
  throttling: ErrorSpec;
  accessDeniedCode: string;
  /** The validation error that refuses an input member the simulator does not implement (OperationMembers.refused). */
  refusalCode: string;
  /**
   * Every error code the service's operations answer with, and its HTTP status: the `smithy.api#httpError` trait of
   * the error in the service model (awsQuery and query-compatible services: its `aws.protocols#awsQueryError`
   * code and status; no trait: 400 for a client error), as the AWS SDK for JavaScript v3 client ships it in its
   * schemas (generated from aws/aws-sdk-js-v3 codegen/sdk-codegen/aws-models/<service>.json). The server answers
   * every error with the status listed here; test/integration/sim/errors.test.ts checks each against the model.
   */
  errors: Readonly<Record<string, number>>;
  operations: Record<string, OperationDef>;
}

/** Coercions that accept both JSON-typed input and awsQuery's all-strings form. */
export const inputs = {
  str(input: Input, key: string): string | undefined {
    const v = input[key];
    return v === undefined || v === null ? undefined : String(v);
  },
  num(input: Input, key: string): number | undefined {
    const v = input[key];
    if (v === undefined || v === null || v === "") return undefined;
    return typeof v === "number" ? v : Number(v);
  },
  bool(input: Input, key: string): boolean | undefined {
    const v = input[key];
    if (v === undefined || v === null) return undefined;
    return v === true || v === "true";
  },
  list<T = unknown>(input: Input, key: string): T[] | undefined {
    const v = input[key];
    if (v === undefined || v === null) return undefined;
    return Array.isArray(v) ? (v as T[]) : [];
  },
  obj(input: Input, key: string): Input | undefined {
    const v = input[key];
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Input) : undefined;
  },
};
