// The board stream: one WebSocket that delivers a board's snapshot, its deltas in seq
// order, and heartbeats; it reconnects by itself and says how fresh things are.
//
// Two separate freshness states, each shown on screen:
// - the connection: online, or "offline since hh:mm" while reconnecting (exponential
//   backoff with full jitter; a watchdog reconnects when heartbeats stop even if the
//   socket still looks open);
// - the data: live, or "stale since hh:mm" when the numbers on screen are older than
//   twice the poll interval plus 5 s (the server's heartbeat says why). Their age is
//   that of the last data received, or of the last good poll when the heartbeat says
//   the board has not changed since; times are on the deployment's one clock (the
//   server's `server_time` and the data's times come from Redis' clock).
//
// On open it says hello, and the server answers with the board's state. What each
// message does is in messages.js, for board pages and kiosks alike; this keeps the
// socket, the deltas' order and the freshness that those handlers report to it. A
// kiosk moves its stream from board to board with `show`.

import { dispatch, hello, resync, show } from "./messages.js";
import { reloadSoon } from "./reload.js";

const MAX_BACKOFF_MS = 30000;
const MISSED_HEARTBEATS = 3;
// How often the watchdog and the data's age are checked: a quarter second, so "stale"
// shows within a quarter second of the data passing its age limit.
const TICK_MS = 250;

export class BoardStream {
  /**
   * url: the socket's; screen: the page, for the message handlers (messages.js);
   * onConnection(state, since) and onFreshness(state, dataTime, reason) show the two
   * freshness states.
   */
  constructor({ url, interval, screen, board = null, maxBackoffMs = MAX_BACKOFF_MS, onConnection, onFreshness }) {
    this.url = url;
    this.interval = interval;
    this.screen = screen;
    this.board = board; // the board shown, or null to take whatever comes
    this.maxBackoffMs = maxBackoffMs;
    this.handlers = { onConnection, onFreshness };
    this.epoch = null;
    this.seq = 0;
    this.behind = false; // the last heartbeat said the board had moved past our seq
    this.attempts = 0;
    this.offlineSince = null;
    this.lastHeard = 0;
    this.heartbeatSeconds = 5;
    this.lastOk = null; // server time of the last good poll
    this.clockOffset = 0; // local clock minus server clock, seconds
    this.reason = null;
    this.socket = null;
  }

  start() {
    this.connect();
    this.ticker = setInterval(() => this.tick(), TICK_MS);
  }

  connect() {
    this.handlers.onConnection(this.offlineSince ? "offline" : "connecting", this.offlineSince);
    const socket = new WebSocket(this.socketUrl());
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.attempts = 0;
      this.lastHeard = Date.now();
      socket.send(JSON.stringify(hello()));
    });
    socket.addEventListener("message", (event) => {
      this.lastHeard = Date.now();
      dispatch(JSON.parse(event.data), this, this.screen);
    });
    socket.addEventListener("close", (event) => this.onClose(socket, event));
  }

  socketUrl() {
    return this.board === null ? this.url : `${this.url}?board=${this.board}`;
  }

  /** Send a message if the socket is open; return whether it was sent. */
  send(message) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Move to another board (a kiosk's rotation): its snapshot and state follow. */
  show(board) {
    this.board = board;
    this.epoch = null;
    this.seq = 0;
    this.lastOk = null;
    this.reason = null;
    this.send(show(board));
  }

  /** Return the server's clock now, in seconds. */
  serverNow() {
    return Date.now() / 1000 - this.clockOffset;
  }

  onClose(socket, event) {
    if (socket !== this.socket) return; // an old socket the watchdog already dropped
    this.socket = null;
    if (event.code === 4401 || event.code === 4404 || event.code === 4410) {
      // Logged out, board gone or link revoked: the page says which. Never in a storm,
      // should the page and its socket disagree.
      reloadSoon(`the server closed the socket with ${event.code}`);
      return;
    }
    this.reconnectLater();
  }

  reconnectLater() {
    this.offlineSince = this.offlineSince || new Date();
    this.handlers.onConnection("offline", this.offlineSince);
    const delay = Math.random() * Math.min(this.maxBackoffMs, 1000 * 2 ** this.attempts);
    this.attempts += 1;
    setTimeout(() => this.connect(), delay);
  }

  /** A heartbeat: online, the server's clock, and the data's freshness. */
  heard(message) {
    this.offlineSince = null;
    this.handlers.onConnection("online", null);
    this.clockOffset = Date.now() / 1000 - message.server_time;
    this.interval = message.interval;
    this.heartbeatSeconds = message.every;
    const data = message.data;
    // The last good poll vouches for this screen's numbers only if they are the
    // board's latest: after a lost delta, or a Redis restart that began a new epoch,
    // the numbers here are older, and must age into "stale" until the new ones come.
    if (data.last_ok && this.holdsLatest(message)) {
      this.lastOk = Math.max(this.lastOk || 0, data.last_ok);
    }
    this.reason = data.stale && data.last_error ? `${data.state}: ${data.last_error}` : null;
    this.checkBehind(message);
    this.tick();
  }

  /** The board has no data yet. */
  waiting() {
    this.handlers.onFreshness("waiting", null, null);
  }

  holdsLatest(message) {
    return message.epoch !== undefined && message.epoch === this.epoch && message.seq === this.seq;
  }

  // The heartbeat carries the board's latest epoch and seq. Behind it at two heartbeats
  // in a row (one could race a delta still on its way), a delta was lost without a
  // gap to show for it: ask for the snapshot.
  checkBehind(message) {
    if (message.seq === undefined || this.epoch === null) return;
    const behind = message.epoch !== this.epoch || message.seq > this.seq;
    if (behind && this.behind) {
      this.behind = false;
      this.send(resync());
      return;
    }
    this.behind = behind;
  }

  /** A snapshot: the board from this epoch and seq on. */
  begin(message) {
    this.behind = false;
    this.epoch = message.epoch;
    this.seq = message.seq;
  }

  /** Return whether a delta is the next one, and take its seq; on a gap, ask for the board. */
  follows(message) {
    if (message.epoch === this.epoch && message.seq <= this.seq) return false; // in the snapshot
    if (message.epoch !== this.epoch || message.seq !== this.seq + 1) {
      this.send(resync()); // a gap: ask for the board
      return false;
    }
    this.seq = message.seq;
    return true;
  }

  /** Data of `upstreamTime` is on screen. */
  seen(upstreamTime) {
    this.lastOk = Math.max(this.lastOk || 0, upstreamTime);
    document.body.dataset.epoch = this.epoch;
    document.body.dataset.seq = String(this.seq);
    this.tick();
  }

  // Every TICK_MS: the watchdog, and the data's age on this screen's clock.
  tick() {
    const silentFor = Date.now() - this.lastHeard;
    const open = this.socket && this.socket.readyState === WebSocket.OPEN;
    if (open && silentFor > MISSED_HEARTBEATS * this.heartbeatSeconds * 1000) {
      // Heartbeats stopped though the socket looks open: drop it and start again.
      const silent = this.socket;
      this.socket = null;
      silent.close();
      this.reconnectLater();
      return;
    }
    if (this.lastOk === null) return;
    const stale = this.serverNow() - this.lastOk > 2 * this.interval + 5;
    this.handlers.onFreshness(stale ? "stale" : "live", new Date(this.lastOk * 1000), this.reason);
  }
}
