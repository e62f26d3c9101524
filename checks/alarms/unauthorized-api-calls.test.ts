import {
  alarmCheckCases,
  alarmCheckDetails,
  filterVariants,
  outside,
} from "../../test/support/alarm-tables.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import check, { control } from "./unauthorized-api-calls.ts";

const unclosed = '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*" }';
const isNot = "{ $.errorCode IS NOT NULL }";
const negatives = control.negatives.map((s) => s.name);

filterVariants(control, [
  { name: "canonical (Security Hub CloudWatch.2)", pattern: control.canonicalPattern, pass: true },
  {
    name: "CIS v5.0 text: && binds tighter, excluding S3 log delivery's HeadBucket probes",
    pattern:
      '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
    pass: true,
  },
  {
    name: "CIS v5.0 intent with explicit parentheses",
    pattern:
      '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && (($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket")) }',
    pass: true,
  },
  {
    name: "CIS v1.4 text: the two exclusions ORed in match almost everything",
    pattern:
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") || ($.sourceIPAddress!="delivery.logs.amazonaws.com") || ($.eventName!="HeadBucket") }',
    wronglyMatched: negatives,
    noisy: true,
  },
  {
    name: "reordered clauses",
    pattern: '{ ($.errorCode = "AccessDenied*") || ($.errorCode = "*UnauthorizedOperation") }',
    pass: true,
  },
  {
    name: "no spaces, unquoted values",
    pattern: "{($.errorCode=*UnauthorizedOperation)||($.errorCode=AccessDenied*)}",
    pass: true,
  },
  {
    name: "redundant parentheses",
    pattern: '{ ((($.errorCode = "*UnauthorizedOperation")) || (($.errorCode = "AccessDenied*"))) }',
    pass: true,
  },
  {
    name: "a regular expression over both codes",
    pattern: "{ $.errorCode = %AccessDenied|UnauthorizedOperation% }",
    pass: true,
  },
  {
    name: "optional terms instead of a JSON pattern",
    pattern: "?AccessDenied ?UnauthorizedOperation",
    pass: true,
  },
  {
    name: "the AccessDenied clause missing",
    pattern: '{ $.errorCode = "*UnauthorizedOperation" }',
    missed: [
      "GetBucketPolicy denied (AccessDenied)",
      "CreateUser denied (AccessDenied)",
      "GetDatabases denied (AccessDeniedException)",
    ],
  },
  {
    name: "exact codes without the wildcards",
    pattern: '{ ($.errorCode = "UnauthorizedOperation") || ($.errorCode = "AccessDenied") }',
    missed: [
      "RunInstances denied (Client.UnauthorizedOperation)",
      "GetDatabases denied (AccessDeniedException)",
    ],
  },
  {
    name: "narrowed to us-east-1",
    pattern:
      '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.awsRegion = "us-east-1") }',
    missed: outside(control, "us-east-1"),
  },
  {
    name: "broadened to every error code",
    pattern:
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") || ($.errorCode = "*") }',
    wronglyMatched: negatives.filter((n) => n !== "DescribeInstances (read)"),
  },
  { name: "does not parse: unclosed parenthesis", pattern: unclosed, errorAt: unclosed.lastIndexOf("}") },
  { name: "does not parse: IS NOT", pattern: isNot, errorAt: isNot.indexOf("NOT") },
]);

checkTester(check, alarmCheckCases(control));
alarmCheckDetails(control);
