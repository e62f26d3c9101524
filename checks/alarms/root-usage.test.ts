import {
  alarmCheckCases,
  alarmCheckDetails,
  filterVariants,
  outside,
} from "../../test/support/alarm-tables.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import check, { control } from "./root-usage.ts";

const invokedByService = "Decrypt by root invoked by an AWS service";
const serviceEvent = "CredentialVerification service event of root";
const exist = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXIST }';
const exists = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy EXISTS }';

filterVariants(control, [
  { name: "canonical (CIS, Security Hub CloudWatch.1)", pattern: control.canonicalPattern, pass: true },
  {
    name: "each clause in parentheses",
    pattern:
      '{ ($.userIdentity.type = "Root") && ($.userIdentity.invokedBy NOT EXISTS) && ($.eventType != "AwsServiceEvent") }',
    pass: true,
  },
  {
    name: "reordered clauses",
    pattern:
      '{ $.eventType != "AwsServiceEvent" && $.userIdentity.invokedBy NOT EXISTS && $.userIdentity.type = "Root" }',
    pass: true,
  },
  {
    name: "no spaces, unquoted values",
    pattern: "{$.userIdentity.type=Root&&$.userIdentity.invokedBy NOT EXISTS&&$.eventType!=AwsServiceEvent}",
    pass: true,
  },
  {
    name: "lower-case not exists, redundant parentheses",
    pattern:
      '{ ((($.userIdentity.type = "Root") && ($.userIdentity.invokedBy not exists)) && (($.eventType != "AwsServiceEvent"))) }',
    pass: true,
  },
  {
    name: "the invokedBy clause missing",
    pattern: '{ $.userIdentity.type = "Root" && $.eventType != "AwsServiceEvent" }',
    wronglyMatched: [invokedByService],
  },
  {
    name: "the eventType clause missing",
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }',
    wronglyMatched: [serviceEvent],
  },
  {
    name: "only the identity type",
    pattern: '{ $.userIdentity.type = "Root" }',
    wronglyMatched: [invokedByService, serviceEvent],
  },
  {
    name: "IS NULL where NOT EXISTS was meant: an absent field is not null",
    pattern:
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy IS NULL && $.eventType != "AwsServiceEvent" }',
    missed: control.positives.map((s) => s.name),
  },
  {
    name: "values are case sensitive",
    pattern:
      '{ $.userIdentity.type = "root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    missed: control.positives.map((s) => s.name),
  },
  {
    name: "narrowed to console sign-ins",
    pattern:
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" && $.eventName = "ConsoleLogin" }',
    missed: ["CreateAccessKey by root", "RunInstances by root"],
  },
  {
    name: "narrowed to us-east-1",
    pattern: `{ (${control.canonicalPattern.slice(1, -1)}) && ($.awsRegion = "us-east-1") }`,
    missed: outside(control, "us-east-1"),
  },
  {
    name: "broadened to IAM users",
    pattern: `{ (${control.canonicalPattern.slice(1, -1)}) || ($.userIdentity.type = "IAMUser") }`,
    wronglyMatched: ["ConsoleLogin by an IAM user"],
  },
  { name: "does not parse: NOT EXIST", pattern: exist, errorAt: exist.indexOf("EXIST") },
  { name: "does not parse: EXISTS without NOT", pattern: exists, errorAt: exists.indexOf("EXISTS") },
]);

checkTester(check, alarmCheckCases(control));
alarmCheckDetails(control);
