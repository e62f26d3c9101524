import {
  alarmCheckCases,
  alarmCheckDetails,
  eventNames,
  filterVariants,
  positiveNames,
} from "../../test/support/alarm-tables.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import check, { control } from "./iam-policy-changes.ts";

const names = positiveNames(control);
const reads = control.negatives.map((s) => s.name);
const doubled = `{ ${eventNames(names.slice(0, 2))} |||| ($.eventName = CreatePolicy) }`;
const threeRegex = "{ $.eventName = %^Put% || $.eventName = %^Delete% || $.eventName = %^Attach% }";

filterVariants(control, [
  { name: "canonical (CIS, no spaces)", pattern: control.canonicalPattern, pass: true },
  { name: "spaced", pattern: `{ ${eventNames(names)} }`, pass: true },
  { name: "quoted values", pattern: `{ ${eventNames(names, { quoted: true })} }`, pass: true },
  { name: "reversed order", pattern: `{ ${eventNames([...names].reverse())} }`, pass: true },
  {
    name: "Security Hub CloudWatch.4: with the IAM event source",
    pattern: `{ ($.eventSource = iam.amazonaws.com) && (${eventNames(names)}) }`,
    pass: true,
  },
  { name: "redundant parentheses", pattern: `{ ((${eventNames(names, { parens: false })})) }`, pass: true },
  {
    name: "DeletePolicyVersion missing",
    pattern: `{ ${eventNames(names.filter((n) => n !== "DeletePolicyVersion"))} }`,
    missed: ["DeletePolicyVersion"],
  },
  {
    name: "narrowed to us-east-1, where IAM records all its events",
    pattern: `{ (${eventNames(names)}) && ($.awsRegion = "us-east-1") }`,
    pass: true,
  },
  {
    name: "narrowed to eu-west-1, where IAM records none",
    pattern: `{ (${eventNames(names)}) && ($.awsRegion = "eu-west-1") }`,
    missed: names,
  },
  {
    name: "mid-value wildcards are literal (Put*Policy matches only Put*Policy)",
    pattern:
      "{ ($.eventName = Put*Policy) || ($.eventName = Delete*Policy) || ($.eventName = Attach*Policy) || ($.eventName = Detach*Policy) || ($.eventName = *PolicyVersion) || ($.eventName = CreatePolicy) }",
    missed: names.filter((n) => !["CreatePolicy", "CreatePolicyVersion", "DeletePolicyVersion"].includes(n)),
    // and *PolicyVersion catches the read of a version too
    wronglyMatched: ["GetPolicyVersion (read)"],
  },
  {
    name: "a contains wildcard also matches the reads of policies",
    pattern: "{ $.eventName = *Policy* }",
    wronglyMatched: ["GetRolePolicy (read)", "GetPolicyVersion (read)"],
  },
  {
    name: "broadened to every IAM call",
    pattern: `{ (${eventNames(names)}) || ($.eventSource = iam.amazonaws.com) }`,
    wronglyMatched: reads,
  },
  { name: "does not parse: ||||", pattern: doubled, errorAt: doubled.indexOf("||||") + 2 },
  {
    name: "does not parse: three regular expressions",
    pattern: threeRegex,
    errorAt: threeRegex.lastIndexOf("%^"),
  },
]);

checkTester(check, alarmCheckCases(control));
alarmCheckDetails(control);
