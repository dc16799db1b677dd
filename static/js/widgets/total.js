// Single statistic: one total, and a secondary one if chosen (boards/widget_types/totals.py).

export { TotalTile as Tile } from "../tiles/numbers.js";

export const starter = { stat: "in_calls_waiting" };

export function fields(panel, w) {
  return [
    panel.statPicker("Statistic", "stat", "total"),
    panel.statPicker("Secondary statistic", "secondary", "total", { blank: "— none —" }),
    panel.servicesField(),
    ...panel.alerting(w.stat),
  ];
}
