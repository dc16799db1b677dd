// Single statistic: one total, a secondary one if chosen, and an arrow of its change
// against a chosen time ago (boards/widget_types/totals.py).

import { numberField } from "../editor/fields.js";

export { TotalTile as Tile } from "../tiles/numbers.js";

export const starter = { stat: "in_calls_waiting" };

export function fields(panel, w) {
  return [
    panel.statPicker("Statistic", "stat", "total"),
    panel.statPicker("Secondary statistic", "secondary", "total", { blank: "— none —" }),
    panel.servicesField(),
    numberField("Change against (minutes ago, 0 for none)", w.compare_minutes ?? 0, (v) => panel.set("compare_minutes", Math.min(1440, Math.max(0, Math.round(v || 0)))), { step: "1", min: 0 }),
    ...panel.alerting(w.stat),
  ];
}
