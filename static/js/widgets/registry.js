// The widget types the browser knows: one module per type, static/js/widgets/<type>.js,
// mirroring the server's registry (boards/widget_types/). A page loads the modules of
// the types the server names (the board's widgets, the editor's list of types), so a
// new type needs no edit of any other script. Each module exports:
//   Tile: the tile class that draws the widget (see ../tiles/base.js);
//   fields(panel, widget, set): the editor's fields for its options (optional);
//   starter: the options a new widget of the type starts with (optional).

const modules = new Map(); // type name -> module, or null when it has none

/** Load the modules of the types `names`; a type without a module is left out. */
export async function loadWidgetTypes(names) {
  const wanted = [...new Set(names)].filter((name) => !modules.has(name));
  await Promise.all(wanted.map(async (name) => {
    const url = new URL(`./${encodeURIComponent(name)}.js`, import.meta.url);
    modules.set(name, await import(url).catch(() => null));
  }));
}

/** Return the loaded module of a type, or null for a type this page cannot draw. */
export function widgetModule(name) {
  return modules.get(name) || null;
}

/** Return the tile of a widget, or null for a type this page does not know. */
export function createTile(widget, ctx) {
  const module = widgetModule(widget.type);
  return module ? new module.Tile(widget, ctx) : null;
}
