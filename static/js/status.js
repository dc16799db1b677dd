// The two freshness states on screen: this screen's connection, and the tenant's data.
// Each has its pill (an ARIA live region, so a change is announced), and a problem with
// either shows as a band across the whole screen in large text, with since when and why
// (#problem-band, static/css/problems.css), while every tile's numbers dim
// (body[data-problem]). The band goes away by itself once both are well again.

import { setData, setText } from "./dom.js";

// The poller's failures (stats/health.py) in plain words; the upstream's own follow.
const REASONS = {
  upstream_down: "the contact centre's statistics do not answer",
  auth_failed: "the contact centre refused the wallboard's credentials",
  subscription_limit: "the contact centre's subscription limit is reached",
  bad_response: "the contact centre answered with something unreadable",
  stale: "no new data has come from the contact centre",
};

const status = { connection: "connecting", offlineSince: null, freshness: "waiting", dataTime: null, reason: null };

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
  status.connection = state;
  status.offlineSince = state === "offline" ? since : null;
  showBand();
}

export function showFreshness(node, state, dataTime, reason) {
  node.dataset.state = state;
  let text = "Waiting for the first data from the tenant";
  if (state === "live") text = `Live · data of ${clock(dataTime)}`;
  if (state === "stale") text = `Data stale since ${clock(dataTime)}${reason ? ` · ${reason}` : ""}`;
  setText(node, text);
  document.body.dataset.freshness = state;
  document.body.dataset.dataTime = dataTime ? String(dataTime.getTime() / 1000) : "";
  Object.assign(status, { freshness: state, dataTime, reason });
  showBand();
}

/** Return a stale reason ("upstream_down: 503 Service Unavailable") in plain words. */
function inWords(reason) {
  if (!reason) return REASONS.stale;
  const [code, ...rest] = reason.split(": ");
  const words = REASONS[code];
  if (!words) return reason;
  return rest.length ? `${words} (${rest.join(": ")})` : words;
}

function showBand() {
  const band = document.getElementById("problem-band");
  if (!band) return;
  let problem = null;
  let headline = "";
  let detail = "";
  if (status.connection === "offline") {
    problem = "offline";
    headline = `Offline since ${status.offlineSince ? clock(status.offlineSince) : "a moment ago"}`;
    detail = "lost the connection to the wallboard server · reconnecting";
    if (status.dataTime) detail += ` · numbers from ${clock(status.dataTime)}`;
  } else if (status.freshness === "stale") {
    problem = "stale";
    headline = `Data stale since ${clock(status.dataTime)}`;
    detail = inWords(status.reason);
  }
  setData(document.body, "problem", problem);
  setData(band, "problem", problem);
  band.hidden = problem === null;
  setText(band.querySelector(".problem-headline"), headline);
  setText(band.querySelector(".problem-detail"), detail);
}
