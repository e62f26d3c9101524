import { defineAlarmControl } from "../../src/alarms/control.ts";
import { apiCall, controlCallSamples, readSamples } from "../../src/alarms/samples.ts";

export const control = defineAlarmControl({
  id: "organizations-changes",
  cis: "4.15",
  title: "A metric filter and alarm notify a confirmed subscriber of AWS Organizations changes (CIS 4.15)",
  subject: "AWS Organizations changes",
  rationale:
    "Organization changes move accounts, attach or detach service control policies and invite or remove members: they change the guardrails of every account at once. The alarm must fire for each change CIS names from Organizations, and not for IAM's CreatePolicy or DeletePolicy, which share the names.",
  metricName: "OrganizationsChanges",
  canonicalPattern:
    '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  positives: controlCallSamples("organizations-changes"),
  negatives: [
    ...readSamples("organizations.amazonaws.com", ["DescribeOrganization", "ListAccounts"]),
    // IAM's CreatePolicy shares the name.
    { name: "CreatePolicy from iam.amazonaws.com", record: apiCall("iam.amazonaws.com", "CreatePolicy") },
    // IAM's DeletePolicy shares the name.
    { name: "DeletePolicy from iam.amazonaws.com", record: apiCall("iam.amazonaws.com", "DeletePolicy") },
  ],
});

export default control.check;
