// deskpilot web app: plain JS, no build step. The access token travels in an HttpOnly cookie.
"use strict";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
const POINT_ACTIONS = new Set([
  "left_click", "right_click", "middle_click", "double_click", "triple_click", "mouse_move",
  "left_mouse_down", "left_mouse_up", "scroll", "left_click_drag",
]);
const BUTTON_NAMES = ["left", "middle", "right"];

// Counters the end-to-end tests read.
window.deskpilot = { frames: 0 };

let view = null; // the run on screen: its sockets and what its events built

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("aria-") || key === "role") node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

async function api(path, options = {}) {
  const init = { credentials: "same-origin", ...options };
  if (options.body !== undefined) {
    init.headers = { "Content-Type": "application/json" };
    init.body = JSON.stringify(options.body);
  }
  const response = await fetch(path, init);
  if (response.status === 401) $("auth-banner").hidden = false;
  const data = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (!response.ok) {
    const error = new Error(data?.message ?? data?.detail ?? `${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return data;
}

function socketUrl(path) {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}`;
}

// Describing actions
function point(value) {
  return Array.isArray(value) && value.length === 2 ? `(${value[0]}, ${value[1]})` : "";
}

function describe(tool, input) {
  if (tool === "bash") return input.restart ? "bash: restart" : `bash: ${input.command ?? ""}`;
  if (tool !== "computer") return `${tool}: ${input.command ?? ""} ${input.path ?? ""}`.trim();
  const parts = [String(input.action ?? "?").replaceAll("_", " ")];
  if (input.start_coordinate) parts.push(`from ${point(input.start_coordinate)} to`);
  if (input.coordinate) parts.push(`at ${point(input.coordinate)}`);
  if (input.scroll_direction) parts.push(`${input.scroll_direction} ×${input.scroll_amount ?? 1}`);
  if (input.text) parts.push(`“${input.text}”`);
  if (input.duration !== undefined) parts.push(`${input.duration} s`);
  if (input.region) parts.push(`region ${JSON.stringify(input.region)}`);
  return parts.join(" ");
}

// A screenshot with the action drawn on it, in the image's own pixels.
function shotFigure(shot, input, caption) {
  const img = el("img", { src: shot.src, alt: caption, loading: "lazy" });
  const box = el("button", { type: "button", class: "shot", title: "Enlarge", "aria-label": `Enlarge: ${caption}` }, img);
  const marks = input ? markers(input, shot.size) : null;
  if (marks) box.append(marks);
  box.addEventListener("click", () => openImage(shot, input, caption));
  return box;
}

function markers(input, size) {
  if (!size || !POINT_ACTIONS.has(input.action)) return null;
  const [w, h] = size;
  const r = Math.max(8, Math.round(w / 80));
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("aria-hidden", "true");
  const add = (name, attrs) => {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries({ stroke: "#e11d48", "stroke-width": Math.max(2, r / 4), fill: "none", ...attrs })) {
      node.setAttribute(k, v);
    }
    node.setAttribute("class", "mark");
    svg.append(node);
  };
  const end = input.coordinate;
  const start = input.start_coordinate;
  if (start && end) add("line", { x1: start[0], y1: start[1], x2: end[0], y2: end[1] });
  for (const p of [start, end]) if (p) add("circle", { cx: p[0], cy: p[1], r });
  if (end) add("circle", { cx: end[0], cy: end[1], r: Math.max(2, r / 4), fill: "#e11d48" });
  return svg.childElementCount ? svg : null;
}

function openImage(shot, input, caption) {
  $("image-title").textContent = caption;
  const holder = $("image-holder");
  holder.replaceChildren(el("div", { class: "shot" }, el("img", { src: shot.src, alt: caption })));
  const marks = input ? markers(input, shot.size) : null;
  if (marks) holder.firstChild.append(marks);
  $("image-dialog").showModal();
}

// The run view
function resetView() {
  if (view) {
    view.events?.close();
    view.screen?.close();
  }
  $("timeline").replaceChildren();
  $("chat-log").replaceChildren();
  $("video-panel").hidden = true;
  $("run-video").removeAttribute("src");
  $("video-marks").replaceChildren();
  $("screen").hidden = true;
  $("screen-placeholder").hidden = false;
  $("screen-placeholder").textContent = "Connecting…";
  if ($("confirm-dialog").open) $("confirm-dialog").close();
}

function openRun(id) {
  resetView();
  view = {
    id, live: false, state: null, reason: null, meta: {}, steps: new Map(), calls: new Map(),
    pending: new Map(), lastShot: null, takeover: false, finished: false, flags: new Set(), actions: [],
    changes: [],
  };
  setTakeoverView(false);
  $("run-head").hidden = false;
  $("run-title").textContent = id;
  for (const item of document.querySelectorAll("#runs [data-id]")) {
    item.setAttribute("aria-current", String(item.dataset.id === id));
  }
  const ws = new WebSocket(socketUrl(`/api/runs/${encodeURIComponent(id)}/events`));
  view.events = ws;
  const current = view;
  ws.onmessage = (message) => {
    if (view !== current) return;
    onEvent(JSON.parse(message.data));
  };
  ws.onclose = (event) => {
    if (view !== current) return;
    if (event.code === 4404) chat("system failure", `No run ${id}.`);
    if (!view.live) {
      clearThinking();
      showFinalScreen();
      showVideo();
    }
    updateControls();
  };
  updateControls();
}

function connectScreen() {
  if (view.screen) return;
  const current = view;
  const ws = new WebSocket(socketUrl(`/api/runs/${encodeURIComponent(view.id)}/screen`));
  ws.binaryType = "blob";
  view.screen = ws;
  ws.onmessage = async (message) => {
    if (view !== current) return;
    if (typeof message.data === "string") {
      const data = JSON.parse(message.data);
      if (data.type === "error") chat("system failure", `Take-over: ${data.message}`);
      return;
    }
    window.deskpilot.frames += 1;
    const frame = await createImageBitmap(message.data);
    if (view === current) drawScreen(frame);
    frame.close();
  };
  ws.onclose = () => {
    if (view !== current) return;
    view.screen = null;
    if (view.finished) showFinalScreen();
  };
}

// The canvas keeps the frame's own size; CSS scales it down to fit.
function drawScreen(image) {
  const canvas = $("screen");
  if (canvas.width !== image.width || canvas.height !== image.height) {
    canvas.width = image.width;
    canvas.height = image.height;
  }
  canvas.getContext("2d").drawImage(image, 0, 0);
  canvas.hidden = false;
  $("screen-placeholder").hidden = true;
}

function showFinalScreen() {
  if (view.lastShot) {
    const current = view;
    const image = new Image();
    image.onload = () => view === current && drawScreen(image);
    image.src = view.lastShot.src;
  } else {
    $("screen").hidden = true;
    $("screen-placeholder").hidden = false;
    $("screen-placeholder").textContent = view.finished ? "The run has ended." : "Waiting for the desktop…";
  }
}

// The run's video (once the run is over), with a tick per action and a bar per window the watcher saw.
async function showVideo() {
  const current = view;
  let info;
  try {
    info = await api(`/api/runs/${encodeURIComponent(view.id)}/video`);
  } catch {
    return;  // no video for this run
  }
  if (view !== current || !info.url) return;
  const video = $("run-video");
  const marks = $("video-marks");
  video.src = info.url;
  const length = () => (isFinite(video.duration) && video.duration > 0 ? video.duration : 1);
  const at = (time) => Math.max(0, time - info.started_at);
  const place = (node, start, width) => {
    node.style.left = `${(100 * Math.min(1, start / length()))}%`;
    if (width) node.style.width = `${(100 * width) / length()}%`;
  };
  const now = el("div", { class: "now" });
  const draw = () => {
    marks.replaceChildren();
    for (const action of current.actions) {
      const tick = el("button", { type: "button", class: "tick", title: `Step ${action.step}: ${action.label}`,
        "aria-label": `Step ${action.step}: ${action.label}, at ${at(action.time).toFixed(1)} s` });
      tick.addEventListener("click", (e) => { e.stopPropagation(); video.currentTime = at(action.time); video.pause(); });
      place(tick, at(action.time));
      marks.append(tick);
    }
    for (const change of current.changes) {
      const bar = el("div", { class: "seen", title: `${change.role} '${change.title}' (${change.kind}, step ${change.step})` });
      place(bar, at(change.at), change.shown_s);
      marks.append(bar);
    }
    marks.append(now);
  };
  marks.onclick = (e) => {
    const box = marks.getBoundingClientRect();
    video.currentTime = ((e.clientX - box.left) / box.width) * length();
  };
  video.onloadedmetadata = draw;
  video.ontimeupdate = () => place(now, video.currentTime);
  $("video-panel").hidden = false;
}

function clearThinking() {
  for (const card of view.steps.values()) card.thinking?.remove();
}

function chat(kind, text) {
  const log = $("chat-log");
  log.append(el("li", { class: kind }, text));
  log.scrollTop = log.scrollHeight;
}

function stepCard(number) {
  let step = view.steps.get(number);
  if (!step) {
    const title = el("h3", {}, `Step ${number}`);
    const node = el("li", { class: "step", dataset: { step: number } }, title);
    $("timeline").append(node);
    step = { node, title };
    view.steps.set(number, step);
  }
  return step;
}

function callRow(step, data) {
  let call = view.calls.get(data.call_id);
  if (!call) {
    const card = stepCard(step);
    const node = el("div", { class: "call", dataset: { call: data.call_id } });
    node.append(el("div", { class: "what" }, describe(data.tool, data.input ?? {})));
    card.node.append(node);
    call = { node, tool: data.tool, input: data.input ?? {}, before: null, hasFigure: false };
    view.calls.set(data.call_id, call);
  }
  return call;
}

function screenshotOf(data) {
  const src = data.base64 ? `data:${data.media_type};base64,${data.base64}` : data.url;
  return src ? { src, size: data.image_size } : null;
}

function onEvent(event) {
  const { kind, step, data } = event;
  if (kind === "run_started") {
    view.meta = data;
    $("run-title").textContent = data.instruction || view.id;
    chat("user", data.instruction);
  } else if (kind === "step_started") {
    const card = stepCard(data.step);
    card.thinking = el("p", { class: "hint" }, "Waiting for the model…");
    card.node.append(card.thinking);
  } else if (kind === "model_output") {
    const card = stepCard(step);
    card.thinking?.remove();
    if (data.text) {
      card.node.insertBefore(el("p", { class: "text" }, data.text), card.title.nextSibling);
      chat("agent", data.text);
    }
  } else if (kind === "action") {
    view.actions.push({ time: event.time, step, label: describe(data.tool, data.input ?? {}) });
    const call = callRow(step, data);
    call.input = data.input ?? call.input;
    call.before = view.lastShot;
    const decision = data.decision;
    if (decision && decision.verdict !== "allow") {
      call.node.append(el("p", { class: "note" }, `${decision.verdict}: ${decision.reason}`));
    }
    // A pointer action is drawn on the screen it was aimed at (the latest screenshot before it).
    if (POINT_ACTIONS.has(call.input.action) && call.before) {
      call.node.append(shotFigure(call.before, call.input, `Step ${step}: ${describe(call.tool, call.input)}`));
      call.hasFigure = true;
    }
  } else if (kind === "confirmation") {
    const call = callRow(step, data);
    call.node.append(el("p", { class: "note" }, data.approved ? "approved by the user" : "denied by the user"));
    view.pending.delete(data.call_id);
    closeConfirmIf(data.call_id);
  } else if (kind === "result") {
    const call = callRow(step, data);
    if (data.error) call.node.append(el("p", { class: "err" }, data.error));
    else if (data.output) call.node.append(el("p", { class: "out" }, data.output));
  } else if (kind === "screenshot") {
    const shot = screenshotOf(data);
    const call = view.calls.get(data.call_id);
    if (shot && call && !call.hasFigure) {
      const marked = POINT_ACTIONS.has(call.input.action) ? call.input : null;
      call.node.append(shotFigure(shot, marked, `Step ${step}: after ${describe(call.tool, call.input)}`));
      call.hasFigure = true;
    }
    if (shot && call?.input.action !== "zoom") view.lastShot = shot;
  } else if (kind === "desktop_changes") {
    for (const change of data.changes ?? []) view.changes.push({ ...change, step });
  } else if (kind === "user_message") {
    chat("user", data.text);
  } else if (kind === "screening") {
    if (data.category) {
      view.flags.add(data.category);
      const phrases = (data.phrases ?? []).map((p) => `“${p}”`).join(", ");
      chat("system", `Task screener: the ${data.source} was flagged ${data.category.replaceAll("_", " ")} ` +
        `(score ${Number(data.score).toFixed(2)}; ${phrases}) → ${data.verdict}`);
    }
  } else if (kind === "usage") {
    const input = data.input_tokens + (data.cache_creation_input_tokens ?? 0) + (data.cache_read_input_tokens ?? 0);
    $("run-usage").textContent = `${input} in / ${data.output_tokens} out · $${Number(data.cost_usd).toFixed(4)}`;
  } else if (kind === "retry") {
    stepCard(step).node.append(el("p", { class: "note" }, `retry ${data.attempt} in ${data.delay_s} s: ${data.error}`));
  } else if (kind === "finished") {
    view.reason = data.reason;
    chat(data.error ? "system failure" : "system", `Run ended: ${data.reason}${data.error ? ` — ${data.error}` : ""}`);
    if (!view.live) view.finished = true;
  } else if (kind === "state") {
    view.live = true;
    view.state = data.state;
    if (data.reason) view.reason = data.reason;
    if (data.state === "finished") {
      view.finished = true;
      view.pending.clear();
      closeConfirmIf(null);
      clearThinking();
      if (view.takeover) setTakeoverView(false);
      if (!view.screen) showFinalScreen();
      showVideo();
    } else {
      connectScreen();
    }
    loadRuns();
  } else if (kind === "confirmation_request") {
    view.pending.set(data.call_id, data);
    showConfirm();
  } else if (kind === "takeover") {
    setTakeoverView(data.on);
  } else if (kind === "error") {
    chat("system failure", data.message);
  }
  updateControls();
}

function statusText() {
  if (!view.live) return view.meta.run_id ? `recorded · ${view.reason ?? "interrupted"}` : "loading…";
  if (view.state === "finished") return `finished · ${view.reason ?? "?"}`;
  return view.takeover ? `${view.state} · you have control` : view.state ?? "connecting";
}

function updateControls() {
  const status = $("run-status");
  status.textContent = statusText();
  const good = view.reason === "completed" || view.reason === "replayed";
  status.className = `badge ${view.state && view.state !== "finished" ? "busy" : good ? "good" : view.reason ? "bad" : ""}`;
  const flag = $("run-flag");
  flag.hidden = view.flags.size === 0;
  flag.textContent = `flagged: ${[...view.flags].map((c) => c.replaceAll("_", " ")).join(", ")}`;
  const running = view.live && view.state !== "finished";
  $("stop-button").hidden = !running;
  $("takeover-button").hidden = !running;
  $("replay-button").hidden = running || !view.meta.run_id;
  const report = $("report-link");
  report.hidden = running || !view.meta.run_id;
  report.href = `/api/runs/${encodeURIComponent(view.id)}/report`;
  $("pending-button").hidden = view.pending.size === 0 || $("confirm-dialog").open;
  $("chat-input").disabled = !running;
  $("chat-send").disabled = !running;
}

// Confirmations
function showConfirm() {
  const dialog = $("confirm-dialog");
  const [request] = view.pending.values();
  if (!request) return;
  dialog.dataset.call = request.call_id;
  $("confirm-reason").textContent = request.reason || "Please confirm this action.";
  // An action the policy asks about, or another kind of request (e.g. a provider's safety check).
  const shown = request.tool ? { tool: request.tool, input: request.input } : request;
  $("confirm-action").textContent = JSON.stringify(shown, null, 2);
  if (!dialog.open) dialog.showModal();
  $("deny-button").focus();
  updateControls();
}

function closeConfirmIf(callId) {
  const dialog = $("confirm-dialog");
  if (dialog.open && (callId === null || dialog.dataset.call === callId)) dialog.close();
  if (view.pending.size && !dialog.open && callId !== null) showConfirm();
}

async function answer(approve) {
  const dialog = $("confirm-dialog");
  const callId = dialog.dataset.call;
  const request = view.pending.get(callId);
  dialog.close();
  try {
    await api(`/api/runs/${encodeURIComponent(view.id)}/confirmations/${encodeURIComponent(callId)}`, {
      method: "POST", body: { approve, action_hash: request?.action_hash ?? null },
    });
    view.pending.delete(callId);
    updateControls();
  } catch (error) {
    chat("system failure", `Could not answer: ${error.message}`);
  }
}

// Take-over
function setTakeoverView(on) {
  view.takeover = on;
  const button = $("takeover-button");
  button.setAttribute("aria-pressed", String(on));
  button.textContent = on ? "Hand back" : "Take over";
  const canvas = $("screen");
  canvas.classList.toggle("control", on);
  canvas.tabIndex = on ? 0 : -1;
  $("takeover-hint").hidden = !on;
  if (on) canvas.focus();
  updateControls();
}

function sendInput(message) {
  if (view?.takeover && view.screen?.readyState === WebSocket.OPEN) view.screen.send(JSON.stringify(message));
}

// Displayed pixels -> screen pixels (the canvas holds full-size frames of the screen).
function screenPoint(event) {
  const canvas = $("screen");
  const rect = canvas.getBoundingClientRect();
  const x = Math.round(((event.clientX - rect.left) * canvas.width) / rect.width);
  const y = Math.round(((event.clientY - rect.top) * canvas.height) / rect.height);
  return { x: Math.min(Math.max(x, 0), canvas.width - 1), y: Math.min(Math.max(y, 0), canvas.height - 1) };
}

function keyMessage(event) {
  if (["Shift", "Control", "Alt", "Meta", "AltGraph"].includes(event.key)) return null;
  if (event.key === "Tab" && !event.ctrlKey && !event.altKey) return null; // Tab leaves the view
  const mods = [];
  if (event.ctrlKey) mods.push("ctrl");
  if (event.altKey) mods.push("alt");
  if (event.metaKey) mods.push("super");
  if (event.key.length === 1 && !mods.length) return { type: "type", text: event.key };
  let key = event.key === " " ? "space" : event.key;
  if (event.shiftKey && (key.length > 1 || mods.length)) mods.push("shift");
  if (key.length === 1) key = key.toLowerCase();
  return { type: "key", key: [...mods, key].join("+") };
}

function bindScreenInput() {
  const canvas = $("screen");
  let lastMove = 0;
  canvas.addEventListener("mousedown", (event) => {
    if (!view?.takeover) return;
    event.preventDefault();
    canvas.focus();
    sendInput({ type: "mouse", ...screenPoint(event), button: BUTTON_NAMES[event.button] ?? "left", action: "down" });
  });
  canvas.addEventListener("mouseup", (event) => {
    if (!view?.takeover) return;
    event.preventDefault();
    sendInput({ type: "mouse", ...screenPoint(event), button: BUTTON_NAMES[event.button] ?? "left", action: "up" });
  });
  canvas.addEventListener("mousemove", (event) => {
    if (!view?.takeover || event.timeStamp - lastMove < 30) return;
    lastMove = event.timeStamp;
    sendInput({ type: "mouse", ...screenPoint(event), action: "move" });
  });
  canvas.addEventListener("wheel", (event) => {
    if (!view?.takeover) return;
    event.preventDefault();
    sendInput({ type: "mouse", ...screenPoint(event), button: event.deltaY < 0 ? "up" : "down", action: "scroll" });
  }, { passive: false });
  canvas.addEventListener("contextmenu", (event) => view?.takeover && event.preventDefault());
  canvas.addEventListener("keydown", (event) => {
    if (!view?.takeover) return;
    const message = keyMessage(event);
    if (!message) return;
    event.preventDefault();
    sendInput(message);
  });
}

// Lists
function when(seconds) {
  return seconds ? new Date(seconds * 1000).toLocaleString([], { dateStyle: "short", timeStyle: "short" }) : "";
}

async function loadRuns() {
  let runs;
  try {
    ({ runs } = await api("/api/runs"));
  } catch {
    return;
  }
  const list = $("runs");
  list.replaceChildren(...runs.map((run) => {
    const state = run.state === "finished" ? run.reason ?? "finished" : run.state;
    const button = el("button", { type: "button", dataset: { id: run.id } },
      el("span", { class: "title" }, run.instruction || run.id),
      el("span", { class: "meta" }, `${state} · ${run.model ?? "?"} · ${run.steps ?? 0} steps · ${when(run.started_at)}`),
      ...(run.flags?.length ? [el("span", { class: "flag" }, `flagged: ${run.flags.join(", ").replaceAll("_", " ")}`)] : []));
    button.setAttribute("aria-current", String(view?.id === run.id));
    button.addEventListener("click", () => openRun(run.id));
    return el("li", {}, button);
  }));
  if (!runs.length) list.append(el("li", { class: "empty" }, "No runs yet."));
}

async function loadEvals() {
  let evals;
  try {
    ({ evals } = await api("/api/evals"));
  } catch {
    return;
  }
  const list = $("evals");
  list.replaceChildren(...evals.map((item) => {
    const score = item.summary?.score !== undefined
      ? `${(item.summary.score * 100).toFixed(1)}% of ${item.summary.tasks} tasks · ` : "";
    const meta = `${score}${item.agent ?? ""} · ${when(item.modified)}`;
    return el("li", {}, item.has_report
      ? el("a", { href: `/api/evals/${encodeURIComponent(item.name)}/report`, target: "_blank", rel: "noopener" },
        el("span", { class: "title" }, item.name), el("span", { class: "meta" }, meta))
      : el("span", { class: "meta" }, `${item.name}: no report yet`));
  }));
  if (!evals.length) list.append(el("li", { class: "empty" }, "No eval reports yet."));
}

async function loadMeta() {
  const meta = await api("/api/meta");
  $("model-options").replaceChildren(...meta.models.map((m) => el("option", { value: m })));
  $("apps").append(...meta.apps.map((app) => el("label", { title: app.description },
    el("input", { type: "checkbox", name: "apps", value: app.name, disabled: !app.installed }), app.name)));
}

// Forms and buttons
async function startRun(event) {
  event.preventDefault();
  const error = $("form-error");
  error.hidden = true;
  const body = {
    model: $("model").value.trim(),
    instruction: $("instruction").value,
    size: $("size").value,
    max_steps: Number($("max-steps").value),
    apps: [...document.querySelectorAll("#apps input:checked")].map((input) => input.value),
  };
  const button = $("start-button");
  button.disabled = true;
  try {
    const run = await api("/api/runs", { method: "POST", body });
    $("instruction").value = "";
    openRun(run.id);
    loadRuns();
  } catch (failure) {
    error.textContent = failure.message;
    error.hidden = false;
  } finally {
    button.disabled = false;
  }
}

async function sendMessage(event) {
  event.preventDefault();
  const input = $("chat-input");
  const text = input.value.trim();
  if (!text || !view) return;
  try {
    await api(`/api/runs/${encodeURIComponent(view.id)}/messages`, { method: "POST", body: { text } });
    input.value = "";
  } catch (error) {
    chat("system failure", `Not sent: ${error.message}`);
  }
}

async function post(path, body) {
  try {
    return await api(path, { method: "POST", body });
  } catch (error) {
    chat("system failure", error.message);
    return null;
  }
}

function init() {
  $("run-form").addEventListener("submit", startRun);
  $("instruction").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("run-form").requestSubmit();
    }
  });
  $("chat-form").addEventListener("submit", sendMessage);
  $("approve-button").addEventListener("click", () => answer(true));
  $("deny-button").addEventListener("click", () => answer(false));
  $("confirm-dialog").addEventListener("close", updateControls);
  $("pending-button").addEventListener("click", showConfirm);
  $("image-close").addEventListener("click", () => $("image-dialog").close());
  $("stop-button").addEventListener("click", () => post(`/api/runs/${encodeURIComponent(view.id)}/stop`));
  $("takeover-button").addEventListener("click", () =>
    post(`/api/runs/${encodeURIComponent(view.id)}/takeover`, { on: !view.takeover }));
  $("replay-button").addEventListener("click", async () => {
    const run = await post(`/api/runs/${encodeURIComponent(view.id)}/replay`);
    if (run) {
      openRun(run.id);
      loadRuns();
    }
  });
  bindScreenInput();
  loadMeta().then(() => {
    loadRuns();
    loadEvals();
  }).catch((error) => {
    if (error.status === 401) return; // the banner says what to do
    $("form-error").textContent = error.message;
    $("form-error").hidden = false;
  });
  setInterval(loadRuns, 10000);
}

init();
