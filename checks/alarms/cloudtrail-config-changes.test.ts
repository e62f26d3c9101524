import {
  alarmCheckCases,
  alarmCheckDetails,
  eventNames,
  filterVariants,
  outside,
  positiveNames,
} from "../../test/support/alarm-tables.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import check, { control } from "./cloudtrail-config-changes.ts";

const names = positiveNames(control);
const reads = control.negatives.map((s) => s.name);
const unclosedBrace = `{ ${eventNames(names)} `;
const twoWords = "{ ($.eventName = Create Trail) }";

filterVariants(control, [
  { name: "canonical (CIS)", pattern: control.canonicalPattern, pass: true },
  { name: "quoted, no spaces", pattern: `{${eventNames(names, { quoted: true, tight: true })}}`, pass: true },
  { name: "reversed order", pattern: `{ ${eventNames([...names].reverse())} }`, pass: true },
  {
    name: "with the CloudTrail event source",
    pattern: `{ ($.eventSource = cloudtrail.amazonaws.com) && (${eventNames(names)}) }`,
    pass: true,
  },
  { name: "redundant parentheses", pattern: `{ (((${eventNames(names)}))) }`, pass: true },
  {
    name: "suffix wildcards",
    pattern:
      "{ ($.eventSource = cloudtrail.amazonaws.com) && (($.eventName = *Trail) || ($.eventName = *Logging)) }",
    pass: true,
  },
  {
    name: "every CloudTrail write, by readOnly",
    pattern: "{ $.eventSource = cloudtrail.amazonaws.com && $.readOnly IS FALSE }",
    pass: true,
  },
  {
    name: "StopLogging missing (the call that matters most)",
    pattern: `{ ${eventNames(names.filter((n) => n !== "StopLogging"))} }`,
    missed: ["StopLogging"],
  },
  {
    name: "narrowed to us-east-1",
    pattern: `{ (${eventNames(names)}) && ($.awsRegion = "us-east-1") }`,
    missed: outside(control, "us-east-1"),
  },
  {
    name: "broadened to every CloudTrail call",
    pattern: "{ $.eventSource = cloudtrail.amazonaws.com }",
    wronglyMatched: reads,
  },
  { name: "does not parse: unclosed brace", pattern: unclosedBrace, errorAt: unclosedBrace.length },
  { name: "does not parse: a value with a space", pattern: twoWords, errorAt: twoWords.indexOf("Trail") },
]);

checkTester(check, alarmCheckCases(control));
alarmCheckDetails(control);
