import { describe, expect, it } from "vitest";
import { suggest } from "./suggest.ts";

const IDS = ["cloudtrail.multi-region-logging", "cloudtrail.log-file-validation", "logs.retention"];

describe("suggest", () => {
  it.each([
    ["cloudtrail.multiregion-logging", "cloudtrail.multi-region-logging"],
    ["logs.retnetion", "logs.retention"],
    ["cloudtrail.multiregion", "cloudtrail.multi-region-logging"],
  ])("%s -> %s first", (typo, best) => {
    expect(suggest(typo, IDS)[0]).toBe(best);
  });

  it("suggests nothing for an id unlike any known one", () => {
    expect(suggest("zzz", IDS)).toEqual([]);
  });
});
