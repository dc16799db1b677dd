// Leaderboard: agents by calls with chosen dispositions today (boards/widget_types/grids.py).

import { el } from "../dom.js";
import { checkbox, numberField, select } from "../editor/fields.js";

export { LeaderboardTile as Tile } from "../tiles/tables.js";

const NAME_STATS = [["first_last_name", "First Last"], ["last_first_name", "Last First"], ["login_id", "Login"]];

export const starter = { limit: 10 };

export function fields(panel, w, set) {
  const box = el("fieldset", "dispositions");
  box.append(el("legend", "", "Count calls with these dispositions (none ticked: all)"));
  const chosen = new Set(w.dispositions || []);
  panel.editor.dispositions().then(({ dispositions = [], error }) => {
    if (error) box.append(el("p", "error", error));
    for (const name of new Set([...dispositions, ...chosen])) {
      box.append(checkbox(name, chosen.has(name), (on) => {
        if (on) chosen.add(name);
        else chosen.delete(name);
        panel.set("dispositions", [...chosen].sort());
      }));
    }
  });
  return [
    box,
    select("Agent name", NAME_STATS, w.name_stat || "first_last_name", set("name_stat")),
    numberField("Agents shown", w.limit ?? 10, (v) => panel.set("limit", Math.max(1, Math.round(v || 10))), { step: "1", min: 1 }),
  ];
}
