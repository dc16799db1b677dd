// Longest waiting service: the service whose oldest waiting call has waited longest,
// that wait, and how many calls wait there (boards/widget_types/longest_wait.py).
// Rows: one `[service, longest wait (seconds), calls waiting]`, or none.

import { el, fitChars, setText } from "../dom.js";
import { formatValue } from "../format.js";
import { levelOf } from "../levels.js";
import { Tile as BaseTile } from "../tiles/base.js";

const WAIT = "in_max_wait_time";

export class Tile extends BaseTile {
  constructor(widget, ctx) {
    super(widget, ctx);
    this.value = el("p", "tile-value");
    this.number = el("span", "number", "–");
    this.number.dataset.stat = WAIT;
    this.value.append(el("span", "sr-only", `${this.label(WAIT)}: `), this.number);
    this.service = el("p", "tile-secondary");
    this.serviceName = el("span", "label", "");
    this.service.append(this.serviceName);
    this.body.append(this.value, this.service);
  }

  defaultTitle() {
    return "Longest waiting service";
  }

  setRows(rows) {
    const [name, wait, waiting] = rows[0] || [];
    const text = formatValue(wait, this.format(WAIT));
    setText(this.number, text);
    fitChars(this.value, text);
    setText(this.serviceName, waiting ? `${name}: ${formatValue(waiting, "count")} waiting` : rows.length ? "No calls waiting" : "");
    this.setLevel(levelOf(wait, this.widget.thresholds));
  }
}

export const starter = { thresholds: { direction: "above", warning: 60, critical: 180 } };

export function fields(panel) {
  return [panel.servicesField(), ...panel.alerting(WAIT)];
}
