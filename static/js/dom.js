// Small DOM helpers: nodes are built once with textContent, and text is only written
// when it changed, so a long-running screen touches as little of the page as it can.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Return a new element with an optional class and text. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Return a new SVG element with the given attributes. */
export function svg(tag, attributes = {}) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/** Set a node's text only if it changed. */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** Set a data attribute only if it changed; undefined or null removes it. */
export function setData(node, name, value) {
  if (value === undefined || value === null) {
    if (name in node.dataset) delete node.dataset[name];
  } else if (node.dataset[name] !== String(value)) {
    node.dataset[name] = String(value);
  }
}

/** Set the --chars custom property that sizes a value's font to its length. */
export function fitChars(node, text, minimum = 3) {
  const chars = String(Math.max(minimum, text.length));
  if (node.style.getPropertyValue("--chars") !== chars) node.style.setProperty("--chars", chars);
}

/** Make a list hold exactly `count` items, reusing the ones it has. */
export function resize(parent, count, make) {
  while (parent.children.length > count) parent.lastElementChild.remove();
  while (parent.children.length < count) parent.append(make());
  return Array.from(parent.children);
}
