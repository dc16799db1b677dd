// A live board: builds the widgets once, then applies the snapshot and deltas that
// arrive over the board's WebSocket, touching only the cells whose text changed.
import { formatValue } from "./format.js";

const config = JSON.parse(document.getElementById("board-config").textContent);
const boardEl = document.getElementById("board");
const freshnessEl = document.getElementById("freshness");

const totalEls = new Map(); // stat name -> value elements
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

function buildTotal(widget) {
  const tile = el("section", "tile total");
  tile.append(el("h2", "tile-title", widget.title || statLabel(widget.stat)));
  const value = el("p", "tile-value", "–");
  value.dataset.stat = widget.stat;
  value.setAttribute("aria-label", widget.title || statLabel(widget.stat));
  tile.append(value);
  if (!totalEls.has(widget.stat)) totalEls.set(widget.stat, []);
  totalEls.get(widget.stat).push(value);
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
  for (const [stat, value] of Object.entries(totals)) {
    for (const node of totalEls.get(stat) || []) setText(node, formatValue(value, statFormat(stat)));
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

// --- The stream: snapshot on connect, then deltas in seq order -----------------

let epoch = null;
let seq = 0;
let socket = null;
let attempts = 0;
let offlineSince = null;

function setFreshness(state, text) {
  freshnessEl.dataset.state = state;
  setText(freshnessEl, text);
}

function showUpstreamTime(upstreamTime) {
  const time = new Date(upstreamTime * 1000).toLocaleTimeString();
  setFreshness("live", `Live · data of ${time}`);
  document.body.dataset.seq = String(seq);
}

function onMessage(message) {
  if (message.type === "waiting") {
    setFreshness("waiting", "Connected · waiting for the first data from the tenant");
  } else if (message.type === "snapshot") {
    epoch = message.epoch;
    seq = message.seq;
    apply(message.data);
    showUpstreamTime(message.upstream_time);
  } else if (message.type === "delta") {
    if (message.epoch === epoch && message.seq <= seq) return; // already in the snapshot
    if (message.epoch !== epoch || message.seq !== seq + 1) {
      socket.send(JSON.stringify({ type: "resync" })); // a gap: ask for the whole board
      return;
    }
    seq = message.seq;
    apply(message.changes);
    showUpstreamTime(message.upstream_time);
  }
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/ws/boards/${config.slug}/`);
  socket.addEventListener("open", () => {
    attempts = 0;
    offlineSince = null;
  });
  socket.addEventListener("message", (event) => onMessage(JSON.parse(event.data)));
  socket.addEventListener("close", (event) => {
    if (event.code === 4401) {
      location.reload(); // the session ended: the page sends the user to log in
      return;
    }
    offlineSince = offlineSince || new Date().toLocaleTimeString();
    setFreshness("offline", `Offline since ${offlineSince} · reconnecting`);
    // Exponential backoff with full jitter, capped at 30 s.
    const delay = Math.random() * Math.min(30000, 1000 * 2 ** attempts);
    attempts += 1;
    setTimeout(connect, delay);
  });
}

for (const widget of config.widgets) {
  if (widget.type === "total") boardEl.append(buildTotal(widget));
  else if (widget.columns) boardEl.append(buildGrid(widget));
}
connect();
