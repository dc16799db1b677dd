// The tenants page: each tenant's last poll (from /healthz), and "Test connection",
// which sends what is in the form, unsaved, and says what the test found.
// Plain ES module, no build step; text set with textContent only.

async function showHealth() {
  const source = document.querySelector("[data-health-url]");
  if (!source) return;
  let tenants = {};
  try {
    // 503 when a tenant is not ok: the body says which, so it is read either way.
    const response = await fetch(source.dataset.healthUrl, { credentials: "same-origin" });
    tenants = (await response.json()).tenants || {};
  } catch (error) {
    source.title = `Last poll not read: ${error.message}`;
    return;
  }
  for (const cell of document.querySelectorAll("[data-health-of]")) {
    const health = tenants[cell.dataset.healthOf];
    if (!health) continue;
    const age = health.data_age_seconds == null ? "" : `, data ${health.data_age_seconds} s old`;
    cell.textContent = `${health.state || (health.ok ? "ok" : "not ok")}${age}`;
    // A tenant not yet polled is starting, not failing.
    cell.className = health.ok ? "ok" : health.state === "starting" ? "muted" : "failed";
    if (health.last_error) cell.title = health.last_error;
  }
}

function showErrors(form, errors) {
  for (const holder of form.querySelectorAll("[data-errors-for]")) {
    holder.textContent = (errors[holder.dataset.errorsFor] || []).join(" ");
  }
}

function showResult(box, level, headline, details) {
  box.hidden = false;
  box.dataset.level = level;
  box.querySelector(".connection-headline").textContent = headline;
  const list = box.querySelector(".connection-details");
  list.replaceChildren(
    ...details.map((detail) => {
      const item = document.createElement("li");
      item.textContent = detail;
      return item;
    }),
  );
}

async function testConnection(form, button) {
  const box = form.querySelector("[data-connection-result]");
  button.disabled = true;
  showResult(box, "pending", "Testing the connection…", []);
  try {
    const response = await fetch(form.dataset.testUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    const answer = await response.json();
    showErrors(form, answer.errors || {});
    if (answer.errors) {
      showResult(box, "error", "Not tested: correct the fields marked first.", []);
    } else {
      showResult(box, answer.level, answer.headline, answer.details);
    }
  } catch (error) {
    showResult(box, "error", "The test could not be run.", [error.message]);
  } finally {
    button.disabled = false;
  }
}

function connectionTests() {
  for (const form of document.querySelectorAll("form[data-test-url]")) {
    const button = form.querySelector("[data-test-connection]");
    button.addEventListener("click", () => testConnection(form, button));
  }
}

showHealth();
connectionTests();
