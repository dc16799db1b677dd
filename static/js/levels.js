// Threshold levels: normal, warning, critical (boards/widgets.py describes thresholds).

export const LEVEL_NAMES = { normal: "", warning: "Warning", critical: "Critical" };
const ORDER = ["normal", "warning", "critical"];

function reached(value, limit, direction) {
  if (limit === null || limit === undefined) return false;
  return direction === "below" ? value <= limit : value >= limit;
}

/** Return the level of a value against thresholds; no data is always normal. */
export function levelOf(value, thresholds) {
  if (!thresholds || typeof value !== "number") return "normal";
  const direction = thresholds.direction || "above";
  if (reached(value, thresholds.critical, direction)) return "critical";
  if (reached(value, thresholds.warning, direction)) return "warning";
  return "normal";
}

/** Return the worst of some levels. */
export function worst(levels) {
  let index = 0;
  for (const level of levels) index = Math.max(index, ORDER.indexOf(level));
  return ORDER[index];
}
