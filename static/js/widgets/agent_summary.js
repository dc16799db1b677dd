// Agent state summary: how many agents are in each state (boards/widget_types/grids.py).

export { SummaryTile as Tile } from "../tiles/tables.js";
