// A live board page: builds the board once, then applies the snapshot and deltas of its
// stream (messages.js says what each message does). Supervisors get an "Acknowledge"
// button on alerting tiles.
import { Alerts } from "./alerts.js";
import { BoardView } from "./boardview.js";
import { showConnection, showFreshness } from "./status.js";
import { BoardStream } from "./stream.js";

const config = JSON.parse(document.getElementById("board-config").textContent);
const root = document.getElementById("board");
const connectionEl = document.getElementById("connection");
const freshnessEl = document.getElementById("freshness");
const csrfToken = document.querySelector("#ack-form [name=csrfmiddlewaretoken]")?.value;

function acknowledge(board, widget) {
  const body = new FormData();
  body.append("widget", widget);
  return fetch(`/boards/${config.slug}/ack/`, {
    method: "POST",
    body,
    headers: { "X-CSRFToken": csrfToken },
    credentials: "same-origin",
  });
}

async function history(board, widget) {
  const response = await fetch(`/boards/${board.slug}/history/?widget=${encodeURIComponent(widget.id)}`);
  if (!response.ok) throw new Error(`history: ${response.status}`);
  return response.json();
}

let stream = null;
const serverNow = () => (stream ? stream.serverNow() : Date.now() / 1000);
const alerts = new Alerts({
  serverNow,
  timeZone: config.time_zone,
  announcer: document.getElementById("announcer"),
  onAcknowledge: config.may_acknowledge ? acknowledge : null,
});
const view = new BoardView(config, { root, alerts, history, serverNow });
const scheme = location.protocol === "https:" ? "wss" : "ws";
stream = new BoardStream({
  url: `${scheme}://${location.host}/ws/boards/${config.slug}/`,
  interval: config.interval,
  screen: { boards: [config], appVersion: config.app_version, alerts, view: () => view },
  onConnection: (state, since) => showConnection(connectionEl, state, since),
  onFreshness: (state, time, reason) => showFreshness(freshnessEl, state, time, reason),
});
stream.start();
setInterval(() => {
  const now = serverNow();
  view.tick(now);
  alerts.tick(now);
}, 1000);
