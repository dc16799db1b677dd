// Agent grid: chosen statistics per agent (boards/widget_types/grids.py).

import { checkbox } from "../editor/fields.js";

export { GridTile as Tile } from "../tiles/tables.js";

export const starter = {
  columns: ["first_last_name", "acd_state", "state_duration"],
  order_by: "state_duration",
  order_dir: "DESC",
  limit: 20,
  logged_in_only: true,
};

export function fields(panel, w) {
  return [
    ...panel.gridFields(w, "agent"),
    checkbox("Logged-in agents only", w.logged_in_only ?? true, (v) => panel.set("logged_in_only", v)),
  ];
}
