// A live board: builds the widgets once, then applies the snapshot and deltas of its
// stream, touching only the cells whose text changed.
import { formatValue } from "./format.js";
import { BoardStream } from "./stream.js";

const config = JSON.parse(document.getElementById("board-config").textContent);
const boardEl = document.getElementById("board");
const connectionEl = document.getElementById("connection");
const freshnessEl = document.getElementById("freshness");

const totalEls = new Map(); // total key -> [{node, format}]
const grids = new Map(); // widget id -> {widget, tbody}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function statLabel(name) {
  return (config.statistics[name] || { label: name }).label;
}

function statFormat(name) {
  return (config.statistics[name] || { format: "text" }).format;
}

function watchTotal(key, node, stat) {
  if (!totalEls.has(key)) totalEls.set(key, []);
  totalEls.get(key).push({ node, format: statFormat(stat) });
}

function buildTotal(widget) {
  const tile = el("section", "tile total");
  const title = widget.title || statLabel(widget.stat);
  tile.append(el("h2", "tile-title", title));
  const value = el("p", "tile-value", "–");
  value.dataset.stat = widget.stat;
  value.setAttribute("aria-label", title);
  tile.append(value);
  watchTotal(widget.keys[0], value, widget.stat);
  if (widget.secondary) {
    const second = el("p", "tile-secondary", "–");
    second.dataset.stat = widget.secondary;
    second.setAttribute("aria-label", `${title}: ${statLabel(widget.secondary)}`);
    tile.append(second);
    watchTotal(widget.keys[1], second, widget.secondary);
  }
  return tile;
}

function buildGrid(widget) {
  const tile = el("section", `tile grid ${widget.type}`);
  tile.append(el("h2", "tile-title", widget.title || ""));
  const table = el("table");
  table.dataset.grid = widget.id;
  const headRow = el("tr");
  for (const column of widget.columns) headRow.append(el("th", "", statLabel(column)));
  const thead = el("thead");
  thead.append(headRow);
  const tbody = el("tbody");
  table.append(thead, tbody);
  tile.append(table);
  grids.set(widget.id, { widget, tbody });
  return tile;
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function applyTotals(totals) {
  for (const [key, value] of Object.entries(totals)) {
    for (const { node, format } of totalEls.get(key) || []) setText(node, formatValue(value, format));
  }
}

function applyGrid(id, rows) {
  const grid = grids.get(id);
  if (!grid) return;
  const { widget, tbody } = grid;
  // Reuse row and cell nodes; add or remove only the difference in row count.
  while (tbody.rows.length > rows.length) tbody.deleteRow(-1);
  while (tbody.rows.length < rows.length) {
    const tr = tbody.insertRow();
    for (const column of widget.columns) {
      const td = tr.insertCell();
      td.dataset.stat = column;
    }
  }
  rows.forEach((row, r) => {
    const tr = tbody.rows[r];
    widget.columns.forEach((column, c) => {
      const td = tr.cells[c];
      const format = statFormat(column);
      setText(td, formatValue(row[c], format));
      if (format === "state") td.dataset.state = row[c] || "logged_out";
    });
  });
}

function apply(changes) {
  applyTotals(changes.totals || {});
  for (const [id, rows] of Object.entries(changes.grids || {})) applyGrid(id, rows);
}

function clock(date) {
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

function showConnection(state, since) {
  connectionEl.dataset.state = state;
  const text = {
    connecting: "Connecting…",
    online: "Connected",
    offline: `Offline since ${since && clock(since)} · reconnecting`,
  }[state];
  setText(connectionEl, text);
}

function showFreshness(state, dataTime, reason) {
  freshnessEl.dataset.state = state;
  let text = "Waiting for the first data from the tenant";
  if (state === "live") text = `Live · data of ${clock(dataTime)}`;
  if (state === "stale") text = `Data stale since ${clock(dataTime)}${reason ? ` · ${reason}` : ""}`;
  setText(freshnessEl, text);
  document.body.dataset.freshness = state;
}

for (const widget of config.widgets) {
  if (widget.type === "total") boardEl.append(buildTotal(widget));
  else if (widget.columns) boardEl.append(buildGrid(widget));
}

const scheme = location.protocol === "https:" ? "wss" : "ws";
new BoardStream({
  url: `${scheme}://${location.host}/ws/boards/${config.slug}/`,
  interval: config.interval,
  onSnapshot: apply,
  onChanges: apply,
  onConnection: showConnection,
  onFreshness: showFreshness,
}).start();
