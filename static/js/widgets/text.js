// Text banner (boards/widget_types/info.py).

import { textField } from "../editor/fields.js";

export { TextTile as Tile } from "../tiles/info.js";

export const starter = { text: "Your message here" };

export function fields(panel, w, set) {
  return [textField("Text", w.text, set("text"), { multiline: true })];
}
