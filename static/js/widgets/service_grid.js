// Service grid: chosen statistics per service (boards/widget_types/grids.py).

export { GridTile as Tile } from "../tiles/tables.js";

export const starter = {
  columns: ["name", "in_calls_waiting", "in_max_wait_time", "service_level"],
  order_by: "in_calls_waiting",
  order_dir: "DESC",
  limit: 10,
};

export function fields(panel, w) {
  return panel.gridFields(w, "service");
}
