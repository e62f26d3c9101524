/** A check that only declares metadata (paths, scope, obscuresCoverage): for tests of what is derived from meta. */
import type { Check } from "../../src/engine/check.ts";

export const stubCheck = (id: string, meta: Partial<Check["meta"]> = {}): Check => ({
  meta: {
    id,
    title: id,
    severity: "high",
    scope: "region",
    rationale: "",
    permissions: [],
    remediationIds: [],
    messages: {},
    ...meta,
  },
  evaluate: () => undefined,
});
