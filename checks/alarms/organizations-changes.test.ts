import {
  alarmCheckCases,
  alarmCheckDetails,
  eventNames,
  filterVariants,
  positiveNames,
} from "../../test/support/alarm-tables.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import check, { control } from "./organizations-changes.ts";

const names = positiveNames(control);
const source = "($.eventSource = organizations.amazonaws.com)";
const notEquals = `{ ${source} && ($.eventName <> "CreateAccount") }`;
const numberCompare = `{ ${source} && ($.eventName > CreateAccount) }`;

filterVariants(control, [
  { name: "canonical (CIS, quoted names)", pattern: control.canonicalPattern, pass: true },
  { name: "unquoted names", pattern: `{ ${source} && (${eventNames(names)}) }`, pass: true },
  { name: "no spaces", pattern: `{${source}&&(${eventNames(names, { tight: true })})}`, pass: true },
  {
    name: "reversed order, source last",
    pattern: `{ (${eventNames([...names].reverse())}) && ${source} }`,
    pass: true,
  },
  {
    name: "redundant parentheses",
    pattern: `{ ((${source}) && ((${eventNames(names, { quoted: true })}))) }`,
    pass: true,
  },
  {
    name: "narrowed to us-east-1, where Organizations records all its events",
    pattern: `{ ${source} && (${eventNames(names)}) && ($.awsRegion = "us-east-1") }`,
    pass: true,
  },
  {
    name: "every Organizations write, by readOnly",
    pattern: "{ $.eventSource = organizations.amazonaws.com && $.readOnly IS FALSE }",
    pass: true,
  },
  {
    name: "LeaveOrganization missing",
    pattern: `{ ${source} && (${eventNames(names.filter((n) => n !== "LeaveOrganization"))}) }`,
    missed: ["LeaveOrganization"],
  },
  {
    name: "the event source missing: IAM's CreatePolicy and DeletePolicy match too",
    pattern: `{ ${eventNames(names, { quoted: true })} }`,
    wronglyMatched: ["CreatePolicy from iam.amazonaws.com", "DeletePolicy from iam.amazonaws.com"],
  },
  {
    name: "narrowed to eu-west-1, where Organizations records nothing",
    pattern: `{ ${source} && (${eventNames(names)}) && ($.awsRegion = "eu-west-1") }`,
    missed: names,
  },
  {
    name: "broadened to every Organizations call",
    pattern: `{ ${source} }`,
    wronglyMatched: ["DescribeOrganization (read)", "ListAccounts (read)"],
  },
  { name: "does not parse: <>", pattern: notEquals, errorAt: notEquals.indexOf(">") },
  {
    name: "does not parse: > on a string",
    pattern: numberCompare,
    errorAt: numberCompare.indexOf("CreateAccount"),
  },
]);

checkTester(check, alarmCheckCases(control));
alarmCheckDetails(control);
