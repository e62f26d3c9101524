import {
  alarmCheckCases,
  alarmCheckDetails,
  eventNames,
  filterVariants,
  outside,
  positiveNames,
} from "../../test/support/alarm-tables.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import check, { control } from "./config-changes.ts";

const names = positiveNames(control);
const source = "($.eventSource = config.amazonaws.com)";
const emptyParens = `{ ${source} && () }`;
const trailing = `{ ${source} && }`;

filterVariants(control, [
  { name: "canonical (CIS)", pattern: control.canonicalPattern, pass: true },
  {
    name: "CIS v5.0 text (no spaces inside the list)",
    pattern: `{ ${source} && (${eventNames(names, { tight: true })}) }`,
    pass: true,
  },
  {
    name: "quoted values",
    pattern: `{ ($.eventSource = "config.amazonaws.com") && (${eventNames(names, { quoted: true })}) }`,
    pass: true,
  },
  {
    name: "reversed order, source last",
    pattern: `{ (${eventNames([...names].reverse())}) && ${source} }`,
    pass: true,
  },
  { name: "redundant parentheses", pattern: `{ (((${source})) && (${eventNames(names)})) }`, pass: true },
  {
    name: "suffix wildcards",
    pattern: `{ ${source} && (($.eventName = *ConfigurationRecorder) || ($.eventName = *DeliveryChannel)) }`,
    pass: true,
  },
  {
    name: "PutDeliveryChannel missing",
    pattern: `{ ${source} && (${eventNames(names.filter((n) => n !== "PutDeliveryChannel"))}) }`,
    missed: ["PutDeliveryChannel"],
  },
  {
    name: "the event source missing",
    pattern: `{ ${eventNames(names)} }`,
    wronglyMatched: ["PutConfigurationRecorder from ssm.amazonaws.com"],
  },
  {
    name: "narrowed to us-east-1",
    pattern: `{ ${source} && (${eventNames(names)}) && ($.awsRegion = "us-east-1") }`,
    missed: outside(control, "us-east-1"),
  },
  {
    name: "broadened to every AWS Config call",
    pattern: `{ ${source} }`,
    wronglyMatched: ["DescribeConfigurationRecorders (read)", "DescribeDeliveryChannels (read)"],
  },
  { name: "does not parse: empty parentheses", pattern: emptyParens, errorAt: emptyParens.indexOf("()") + 1 },
  { name: "does not parse: dangling &&", pattern: trailing, errorAt: trailing.lastIndexOf("}") },
]);

checkTester(check, alarmCheckCases(control));
alarmCheckDetails(control);
