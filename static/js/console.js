// The console's pages: forms sent once, live campaign states, progress bars, the
// streamed CSV export and the field editor. Plain ES module, no build step.

const POLL_STATES_MS = 5000;
const POLL_PROGRESS_MS = 1000;

// A form marked data-once is sent once: its buttons are disabled as it goes. The
// server's idempotency key makes a repeat harmless anyway; this keeps it from leaving.
function sendFormsOnce() {
  for (const form of document.querySelectorAll("form[data-once]")) {
    form.addEventListener("submit", (event) => {
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
      // Disabled after this event, so the browser still sends the form.
      setTimeout(() => form.querySelectorAll("button").forEach((b) => { b.disabled = true; }));
    });
  }
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  const body = await response.json();
  if (!response.ok && !body.state) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

// Elements [data-campaign-state="<id>"] show the campaign's state as it changes; the
// campaign list's Start… and Stop… [data-switch-for="<id>"] follow it, the one that
// applies shown.
function showSwitches(campaign) {
  const running = campaign.state === "RUNNING";
  for (const control of document.querySelectorAll("[data-switch-for]")) {
    if (control.dataset.switchFor !== campaign.id) continue;
    const hidden = (control.dataset.showsWhen === "running") !== running;
    if (control.hidden !== hidden) control.hidden = hidden;
  }
}

function liveStates() {
  const holder = document.querySelector("[data-live-states]");
  if (!holder) return;
  const refresh = async () => {
    try {
      const { campaigns } = await getJson(holder.dataset.liveStates);
      for (const campaign of campaigns) {
        for (const cell of document.querySelectorAll("[data-campaign-state]")) {
          if (cell.dataset.campaignState === campaign.id && cell.textContent !== campaign.state) {
            cell.textContent = campaign.state;
          }
        }
        showSwitches(campaign);
      }
    } catch (error) {
      holder.title = `State not refreshed: ${error.message}`;
    }
  };
  setInterval(refresh, POLL_STATES_MS);
}

// [data-progress-of] pages show campaigns' progress, counted once the page is loaded
// (console/views/campaigns.py, campaign_progress): [data-campaign-progress="<name>"]
// reads "70 of 400 completed", its <progress> follows, and [data-list-completed] cells
// of that campaign get each list's completed records.
async function campaignProgress() {
  const holder = document.querySelector("[data-progress-of]");
  if (!holder) return;
  const figures = [...document.querySelectorAll("[data-campaign-progress]")];
  const query = new URLSearchParams(figures.map((el) => ["name", el.dataset.campaignProgress]));
  let campaigns;
  try {
    ({ campaigns } = await getJson(`${holder.dataset.progressOf}?${query}`));
  } catch (error) {
    for (const el of figures) el.textContent = `not counted: ${error.message}`;
    return;
  }
  for (const el of figures) {
    const found = campaigns[el.dataset.campaignProgress];
    if (!found) {
      el.textContent = "not counted";
      continue;
    }
    const total = found.total === null ? "" : ` of ${found.total}`;
    el.textContent = `${found.completed}${total} completed`;
    el.dataset.completed = String(found.completed);
    const bar = el.nextElementSibling;
    if (bar && bar.tagName === "PROGRESS" && found.total) {
      bar.max = found.total;
      bar.value = found.completed;
      bar.hidden = false;
    }
  }
  for (const cell of document.querySelectorAll("[data-list-completed]")) {
    const lists = campaigns[cell.dataset.of]?.lists || {};
    const completed = lists[cell.dataset.listCompleted];
    cell.textContent = completed === undefined ? "—" : String(completed);
  }
}

// A .progress-panel[data-progress-url] follows an import or a deletion job until it
// ends; an import page reloads then, to show its report.
function followProgress() {
  const panel = document.querySelector("[data-progress-url]");
  if (!panel) return;
  const bar = panel.querySelector("progress");
  const state = panel.querySelector("[data-state]");
  const field = (name) => panel.querySelector(`[data-field="${name}"]`);
  const show = (name, value) => { const el = field(name); if (el) el.textContent = value; };
  const tick = async () => {
    let body;
    try {
      body = await getJson(panel.dataset.progressUrl);
    } catch (error) {
      show("error", `Progress not read: ${error.message}; retrying.`);
      setTimeout(tick, POLL_PROGRESS_MS * 3);
      return;
    }
    bar.value = body.percentage;
    bar.textContent = `${body.percentage}%`;
    state.dataset.state = body.state;
    for (const name of ["state_text", "state", "sent", "added", "rejected", "percentage"]) {
      if (name in body) show(name, body[name]);
    }
    if (body.deleted !== null && body.deleted !== undefined) show("deleted-text", `, ${body.deleted} deleted`);
    show("error", body.error || "");
    const resume = panel.querySelector('[data-show-when="stalled"]');
    if (resume) resume.hidden = !body.stalled;
    if (!body.finished) {
      setTimeout(tick, POLL_PROGRESS_MS);
    } else if (panel.dataset.reloadWhenDone === "1") {
      location.reload();
    }
  };
  if (state && !["done", "failed", "complete"].includes(state.dataset.state)) tick();
}

// The export link streams the CSV: count its lines as they arrive, then save it.
function streamedExport() {
  const link = document.querySelector("a[data-export]");
  if (!link || !window.ReadableStream) return;
  const bar = document.querySelector("[data-export-progress]");
  const text = document.querySelector("[data-export-text]");
  link.addEventListener("click", async (event) => {
    event.preventDefault();
    const total = Number(link.dataset.total) || 0;
    const response = await fetch(link.href, { credentials: "same-origin" });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const parts = [];
    let lines = 0;
    bar.hidden = false;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = decoder.decode(value, { stream: true });
      parts.push(chunk);
      lines += chunk.split("\n").length - 1;
      const records = Math.max(0, lines - 1);
      if (total) bar.value = Math.min(100, (records * 100) / total);
      text.textContent = total ? `${records} of ${total} records` : `${records} records`;
    }
    bar.value = 100;
    text.textContent = `${Math.max(0, lines - 1)} records exported`;
    const blob = new Blob(parts, { type: "text/csv" });
    const save = document.createElement("a");
    save.href = URL.createObjectURL(blob);
    save.download = (response.headers.get("Content-Disposition") || "").split('filename="')[1]?.replace('"', "") || "results.csv";
    save.click();
    URL.revokeObjectURL(save.href);
  });
}

// The field editor's "Add a field" copies the last row; checkboxes carry the row number.
function fieldEditor() {
  const button = document.querySelector("[data-add-field]");
  if (!button) return;
  button.addEventListener("click", () => {
    const rows = document.querySelectorAll(".field-editor .field-row");
    const last = rows[rows.length - 1];
    const copy = last.cloneNode(true);
    for (const input of copy.querySelectorAll("input")) {
      if (input.type === "checkbox") {
        input.checked = false;
        input.value = String(rows.length);
      } else if (input.name !== "field_time_zone") {
        input.value = "";
      }
    }
    last.after(copy);
  });
}

// Choosing a list to bind offers its fields for custom sorting.
function sortFieldChoices() {
  const select = document.querySelector("select[data-fields-for]");
  if (!select) return;
  const list = document.getElementById(select.dataset.fieldsFor);
  select.addEventListener("change", async () => {
    const option = select.selectedOptions[0];
    list.replaceChildren();
    if (!option || !option.dataset.fieldsUrl) return;
    try {
      const { fields } = await getJson(option.dataset.fieldsUrl);
      for (const name of fields) {
        const item = document.createElement("option");
        item.value = name;
        list.append(item);
      }
    } catch (error) {
      select.title = `Fields not known: ${error.message}`;
    }
  });
}

sendFormsOnce();
liveStates();
campaignProgress();
followProgress();
streamedExport();
fieldEditor();
sortFieldChoices();
