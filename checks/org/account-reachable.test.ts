import { checkTester } from "../../test/support/check-tester.ts";
import { inv } from "../../test/support/inventory-builder.ts";
import { unreadableInventory } from "../../src/scan/inventory-store.ts";
import { interruptedInventory } from "../../src/scan/run.ts";
import check from "./account-reachable.ts";

checkTester(check, {
  valid: [
    { name: "role assumed and regions listed", input: inv().regions("us-east-1", "eu-west-1").build() },
  ],
  invalid: [
    {
      name: "the audit role cannot be assumed",
      input: inv().unreachable("AccessDenied").build(),
      findings: [{ messageId: "roleNotAssumable", data: { code: "AccessDenied" } }],
    },
  ],
  error: [
    {
      name: "the enabled regions cannot be listed",
      input: inv().regionsUnreadable("AccessDeniedException").build(),
      findings: [{ messageId: "regionsUnreadable", data: { code: "AccessDeniedException" } }],
    },
    {
      name: "the scan was interrupted before the account was read",
      input: { ...inv().build(), inventory: interruptedInventory("111111111111", "SIGTERM") },
      findings: [{ messageId: "scanInterrupted", data: { signal: "SIGTERM" } }],
    },
    {
      name: "the saved inventory file is missing or damaged",
      input: {
        ...inv().build(),
        inventory: unreadableInventory("111111111111", "inv/111111111111.json", "no file"),
      },
      findings: [{ messageId: "inventoryUnreadable", data: { file: "inv/111111111111.json" } }],
    },
  ],
});
