// The board editor: title, theme and widgets on the 12 × 12 grid; saved as one JSON
// document that the server checks whole (boards/widgets.py), so a rejected save changes
// nothing and lists every problem.

import { el, setText } from "./dom.js";
import { Canvas } from "./editor/canvas.js";
import { freePlace } from "./editor/layout.js";
import { Panel } from "./editor/panel.js";
import { loadWidgetTypes, widgetModule } from "./widgets/registry.js";

const config = JSON.parse(document.getElementById("editor-config").textContent);
const board = config.board;
const csrfToken = document.querySelector("[name=csrfmiddlewaretoken]").value;
const statistics = new Map(config.statistics.map((s) => [s.name, s]));
const types = new Map(config.types.map((t) => [t.name, t]));
// Each type's module brings its starting options and its fields (static/js/widgets/).
await loadWidgetTypes(config.types.map((t) => t.name));
const status = document.getElementById("editor-status");
const errors = document.getElementById("editor-errors");
let dirty = false;
// What the board's tenant offers the pickers, by URL and tenant: a new board's tenant
// can change while it is edited.
const choices = new Map();

function newId() {
  const taken = new Set(board.widgets.map((w) => w.id));
  let n = taken.size + 1;
  while (taken.has(`w${n}`)) n += 1;
  return `w${n}`;
}

const editor = {
  config,
  statistics,
  selected: null,
  widgets: () => board.widgets,
  describe(widget) {
    const type = types.get(widget.type);
    const stat = statistics.get(widget.stat);
    const detail = widget.title || (stat && stat.label) || (widget.columns || []).map((c) => (statistics.get(c) || { label: c }).label).join(", ") || widget.text || widget.campaign || "";
    return [type ? type.label : widget.type, detail];
  },
  select(widget) {
    if (editor.selected === widget) return;
    editor.selected = widget;
    canvas.render();
    panel.show(widget);
  },
  changed(widget) {
    markDirty();
    canvas.update(widget);
  },
  remove(widget) {
    board.widgets.splice(board.widgets.indexOf(widget), 1);
    editor.selected = null;
    markDirty();
    canvas.render();
    panel.show(null);
  },
  addAt(cell) {
    add(cell);
  },
  dispositions() {
    return tenantChoices(config.urls.dispositions);
  },
  campaigns() {
    return tenantChoices(config.urls.campaigns);
  },
  services() {
    return tenantChoices(config.urls.services);
  },
};

/** Return a promise of what the board's tenant offers at `url` (names, or an error),
 * asked once per tenant. */
function tenantChoices(url) {
  const tenant = config.tenant || document.getElementById("board-tenant")?.value;
  const key = `${url}?tenant=${tenant}`;
  if (!choices.has(key)) {
    choices.set(key, fetch(key)
      .then((r) => (r.ok ? r.json() : { error: `The tenant's list could not be read (HTTP ${r.status}).` }))
      .catch(() => ({ error: "The tenant's list could not be read: no connection to the server." })));
  }
  return choices.get(key);
}

function add(near = null) {
  const type = types.get(document.getElementById("widget-type").value);
  const place = freePlace(board.widgets, type.size, near);
  if (!place) {
    showErrors(["The board is full: make room before adding a widget."]);
    return;
  }
  const widget = { id: newId(), type: type.name, title: "", ...place, ...structuredClone(widgetModule(type.name)?.starter || {}) };
  board.widgets.push(widget);
  markDirty();
  editor.selected = null;
  editor.select(widget);
}

function markDirty() {
  dirty = true;
  setText(status, "Unsaved changes");
}

function showErrors(list) {
  errors.replaceChildren();
  errors.hidden = !list.length;
  if (!list.length) return;
  const ul = el("ul");
  for (const text of list) ul.append(el("li", "", text));
  errors.append(el("p", "", "Nothing was saved:"), ul);
}

async function save() {
  // Read the inputs as they are now: typing may have begun before this script ran.
  board.title = document.getElementById("board-title").value;
  board.theme = document.getElementById("board-theme").value;
  const body = { ...board, tenant: config.tenant || document.getElementById("board-tenant")?.value };
  setText(status, "Saving…");
  const response = await fetch(config.urls.save, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  const answer = await response.json().catch(() => ({ ok: false, errors: [`The server answered ${response.status}.`] }));
  if (!answer.ok) {
    setText(status, "Not saved");
    showErrors(answer.errors);
    return;
  }
  dirty = false;
  showErrors([]);
  if (!config.slug) {
    location.assign(`${answer.edit_url}?saved=1`);
    return;
  }
  setText(status, `Saved at ${new Date().toLocaleTimeString()}`);
}

document.getElementById("board-title").addEventListener("input", (event) => {
  board.title = event.target.value;
  markDirty();
});
document.getElementById("board-theme").addEventListener("change", (event) => {
  board.theme = event.target.value;
  document.getElementById("canvas").className = `canvas theme-${board.theme}`;
  markDirty();
});
document.getElementById("add-widget").addEventListener("click", () => add());
document.getElementById("save-board").addEventListener("click", save);
window.addEventListener("beforeunload", (event) => {
  if (dirty) event.preventDefault();
});
if (new URLSearchParams(location.search).has("saved")) setText(status, "Saved");

const canvas = new Canvas(document.getElementById("canvas"), editor);
const panel = new Panel(document.getElementById("panel"), editor);
canvas.render();
panel.show(null);
// Another tenant has other services, dispositions and campaigns: offer those.
document.getElementById("board-tenant")?.addEventListener("change", () => panel.render());
document.body.dataset.ready = "true"; // for people's scripts and tests: the editor listens now
