import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REMEDIATIONS } from "../../remediations/index.ts";
import { REMEDIATION_CATALOGUE_FILE, renderRemediationCatalogue } from "../../src/report/catalogue.ts";
import { ROOT } from "../support/cli.ts";

describe("docs/remediations.md", () => {
  it("matches the remediations' metadata (run npm run docs)", () => {
    expect(readFileSync(join(ROOT, REMEDIATION_CATALOGUE_FILE), "utf8")).toBe(
      renderRemediationCatalogue(REMEDIATIONS),
    );
  });
});
