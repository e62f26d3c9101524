import { checkTester } from "../../test/support/check-tester.ts";
import { inv } from "../../test/support/inventory-builder.ts";
import check from "./multi-region-logging.ts";

const MGMT = "111111111111";
const orgTrail = { name: "org-trail", ownerAccountId: MGMT, isOrganizationTrail: true };

checkTester(check, {
  valid: [
    {
      name: "own multi-region trail logging",
      input: inv().regions("us-east-1", "eu-west-1").trail({ name: "main" }).build(),
    },
    {
      name: "organization trail owned by the management account, logging",
      input: inv().regions("us-east-1", "eu-west-1").trail(orgTrail).build(),
    },
    {
      name: "single-region trails in each region",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "use1", isMultiRegion: false, homeRegion: "us-east-1" })
        .trail({ name: "euw1", isMultiRegion: false, homeRegion: "eu-west-1" })
        .build(),
    },
    {
      name: "one stopped trail and one logging trail",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "old" }, { status: { isLogging: false } })
        .trail({ name: "main" })
        .build(),
    },
  ],
  invalid: [
    {
      name: "no trail at all",
      input: inv().regions("us-east-1", "eu-west-1").build(),
      findings: [
        { messageId: "noTrail", region: "eu-west-1" },
        { messageId: "noTrail", region: "us-east-1" },
      ],
    },
    {
      name: "single-region trail only: the other regions are blind",
      input: inv()
        .regions("us-east-1", "eu-west-1", "ap-southeast-2")
        .trail({ name: "use1", isMultiRegion: false, homeRegion: "us-east-1" })
        .build(),
      findings: [
        { messageId: "noTrail", region: "ap-southeast-2" },
        { messageId: "noTrail", region: "eu-west-1" },
      ],
    },
    {
      name: "own trail stopped",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { status: { isLogging: false } })
        .build(),
      findings: [{ messageId: "trailStopped", data: { trails: "main (multi-region)" } }],
    },
    {
      name: "organization trail stopped: the member fails and cannot restart it",
      input: inv()
        .regions("us-east-1")
        .trail(orgTrail, { status: { isLogging: false } })
        .build(),
      findings: [
        { messageId: "trailStopped", resource: `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail` },
      ],
    },
  ],
  error: [
    {
      name: "trails of a region could not be listed",
      input: inv().regions("us-east-1").regionError("us-east-1", "AccessDeniedException").build(),
      findings: [{ messageId: "trailsUnreadable", data: { code: "AccessDeniedException" } }],
    },
    {
      name: "organization trail status unreadable",
      input: inv().regions("us-east-1").trail(orgTrail, { statusError: "TrailNotFoundException" }).build(),
      findings: [{ messageId: "statusUnreadable", data: { code: "TrailNotFoundException" } }],
    },
  ],
});
