/**
 * The only code that writes to AWS. It runs the calls of a plan and nothing else: an operation missing from
 * this table cannot be called, and the table holds no Delete*.
 */
import {
  AddTagsCommand,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  UpdateTrailCommand,
} from "@aws-sdk/client-cloudtrail";
import { EnableAlarmActionsCommand, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import {
  CreateLogGroupCommand,
  PutMetricFilterCommand,
  PutRetentionPolicyCommand,
  PutSubscriptionFilterCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { EnableRuleCommand, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import type { AccountClients } from "./layer.ts";

type CommandCtor = new (input: never) => object;

export const WRITE_OPERATIONS: Record<string, Record<string, CommandCtor>> = {
  cloudtrail: {
    AddTags: AddTagsCommand,
    CreateTrail: CreateTrailCommand,
    PutEventSelectors: PutEventSelectorsCommand,
    StartLogging: StartLoggingCommand,
    UpdateTrail: UpdateTrailCommand,
  },
  events: { EnableRule: EnableRuleCommand, PutRule: PutRuleCommand, PutTargets: PutTargetsCommand },
  logs: {
    CreateLogGroup: CreateLogGroupCommand,
    PutMetricFilter: PutMetricFilterCommand,
    PutRetentionPolicy: PutRetentionPolicyCommand,
    PutSubscriptionFilter: PutSubscriptionFilterCommand,
  },
  monitoring: { EnableAlarmActions: EnableAlarmActionsCommand, PutMetricAlarm: PutMetricAlarmCommand },
};

export interface WriteCall {
  service: string;
  operation: string;
  region: string;
  input: Record<string, unknown>;
}

/** Sends one planned call with the remediation role's clients; returns the response without SDK metadata. */
export async function sendWrite(clients: AccountClients, call: WriteCall): Promise<Record<string, unknown>> {
  const Ctor = WRITE_OPERATIONS[call.service]?.[call.operation];
  if (!Ctor) throw new Error(`${call.service}:${call.operation} is not an operation wirewatch may call`);
  const client = clients.get(
    call.service as Parameters<AccountClients["get"]>[0],
    call.region,
  ) as unknown as {
    send(command: object): Promise<Record<string, unknown>>;
  };
  const { $metadata: _metadata, ...out } = await client.send(new Ctor(call.input as never));
  // PutTargets answers 200 with FailedEntries for targets it refused: that is a failed write, not a success.
  const failedCount = out.FailedEntryCount;
  if (typeof failedCount === "number" && failedCount > 0) {
    const entries =
      (out.FailedEntries as Array<{ ErrorCode?: string; ErrorMessage?: string }> | undefined) ?? [];
    const first = entries[0];
    const err = new Error(`${failedCount} entries failed: ${first?.ErrorMessage ?? "no reason given"}`);
    err.name = first?.ErrorCode ?? "FailedEntries";
    throw err;
  }
  return out;
}
