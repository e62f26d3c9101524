import {
  alarmCheckCases,
  alarmCheckDetails,
  filterVariants,
  outside,
} from "../../test/support/alarm-tables.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import check, { control } from "./console-signin-without-mfa.ts";

const noValue = '{ $.eventName = "ConsoleLogin" && $.additionalEventData.MFAUsed != }';
const doubleEquals = '{ $.eventName == "ConsoleLogin" }';
const withMfa = "ConsoleLogin by an IAM user with MFA";

filterVariants(control, [
  { name: "canonical (CIS)", pattern: control.canonicalPattern, pass: true },
  {
    name: "Security Hub form: IAM users, successful sign-ins",
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    pass: true,
  },
  {
    name: "reordered clauses",
    pattern: '{ ($.additionalEventData.MFAUsed != "Yes") && ($.eventName = "ConsoleLogin") }',
    pass: true,
  },
  {
    name: "no spaces, unquoted values",
    pattern: "{($.eventName=ConsoleLogin)&&($.additionalEventData.MFAUsed!=Yes)}",
    pass: true,
  },
  {
    name: "MFAUsed = No instead of != Yes, without parentheses",
    pattern: '{ $.eventName = ConsoleLogin && $.additionalEventData.MFAUsed = "No" }',
    pass: true,
  },
  {
    name: "redundant parentheses",
    pattern: '{ ((($.eventName = "ConsoleLogin")) && (($.additionalEventData.MFAUsed != "Yes"))) }',
    pass: true,
  },
  { name: "the MFA clause missing", pattern: '{ $.eventName = "ConsoleLogin" }', wronglyMatched: [withMfa] },
  {
    name: "values are case sensitive: != yes also matches Yes",
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "yes") }',
    wronglyMatched: [withMfa],
  },
  {
    name: "the session's mfaAuthenticated, which console sign-ins do not carry",
    pattern:
      '{ $.eventName = ConsoleLogin && $.userIdentity.sessionContext.attributes.mfaAuthenticated != "true" }',
    missed: control.positives.map((s) => s.name),
  },
  {
    name: "narrowed to us-east-1",
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.awsRegion = "us-east-1") }',
    missed: outside(control, "us-east-1"),
  },
  {
    name: "broadened: || where && was meant",
    pattern: '{ ($.eventName = "ConsoleLogin") || ($.additionalEventData.MFAUsed != "Yes") }',
    wronglyMatched: [withMfa],
  },
  { name: "does not parse: no value after !=", pattern: noValue, errorAt: noValue.lastIndexOf("}") },
  { name: "does not parse: ==", pattern: doubleEquals, errorAt: doubleEquals.indexOf("==") + 1 },
]);

checkTester(check, alarmCheckCases(control));
alarmCheckDetails(control);
