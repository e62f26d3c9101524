import {
  alarmCheckCases,
  alarmCheckDetails,
  eventNames,
  filterVariants,
  outside,
  positiveNames,
} from "../../test/support/alarm-tables.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import check, { control } from "./security-group-changes.ts";

const names = positiveNames(control);
const reads = control.negatives.map((s) => s.name);
const unbalanced = `{ (${eventNames(names.slice(0, 2))} }`;
const quoteInside = '{ $.eventName = Create"Vpc }';

filterVariants(control, [
  { name: "canonical (CIS)", pattern: control.canonicalPattern, pass: true },
  {
    name: "CIS v1.4 / v3.0 text, without ModifySecurityGroupRules",
    pattern: `{ ${eventNames(names)} }`,
    pass: true,
  },
  {
    name: "Prowler-style: with the EC2 event source",
    pattern: `{ ($.eventSource = ec2.amazonaws.com) && (${eventNames(names)}) }`,
    pass: true,
  },
  { name: "quoted, no spaces", pattern: `{${eventNames(names, { quoted: true, tight: true })}}`, pass: true },
  { name: "reversed order", pattern: `{ ${eventNames([...names].reverse())} }`, pass: true },
  { name: "redundant parentheses", pattern: `{ ((${eventNames(names)})) }`, pass: true },
  {
    name: "RevokeSecurityGroupEgress missing",
    pattern: `{ ${eventNames(names.filter((n) => n !== "RevokeSecurityGroupEgress"))} }`,
    missed: ["RevokeSecurityGroupEgress"],
  },
  {
    name: "narrowed to us-east-1",
    pattern: `{ (${eventNames(names)}) && ($.awsRegion = "us-east-1") }`,
    missed: outside(control, "us-east-1"),
  },
  {
    name: "a contains wildcard also matches the reads of security groups",
    pattern: "{ $.eventName = *SecurityGroup* }",
    wronglyMatched: ["DescribeSecurityGroups (read)", "DescribeSecurityGroupRules (read)"],
  },
  {
    name: "broadened to every EC2 call",
    pattern: `{ (${eventNames(names)}) || ($.eventSource = ec2.amazonaws.com) }`,
    wronglyMatched: reads,
  },
  {
    name: "does not parse: unbalanced parentheses",
    pattern: unbalanced,
    errorAt: unbalanced.lastIndexOf("}"),
  },
  { name: "does not parse: a quote inside a value", pattern: quoteInside, errorAt: quoteInside.indexOf('"') },
]);

checkTester(check, alarmCheckCases(control));
alarmCheckDetails(control);
