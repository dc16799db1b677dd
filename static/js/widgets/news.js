// News: the top of the internal chat messages (boards/widget_types/news.py).

import { numberField, textField } from "../editor/fields.js";

export { NewsTile as Tile } from "../tiles/info.js";

export const starter = { limit: 5 };

export function fields(panel, w, set) {
  return [
    textField("Only messages containing", w.filter, set("filter")),
    numberField("Messages shown", w.limit ?? 5, (v) => panel.set("limit", Math.max(1, Math.round(v || 5))), { step: "1", min: 1 }),
  ];
}
