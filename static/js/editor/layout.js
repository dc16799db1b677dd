// Places on the 12 × 12 grid, as boards/layout.py computes them on the server.

export const COLUMNS = 12;
export const ROWS = 12;

export function fits({ x, y, w, h }) {
  return x >= 0 && y >= 0 && w >= 1 && h >= 1 && x + w <= COLUMNS && y + h <= ROWS;
}

export function overlap(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Return true if `place` fits and overlaps none of `widgets` other than `self`. */
export function isFree(place, widgets, self = null) {
  return fits(place) && widgets.every((other) => other === self || !overlap(place, other));
}

/** Return the first free place of about `size` [w, h], row by row, shrinking if need be. */
export function freePlace(widgets, [w, h], near = null) {
  while (w >= 1 && h >= 1) {
    if (near && isFree({ ...near, w, h }, widgets)) return { ...near, w, h };
    for (let y = 0; y + h <= ROWS; y += 1) {
      for (let x = 0; x + w <= COLUMNS; x += 1) {
        if (isFree({ x, y, w, h }, widgets)) return { x, y, w, h };
      }
    }
    if (w >= h) w -= 1;
    else h -= 1;
  }
  return null;
}
