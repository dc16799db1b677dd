// The tile class of each widget type (boards/widgets.py lists the types).

import { AvailabilityTile, GridTile, LeaderboardTile, SummaryTile } from "./tables.js";
import { ClockTile, NewsTile, TextTile } from "./info.js";
import { GaugeTile, SparklineTile, TotalTile } from "./numbers.js";
import { CampaignTile, TickerTile } from "./outbound.js";

const TILES = {
  total: TotalTile,
  gauge: GaugeTile,
  sparkline: SparklineTile,
  service_grid: GridTile,
  agent_grid: GridTile,
  leaderboard: LeaderboardTile,
  availability: AvailabilityTile,
  agent_summary: SummaryTile,
  news: NewsTile,
  clock: ClockTile,
  text: TextTile,
  campaign: CampaignTile,
  ticker: TickerTile,
};

/** Return the tile of a widget, or null for a type this page does not know. */
export function createTile(widget, ctx) {
  const Kind = TILES[widget.type];
  return Kind ? new Kind(widget, ctx) : null;
}
