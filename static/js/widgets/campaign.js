// Campaign progress: a campaign's state and records completed (boards/widget_types/outbound.py).

import { el } from "../dom.js";
import { textField } from "../editor/fields.js";

export { CampaignTile as Tile } from "../tiles/outbound.js";

export function fields(panel, w) {
  const field = textField("Campaign", w.campaign, (v) => panel.set("campaign", v.trim() || null), {
    hint: "Its name, as the console lists it; the poll reads its figures every 10 seconds or so.",
  });
  const input = field.querySelector("input");
  const choices = el("datalist");
  choices.id = `${input.id}-choices`;
  input.setAttribute("list", choices.id);
  input.autocomplete = "off";
  field.append(choices);
  panel.editor.campaigns().then(({ campaigns = [], error }) => {
    if (error) field.append(el("p", "error", error));
    for (const name of campaigns) choices.append(new Option(name, name));
  });
  return [field];
}
