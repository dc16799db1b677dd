// A kiosk: a display link's board, or its rotation of boards, on a TV for weeks.
//
// - Every board is built once; the rotation only shows one and hides the others, and
//   moves the one stream to the board shown, so nothing is rebuilt or left behind.
// - It reconnects by itself (backoff capped at a few seconds, so a TV is back soon
//   after the server), reloads when the app is upgraded or its boards change, hides
//   the cursor when the mouse rests, and shifts everything by a pixel or two every
//   minute against burn-in.
// - It reports itself after each heartbeat for the screens page, and obeys that page's
//   "identify" and "reload" (messages.js handles every message, as on a board page;
//   the kiosk adds only its report and its name on screen).
// - Outside its link's opening hours (the tenant's time zone) it goes black but for a
//   dim clock that moves every minute, and sounds no alert; the stream stays open, so
//   the board is back, current, the minute the hours begin.

import { Alerts } from "./alerts.js";
import { AlertStrip } from "./alertstrip.js";
import { BoardView } from "./boardview.js";
import { setText } from "./dom.js";
import { formatInZone } from "./format.js";
import { report as reportMessage } from "./messages.js";
import { showConnection, showFreshness } from "./status.js";
import { BoardStream } from "./stream.js";
import { loadWidgetTypes } from "./widgets/registry.js";

const MAX_BACKOFF_MS = 5000;
const IDLE_CURSOR_MS = 3000;
const IDENTIFY_MS = 10000;
const SHIFT_EVERY_MS = 60000;
// A small orbit, in pixels: never more than 2 from where the layout put things.
const SHIFTS = [[0, 0], [1, 1], [2, 0], [1, -1], [0, -2], [-1, -1], [-2, 0], [-1, 1]];

const config = JSON.parse(document.getElementById("kiosk-config").textContent);
const boards = config.boards;
const startedAt = Date.now();
const screenId = screenIdentity();

function screenIdentity() {
  // Kept for the life of the tab, so a reload is the same screen on the screens page.
  let id = sessionStorage.getItem("wallboard-screen");
  if (!id) {
    const bytes = crypto.getRandomValues(new Uint8Array(16)); // works without https too
    id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    sessionStorage.setItem("wallboard-screen", id);
  }
  return id;
}

let stream = null;
let current = 0;
const serverNow = () => (stream ? stream.serverNow() : Date.now() / 1000);

async function history(board, widget) {
  const query = `board=${board.id}&widget=${encodeURIComponent(widget.id)}`;
  const response = await fetch(`${config.history}?${query}`);
  if (!response.ok) throw new Error(`history: ${response.status}`);
  return response.json();
}

const alerts = new Alerts({
  serverNow,
  timeZone: boards[0].time_zone,
  announcer: document.getElementById("announcer"),
  strip: new AlertStrip(document.getElementById("alert-strip"), serverNow, config.alerting_since),
});
const root = document.getElementById("boards");
// The screen's care starts at once, not after the widget modules have loaded.
hideIdleCursor();
preventBurnIn();
await loadWidgetTypes(boards.flatMap((board) => board.widgets.map((w) => w.type)));
const views = boards.map((board) => new BoardView(board, { root, alerts, history, serverNow }));

function showBoard(index) {
  current = index;
  views.forEach((view, i) => {
    view.el.hidden = i !== index;
  });
  views[index].relayout();
  const board = boards[index];
  setText(document.getElementById("kiosk-title"), board.title);
  document.body.classList.remove("theme-dark", "theme-light", "theme-contrast");
  document.body.classList.add(`theme-${board.theme}`);
  alerts.show(board.id);
}

function rotate() {
  if (boards.length < 2) return;
  setTimeout(() => {
    showBoard((current + 1) % boards.length);
    stream.show(boards[current].id);
    rotate();
  }, boards[current].seconds * 1000);
}

let identifyTimer = null;
function identify() {
  const overlay = document.getElementById("identify");
  overlay.hidden = false;
  clearTimeout(identifyTimer);
  identifyTimer = setTimeout(() => {
    overlay.hidden = true;
  }, IDENTIFY_MS);
}

function report() {
  stream.send(reportMessage({
    screen: screenId,
    seq: stream.seq,
    started: startedAt,
    appVersion: config.app_version,
    heap: performance.memory ? performance.memory.usedJSHeapSize : null,
    nodes: document.getElementsByTagName("*").length,
    viewport: `${innerWidth}x${innerHeight}`,
  }));
}

function hideIdleCursor() {
  let timer = null;
  document.addEventListener("mousemove", () => {
    document.body.classList.remove("idle");
    clearTimeout(timer);
    timer = setTimeout(() => document.body.classList.add("idle"), IDLE_CURSOR_MS);
  });
}

function preventBurnIn() {
  const style = document.getElementById("kiosk").style;
  let step = 0;
  setInterval(() => {
    step = (step + 1) % SHIFTS.length;
    style.setProperty("--shift-x", `${SHIFTS[step][0]}px`);
    style.setProperty("--shift-y", `${SHIFTS[step][1]}px`);
  }, SHIFT_EVERY_MS);
}

/** Return minutes since midnight of "HH:MM". */
function minutesOf(text) {
  const [hours, minutes] = text.split(":").map(Number);
  return hours * 60 + minutes;
}

/** Return whether `minute` (since midnight) falls within `hours` (until before from:
 * the hours run past midnight); no hours: always. */
function isOpen(hours, minute) {
  if (!hours) return true;
  const from = minutesOf(hours.from);
  const until = minutesOf(hours.until);
  return from < until ? minute >= from && minute < until : minute >= from || minute < until;
}

const dayClocks = new Map();
/** Return the minutes since midnight of `date` in `zone` (this screen's if unknown). */
function minuteOfDay(date, zone) {
  if (!dayClocks.has(zone)) {
    const options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    let format;
    try {
      format = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: zone });
    } catch {
      format = new Intl.DateTimeFormat("en-GB", options);
    }
    dayClocks.set(zone, format);
  }
  const parts = Object.fromEntries(dayClocks.get(zone).formatToParts(date).map((p) => [p.type, p.value]));
  return Number(parts.hour) * 60 + Number(parts.minute);
}

function keepHours() {
  const overlay = document.getElementById("closed");
  const zone = boards[0].time_zone;
  let shown = null;
  const update = () => {
    const now = new Date(serverNow() * 1000);
    const closed = !isOpen(config.hours, minuteOfDay(now, zone));
    if (closed !== shown) {
      shown = closed;
      document.body.dataset.closed = String(closed);
      overlay.hidden = !closed;
      alerts.quiet = closed;
      alerts.show(boards[current].id);
    }
    if (!closed) return;
    setText(document.getElementById("closed-clock"), formatInZone(now, zone, { hour: "2-digit", minute: "2-digit" }));
    setText(document.getElementById("closed-note"), `Back at ${config.hours.from}`);
    // Somewhere new each minute, within the middle of the screen.
    const minute = now.getUTCMinutes();
    overlay.style.setProperty("--closed-x", `${10 + ((minute * 37) % 60)}%`);
    overlay.style.setProperty("--closed-y", `${10 + ((minute * 53) % 60)}%`);
  };
  update();
  setInterval(update, 15000);
}

const connectionEl = document.getElementById("connection");
const freshnessEl = document.getElementById("freshness");
const scheme = location.protocol === "https:" ? "wss" : "ws";
stream = new BoardStream({
  url: `${scheme}://${location.host}${config.socket}`,
  interval: boards[0].interval,
  board: boards[0].id,
  maxBackoffMs: MAX_BACKOFF_MS,
  screen: {
    boards,
    kioskVersion: config.version,
    appVersion: config.app_version,
    alerts,
    view: () => views[current],
    onHeartbeat: report,
    identify,
  },
  onConnection: (state, since) => showConnection(connectionEl, state, since),
  onFreshness: (state, time, reason) => showFreshness(freshnessEl, state, time, reason),
});
showBoard(0);
addEventListener("resize", () => views[current].relayout());
stream.start();
rotate();
keepHours();
setInterval(() => {
  const now = serverNow();
  views[current].tick(now);
  alerts.tick(now);
}, 1000);
