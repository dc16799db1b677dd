// Reload the page, but never in a storm: if the last reload of this tab for the same
// kind of reason was under ten seconds ago, wait out the rest of them first. A page
// that keeps disagreeing with the server then still retries, but at most every ten seconds.

const KEY = "wallboard-last-reload";
const MIN_GAP_MS = 10000;
let pending = null;

/** Reload soon, saying why in the console; repeated calls schedule one reload. */
export function reloadSoon(reason) {
  if (pending !== null) return;
  const last = Number(sessionStorage.getItem(KEY) || 0);
  const wait = Math.max(0, last + MIN_GAP_MS - Date.now());
  console.info(`Reloading${wait ? ` in ${Math.round(wait / 1000)} s` : ""}: ${reason}`);
  pending = setTimeout(() => {
    sessionStorage.setItem(KEY, String(Date.now()));
    location.reload();
  }, wait);
}
