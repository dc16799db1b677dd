// A live board page: builds the board once, then applies the snapshot and deltas of its
// stream (messages.js says what each message does). Supervisors get an "Acknowledge"
// button on alerting tiles. The page's URLs come from the template: the socket's and
// the history's on #board, the acknowledgement's as #ack-form's action.
import { Alerts } from "./alerts.js";
import { AlertStrip } from "./alertstrip.js";
import { BoardView } from "./boardview.js";
import { showConnection, showFreshness } from "./status.js";
import { BoardStream } from "./stream.js";
import { loadWidgetTypes } from "./widgets/registry.js";

const config = JSON.parse(document.getElementById("board-config").textContent);
const root = document.getElementById("board");
const urls = root.dataset;
const connectionEl = document.getElementById("connection");
const freshnessEl = document.getElementById("freshness");
const ackForm = document.getElementById("ack-form");
const csrfToken = ackForm?.querySelector("[name=csrfmiddlewaretoken]")?.value;

function acknowledge(board, widget) {
  const body = new FormData();
  body.append("widget", widget);
  return fetch(ackForm.getAttribute("action"), {
    method: "POST",
    body,
    headers: { "X-CSRFToken": csrfToken },
    credentials: "same-origin",
  });
}

async function history(board, widget) {
  const response = await fetch(`${urls.history}?widget=${encodeURIComponent(widget.id)}`);
  if (!response.ok) throw new Error(`history: ${response.status}`);
  return response.json();
}

let stream = null;
const serverNow = () => (stream ? stream.serverNow() : Date.now() / 1000);
const alerts = new Alerts({
  serverNow,
  timeZone: config.time_zone,
  announcer: document.getElementById("announcer"),
  strip: new AlertStrip(document.getElementById("alert-strip"), serverNow, config.alerting_since),
  onAcknowledge: config.may_acknowledge && ackForm ? acknowledge : null,
});
await loadWidgetTypes(config.widgets.map((w) => w.type));
const view = new BoardView(config, { root, alerts, history, serverNow });
const scheme = location.protocol === "https:" ? "wss" : "ws";
stream = new BoardStream({
  url: `${scheme}://${location.host}${urls.socket}`,
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
