// The editor's properties panel: the options of the selected widget, by its type (each
// type's module draws its own fields, static/js/widgets/, with the helpers here).
// Every change goes straight into the widget; the board is saved as a whole.

import { el } from "../dom.js";
import { widgetModule } from "../widgets/registry.js";
import {
  alertField,
  checkbox,
  columnsField,
  numberField,
  select,
  statOptions,
  textField,
  thresholdsField,
} from "./fields.js";

const OPERATIONS = [["EQ", "="], ["NE", "≠"], ["LT", "<"], ["GT", ">"], ["LE", "≤"], ["GE", "≥"]];

function names(text) {
  return text.split(",").map((s) => s.trim()).filter(Boolean);
}

export class Panel {
  /** editor: {statistics (by name), config, changed(widget), remove(widget), dispositions(),
   * campaigns(), services()}. A type's `fields(panel, widget, set)` may use `set`, `stat`,
   * `statPicker`, `servicesField`, `alerting`, `gridFields` and `editor`. */
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
    const fields = widgetModule(widget.type)?.fields;
    const remove = el("button", "danger", "Remove this widget");
    remove.type = "button";
    remove.addEventListener("click", () => this.editor.remove(widget));
    const title = textField("Title", widget.title, set("title"));
    this.titleInput = title.querySelector("input");
    this.node.replaceChildren(
      el("h2", "", type ? type.label : widget.type),
      title,
      ...(fields ? fields(this, widget, set) : []),
      remove,
    );
  }

  /** Show a title the editor changed by itself, leaving the focus where it is. */
  showTitle(title) {
    if (this.titleInput) this.titleInput.value = title || "";
  }

  set(key, value, rerender = false) {
    if (value === null || value === undefined || (Array.isArray(value) && !value.length)) {
      delete this.widget[key];
    } else {
      this.widget[key] = value;
    }
    this.editor.changed(this.widget, `set ${key} ${this.widget.id}`);
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
}
