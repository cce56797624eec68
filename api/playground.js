// playground.js - the try-it page's script (playground.html): languages, run, show.
"use strict";
const $ = (id) => document.getElementById(id);

// Base64 of UTF-8 text and back; output that is not UTF-8 is shown with U+FFFD.
function encode(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
function decode(b64) {
  if (b64 === null || b64 === undefined) return "";
  const bin = atob(b64.replace(/\s/g, ""));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new TextDecoder("utf-8", { fatal: false }).decode(bytes);
}

function headers(json) {
  const h = {};
  if (json) h["Content-Type"] = "application/json";
  const t = $("token").value.trim();
  if (t) h["X-Auth-Token"] = t;
  return h;
}

async function api(method, path, body) {
  const r = await fetch(path, { method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
  if (!r.ok) {
    const why = r.status === 401 ? "the server wants an X-Auth-Token" : (data && data.error) ? data.error : JSON.stringify(data);
    throw new Error(`${r.status}: ${why}`);
  }
  return data;
}

function setStatus(text, cls) {
  $("status").textContent = text;
  $("status").className = cls || "";
}

async function loadLanguages() {
  try {
    const about = await api("GET", "/about");
    $("about").textContent = `pairbox ${about.pairbox_version || ""}, Judge0 API ${about.version}`;
  } catch (e) { /* the page works without it */ }
  try {
    const langs = await api("GET", "/languages");
    const sel = $("language");
    sel.textContent = "";
    const saved = localStorage.getItem("pairbox-language");
    for (const l of langs) {
      const o = document.createElement("option");
      o.value = String(l.id);
      o.textContent = `${l.name} (${l.id})`;
      sel.appendChild(o);
    }
    const want = saved || String((langs.find((l) => /^Python/.test(l.name)) || langs[0] || {}).id);
    if (want) sel.value = want;
  } catch (e) {
    setStatus(`Could not list languages: ${e.message}`, "bad");
  }
}

function show(s) {
  const st = s.status || { id: 0, description: "?" };
  setStatus(st.description, st.id === 3 ? "good" : st.id > 3 ? "bad" : "");
  const fig = [];
  if (s.time !== null && s.time !== undefined) fig.push(`${s.time} s`);
  if (s.memory !== null && s.memory !== undefined) fig.push(`${s.memory} KB`);
  if (s.exit_code !== null && s.exit_code !== undefined) fig.push(`exit ${s.exit_code}`);
  $("figures").textContent = fig.join(" · ");
  for (const k of ["stdout", "stderr", "compile_output"]) $(k).textContent = decode(s[k]);
  // Judge0 base64-encodes message too when asked for base64; be lenient.
  let msg = s.message || "";
  try { msg = decode(msg); } catch (e) { /* plain text */ }
  $("message").textContent = msg;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function run() {
  const btn = $("run");
  btn.disabled = true;
  for (const k of ["stdout", "stderr", "compile_output", "message", "figures"]) $(k).textContent = "";
  setStatus("Submitting…");
  localStorage.setItem("pairbox-language", $("language").value);
  const body = { language_id: Number($("language").value), source_code: encode($("source").value), stdin: encode($("stdin").value) };
  const fields = "token,status,stdout,stderr,compile_output,message,time,memory,exit_code";
  try {
    let s;
    try {
      s = await api("POST", `/submissions?base64_encoded=true&wait=true&fields=${fields}`, body);
    } catch (e) {
      // ENABLE_WAIT_RESULT=false: submit, then poll as Judge0 clients do.
      if (!/^400/.test(e.message)) throw e;
      s = await api("POST", "/submissions?base64_encoded=true", body);
    }
    while (!s.status || s.status.id <= 2) {
      setStatus(s.status ? s.status.description + "…" : "In Queue…");
      await sleep(300);
      s = await api("GET", `/submissions/${s.token}?base64_encoded=true&fields=${fields}`);
    }
    show(s);
  } catch (e) {
    setStatus(e.message, "bad");
  } finally {
    btn.disabled = false;
  }
}

$("token").value = localStorage.getItem("pairbox-token") || "";
$("token").addEventListener("change", () => { localStorage.setItem("pairbox-token", $("token").value.trim()); loadLanguages(); });
$("run").addEventListener("click", run);
document.addEventListener("keydown", (e) => { if ((e.ctrlKey || e.metaKey) && e.key === "Enter") { e.preventDefault(); run(); } });
loadLanguages();
