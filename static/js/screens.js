// The screens page: every kiosk heard from lately, refreshed every two seconds, with
// "Identify" and "Reload" for each. Rows are kept per screen and only their text changes.
// The URLs come from the template, on the table: `data-source` for the list, and
// `data-command`, with `__screen__` and `__command__` to fill in, for the buttons.

import { el, setText } from "./dom.js";

const REFRESH_MS = 2000;
const table = document.getElementById("screens");
const tbody = table.querySelector("tbody");
const empty = document.getElementById("screens-empty");
const csrfToken = document.querySelector("#screens-csrf [name=csrfmiddlewaretoken]").value;
const rows = new Map(); // screen id -> <tr>

function duration(seconds) {
  if (seconds === null) return "–";
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h ? `${h} h ${m} min` : `${m} min ${Math.floor(seconds % 60)} s`;
}

function command(id, name) {
  const url = table.dataset.command.replace("__screen__", encodeURIComponent(id)).replace("__command__", name);
  fetch(url, {
    method: "POST",
    headers: { "X-CSRFToken": csrfToken },
    credentials: "same-origin",
  });
}

function makeRow(screen) {
  const tr = el("tr");
  tr.dataset.screen = screen.id;
  for (let i = 0; i < 9; i += 1) tr.append(el("td"));
  const actions = el("td");
  for (const [name, label] of [["identify", "Identify"], ["reload", "Reload"]]) {
    const button = el("button", "", label);
    button.type = "button";
    button.setAttribute("aria-label", `${label} ${screen.name}`);
    button.addEventListener("click", () => command(screen.id, name));
    actions.append(button, " ");
  }
  tr.append(actions);
  return tr;
}

function fill(tr, screen, appVersion) {
  const cells = tr.cells;
  const state = screen.connected ? "" : " (disconnected)";
  setText(cells[0], `${screen.name}${state}`);
  setText(cells[1], screen.board);
  setText(cells[2], `${screen.last_heartbeat_age} s ago`);
  setText(cells[3], screen.seq_lag === null ? "–" : String(screen.seq_lag));
  const behind = screen.app_version && screen.app_version !== appVersion ? " (old)" : "";
  setText(cells[4], `${screen.app_version}${behind}`);
  setText(cells[5], duration(screen.uptime));
  setText(cells[6], screen.heap === null ? "–" : `${(screen.heap / 1048576).toFixed(1)} MB`);
  setText(cells[7], screen.nodes === null ? "–" : String(screen.nodes));
  setText(cells[8], screen.viewport);
}

async function refresh() {
  try {
    const response = await fetch(table.dataset.source, { credentials: "same-origin" });
    if (!response.ok) return;
    const { screens, app_version: appVersion } = await response.json();
    const seen = new Set();
    for (const screen of screens) {
      seen.add(screen.id);
      if (!rows.has(screen.id)) rows.set(screen.id, makeRow(screen));
      const tr = rows.get(screen.id);
      fill(tr, screen, appVersion);
      tbody.append(tr); // keeps the server's order, newest first
    }
    for (const [id, tr] of rows) {
      if (!seen.has(id)) {
        tr.remove();
        rows.delete(id);
      }
    }
    empty.hidden = screens.length > 0;
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

refresh();
