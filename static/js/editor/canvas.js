// The editor's canvas: the board's 12 × 12 grid with a box per widget, each showing the
// widget's live tile (./live.js). Drag a box to move it, drag its corner to resize it,
// or use the keyboard (arrows move, Shift+arrows resize, Delete removes; every change
// can be undone). A place that would overlap another widget or leave the grid is shown
// as invalid while dragging and never taken: the widget says why on itself. A widget
// with a problem (the server's check) says so on itself too.

import { el, setData, setText } from "../dom.js";
import { COLUMNS, ROWS, fits, isFree, overlap } from "./layout.js";
import { LiveTile } from "./live.js";

const KEYS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
const REFUSED_MS = 2500; // how long a refused move's note stays on the widget

export class Canvas {
  /** editor: {widgets(), selected, select(widget), describe(widget), changed(widget, what),
   * remove(widget), refused(text)}; ctx: the tiles' context (../tiles/base.js). */
  constructor(node, editor, ctx) {
    this.node = node;
    this.editor = editor;
    this.ctx = ctx;
    this.boxes = new Map(); // widget -> box element
    this.live = new Map(); // box element -> LiveTile
    this.problems = new Map(); // widget id -> [text]
    this.drag = null;
    node.addEventListener("pointerdown", (event) => this.onDown(event));
    node.addEventListener("pointermove", (event) => this.onMove(event));
    node.addEventListener("pointerup", (event) => this.onUp(event));
    node.addEventListener("pointercancel", () => this.cancel());
  }

  render() {
    const widgets = this.editor.widgets();
    for (const [widget, box] of this.boxes) {
      if (!widgets.includes(widget)) {
        box.remove();
        this.boxes.delete(widget);
        this.live.delete(box);
      }
    }
    for (const widget of widgets) this.update(widget);
  }

  /** Return the box of a widget id, or null. */
  boxOf(id) {
    const widget = this.editor.widgets().find((w) => w.id === id);
    return (widget && this.boxes.get(widget)) || null;
  }

  /** Draw each widget's tile as the preview answered (stats/preview.py). */
  showLive(answer) {
    const drawn = new Map(answer.widgets.map((w) => [w.id, w]));
    const pending = new Set(answer.pending);
    this.ctx.statistics = answer.statistics;
    for (const [widget, box] of this.boxes) {
      this.live.get(box).show(drawn.get(widget.id) || null, answer.data, pending.has(widget.id));
    }
  }

  tick(now) {
    for (const live of this.live.values()) live.tick(now);
  }

  /** Mark the widgets with problems (by widget id) on themselves; clear the others. */
  markProblems(problems) {
    this.problems = problems;
    for (const widget of this.editor.widgets()) this.showProblem(widget);
  }

  showProblem(widget) {
    const box = this.boxes.get(widget);
    const texts = this.problems.get(widget.id) || [];
    const note = box.querySelector(".box-problem");
    // The server names a widget by its number; on the widget itself that is noise.
    setText(note, texts.map((t) => t.replace(/^widget \d+( \('[^']*'\))?(: *| +(?!and ))/, "")).join("; "));
    note.hidden = !texts.length;
    setData(box, "problem", texts.length ? "true" : null);
    if (texts.length) box.setAttribute("aria-invalid", "true");
    else box.removeAttribute("aria-invalid");
  }

  update(widget) {
    let box = this.boxes.get(widget);
    if (!box) {
      box = this.makeBox(widget);
      this.boxes.set(widget, box);
      this.node.append(box);
    }
    place(box, widget);
    const [kind, detail] = this.editor.describe(widget);
    setText(box.querySelector(".box-kind"), kind);
    setText(box.querySelector(".box-detail"), detail);
    box.setAttribute("aria-label", `${kind}: ${detail}, column ${widget.x + 1}, row ${widget.y + 1}, ${widget.w} by ${widget.h}`);
    box.classList.toggle("selected", widget === this.editor.selected);
    box.dataset.widget = widget.id;
    if (box.querySelector(".box-problem")) this.showProblem(widget);
  }

  makeBox(widget) {
    const box = el("div", "box");
    box.tabIndex = 0;
    box.setAttribute("role", "button");
    box.dataset.widget = widget.id;
    const handle = el("span", "resize-handle");
    handle.setAttribute("aria-hidden", "true");
    const label = el("span", "box-label");
    label.append(el("span", "box-kind"), el("span", "box-detail"));
    const problem = el("p", "box-problem");
    problem.id = `problem-${widget.id}-${Math.random().toString(36).slice(2, 8)}`;
    problem.hidden = true;
    const note = el("p", "box-note");
    note.id = `${problem.id}-note`;
    note.hidden = true;
    box.setAttribute("aria-describedby", `${problem.id} ${note.id}`);
    box.append(label, problem, note, handle);
    this.live.set(box, new LiveTile(box, this.ctx));
    box.addEventListener("keydown", (event) => this.onKey(event, widget));
    box.addEventListener("focus", () => this.editor.select(widget));
    return box;
  }

  cell(event) {
    const rect = this.node.getBoundingClientRect();
    const x = Math.floor(((event.clientX - rect.left) / rect.width) * COLUMNS);
    const y = Math.floor(((event.clientY - rect.top) / rect.height) * ROWS);
    return { x: Math.min(COLUMNS - 1, Math.max(0, x)), y: Math.min(ROWS - 1, Math.max(0, y)) };
  }

  widgetOf(target) {
    const box = target.closest(".box");
    if (!box) return null;
    return this.editor.widgets().find((w) => this.boxes.get(w) === box) || null;
  }

  onDown(event) {
    const widget = this.widgetOf(event.target);
    const cell = this.cell(event);
    if (!widget) return; // adding a widget takes the "Add widget" button, never a stray click
    event.preventDefault();
    this.editor.select(widget);
    this.boxes.get(widget).focus({ preventScroll: true });
    const resizing = event.target.classList.contains("resize-handle");
    this.drag = { widget, resizing, from: cell, start: { ...widget }, place: { ...widget } };
    this.node.setPointerCapture(event.pointerId);
  }

  onMove(event) {
    if (!this.drag) return;
    const { widget, resizing, from, start } = this.drag;
    const cell = this.cell(event);
    const next = resizing
      ? { ...start, w: Math.max(1, cell.x - start.x + 1), h: Math.max(1, cell.y - start.y + 1) }
      : { ...start, x: start.x + cell.x - from.x, y: start.y + cell.y - from.y };
    this.drag.place = next;
    const box = this.boxes.get(widget);
    place(box, next);
    box.classList.toggle("invalid", !isFree(next, this.editor.widgets(), widget));
  }

  onUp(event) {
    if (!this.drag) return;
    const { widget, place: next } = this.drag;
    this.drag = null;
    if (this.node.hasPointerCapture(event.pointerId)) this.node.releasePointerCapture(event.pointerId);
    this.moveTo(widget, next);
  }

  cancel() {
    if (!this.drag) return;
    const { widget } = this.drag;
    this.drag = null;
    this.update(widget);
  }

  /** Take a new place if it is free; otherwise go back to where the widget was, and
   * say why on the widget. */
  moveTo(widget, next) {
    const box = this.boxes.get(widget);
    box.classList.remove("invalid");
    const resized = next.w !== widget.w || next.h !== widget.h;
    const moved = resized || next.x !== widget.x || next.y !== widget.y;
    if (moved && isFree(next, this.editor.widgets(), widget)) {
      Object.assign(widget, { x: next.x, y: next.y, w: next.w, h: next.h });
      this.editor.changed(widget, `${resized ? "resize" : "move"} ${widget.id}`);
    } else if (moved) {
      this.refuse(widget, next);
    }
    this.update(widget);
  }

  refuse(widget, next) {
    const box = this.boxes.get(widget);
    const other = this.editor.widgets().find((w) => w !== widget && overlap(next, w));
    const why = !fits(next)
      ? "Not moved: that would leave the grid."
      : `Not moved: that would overlap ${this.editor.describe(other).filter(Boolean).join(": ")}.`;
    const note = box.querySelector(".box-note");
    setText(note, why);
    note.hidden = false;
    box.classList.remove("refused");
    void box.offsetWidth; // restart the shake when refused twice in a row
    box.classList.add("refused");
    clearTimeout(box.refusedTimer);
    box.refusedTimer = setTimeout(() => {
      box.classList.remove("refused");
      note.hidden = true;
    }, REFUSED_MS);
    this.editor.refused(why);
  }

  onKey(event, widget) {
    if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      this.editor.remove(widget); // undoable: Ctrl+Z brings it back
      return;
    }
    const step = KEYS[event.key];
    if (!step) return;
    event.preventDefault();
    const [dx, dy] = step;
    const next = event.shiftKey
      ? { ...widget, w: widget.w + dx, h: widget.h + dy }
      : { ...widget, x: widget.x + dx, y: widget.y + dy };
    this.moveTo(widget, next);
  }
}

function place(box, { x, y, w, h }) {
  box.style.gridArea = `${y + 1} / ${x + 1} / span ${h} / span ${w}`;
}
