// Trend sparkline: one total over its last minutes (boards/widget_types/totals.py).

import { numberField, thresholdsField } from "../editor/fields.js";

export { SparklineTile as Tile } from "../tiles/numbers.js";

export const starter = { stat: "in_calls_waiting", minutes: 30 };

export function fields(panel, w, set) {
  return [
    panel.statPicker("Statistic", "stat", "total"),
    numberField("Minutes shown", w.minutes ?? 30, set("minutes"), { step: "1", min: 5 }),
    thresholdsField(panel.stat(w.stat), w.thresholds, set("thresholds")),
  ];
}
