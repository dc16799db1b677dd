// Agents available per service (boards/widget_types/grids.py).

export { AvailabilityTile as Tile } from "../tiles/tables.js";

export function fields(panel) {
  return [panel.servicesField()];
}
