// Today's video appointments (boards/widget_types/appointments.py): a count per phase,
// and the upcoming ones with their time and moderator. The console's own record of the
// rooms it scheduled feeds it (stats/feeds.py).
// Rows: `[task number, room time (epoch seconds), moderator, phase]`, by time.

import { select } from "../editor/fields.js";
import { el, resize, setData, setText } from "../dom.js";
import { formatInZone } from "../format.js";
import { levelOf } from "../levels.js";
import { Tile as BaseTile } from "../tiles/base.js";

const PHASES = ["upcoming", "in progress", "finished", "canceled"];
const UPCOMING_SHOWN = 6; // the next rooms listed; the count says how many in all

export class Tile extends BaseTile {
  constructor(widget, ctx) {
    super(widget, ctx);
    this.counts = el("dl", "appointment-counts");
    this.numbers = new Map();
    for (const phase of PHASES) {
      const number = el("dd", "number", "0");
      number.dataset.phase = phase;
      this.counts.append(el("dt", "", phase), number);
      this.numbers.set(phase, number);
    }
    this.list = el("ul", "appointment-upcoming");
    this.list.setAttribute("aria-label", "Upcoming appointments, next first");
    this.empty = el("p", "appointment-empty", "No appointment to come today");
    this.body.append(this.counts, this.list, this.empty);
  }

  defaultTitle() {
    return "Today's appointments";
  }

  setRows(rows) {
    for (const phase of PHASES) {
      setText(this.numbers.get(phase), String(rows.filter((row) => row[3] === phase).length));
    }
    const upcoming = rows.filter((row) => row[3] === "upcoming").slice(0, UPCOMING_SHOWN);
    this.empty.hidden = upcoming.length > 0;
    const items = resize(this.list, upcoming.length, () => {
      const li = el("li");
      li.append(el("span", "when"), el("span", "who"), el("span", "task"));
      return li;
    });
    upcoming.forEach(([task, at, moderator], i) => {
      const [when, who, number] = items[i].children;
      setData(items[i], "task", task);
      setText(when, formatInZone(new Date(at * 1000), this.ctx.timeZone, { hour: "2-digit", minute: "2-digit" }));
      setText(who, moderator || "no moderator yet");
      setText(number, task);
    });
    const counted = this.widget.counted || "in progress";
    this.setLevel(levelOf(rows.filter((row) => row[3] === counted).length, this.widget.thresholds));
  }
}

export const starter = { counted: "in progress" };

export function fields(panel, w) {
  const options = PHASES.map((phase) => [phase, phase]);
  return [
    select("Thresholds count the appointments", options, w.counted || "in progress", (v) => panel.set("counted", v || "in progress")),
    ...panel.alerting("appointments"),
  ];
}
