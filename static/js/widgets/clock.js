// Clock and date in the tenant's time zone (boards/widget_types/info.py).

import { checkbox } from "../editor/fields.js";

export { ClockTile as Tile } from "../tiles/info.js";

export function fields(panel, w, set) {
  return [
    checkbox("Show the date", w.show_date ?? true, set("show_date")),
    checkbox("Show seconds", w.show_seconds ?? true, set("show_seconds")),
  ];
}
