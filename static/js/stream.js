// The board stream: one WebSocket that delivers a board's snapshot, its deltas in seq
// order, and heartbeats; it reconnects by itself and says how fresh things are.
//
// Two separate freshness states, each shown on screen:
// - the connection: online, or "offline since hh:mm" while reconnecting (exponential
//   backoff with full jitter; a watchdog reconnects when heartbeats stop even if the
//   socket still looks open);
// - the data: live, or "stale since hh:mm" when the tenant's last good poll is older
//   than twice the poll interval plus 5 s (the server's heartbeat says why).

const MAX_BACKOFF_MS = 30000;

export class BoardStream {
  constructor({ url, interval, onSnapshot, onChanges, onConnection, onFreshness }) {
    this.url = url;
    this.interval = interval;
    this.handlers = { onSnapshot, onChanges, onConnection, onFreshness };
    this.epoch = null;
    this.seq = 0;
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
    this.ticker = setInterval(() => this.tick(), 1000);
  }

  connect() {
    this.handlers.onConnection(this.offlineSince ? "offline" : "connecting", this.offlineSince);
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.attempts = 0;
      this.lastHeard = Date.now();
    });
    socket.addEventListener("message", (event) => {
      this.lastHeard = Date.now();
      this.onMessage(JSON.parse(event.data));
    });
    socket.addEventListener("close", (event) => this.onClose(socket, event));
  }

  onClose(socket, event) {
    if (socket !== this.socket) return; // an old socket the watchdog already dropped
    this.socket = null;
    if (event.code === 4401 || event.code === 4404 || event.code === 4410) {
      location.reload(); // logged out, board gone or link revoked: the page says which
      return;
    }
    this.reconnectLater();
  }

  reconnectLater() {
    this.offlineSince = this.offlineSince || new Date();
    this.handlers.onConnection("offline", this.offlineSince);
    const delay = Math.random() * Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempts);
    this.attempts += 1;
    setTimeout(() => this.connect(), delay);
  }

  onMessage(message) {
    if (message.type === "heartbeat") this.onHeartbeat(message);
    else if (message.type === "waiting") this.handlers.onFreshness("waiting", null, null);
    else if (message.type === "snapshot") this.onSnapshot(message);
    else if (message.type === "delta") this.onDelta(message);
  }

  onHeartbeat(message) {
    this.offlineSince = null;
    this.handlers.onConnection("online", null);
    this.clockOffset = Date.now() / 1000 - message.server_time;
    this.interval = message.interval;
    this.heartbeatSeconds = message.every;
    const data = message.data;
    if (data.last_ok) this.lastOk = Math.max(this.lastOk || 0, data.last_ok);
    this.reason = data.stale && data.last_error ? `${data.state}: ${data.last_error}` : null;
    this.tick();
  }

  onSnapshot(message) {
    this.epoch = message.epoch;
    this.seq = message.seq;
    this.handlers.onSnapshot(message.data);
    this.seen(message.upstream_time);
  }

  onDelta(message) {
    if (message.epoch === this.epoch && message.seq <= this.seq) return; // in the snapshot
    if (message.epoch !== this.epoch || message.seq !== this.seq + 1) {
      this.socket.send(JSON.stringify({ type: "resync" })); // a gap: ask for the board
      return;
    }
    this.seq = message.seq;
    this.handlers.onChanges(message.changes);
    this.seen(message.upstream_time);
  }

  seen(upstreamTime) {
    this.lastOk = Math.max(this.lastOk || 0, upstreamTime);
    document.body.dataset.seq = String(this.seq);
    this.tick();
  }

  // Once a second: the watchdog, and the data's age on this screen's clock.
  tick() {
    const silentFor = Date.now() - this.lastHeard;
    const open = this.socket && this.socket.readyState === WebSocket.OPEN;
    if (open && silentFor > 3 * this.heartbeatSeconds * 1000) {
      // Heartbeats stopped though the socket looks open: drop it and start again.
      const silent = this.socket;
      this.socket = null;
      silent.close();
      this.reconnectLater();
      return;
    }
    if (this.lastOk === null) return;
    const serverNow = Date.now() / 1000 - this.clockOffset;
    const stale = serverNow - this.lastOk > 2 * this.interval + 5;
    this.handlers.onFreshness(stale ? "stale" : "live", new Date(this.lastOk * 1000), this.reason);
  }
}
