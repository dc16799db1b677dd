// Gauge: one total on an arc from its minimum to its maximum (boards/widget_types/totals.py).

import { numberField, scaleOf } from "../editor/fields.js";

export { GaugeTile as Tile } from "../tiles/numbers.js";

export const starter = { stat: "service_level", min: 0, max: 1 };

export function fields(panel, w) {
  const scale = scaleOf(panel.stat(w.stat));
  const limit = (key) => (v) => panel.set(key, v === null ? null : v / scale);
  const unit = scale === 100 ? " (%)" : "";
  return [
    panel.statPicker("Statistic", "stat", "total"),
    panel.servicesField(),
    numberField(`Minimum${unit}`, (w.min ?? 0) * scale, limit("min")),
    numberField(`Maximum${unit}`, w.max === undefined ? null : w.max * scale, limit("max")),
    ...panel.alerting(w.stat),
  ];
}
