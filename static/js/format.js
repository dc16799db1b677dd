// Formatting of statistic values, by the catalogue's format names (stats/catalogue.py).

const STATE_LABELS = {
  ready: "Ready",
  not_ready: "Not ready",
  busy: "Busy",
  after_call_work: "After-call work",
};

export const NO_DATA = "–";

function twoDigits(n) {
  return String(n).padStart(2, "0");
}

export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = `${twoDigits(s % 60)}`;
  return h ? `${h}:${twoDigits(m)}:${rest}` : `${m}:${rest}`;
}

/** Return the text shown for a value in the given format. */
export function formatValue(value, format) {
  if (value === null || value === undefined || value === "") return NO_DATA;
  switch (format) {
    case "count":
      return Number(value).toLocaleString();
    case "mm:ss":
      return formatDuration(value);
    case "percent":
      return `${Math.round(value * 100)}%`;
    case "state":
      return STATE_LABELS[value] || value;
    default:
      return String(value);
  }
}
