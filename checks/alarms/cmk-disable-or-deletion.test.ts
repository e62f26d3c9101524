import {
  alarmCheckCases,
  alarmCheckDetails,
  filterVariants,
  outside,
} from "../../test/support/alarm-tables.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import check, { control } from "./cmk-disable-or-deletion.ts";

const single = "{ ($.eventSource = kms.amazonaws.com) & ($.eventName = DisableKey) }";
const noSelector = "{ eventSource = kms.amazonaws.com }";

filterVariants(control, [
  { name: "canonical (CIS)", pattern: control.canonicalPattern, pass: true },
  {
    name: "CIS v5.0 text",
    pattern:
      "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }",
    pass: true,
  },
  {
    name: "quoted values",
    pattern:
      '{ ($.eventSource = "kms.amazonaws.com") && (($.eventName = "DisableKey") || ($.eventName = "ScheduleKeyDeletion")) }',
    pass: true,
  },
  {
    name: "reordered clauses",
    pattern:
      "{ (($.eventName = ScheduleKeyDeletion) || ($.eventName = DisableKey)) && ($.eventSource = kms.amazonaws.com) }",
    pass: true,
  },
  {
    name: "prefix wildcards",
    pattern:
      "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = Disable*) || ($.eventName = Schedule*)) }",
    pass: true,
  },
  {
    name: "no parentheses: && binds tighter (no ScheduleKeyDeletion exists outside KMS)",
    pattern:
      "{ $.eventSource = kms.amazonaws.com && $.eventName = DisableKey || $.eventName = ScheduleKeyDeletion }",
    pass: true,
  },
  {
    name: "the event source missing",
    pattern: "{ ($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion) }",
    wronglyMatched: ["DisableKey from payment-cryptography.amazonaws.com"],
  },
  {
    name: "ScheduleKeyDeletion missing",
    pattern: "{ ($.eventSource = kms.amazonaws.com) && ($.eventName = DisableKey) }",
    missed: ["ScheduleKeyDeletion"],
  },
  {
    name: "narrowed to us-east-1",
    pattern: `{ (${control.canonicalPattern.slice(1, -1)}) && ($.awsRegion = "us-east-1") }`,
    missed: outside(control, "us-east-1"),
  },
  {
    name: "broadened to every KMS call",
    pattern: "{ $.eventSource = kms.amazonaws.com }",
    wronglyMatched: ["DescribeKey (read)", "ListKeys (read)"],
  },
  { name: "does not parse: & for &&", pattern: single, errorAt: single.indexOf("&") },
  {
    name: "does not parse: a selector without $",
    pattern: noSelector,
    errorAt: noSelector.indexOf("eventSource"),
  },
]);

checkTester(check, alarmCheckCases(control));
alarmCheckDetails(control);
