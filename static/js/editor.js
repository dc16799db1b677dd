// The board editor: title, theme and widgets on the 12 × 12 grid; saved as one JSON
// document that the server checks whole (boards/widgets.py), so a rejected save changes
// nothing, lists every problem, and marks each on the widget it concerns. The canvas
// shows each widget's live tile (static/js/editor/live.js), fed by stats/preview.py,
// whose docstring says why that way; every change can be undone and redone
// (static/js/editor/history.js).

import { el, setData, setText } from "./dom.js";
import { formatInZone } from "./format.js";
import { Canvas } from "./editor/canvas.js";
import { History } from "./editor/history.js";
import { freePlace } from "./editor/layout.js";
import { Live } from "./editor/live.js";
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
const liveStatus = document.getElementById("live-status");
const undoButton = document.getElementById("undo");
const redoButton = document.getElementById("redo");
let dirty = false;
const history = new History(JSON.stringify(board.widgets));
let clockOffset = 0; // local clock minus the server's, seconds
const serverNow = () => Date.now() / 1000 - clockOffset;
// What the tiles of the canvas need (static/js/tiles/base.js); the preview fills it in.
const tileContext = {
  statistics: {},
  timeZone: undefined,
  prefix: "editor",
  history: () => Promise.reject(new Error("the editor keeps no history")),
  serverNow,
};
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
  changed(widget, what) {
    if (!what.startsWith("set title") && dropStartingTitle(widget)) panel.showTitle(widget.title);
    canvas.update(widget);
    recorded(what);
  },
  remove(widget) {
    const [kind, detail] = editor.describe(widget);
    board.widgets.splice(board.widgets.indexOf(widget), 1);
    editor.selected = null;
    canvas.render();
    panel.show(null);
    recorded(`remove ${widget.id}`);
    setText(status, `Removed ${kind}${detail ? `: ${detail}` : ""}. Undo: Ctrl+Z.`);
    // Keep the keyboard on the canvas, where Ctrl+Z brings the widget back.
    document.getElementById("canvas").focus({ preventScroll: true });
  },
  refused(text) {
    setText(status, text);
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

/** Return the title a new widget starts with: none where its tile names itself (a
 * statistic's label, "News"), else its type's label, so that no tile is untitled. */
function startingTitle(type, widget) {
  const Tile = widgetModule(type.name)?.Tile;
  const label = (name) => statistics.get(name)?.label || name;
  const own = Tile ? Tile.prototype.defaultTitle.call({ widget, label, ctx: tileContext }) : "";
  return own ? "" : type.label;
}

/** Drop a widget's starting title (its type's label) once its options name it, as the
 * campaign picked names a campaign tile; return true if it was dropped. */
function dropStartingTitle(widget) {
  const type = types.get(widget.type);
  if (!type || widget.title !== type.label || startingTitle(type, { ...widget, title: "" })) return false;
  widget.title = "";
  return true;
}

function add() {
  const type = types.get(document.getElementById("widget-type").value);
  const place = freePlace(board.widgets, type.size);
  if (!place) {
    showErrors(["The board is full: make room before adding a widget."]);
    return;
  }
  const widget = { id: newId(), type: type.name, title: "", ...place, ...structuredClone(widgetModule(type.name)?.starter || {}) };
  widget.title = widget.title || startingTitle(type, widget);
  board.widgets.push(widget);
  recorded(`add ${widget.id}`);
  editor.selected = null;
  editor.select(widget);
  canvas.boxes.get(widget).focus({ preventScroll: true });
}

/** The widgets changed (`what` names the change): remember it, and ask for its numbers. */
function recorded(what) {
  history.record(JSON.stringify(board.widgets), what || "change");
  markDirty();
  live.changed();
  showHistory();
}

function showHistory() {
  undoButton.disabled = !history.past.length;
  redoButton.disabled = !history.future.length;
}

/** Put the widgets back as `state` had them, keeping each widget's object (and box). */
function restore(state) {
  if (state === null) return;
  const before = new Set(board.widgets.map((w) => w.id));
  const objects = new Map(board.widgets.map((w) => [w.id, w]));
  board.widgets = JSON.parse(state).map((saved) => {
    const widget = objects.get(saved.id);
    if (!widget) return saved;
    for (const key of Object.keys(widget)) delete widget[key];
    return Object.assign(widget, saved);
  });
  const back = board.widgets.find((w) => !before.has(w.id));
  const selected = back || board.widgets.find((w) => w.id === editor.selected?.id) || null;
  editor.selected = selected;
  canvas.render();
  panel.show(selected);
  // A widget that came back takes the focus, so that the keyboard can go on with it.
  if (back) canvas.boxes.get(back).focus({ preventScroll: true });
  markDirty();
  live.changed();
  showHistory();
}

function undo() {
  restore(history.undo());
  setText(status, "Undone");
}

function redo() {
  restore(history.redo());
  setText(status, "Redone");
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
  for (const problem of list) {
    const item = el("li", "", typeof problem === "string" ? problem : problem.message);
    const id = (problem.widgets || []).find((w) => canvas.boxOf(w));
    if (id) {
      const show = el("button", "link", "Show");
      show.type = "button";
      show.addEventListener("click", () => focusWidget(id));
      item.append(" ", show);
    }
    ul.append(item);
  }
  errors.append(el("p", "", "Nothing was saved:"), ul);
}

function focusWidget(id) {
  const box = canvas.boxOf(id);
  if (!box) return;
  box.scrollIntoView({ block: "nearest" });
  box.focus();
}

/** Mark the server's problems on their widgets and go to the first one. */
function showProblems(problems) {
  const byWidget = new Map();
  for (const { message, widgets } of problems) {
    for (const id of widgets) byWidget.set(id, [...(byWidget.get(id) || []), message]);
  }
  canvas.markProblems(byWidget);
  const first = problems.flatMap((p) => p.widgets).find((id) => canvas.boxOf(id));
  if (first) focusWidget(first);
}

function showAnswer(answer) {
  clockOffset = Date.now() / 1000 - answer.server_time;
  tileContext.timeZone = answer.time_zone;
  canvas.showLive(answer);
  canvas.markProblems(new Map(Object.entries(answer.problems)));
  const state = answer.upstream_time === null ? "waiting" : answer.stale ? "stale" : "live";
  const time = answer.upstream_time === null ? "" : formatInZone(new Date(answer.upstream_time * 1000), answer.time_zone, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const words = {
    waiting: "No numbers from the tenant yet",
    stale: `Numbers stale since ${time}`,
    live: `Live numbers as of ${time}`,
  };
  setText(liveStatus, words[state]);
  setData(liveStatus, "state", state);
  setData(liveStatus, "time", answer.upstream_time);
  setData(document.body, "freshness", state === "stale" ? "stale" : null);
}

function showLiveError(text) {
  setText(liveStatus, `Live numbers unavailable: ${text}`);
  setData(liveStatus, "state", "error");
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
    const problems = answer.problems || [];
    showErrors(problems.length ? problems : answer.errors);
    showProblems(problems);
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
undoButton.addEventListener("click", undo);

function typesText(node) {
  const typed = ["text", "number", "search", "email", "url", "tel", "password"];
  return node.isContentEditable || node.tagName === "TEXTAREA" || (node.tagName === "INPUT" && typed.includes(node.type));
}
redoButton.addEventListener("click", redo);
document.addEventListener("keydown", (event) => {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
  // Text fields keep their own undo of what is typed in them.
  if (typesText(event.target)) return;
  const key = event.key.toLowerCase();
  if (key === "z" && !event.shiftKey) undo();
  else if ((key === "z" && event.shiftKey) || key === "y") redo();
  else return;
  event.preventDefault();
});
window.addEventListener("beforeunload", (event) => {
  if (dirty) event.preventDefault();
});
if (new URLSearchParams(location.search).has("saved")) setText(status, "Saved");

const canvas = new Canvas(document.getElementById("canvas"), editor, tileContext);
const panel = new Panel(document.getElementById("panel"), editor);
const live = new Live({
  url: config.urls.preview,
  csrfToken,
  body: () => ({ tenant: config.tenant || document.getElementById("board-tenant")?.value, widgets: board.widgets }),
  onAnswer: showAnswer,
  onError: showLiveError,
});
canvas.render();
panel.show(null);
showHistory();
live.start();
setInterval(() => canvas.tick(serverNow()), 1000);
// Another tenant has other services, dispositions and campaigns, and numbers: show those.
document.getElementById("board-tenant")?.addEventListener("change", () => {
  panel.render();
  live.changed();
});
document.body.dataset.ready = "true"; // for people's scripts and tests: the editor listens now
