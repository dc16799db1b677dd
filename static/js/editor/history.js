// Undo and redo of the editor's widgets: every change (add, move, resize, remove, an
// option) leaves the widgets as they were before it on the undo stack. Keystrokes in one
// field within a moment of each other are one change, so undo takes back a word, not a
// letter.

const COALESCE_MS = 1500;
const MOST = 200;

export class History {
  /** state: the widgets now, as JSON text. */
  constructor(state) {
    this.present = state;
    this.past = [];
    this.future = [];
    this.last = { what: null, at: 0 };
  }

  /** The widgets are now `state` after a change of `what` ("move w2", "title w1", …). */
  record(state, what) {
    if (state === this.present) return;
    const now = Date.now();
    const sameEdit = what === this.last.what && now - this.last.at < COALESCE_MS && what.startsWith("set ");
    if (!sameEdit) {
      this.past.push(this.present);
      if (this.past.length > MOST) this.past.shift();
    }
    this.present = state;
    this.future = [];
    this.last = { what, at: now };
  }

  /** Return the state before the last change, or null when there is none. */
  undo() {
    if (!this.past.length) return null;
    this.future.push(this.present);
    this.present = this.past.pop();
    this.last = { what: null, at: 0 };
    return this.present;
  }

  /** Return the state the last undo left, or null when there is none. */
  redo() {
    if (!this.future.length) return null;
    this.past.push(this.present);
    this.present = this.future.pop();
    this.last = { what: null, at: 0 };
    return this.present;
  }
}
