// The alert sound: two short tones made with Web Audio, so there is no file to load.
// Browsers only let a page play sound after a user gesture, unless started with
// `--autoplay-policy=no-user-gesture-required` (kiosk browsers: see the README).

let context = null;

function tone(start, frequency) {
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.4, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.25);
  oscillator.connect(gain).connect(context.destination);
  oscillator.start(start);
  oscillator.stop(start + 0.3);
}

/** Play the alert sound once; count it on the body so tests and admins can tell. */
export function beep() {
  document.body.dataset.beeps = String(Number(document.body.dataset.beeps || 0) + 1);
  try {
    context = context || new AudioContext();
    if (context.state === "suspended") context.resume();
    tone(context.currentTime, 880);
    tone(context.currentTime + 0.35, 660);
  } catch {
    // No audio on this screen: the flashing and the badge still say it.
  }
}
