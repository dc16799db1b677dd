// Console actions ticker: the latest console actions (boards/widget_types/outbound.py).

import { numberField } from "../editor/fields.js";

export { TickerTile as Tile } from "../tiles/outbound.js";

export const starter = { count: 5 };

export function fields(panel, w) {
  return [
    numberField("Actions shown", w.count ?? 5, (v) => panel.set("count", Math.min(20, Math.max(1, Math.round(v || 5)))), { step: "1", min: 1 }),
  ];
}
