// The editor's canvas: the board's 12 × 12 grid with a box per widget. Drag a box to
// move it, drag its corner to resize it, or use the keyboard (arrows move, Shift+arrows
// resize, Delete removes). A place that would overlap another widget or leave the grid
// is shown as invalid while dragging and never taken.

import { el, setText } from "../dom.js";
import { COLUMNS, ROWS, isFree } from "./layout.js";

const KEYS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

export class Canvas {
  /** editor: {widgets(), selected, select(widget), describe(widget), changed(widget), remove(widget), addAt(cell)} */
  constructor(node, editor) {
    this.node = node;
    this.editor = editor;
    this.boxes = new Map(); // widget -> box element
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
      }
    }
    for (const widget of widgets) this.update(widget);
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
  }

  makeBox(widget) {
    const box = el("div", "box");
    box.tabIndex = 0;
    box.setAttribute("role", "button");
    box.dataset.widget = widget.id;
    const handle = el("span", "resize-handle");
    handle.setAttribute("aria-hidden", "true");
    box.append(el("span", "box-kind"), el("span", "box-detail"), handle);
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
    if (!widget) {
      this.editor.addAt(cell);
      return;
    }
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

  /** Take a new place if it is free; otherwise go back to where the widget was. */
  moveTo(widget, next) {
    const box = this.boxes.get(widget);
    box.classList.remove("invalid");
    const moved = ["x", "y", "w", "h"].some((k) => next[k] !== widget[k]);
    if (moved && isFree(next, this.editor.widgets(), widget)) {
      Object.assign(widget, { x: next.x, y: next.y, w: next.w, h: next.h });
      this.editor.changed(widget);
    }
    this.update(widget);
  }

  onKey(event, widget) {
    if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      this.editor.remove(widget);
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
