// The import's mapping page: as a column's field changes, the server checks the
// mapping and previews the first rows (console/views/imports.py, import_preview); Start
// stays disabled while the checks name a problem. Plain ES module, no build step.

const form = document.querySelector("form[data-mapping]");
const checks = document.getElementById("mapping-checks");
const start = document.getElementById("start-import");
let asked = 0;

function chosen() {
  const query = new URLSearchParams();
  for (const field of form.querySelectorAll('[name^="map_"]')) query.append(field.name, field.value);
  return query;
}

async function recheck() {
  const mine = ++asked;
  start.disabled = true; // until the server has checked this mapping
  let html;
  try {
    const response = await fetch(`${form.dataset.previewUrl}?${chosen()}`, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    html = await response.text();
  } catch (error) {
    if (mine !== asked) return;
    const note = document.createElement("p");
    note.className = "flash flash-error";
    note.setAttribute("role", "alert");
    note.textContent = `The mapping was not checked (${error.message}); Start checks it again.`;
    checks.replaceChildren(note);
    start.disabled = false; // the server checks it when the form is sent
    return;
  }
  if (mine !== asked) return; // a later change is being checked
  const template = document.createElement("template");
  template.innerHTML = html; // our own page's fragment, escaped by Django's templates
  const fragment = template.content.querySelector(".mapping-checks");
  checks.replaceChildren(fragment);
  start.disabled = fragment.dataset.blocked === "1";
}

if (form && checks && start) {
  form.addEventListener("change", recheck);
  form.addEventListener("input", (event) => { if (event.target.tagName === "INPUT") recheck(); });
}
