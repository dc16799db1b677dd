// The editor's properties panel: the options of the selected widget, by its type.
// Every change goes straight into the widget; the board is saved as a whole.

import { el } from "../dom.js";
import {
  alertField,
  checkbox,
  columnsField,
  numberField,
  scaleOf,
  select,
  statOptions,
  textField,
  thresholdsField,
} from "./fields.js";

const OPERATIONS = [["EQ", "="], ["NE", "≠"], ["LT", "<"], ["GT", ">"], ["LE", "≤"], ["GE", "≥"]];
const NAME_STATS = [["first_last_name", "First Last"], ["last_first_name", "Last First"], ["login_id", "Login"]];

function names(text) {
  return text.split(",").map((s) => s.trim()).filter(Boolean);
}

export class Panel {
  /** editor: {statistics (by name), config, changed(widget), remove(widget), dispositions(),
   * campaigns(), services()} */
  constructor(node, editor) {
    this.node = node;
    this.editor = editor;
  }

  stat(name) {
    return this.editor.statistics.get(name) || null;
  }

  options(place, numericOnly = false) {
    return statOptions(this.editor.config.statistics, place, { numericOnly });
  }

  show(widget) {
    this.widget = widget;
    this.render();
  }

  render() {
    const widget = this.widget;
    if (!widget) {
      this.node.replaceChildren(el("p", "muted", "Pick a widget to edit it, or add one."));
      return;
    }
    const set = (key) => (value) => this.set(key, value);
    const type = this.editor.config.types.find((t) => t.name === widget.type);
    const remove = el("button", "danger", "Remove this widget");
    remove.type = "button";
    remove.addEventListener("click", () => this.editor.remove(widget));
    this.node.replaceChildren(
      el("h2", "", type ? type.label : widget.type),
      textField("Title", widget.title, set("title")),
      ...(this[`fields_${widget.type}`] ? this[`fields_${widget.type}`](widget, set) : []),
      remove,
    );
  }

  set(key, value, rerender = false) {
    if (value === null || value === undefined || (Array.isArray(value) && !value.length)) {
      delete this.widget[key];
    } else {
      this.widget[key] = value;
    }
    this.editor.changed(this.widget);
    if (rerender) this.render();
  }

  statPicker(label, key, place, { blank } = {}) {
    return select(label, this.options(place), this.widget[key], (v) => this.set(key, v, true), {
      blank: blank || "— pick a statistic —",
    });
  }

  /** Tick the services a widget is limited to, from the tenant's own list; where the
   * tenant cannot list them, type their names. */
  servicesField() {
    const box = el("fieldset", "services");
    box.append(el("legend", "", "Only these services (none ticked: every service you supervise)"));
    const chosen = new Set(this.widget.services || []);
    this.editor.services().then(({ services = [], error }) => {
      if (error) {
        box.append(
          el("p", "error", error),
          textField("Service names", [...chosen].join(", "), (v) => this.set("services", names(v)), {
            hint: "Comma-separated, as the tenant names them.",
          }),
        );
        return;
      }
      for (const name of new Set([...services, ...chosen])) {
        const label = services.includes(name) ? name : `${name} (the tenant has no such service)`;
        box.append(checkbox(label, chosen.has(name), (on) => {
          if (on) chosen.add(name);
          else chosen.delete(name);
          this.set("services", [...chosen].sort());
        }));
      }
    });
    return box;
  }

  alerting(stat) {
    return [
      thresholdsField(this.stat(stat), this.widget.thresholds, (v) => this.set("thresholds", v)),
      alertField(this.widget.alert, (v) => this.set("alert", v)),
    ];
  }

  fields_total(w) {
    return [
      this.statPicker("Statistic", "stat", "total"),
      this.statPicker("Secondary statistic", "secondary", "total", { blank: "— none —" }),
      this.servicesField(),
      ...this.alerting(w.stat),
    ];
  }

  fields_gauge(w) {
    const scale = scaleOf(this.stat(w.stat));
    const limit = (key) => (v) => this.set(key, v === null ? null : v / scale);
    return [
      this.statPicker("Statistic", "stat", "total"),
      this.servicesField(),
      numberField(`Minimum${scale === 100 ? " (%)" : ""}`, (w.min ?? 0) * scale, limit("min")),
      numberField(`Maximum${scale === 100 ? " (%)" : ""}`, w.max === undefined ? null : w.max * scale, limit("max")),
      ...this.alerting(w.stat),
    ];
  }

  fields_sparkline(w, set) {
    return [
      this.statPicker("Statistic", "stat", "total"),
      numberField("Minutes shown", w.minutes ?? 30, set("minutes"), { step: "1", min: 5 }),
      thresholdsField(this.stat(w.stat), w.thresholds, set("thresholds")),
    ];
  }

  gridFields(w, place) {
    const columns = w.columns || [];
    const columnChoices = columns.map((name) => [name, (this.stat(name) || { label: name }).label]);
    const filter = w.filter || {};
    const setFilter = (key) => (value) => {
      const next = { stat: filter.stat, op: filter.op || "EQ", value: filter.value ?? "", [key]: value ?? "" };
      this.set("filter", next.stat ? next : null);
    };
    const fields = [
      columnsField("Columns", this.options(place), [...columns], (v) => this.set("columns", v, true)),
      select("Order by", columnChoices, w.order_by, (v) => this.set("order_by", v), { blank: "— as they come —" }),
      select("Direction", [["DESC", "highest first"], ["ASC", "lowest first"]], w.order_dir || "DESC", (v) => this.set("order_dir", v)),
      numberField("Rows (0: all)", w.limit ?? 0, (v) => this.set("limit", Math.max(0, Math.round(v || 0))), { step: "1", min: 0 }),
      select("Filter on", columnChoices, filter.stat, setFilter("stat"), { blank: "— no filter —" }),
      select("Filter test", OPERATIONS, filter.op || "EQ", setFilter("op")),
      textField("Filter value", filter.value, setFilter("value")),
    ];
    for (const name of columns) {
      const stat = this.stat(name);
      if (!stat || !stat.numeric) continue;
      fields.push(thresholdsField(stat, (w.column_thresholds || {})[name], (v) => {
        const all = { ...(w.column_thresholds || {}) };
        if (v) all[name] = v;
        else delete all[name];
        this.set("column_thresholds", Object.keys(all).length ? all : null);
      }));
    }
    fields.push(alertField(w.alert, (v) => this.set("alert", v)));
    return fields;
  }

  fields_service_grid(w) {
    return this.gridFields(w, "service");
  }

  fields_agent_grid(w) {
    return [
      ...this.gridFields(w, "agent"),
      checkbox("Logged-in agents only", w.logged_in_only ?? true, (v) => this.set("logged_in_only", v)),
    ];
  }

  fields_leaderboard(w, set) {
    const box = el("fieldset", "dispositions");
    box.append(el("legend", "", "Count calls with these dispositions (none ticked: all)"));
    const chosen = new Set(w.dispositions || []);
    this.editor.dispositions().then(({ dispositions = [], error }) => {
      if (error) box.append(el("p", "error", error));
      for (const name of new Set([...dispositions, ...chosen])) {
        box.append(checkbox(name, chosen.has(name), (on) => {
          if (on) chosen.add(name);
          else chosen.delete(name);
          this.set("dispositions", [...chosen].sort());
        }));
      }
    });
    return [
      box,
      select("Agent name", NAME_STATS, w.name_stat || "first_last_name", set("name_stat")),
      numberField("Agents shown", w.limit ?? 10, (v) => this.set("limit", Math.max(1, Math.round(v || 10))), { step: "1", min: 1 }),
    ];
  }

  fields_availability() {
    return [this.servicesField()];
  }

  fields_news(w, set) {
    return [
      textField("Only messages containing", w.filter, set("filter")),
      numberField("Messages shown", w.limit ?? 5, (v) => this.set("limit", Math.max(1, Math.round(v || 5))), { step: "1", min: 1 }),
    ];
  }

  fields_clock(w, set) {
    return [
      checkbox("Show the date", w.show_date ?? true, set("show_date")),
      checkbox("Show seconds", w.show_seconds ?? true, set("show_seconds")),
    ];
  }

  fields_text(w, set) {
    return [textField("Text", w.text, set("text"), { multiline: true })];
  }

  fields_campaign(w) {
    const field = textField("Campaign", w.campaign, (v) => this.set("campaign", v.trim() || null), {
      hint: "Its name, as the console lists it; the poll reads its figures every 10 seconds or so.",
    });
    const input = field.querySelector("input");
    const choices = el("datalist");
    choices.id = `${input.id}-choices`;
    input.setAttribute("list", choices.id);
    input.autocomplete = "off";
    field.append(choices);
    this.editor.campaigns().then(({ campaigns = [], error }) => {
      if (error) field.append(el("p", "error", error));
      for (const name of campaigns) choices.append(new Option(name, name));
    });
    return [field];
  }

  fields_ticker(w) {
    return [
      numberField("Actions shown", w.count ?? 5, (v) => this.set("count", Math.min(20, Math.max(1, Math.round(v || 5)))), { step: "1", min: 1 }),
    ];
  }
}
