// The two freshness states on screen: this screen's connection, and the tenant's data.
// Both elements are ARIA live regions, so a change is announced.

import { setText } from "./dom.js";

function clock(date) {
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

export function showConnection(node, state, since) {
  node.dataset.state = state;
  const text = {
    connecting: "Connecting…",
    online: "Connected",
    offline: `Offline since ${since && clock(since)} · reconnecting`,
  }[state];
  setText(node, text);
}

export function showFreshness(node, state, dataTime, reason) {
  node.dataset.state = state;
  let text = "Waiting for the first data from the tenant";
  if (state === "live") text = `Live · data of ${clock(dataTime)}`;
  if (state === "stale") text = `Data stale since ${clock(dataTime)}${reason ? ` · ${reason}` : ""}`;
  setText(node, text);
  document.body.dataset.freshness = state;
  document.body.dataset.dataTime = dataTime ? String(dataTime.getTime() / 1000) : "";
}
