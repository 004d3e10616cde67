// The playground console's client: polls the playground's state, draws the channel, threads, ephemerals, files
// and App Home with blocks.js, and sends what the user does (commands, clicks, App Home, clock) to the API.
import { esc, mrkdwn, renderMessage } from "./blocks.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
let me = params.get("user") || localStorage.getItem("appsvc-user") || "U0ALICE";
let view = "channel";
let openThread = null;
let state = null;
let drawn = "";
let suggestions = { verbs: [], apps: [] };

async function api(path, body) {
  const res = await fetch(path, body ? { method: "POST", body: JSON.stringify(body) } : undefined);
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.error || `HTTP ${res.status}`);
  return json;
}

function toast(text) {
  const t = $("toast");
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.hidden = true), 4000);
}

const nameOf = (id) => state?.people.find((p) => p.id === id)?.name;
const timeOf = (ts) =>
  new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });

function fileHtml(f) {
  const head = `<div class="file-name">${esc(f.title || f.name)} · ${esc(f.mimetype)} · ${Math.round(f.size / 1024)} KB</div>`;
  if (f.mimetype.startsWith("image/")) {
    return `<div class="file">${head}<img src="/api/files/${esc(f.id)}" alt="${esc(f.title || f.name)}"></div>`;
  }
  const body = f.preview !== undefined ? `<pre>${esc(f.preview)}</pre>` : "";
  return `<div class="file">${head}${body}<a href="/api/files/${esc(f.id)}" target="_blank">Open</a></div>`;
}

function messageHtml(m, { inThread = false, ephemeral = false } = {}) {
  const isBot = ephemeral || m.isBot;
  const who = ephemeral ? "appsvc" : m.userName;
  const badge = isBot ? `<span class="app-badge">APP</span>` : "";
  const only = ephemeral ? `<div class="only-you">👁 Only visible to you</div>` : "";
  const replies =
    !inThread && m.replies?.length
      ? `<button type="button" class="replies" data-thread="${esc(m.ts)}">${m.replies.length} ${m.replies.length === 1 ? "reply" : "replies"}</button>`
      : "";
  return `<div class="msg${ephemeral ? " ephemeral" : ""}" data-ts="${esc(m.ts)}">
    <div class="avatar${isBot ? " bot" : ""}">${esc(who.slice(0, 1).toUpperCase())}</div>
    <div class="body">${only}<div><span class="who">${esc(who)}</span>${badge}<span class="when">${timeOf(m.ts)}</span>${m.edited ? ' <span class="edited">(edited)</span>' : ""}</div>
      ${renderMessage(m, nameOf)}${(m.files || []).map(fileHtml).join("")}${replies}</div></div>`;
}

function draw() {
  if (!state) return;
  const key = JSON.stringify([state.messages, state.ephemerals, state.home, view, openThread, me]);
  drawClock();
  if (key === drawn) return;
  drawn = key;
  const eph = state.ephemerals.map((e) => ({ ...e, ephemeral: true }));
  const items = [...state.messages, ...eph.filter((e) => !e.thread_ts)].sort((a, b) => Number(a.ts) - Number(b.ts));
  const pane = $("channel");
  const atBottom = pane.scrollHeight - pane.scrollTop - pane.clientHeight < 40;
  pane.innerHTML = items.map((m) => messageHtml(m, { ephemeral: m.ephemeral })).join("");
  if (atBottom) pane.scrollTop = pane.scrollHeight;
  $("home").innerHTML = state.home
    ? `<div class="msg"><div class="avatar bot">A</div><div class="body">${renderMessage({ blocks: state.home.blocks }, nameOf)}</div></div>`
    : `<div class="msg"><div></div><div class="body">Opening App Home…</div></div>`;
  const parent = openThread && state.messages.find((m) => m.ts === openThread);
  $("thread").hidden = !parent;
  if (parent) {
    const threadEph = eph.filter((e) => e.thread_ts === parent.ts);
    const replies = [...parent.replies, ...threadEph].sort((a, b) => Number(a.ts) - Number(b.ts));
    $("thread-body").innerHTML =
      messageHtml(parent, { inThread: true }) +
      `<div class="sk-context" style="padding:0 18px">${parent.replies.length} replies</div>` +
      replies.map((m) => messageHtml(m, { inThread: true, ephemeral: m.ephemeral })).join("");
  }
}

function drawClock() {
  $("clock-now").textContent = `${new Date(state.clock.now).toLocaleString()} · ×${state.clock.rate}`;
  for (const b of $("clock-rates").querySelectorAll("button"))
    b.classList.toggle("on", Number(b.dataset.rate) === state.clock.rate);
}

async function refresh() {
  try {
    state = await api(`/api/state?user=${encodeURIComponent(me)}`);
    draw();
  } catch (e) {
    $("clock-now").textContent = `console disconnected: ${e.message}`;
  }
}

function setView(v) {
  view = v;
  $("channel").hidden = v !== "channel";
  $("home").hidden = v !== "home";
  $("composer").hidden = v !== "channel";
  $("nav-channel").classList.toggle("active", v === "channel");
  $("nav-home").classList.toggle("active", v === "home");
  $("title").textContent = v === "channel" ? "# ops" : "appsvc · Home";
  drawn = "";
  if (v === "home") api("/api/home", { user: me }).then(refresh, (e) => toast(e.message));
  else draw();
}

function confirmFirst(confirm) {
  if (!confirm) return Promise.resolve(true);
  const d = $("confirm");
  $("confirm-title").textContent = confirm.title?.text ?? "Are you sure?";
  $("confirm-text").innerHTML =
    confirm.text?.type === "mrkdwn" ? mrkdwn(confirm.text.text, nameOf) : esc(confirm.text?.text ?? "");
  $("confirm-ok").textContent = confirm.confirm?.text ?? "Yes";
  $("confirm-deny").textContent = confirm.deny?.text ?? "Cancel";
  $("confirm-ok").classList.toggle("danger", confirm.style === "danger");
  d.showModal();
  return new Promise((resolve) => d.addEventListener("close", () => resolve(d.returnValue === "yes"), { once: true }));
}

document.addEventListener("click", async (ev) => {
  const btn = ev.target.closest("button[data-action-id]");
  if (btn && !btn.closest("#home")) {
    const ts = btn.closest("[data-ts]")?.dataset.ts;
    const confirm = btn.dataset.confirm ? JSON.parse(btn.dataset.confirm) : undefined;
    if (!ts || !(await confirmFirst(confirm))) return;
    btn.disabled = true;
    api("/api/click", { user: me, ts, actionId: btn.dataset.actionId }).then(refresh, (e) => toast(e.message));
    return;
  }
  if (btn) return toast("App Home buttons are shown, not clickable, in the playground");
  const thread = ev.target.closest("[data-thread]");
  if (thread) {
    openThread = thread.dataset.thread;
    draw();
  }
});

$("thread-close").onclick = () => {
  openThread = null;
  draw();
};
$("nav-channel").onclick = (e) => {
  e.preventDefault();
  setView("channel");
};
$("nav-home").onclick = (e) => {
  e.preventDefault();
  setView("home");
};
for (const b of document.querySelectorAll("[data-rate]")) {
  b.onclick = () => api("/api/clock", { rate: Number(b.dataset.rate) }).then(refresh, (e) => toast(e.message));
}
for (const b of document.querySelectorAll("[data-advance]")) {
  b.onclick = () =>
    api("/api/clock", { advanceMinutes: Number(b.dataset.advance) }).then(refresh, (e) => toast(e.message));
}

// The command box: "/" lists the verbs; after a verb that takes an app, the demo apps.
let sel = -1;
function suggestionItems(value) {
  const text = value.replace(/^\/appsvc\s*/, "").replace(/^\//, "");
  const words = text.split(/\s+/);
  if (!value.startsWith("/")) return [];
  if (words.length <= 1) {
    return suggestions.verbs
      .filter((v) => v.verb.startsWith(words[0] ?? ""))
      .map((v) => ({ fill: `/appsvc ${v.verb} `, syn: v.synopsis[0], sum: v.summary }));
  }
  const verb = suggestions.verbs.find((v) => v.verb === words[0]);
  if (words.length === 2 && verb?.synopsis.some((s) => s.includes("<app>"))) {
    return suggestions.apps
      .filter((a) => a.startsWith(words[1]))
      .map((a) => ({ fill: `/appsvc ${words[0]} ${a} `, syn: a, sum: verb.summary }));
  }
  return [];
}
function drawSuggest() {
  const items = suggestionItems($("input").value);
  const ul = $("suggest");
  ul.hidden = items.length === 0;
  sel = Math.min(sel, items.length - 1);
  ul.innerHTML = items
    .map(
      (it, i) =>
        `<li data-fill="${esc(it.fill)}" class="${i === sel ? "sel" : ""}"><span class="syn">${esc(it.syn)}</span><span class="sum">${esc(it.sum)}</span></li>`,
    )
    .join("");
}
$("input").addEventListener("input", () => {
  sel = -1;
  drawSuggest();
});
$("input").addEventListener("keydown", (e) => {
  const items = [...$("suggest").querySelectorAll("li")];
  if (!items.length) return;
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    e.preventDefault();
    sel = (sel + (e.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
    drawSuggest();
  } else if (e.key === "Tab" || (e.key === "Enter" && sel >= 0)) {
    e.preventDefault();
    $("input").value = items[Math.max(sel, 0)].dataset.fill;
    sel = -1;
    drawSuggest();
  } else if (e.key === "Escape") $("suggest").hidden = true;
});
$("suggest").addEventListener("click", (e) => {
  const li = e.target.closest("li");
  if (!li) return;
  $("input").value = li.dataset.fill;
  $("input").focus();
  drawSuggest();
});
$("composer").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("input").value.trim();
  if (!text) return;
  if (!/^\/appsvc(\s|$)/.test(text) && text.startsWith("/")) return toast("Only /appsvc is installed here");
  $("input").value = "";
  $("suggest").hidden = true;
  api("/api/command", { user: me, text }).then(refresh, (err) => toast(err.message));
});

$("user").onchange = () => {
  me = $("user").value;
  localStorage.setItem("appsvc-user", me);
  $("role").textContent = state.people.find((p) => p.id === me)?.role ?? "";
  drawn = "";
  refresh().then(() => view === "home" && setView("home"));
};

async function start() {
  await refresh();
  if (!state.people.some((p) => p.id === me)) me = state.people[0].id;
  $("user").innerHTML = state.people
    .map(
      (p) => `<option value="${esc(p.id)}"${p.id === me ? " selected" : ""}>${esc(p.name)} — ${esc(p.role)}</option>`,
    )
    .join("");
  $("role").textContent = state.people.find((p) => p.id === me)?.role ?? "";
  suggestions = await api("/api/suggestions");
  setInterval(refresh, 1000);
  $("input").focus();
}
start();
