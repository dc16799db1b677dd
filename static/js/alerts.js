// Alerts: a tile at its critical level flashes and sounds if its widget says so, until
// someone acknowledges it. An acknowledgement made on any screen reaches every screen
// of the board (an `ack` message, or the board `state` on connect), and silences that
// alert until its time is up; the critical colour and badge stay, since the number is
// still critical. Every level change also reaches the page's alert strip, if it has one
// (alertstrip.js), which lists what is in warning or critical now.

import { el, setData, setText } from "./dom.js";
import { formatInZone } from "./format.js";
import { beep } from "./sound.js";

function key(board, widget) {
  return `${board}:${widget}`;
}

export class Alerts {
  constructor({ serverNow, timeZone, announcer = null, onAcknowledge = null, strip = null }) {
    this.serverNow = serverNow;
    this.strip = strip;
    this.timeZone = timeZone;
    this.announcer = announcer;
    this.onAcknowledge = onAcknowledge;
    this.tiles = new Map(); // key -> {board, tile, button, note, alerting, nextBeep}
    this.acks = new Map(); // key -> {until, by}
    this.active = null; // the board on screen (a kiosk shows one at a time)
    this.quiet = false; // a kiosk outside its opening hours: no alert at all
  }

  /** Watch a tile: give it an acknowledge button (if this screen may) and a note. */
  track(board, tile) {
    const alert = tile.widget.alert;
    if (!alert || !(alert.flash || alert.sound)) return;
    const entry = { board, tile, button: null, note: el("p", "ack-note"), alerting: false, nextBeep: 0 };
    tile.body.append(entry.note);
    if (this.onAcknowledge) {
      entry.button = el("button", "ack-button", "Acknowledge");
      entry.button.type = "button";
      entry.button.hidden = true;
      entry.button.setAttribute("aria-label", `Acknowledge alert: ${tile.title.textContent}`);
      entry.button.addEventListener("click", () => this.onAcknowledge(board, tile.widget.id));
      tile.el.append(entry.button);
    }
    this.tiles.set(key(board, tile.widget.id), entry);
  }

  show(board) {
    this.active = board;
    this.refreshAll();
    if (this.strip) {
      this.strip.quiet = this.quiet;
      this.strip.show(board);
    }
  }

  setAcks(board, acks) {
    for (const k of [...this.acks.keys()]) if (k.startsWith(`${board}:`)) this.acks.delete(k);
    for (const ack of acks) this.acks.set(key(board, ack.widget), ack);
    this.refreshAll();
  }

  acknowledge(board, ack) {
    this.acks.set(key(board, ack.widget), ack);
    this.refreshAll();
  }

  /** A tile's level may have changed: flash, sound and announce accordingly. */
  update(board, tile) {
    this.strip?.update(board, tile);
    const entry = this.tiles.get(key(board, tile.widget.id));
    if (entry) this.refresh(entry, this.serverNow());
    else if (tile.level === "critical" && !this.quiet) this.announce(tile);
  }

  refreshAll() {
    const now = this.serverNow();
    for (const entry of this.tiles.values()) this.refresh(entry, now);
  }

  refresh(entry, now) {
    const { tile } = entry;
    const alert = tile.widget.alert;
    const ack = this.acks.get(key(entry.board, tile.widget.id));
    const acked = Boolean(ack && ack.until > now);
    const shown = this.active === null || this.active === entry.board;
    const alerting = !this.quiet && shown && tile.level === "critical";
    if (alerting && !entry.alerting) {
      this.announce(tile);
      entry.nextBeep = now; // sound at once, then every `repeat` seconds
    }
    entry.alerting = alerting;
    entry.silent = acked;
    tile.el.classList.toggle("flashing", alerting && alert.flash && !acked);
    setData(tile.el, "acknowledged", acked);
    if (entry.button) entry.button.hidden = !alerting || acked;
    const until = acked ? formatInZone(new Date(ack.until * 1000), this.timeZone, { hour: "2-digit", minute: "2-digit" }) : "";
    setText(entry.note, acked ? `Acknowledged by ${ack.by} until ${until}` : "");
    this.count();
  }

  announce(tile) {
    if (this.announcer) setText(this.announcer, `Alert: ${tile.title.textContent} is critical`);
  }

  count() {
    let flashing = 0;
    let sounding = 0;
    for (const entry of this.tiles.values()) {
      if (entry.tile.el.classList.contains("flashing")) flashing += 1;
      if (entry.alerting && !entry.silent && entry.tile.widget.alert.sound) sounding += 1;
    }
    setData(document.body, "flashing", flashing);
    setData(document.body, "sounding", sounding);
  }

  /** Once a second: repeat sounds that are due, and end acknowledgements whose time is up. */
  tick(now) {
    let due = false;
    for (const entry of this.tiles.values()) {
      const ack = this.acks.get(key(entry.board, entry.tile.widget.id));
      if (entry.silent && !(ack && ack.until > now)) this.refresh(entry, now);
      const { alert } = entry.tile.widget;
      if (entry.alerting && !entry.silent && alert.sound && now >= entry.nextBeep) {
        entry.nextBeep = now + (alert.repeat || 30);
        due = true;
      }
    }
    if (due) beep();
    this.strip?.tick(now);
  }
}
