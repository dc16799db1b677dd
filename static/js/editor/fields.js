// Form fields of the editor's properties panel, each bound to one key of a widget.
// Values are kept in the statistic's own unit (seconds; ratios as fractions), and
// shown in the unit people use: ratios and gauge limits as percent.

import { el } from "../dom.js";

let nextId = 0;

function labelled(text, input, hint) {
  nextId += 1;
  input.id = `field-${nextId}`;
  const row = el("div", "field");
  const label = el("label", "", text);
  label.htmlFor = input.id;
  row.append(label, input);
  if (hint) row.append(el("span", "hint", hint));
  return row;
}

export function textField(label, value, onChange, { multiline = false, hint } = {}) {
  const input = el(multiline ? "textarea" : "input");
  if (!multiline) input.type = "text";
  input.value = value || "";
  input.addEventListener("input", () => onChange(input.value));
  return labelled(label, input, hint);
}

export function numberField(label, value, onChange, { hint, step = "any", min } = {}) {
  const input = el("input");
  input.type = "number";
  input.step = step;
  if (min !== undefined) input.min = String(min);
  input.value = value === null || value === undefined ? "" : String(value);
  input.addEventListener("input", () => onChange(input.value === "" ? null : Number(input.value)));
  return labelled(label, input, hint);
}

export function checkbox(label, checked, onChange) {
  const input = el("input");
  input.type = "checkbox";
  input.checked = Boolean(checked);
  input.addEventListener("change", () => onChange(input.checked));
  const row = labelled(label, input);
  row.classList.add("check");
  return row;
}

/** A select of [value, label] options; "" stands for none when `blank` is given. */
export function select(label, options, value, onChange, { blank, hint } = {}) {
  const input = el("select");
  if (blank !== undefined) input.append(new Option(blank, ""));
  for (const [optionValue, text] of options) input.append(new Option(text, optionValue));
  input.value = value ?? "";
  input.addEventListener("change", () => onChange(input.value || null));
  return labelled(label, input, hint);
}

/** Return [name, "Label (unit)"] of the statistics valid at `place`. */
export function statOptions(statistics, place, { numericOnly = false } = {}) {
  return statistics
    .filter((s) => s.places.includes(place) && (!numericOnly || s.numeric))
    .map((s) => [s.name, s.unit ? `${s.label} (${s.unit === "seconds" ? "mm:ss" : s.unit})` : s.label]);
}

/** Return how a value in a statistic's unit is shown, and back: ratios as percent. */
export function scaleOf(stat) {
  return stat && stat.format === "percent" ? 100 : 1;
}

function scaled(value, scale) {
  return value === null || value === undefined ? null : Math.round(value * scale * 1000) / 1000;
}

/** Warning and critical levels of a statistic, and which way is bad. */
export function thresholdsField(stat, thresholds, onChange) {
  const scale = scaleOf(stat);
  const unit = stat && stat.unit ? ` (${stat.unit})` : "";
  const current = { direction: "above", warning: null, critical: null, ...(thresholds || {}) };
  const emit = () => {
    const empty = current.warning === null && current.critical === null;
    onChange(empty ? null : { ...current });
  };
  const box = el("fieldset", "thresholds");
  box.append(el("legend", "", `Thresholds${stat ? `: ${stat.label}` : ""}`));
  box.append(
    select("Bad when the value is", [["above", "at or above"], ["below", "at or below"]], current.direction, (v) => {
      current.direction = v || "above";
      emit();
    }),
    numberField(`Warning${unit}`, scaled(current.warning, scale), (v) => {
      current.warning = v === null ? null : v / scale;
      emit();
    }),
    numberField(`Critical${unit}`, scaled(current.critical, scale), (v) => {
      current.critical = v === null ? null : v / scale;
      emit();
    }),
  );
  return box;
}

/** What a widget at its critical level does: flash, sound, and how often. */
export function alertField(alert, onChange) {
  const current = { flash: false, sound: false, repeat: 30, ...(alert || {}) };
  const emit = () => onChange(current.flash || current.sound ? { ...current } : null);
  const box = el("fieldset", "alert");
  box.append(el("legend", "", "When critical"));
  box.append(
    checkbox("Flash", current.flash, (v) => {
      current.flash = v;
      emit();
    }),
    checkbox("Sound", current.sound, (v) => {
      current.sound = v;
      emit();
    }),
    numberField("Repeat the sound every (seconds)", current.repeat, (v) => {
      current.repeat = Math.max(5, Math.round(v || 30));
      emit();
    }, { step: "1", min: 5 }),
  );
  return box;
}

/** An ordered list of statistics: add from a picker, remove, move up. */
export function columnsField(label, options, columns, onChange) {
  const box = el("fieldset", "columns");
  box.append(el("legend", "", label));
  const list = el("ol");
  const names = new Map(options);
  const render = () => {
    list.replaceChildren(
      ...columns.map((name, i) => {
        const li = el("li", "", names.get(name) || name);
        const up = el("button", "", "↑");
        up.type = "button";
        up.disabled = i === 0;
        up.setAttribute("aria-label", `Move ${names.get(name) || name} up`);
        up.addEventListener("click", () => {
          [columns[i - 1], columns[i]] = [columns[i], columns[i - 1]];
          changed();
        });
        const remove = el("button", "", "✕");
        remove.type = "button";
        remove.setAttribute("aria-label", `Remove column ${names.get(name) || name}`);
        remove.addEventListener("click", () => {
          columns.splice(i, 1);
          changed();
        });
        li.append(up, remove);
        return li;
      }),
    );
  };
  const changed = () => {
    render();
    onChange([...columns]);
  };
  const add = select("Add a column", options, null, (name) => {
    if (name && !columns.includes(name)) {
      columns.push(name);
      changed();
    }
    add.querySelector("select").value = "";
  }, { blank: "— pick a statistic —" });
  render();
  box.append(list, add);
  return box;
}
