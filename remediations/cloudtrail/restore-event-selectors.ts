import { selectorsOf } from "../../src/engine/trails.ts";
import { defineRemediation } from "../../src/remediate/remediation.ts";
import { ownedTrail } from "./_trail.ts";

export default defineRemediation({
  meta: {
    id: "cloudtrail.restore-event-selectors",
    title: "Restore all management events (read and write, no exclusions) on an owned trail",
    fixes: ["cloudtrail.management-events"],
    permissions: ["cloudtrail:PutEventSelectors"],
    description:
      "Replaces the trail's management-event selectors with one that records every read and write management event and excludes no source, keeping its data-event selectors as they are (basic or advanced, whichever the trail uses).",
  },
  plan(ctx) {
    const found = ownedTrail(ctx, ctx.finding.resource);
    if ("refuse" in found) return found;
    const { trail, detail } = found;
    const selectors = selectorsOf({ summary: trail, detail });
    if (!selectors.ok)
      return { refuse: `the selectors of ${trail.name} could not be read (${selectors.error.code})` };
    const region = trail.homeRegion;
    let input: Record<string, unknown>;
    if (selectors.value.advanced && selectors.value.advanced.length > 0) {
      const data = selectors.value.advanced.filter(
        (s) => !s.fieldSelectors.some((f) => f.field === "eventCategory" && f.equals?.includes("Management")),
      );
      input = {
        TrailName: trail.arn,
        AdvancedEventSelectors: [
          { Name: "Management events", FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }] },
          ...data.map((s) => ({
            ...(s.name ? { Name: s.name } : {}),
            FieldSelectors: s.fieldSelectors.map((f) => ({
              Field: f.field,
              ...(f.equals ? { Equals: f.equals } : {}),
              ...(f.notEquals ? { NotEquals: f.notEquals } : {}),
              ...(f.startsWith ? { StartsWith: f.startsWith } : {}),
              ...(f.notStartsWith ? { NotStartsWith: f.notStartsWith } : {}),
              ...(f.endsWith ? { EndsWith: f.endsWith } : {}),
              ...(f.notEndsWith ? { NotEndsWith: f.notEndsWith } : {}),
            })),
          })),
        ],
      };
    } else {
      const data = (selectors.value.basic ?? []).filter((s) => (s.dataResources ?? []).length > 0);
      input = {
        TrailName: trail.arn,
        EventSelectors: [
          {
            ReadWriteType: "All",
            IncludeManagementEvents: true,
            ExcludeManagementEventSources: [],
            DataResources: [],
          },
          // Data-event selectors stay, without management events (the first selector records those).
          ...data.map((s) => ({
            ReadWriteType: s.readWriteType,
            IncludeManagementEvents: false,
            DataResources: (s.dataResources ?? []).map((d) => ({ Type: d.type, Values: d.values })),
          })),
        ],
      };
    }
    return {
      action: "update",
      region,
      resource: trail.arn,
      summary: `restore all management events on trail ${trail.name}`,
      calls: [{ service: "cloudtrail", operation: "PutEventSelectors", region, input }],
      state: { trail: trail.arn, selectors: selectors.value },
    };
  },
});
