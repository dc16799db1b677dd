// The screen side of the socket protocol (docs/protocol.md): the shape of every message,
// the builders of what a page sends, and one table from a server message's `type` to
// what a page does with it. Board pages and kiosks both go through this table; a page
// says only what differs through its `Screen` (which boards it was drawn from, the
// board on screen, and a kiosk's report and "identify").
//
// The stream (stream.js) keeps the socket, the order of the deltas and the data's
// freshness; the handlers here call it for those and act on the page for the rest.

import { reloadSoon } from "./reload.js";

// ---- From the server ------------------------------------------------------------

/**
 * A board's data: totals by key, rows by grid widget, campaign figures by widget.
 * @typedef {object} BoardData
 * @property {Object<string, *>} [totals]
 * @property {Object<string, Array<Object<string, *>>>} [grids]
 * @property {Object<string, Object<string, *>>} [campaigns]
 */

/**
 * The whole board: on connect, after `resync`, after `show`.
 * @typedef {object} SnapshotMessage
 * @property {"snapshot"} type
 * @property {number} board
 * @property {string} epoch
 * @property {number} seq
 * @property {number} upstream_time Unix seconds, the deployment's clock
 * @property {BoardData} data
 */

/**
 * The board has no data yet: on connect or `resync`.
 * @typedef {object} WaitingMessage
 * @property {"waiting"} type
 */

/**
 * What one poll changed; only the keys that changed.
 * @typedef {object} DeltaMessage
 * @property {"delta"} type
 * @property {number} board
 * @property {string} epoch
 * @property {number} seq
 * @property {number} upstream_time
 * @property {BoardData} changes
 */

/**
 * The tenant's data as the poller last saw it.
 * @typedef {object} Freshness
 * @property {string} state "ok", "stale", "waiting", "starting", or a failure
 * @property {boolean} stale
 * @property {number|null} last_ok
 * @property {number|null} data_age_seconds
 * @property {string|null} last_error
 */

/**
 * Every few seconds, and right after the snapshot.
 * @typedef {object} HeartbeatMessage
 * @property {"heartbeat"} type
 * @property {number} board
 * @property {number} server_time
 * @property {number} every seconds between heartbeats
 * @property {number} interval the tenant's poll interval, seconds
 * @property {Freshness} data
 * @property {string} app_version
 * @property {string} [epoch] the board's latest, when it has data
 * @property {number} [seq]
 */

/**
 * An acknowledgement in force.
 * @typedef {object} Ack
 * @property {string} widget
 * @property {number} until
 * @property {string} by
 */

/**
 * The answer to `hello` (and, on a kiosk, to `show`).
 * @typedef {object} StateMessage
 * @property {"state"} type
 * @property {number} board
 * @property {string} version of the board's configuration
 * @property {Ack[]} acks
 * @property {string} [kiosk] a kiosk's: the version of its link's boards
 */

/**
 * A board was saved or deleted.
 * @typedef {object} ConfigMessage
 * @property {"config"} type
 * @property {number} board
 * @property {string} version "deleted" when the board is gone
 */

/**
 * An alert was acknowledged.
 * @typedef {object} AckMessage
 * @property {"ack"} type
 * @property {number} board
 * @property {string} widget
 * @property {number} until
 * @property {string} by
 */

/**
 * A kiosk's rotation or hours changed.
 * @typedef {object} ReloadMessage
 * @property {"reload"} type
 */

/**
 * The screens page's "Identify" or "Reload", to one kiosk.
 * @typedef {object} CommandMessage
 * @property {"command"} type
 * @property {"identify"|"reload"} command
 */

/**
 * @typedef {SnapshotMessage|WaitingMessage|DeltaMessage|HeartbeatMessage|StateMessage|
 *   ConfigMessage|AckMessage|ReloadMessage|CommandMessage} ServerMessage
 */

// ---- From the page --------------------------------------------------------------

/** @typedef {{type: "hello"}} HelloMessage */
/** @typedef {{type: "resync"}} ResyncMessage */
/** @typedef {{type: "show", board: number}} ShowMessage */

/**
 * A kiosk about itself, after each heartbeat, for the screens page.
 * @typedef {object} ReportMessage
 * @property {"report"} type
 * @property {string} screen 32 hex digits, kept for the life of the tab
 * @property {number} seq
 * @property {number} started Unix milliseconds
 * @property {string} app_version
 * @property {number|null} heap bytes
 * @property {number} nodes
 * @property {string} viewport "WxH"
 */

/** Return the message that asks for the board's `state`. @returns {HelloMessage} */
export function hello() {
  return { type: "hello" };
}

/** Return the message that asks for the snapshot again. @returns {ResyncMessage} */
export function resync() {
  return { type: "resync" };
}

/** Return the message that moves a kiosk's socket to `board`. @returns {ShowMessage} */
export function show(board) {
  return { type: "show", board };
}

/** Return a kiosk's report of itself. @returns {ReportMessage} */
export function report({ screen, seq, started, appVersion, heap, nodes, viewport }) {
  return { type: "report", screen, seq, started, app_version: appVersion, heap, nodes, viewport };
}

// ---- What a page does with each server message ----------------------------------

/**
 * What the handlers need of a page.
 * @typedef {object} Screen
 * @property {Array<{id: number, version: string}>} boards the boards it was drawn from
 * @property {string} [kioskVersion] a kiosk's: the version of its link's boards
 * @property {string|null} appVersion the app's version it was drawn by
 * @property {import("./alerts.js").Alerts} alerts
 * @property {() => import("./boardview.js").BoardView} view the board on screen
 * @property {(message: HeartbeatMessage) => void} [onHeartbeat] a kiosk reports itself
 * @property {() => void} [identify] a kiosk shows its name
 */

/** Return whether `message` says this page was drawn from other boards than the server's. */
function outdated(message, screen) {
  const board = screen.boards.find((b) => b.id === message.board);
  if (message.version !== undefined && (!board || board.version !== message.version)) return true;
  return message.kiosk !== undefined && message.kiosk !== screen.kioskVersion;
}

const COMMANDS = new Map([
  // Asked for by a person: at once, whatever the last reload.
  ["reload", () => location.reload()],
  ["identify", (screen) => screen.identify?.()],
]);

/** @type {Map<string, (message: *, stream: import("./stream.js").BoardStream, screen: Screen) => void>} */
const HANDLERS = new Map(Object.entries({
  snapshot(message, stream, screen) {
    stream.begin(message);
    screen.view().applySnapshot(message.data);
    stream.seen(message.upstream_time);
  },
  waiting(message, stream) {
    stream.waiting();
  },
  delta(message, stream, screen) {
    if (!stream.follows(message)) return;
    screen.view().apply(message.changes);
    stream.seen(message.upstream_time);
  },
  heartbeat(message, stream, screen) {
    if (screen.appVersion && message.app_version && message.app_version !== screen.appVersion) {
      reloadSoon("the app was upgraded");
    }
    stream.heard(message);
    screen.onHeartbeat?.(message);
  },
  state(message, stream, screen) {
    if (outdated(message, screen)) reloadSoon("the boards of this page changed");
    else screen.alerts.setAcks(message.board, message.acks);
  },
  config(message, stream, screen) {
    if (outdated(message, screen)) reloadSoon("the boards of this page changed");
  },
  ack(message, stream, screen) {
    screen.alerts.acknowledge(message.board, message);
  },
  reload() {
    reloadSoon("the rotation changed");
  },
  command(message, stream, screen) {
    COMMANDS.get(message.command)?.(screen);
  },
}));

/** Act on one message from the server; ignore a type this page does not know. */
export function dispatch(message, stream, screen) {
  if (message.board !== undefined && stream.board !== null && message.board !== stream.board) {
    return; // the board a kiosk just left: a message still in flight
  }
  HANDLERS.get(message.type)?.(message, stream, screen);
}
