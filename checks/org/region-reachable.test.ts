import { checkTester } from "../../test/support/check-tester.ts";
import { inv } from "../../test/support/inventory-builder.ts";
import check from "./region-reachable.ts";

checkTester(check, {
  valid: [{ name: "every region read", input: inv().regions("us-east-1", "eu-west-1").build() }],
  invalid: [
    {
      name: "a region denied by an SCP",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .regionError("eu-west-1", "AccessDeniedException")
        .build(),
      findings: [
        {
          messageId: "regionDenied",
          region: "eu-west-1",
          data: { operation: "cloudtrail:DescribeTrails", code: "AccessDeniedException" },
        },
      ],
    },
    {
      name: "STS disabled in a region",
      input: inv()
        .regions("us-east-1", "ap-east-1")
        .regionError("ap-east-1", "RegionDisabledException")
        .build(),
      findings: [
        { messageId: "regionDenied", region: "ap-east-1", data: { code: "RegionDisabledException" } },
      ],
    },
  ],
  error: [
    {
      name: "a region throttled past retries",
      input: inv().regions("us-east-1").regionError("us-east-1", "ThrottlingException").build(),
      findings: [
        { messageId: "regionUnreadable", region: "us-east-1", data: { code: "ThrottlingException" } },
      ],
    },
  ],
});
