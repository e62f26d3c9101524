import {
  alarmCheckCases,
  alarmCheckDetails,
  eventNames,
  filterVariants,
  outside,
  positiveNames,
} from "../../test/support/alarm-tables.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import check, { control } from "./s3-bucket-policy-changes.ts";

const names = positiveNames(control);
const source = "($.eventSource = s3.amazonaws.com)";
const badIndex = "{ ($.eventSource = s3.amazonaws.com) && ($.resources[*].ARN = arn:aws:s3:::logs) }";
const atSign = "{ $.eventName = PutBucket@Policy }";

filterVariants(control, [
  { name: "canonical (CIS)", pattern: control.canonicalPattern, pass: true },
  { name: "quoted values", pattern: `{ ${source} && (${eventNames(names, { quoted: true })}) }`, pass: true },
  { name: "no spaces", pattern: `{${source}&&(${eventNames(names, { tight: true })})}`, pass: true },
  {
    name: "reversed order, source last",
    pattern: `{ (${eventNames([...names].reverse())}) && ${source} }`,
    pass: true,
  },
  { name: "redundant parentheses", pattern: `{ ((${source}) && ((${eventNames(names)}))) }`, pass: true },
  {
    name: "prefix wildcards",
    pattern: `{ ${source} && (($.eventName = PutBucket*) || ($.eventName = DeleteBucket*)) }`,
    pass: true,
  },
  {
    name: "DeleteBucketReplication missing",
    pattern: `{ ${source} && (${eventNames(names.filter((n) => n !== "DeleteBucketReplication"))}) }`,
    missed: ["DeleteBucketReplication"],
  },
  {
    name: "the event source missing",
    pattern: `{ ${eventNames(names)} }`,
    wronglyMatched: ["PutBucketPolicy from s3express.amazonaws.com"],
  },
  {
    name: "narrowed to us-east-1",
    pattern: `{ ${source} && (${eventNames(names)}) && ($.awsRegion = "us-east-1") }`,
    missed: outside(control, "us-east-1"),
  },
  {
    name: "broadened to every S3 call",
    pattern: "{ $.eventSource = s3.amazonaws.com }",
    wronglyMatched: ["GetBucketPolicy (read)", "GetBucketAcl (read)"],
  },
  { name: "does not parse: array wildcard", pattern: badIndex, errorAt: badIndex.indexOf("*") },
  { name: "does not parse: @ outside quotes", pattern: atSign, errorAt: atSign.indexOf("@") },
]);

checkTester(check, alarmCheckCases(control));
alarmCheckDetails(control);
