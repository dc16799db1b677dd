// Formatting of statistic values, by the catalogue's format names (bpcc/catalogue.py).

export const STATE_LABELS = {
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
    case "percent-points":
      return `${Math.round(value)}%`;
    case "state":
      return STATE_LABELS[value] || value;
    default:
      return String(value);
  }
}

const clockFormats = new Map(); // "zone|options" -> Intl.DateTimeFormat, made once each

/** Return the time (or date) of `date` in an IANA time zone, e.g. "14:05". */
export function formatInZone(date, timeZone, options) {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  if (!clockFormats.has(key)) {
    let format;
    try {
      format = new Intl.DateTimeFormat(undefined, { ...options, timeZone });
    } catch {
      format = new Intl.DateTimeFormat(undefined, options); // unknown zone: this screen's
    }
    clockFormats.set(key, format);
  }
  return clockFormats.get(key).format(date);
}
