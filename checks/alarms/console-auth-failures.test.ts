import {
  alarmCheckCases,
  alarmCheckDetails,
  filterVariants,
  outside,
} from "../../test/support/alarm-tables.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import check, { control } from "./console-auth-failures.ts";

const unquotedPhrase = "{ ($.eventName = ConsoleLogin) && ($.errorMessage = Failed authentication) }";
const unclosed = '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication) }';
const successes = [
  "successful ConsoleLogin by an IAM user without MFA",
  "successful ConsoleLogin by an IAM user with MFA",
];

filterVariants(control, [
  { name: "canonical (CIS, Security Hub CloudWatch.6)", pattern: control.canonicalPattern, pass: true },
  {
    name: "quoted values",
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.errorMessage = "Failed authentication") }',
    pass: true,
  },
  {
    name: "reordered clauses, no spaces",
    pattern: '{($.errorMessage="Failed authentication")&&($.eventName=ConsoleLogin)}',
    pass: true,
  },
  {
    name: "the sign-in's own Failure response instead of the message",
    pattern: '{ $.eventName = ConsoleLogin && $.responseElements.ConsoleLogin = "Failure" }',
    pass: true,
  },
  {
    name: "redundant parentheses",
    pattern: '{ ((($.eventName = ConsoleLogin)) && ($.errorMessage = "Failed authentication")) }',
    pass: true,
  },
  {
    name: "without the event name: only sign-ins carry this message",
    pattern: '{ $.errorMessage = "Failed authentication" }',
    pass: true,
  },
  {
    name: "a prefix wildcard",
    pattern: '{ $.eventName = ConsoleLogin && $.errorMessage = "Failed*" }',
    pass: true,
  },
  {
    name: "values are case sensitive",
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "failed authentication") }',
    missed: control.positives.map((s) => s.name),
  },
  {
    name: "narrowed to IAM users",
    pattern:
      '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") && ($.userIdentity.type = "IAMUser") }',
    missed: ["failed ConsoleLogin by root, eu-west-1 sign-in endpoint"],
  },
  {
    name: "narrowed to us-east-1",
    pattern:
      '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") && ($.awsRegion = "us-east-1") }',
    missed: outside(control, "us-east-1"),
  },
  {
    name: "the failure clause missing",
    pattern: "{ $.eventName = ConsoleLogin }",
    wronglyMatched: successes,
  },
  {
    name: "broadened to every error",
    pattern:
      '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") || ($.errorCode = "*") }',
    wronglyMatched: ["GetBucketPolicy denied (AccessDenied)"],
  },
  {
    name: "does not parse: a phrase without quotes",
    pattern: unquotedPhrase,
    errorAt: unquotedPhrase.indexOf("authentication"),
  },
  { name: "does not parse: unterminated string", pattern: unclosed, errorAt: unclosed.indexOf('"Failed') },
]);

checkTester(check, alarmCheckCases(control));
alarmCheckDetails(control);
