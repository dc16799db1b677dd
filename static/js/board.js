// A live board page: builds the board once, then applies the snapshot and deltas of its
// stream. Supervisors get an "Acknowledge" button on alerting tiles.
import { Alerts } from "./alerts.js";
import { BoardView } from "./boardview.js";
import { reloadSoon } from "./reload.js";
import { showConnection, showFreshness } from "./status.js";
import { BoardStream } from "./stream.js";

const config = JSON.parse(document.getElementById("board-config").textContent);
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

function onMessage(message) {
  if ((message.type === "state" || message.type === "config") && message.version !== config.version) {
    reloadSoon("the board was changed");
    return;
  }
  if (message.type === "state") alerts.setAcks(message.board, message.acks);
  else if (message.type === "ack") alerts.acknowledge(message.board, message);
}

let stream = null;
const serverNow = () => (stream ? stream.serverNow() : Date.now() / 1000);
const alerts = new Alerts({
  serverNow,
  timeZone: config.time_zone,
  announcer: document.getElementById("announcer"),
  onAcknowledge: config.may_acknowledge ? acknowledge : null,
});
const view = new BoardView(config, { root: document.getElementById("board"), alerts, history, serverNow });
const scheme = location.protocol === "https:" ? "wss" : "ws";
stream = new BoardStream({
  url: `${scheme}://${location.host}/ws/boards/${config.slug}/`,
  interval: config.interval,
  appVersion: config.app_version,
  onSnapshot: (data) => view.applySnapshot(data),
  onChanges: (changes) => view.apply(changes),
  onConnection: (state, since) => showConnection(connectionEl, state, since),
  onFreshness: (state, time, reason) => showFreshness(freshnessEl, state, time, reason),
  onMessage,
});
stream.start();
setInterval(() => {
  const now = serverNow();
  view.tick(now);
  alerts.tick(now);
}, 1000);
