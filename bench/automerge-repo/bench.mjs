// Throughput of automerge-repo's sync server, for comparison with northstar-relay.
//
//   node bench.mjs --docs 100 --clients 8 --changes 400 [--edit note|field]
//                  [--client-procs 1] [--storage DIR] [--timeout 300]
//
// One process is the sync server: a Repo with NodeWSServerAdapter over `ws` on loopback and
// NodeFSStorageAdapter for persistence, sharing nothing unasked (sharePolicy false, as the
// published automerge-repo-sync-server does), pinned to core 0 with `taskset -c 0` when
// taskset exists. The clients are `--clients` Repos (in `--client-procs` processes, pinned to
// core 1) with WebSocketClientAdapter and no storage. Every client opens all `--docs`
// documents; the first client creates them as `{ notes: [] }` and the others find them.
//
// Timed: from "go" until every client and the server hold every change. Each client makes
// `--changes` changes, change i going to document (client + i * clients) % docs. With
// `--edit note` (the default) each change pushes one note onto the list,
// `{ id: "c3-17", text: "Client 3 note 17: they listened well" }` (both strings are
// Automerge text, automerge 3's default), the shape of one review edit (a new "like and
// admire" note). With `--edit field` each change overwrites the client's own field, `c3`,
// with that sentence as a plain string, so the document does not grow. Clients make their
// changes as fast as their event loop allows, yielding to I/O after each one; automerge-repo
// itself decides how changes are batched into sync messages (at most one per document per
// peer every 100 ms, its default).
//
// Checked after the clock stops: every client's copy and the server's copy of each document
// have the same heads and exactly the expected notes, each once. Any difference, or no
// convergence within --timeout seconds, exits 1.
//
// Prints JSON lines; the last one has "side": "automerge-repo" and the figures.

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const HERE = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const opts = {
    role: "coordinator",
    docs: 1,
    clients: 1,
    changes: 400,
    clientProcs: 1,
    edit: "note",
    storage: tmpdir(),
    timeout: 300,
    port: 0,
    first: 0,
    count: 0,
  };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    const value = argv[i + 1];
    const take = () => {
      if (value === undefined) fail(`${key} needs a value`);
      i++;
      return value;
    };
    switch (key) {
      case "--role": opts.role = take(); break;
      case "--docs": opts.docs = positive(key, take()); break;
      case "--clients": opts.clients = positive(key, take()); break;
      case "--changes": opts.changes = positive(key, take()); break;
      case "--client-procs": opts.clientProcs = positive(key, take()); break;
      case "--storage": opts.storage = take(); break;
      case "--edit": opts.edit = take(); if (!["note", "field"].includes(opts.edit)) fail("--edit is note or field"); break;
      case "--timeout": opts.timeout = positive(key, take()); break;
      case "--port": opts.port = positive(key, take()); break;
      case "--first": opts.first = Number(take()); break;
      case "--count": opts.count = positive(key, take()); break;
      case "--dir": opts.dir = take(); break;
      default: fail(`unknown argument ${key}`);
    }
  }
  return opts;
}

function positive(key, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) fail(`${key} must be a whole number above 0, not ${text}`);
  return n;
}

function fail(message) {
  console.error(`bench.mjs: ${message}`);
  process.exit(1);
}

/** Which document client `c`'s change `i` goes to: the same rule as the Rust side. */
const docOf = (c, i, clients, docs) => (c + i * clients) % docs;

const sentence = (c, i) => `Client ${c} note ${i}: they listened well`;

/**
 * What each document ends as: for `note`, the ids of its notes; for `field`, each writing
 * client's field and its last value.
 */
function expected(docs, clients, changes) {
  const out = Array.from({ length: docs }, () => ({ ids: [], fields: {} }));
  for (let c = 0; c < clients; c++) {
    for (let i = 0; i < changes; i++) {
      const want = out[docOf(c, i, clients, docs)];
      want.ids.push(`c${c}-${i}`);
      want.fields[`c${c}`] = sentence(c, i);
    }
  }
  return out;
}

/** Whether `doc` already holds every change `want` describes. */
function complete(edit, doc, want) {
  if (edit === "note") return doc.notes.length >= want.ids.length;
  return Object.entries(want.fields).every(([key, value]) => String(doc[key] ?? "") === value);
}

/** Throws unless `doc` is exactly what `want` describes. */
function verify(edit, doc, want, what) {
  if (edit === "note") {
    const got = doc.notes.map(n => String(n.id)).sort();
    const ids = [...want.ids].sort();
    if (got.length !== ids.length || got.some((id, k) => id !== ids[k])) {
      throw new Error(`${what}: ${got.length} notes, expected ${ids.length} (or different ids)`);
    }
  } else {
    const keys = Object.keys(doc).filter(k => k !== "notes").sort();
    const wantKeys = Object.keys(want.fields).sort();
    if (keys.join() !== wantKeys.join() || !complete(edit, doc, want)) {
      throw new Error(`${what}: fields differ from the last values written`);
    }
  }
}

/** utime + stime of a process in seconds, from /proc (every thread of it). */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of stat(5); fields[0] here is field 3.
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Seconds of CPU the whole machine has spent busy (every core, every process). */
function machineBusySeconds() {
  const ticks = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: all but idle and iowait.
  return [0, 1, 2, 5, 6, 7].reduce((sum, k) => sum + (ticks[k] ?? 0), 0) / CLK_TCK;
}

let CLK_TCK = 100;
try {
  CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
} catch {
  // 100 on every Linux this runs on.
}

let HAVE_TASKSET = false;
try {
  execFileSync("taskset", ["-c", "0", "true"]);
  HAVE_TASKSET = true;
} catch {
  HAVE_TASKSET = false;
}

/** Starts this script in another role, pinned to `core` when taskset exists, with IPC. */
const started = [];
let scratch;

/** Stops every process this coordinator started, then exits with `code`. */
function stopAll(code) {
  for (const child of started) {
    child.stopping = true;
    child.kill("SIGTERM");
  }
  if (scratch) rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  process.exit(code);
}

function startRole(core, args) {
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server and clients.
  const extra = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const node = [process.execPath, ...extra, path.join(HERE, "bench.mjs"), ...args];
  const [cmd, ...rest] = HAVE_TASKSET ? ["taskset", "-c", String(core), ...node] : node;
  const child = spawn(cmd, rest, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  started.push(child);
  child.role = args[1] === "clients" ? `clients from ${args[args.indexOf("--first") + 1]}` : args[1];
  const waiting = [];
  const queue = [];
  child.on("message", m => {
    if (m.type === "error") {
      console.error(`bench.mjs: ${args[1]} failed: ${m.message}`);
      stopAll(1);
    }
    const w = waiting.findIndex(x => x.type === m.type);
    if (w >= 0) waiting.splice(w, 1)[0].resolve(m);
    else queue.push(m);
  });
  child.exited = new Promise(resolve => child.on("exit", resolve));
  child.on("exit", (code, signal) => {
    if (!child.stopping) {
      console.error(`bench.mjs: the ${args[1]} process stopped early (${code ?? signal})`);
      stopAll(1);
    }
  });
  child.next = type => {
    const q = queue.findIndex(x => x.type === type);
    if (q >= 0) return Promise.resolve(queue.splice(q, 1)[0]);
    return new Promise(resolve => waiting.push({ type, resolve }));
  };
  child.stop = () => {
    child.stopping = true;
    child.kill("SIGTERM");
  };
  return child;
}

function reportErrors(fn) {
  return async (...args) => {
    try {
      await fn(...args);
    } catch (e) {
      process.send({ type: "error", message: e?.stack ?? String(e) });
      setTimeout(() => process.exit(1), 100);
    }
  };
}

// ---------------------------------------------------------------------------------------
// The coordinator: starts the server and clients, keeps the clock, checks convergence.

async function coordinator(opts) {
  const { docs, clients, changes } = opts;
  const procs = Math.min(opts.clientProcs, clients);
  mkdirSync(opts.storage, { recursive: true });
  const dir = mkdtempSync(path.join(opts.storage, "automerge-repo-bench-"));
  scratch = dir;
  const deadline = setTimeout(async () => {
    // Say how far each process got, so a stall can be told from slowness.
    const progress = {};
    for (const child of [server, ...children]) {
      child.send({ type: "progress" });
      const reply = await Promise.race([child.next("progress"), new Promise(r => setTimeout(r, 10_000))]);
      progress[child.role] = reply ? reply.progress : "no answer";
    }
    console.log(JSON.stringify({ side: "automerge-repo", error: `did not converge within ${opts.timeout} s`, progress }));
    stopAll(1);
  }, opts.timeout * 1000);

  const server = startRole(0, ["--role", "server", "--dir", path.join(dir, "data")]);
  const { port } = await server.next("listening");

  // Client 0 (in the first client process) creates the documents.
  const children = [];
  let first = 0;
  for (let p = 0; p < procs; p++) {
    const count = Math.floor(clients / procs) + (p < clients % procs ? 1 : 0);
    children.push(startRole(1, [
      "--role", "clients", "--port", String(port), "--first", String(first), "--count", String(count),
      "--docs", String(docs), "--clients", String(clients), "--changes", String(changes), "--edit", opts.edit,
    ]));
    first += count;
  }
  children[0].send({ type: "create" });
  const { urls } = await children[0].next("created");
  server.send({ type: "expect", urls, edit: opts.edit, want: expected(docs, clients, changes) });
  await server.next("has-docs");
  for (const child of children) child.send({ type: "open", urls });
  await Promise.all(children.map(child => child.next("ready")));
  // Let the opening sync messages (throttled to 100 ms) settle before the clock starts.
  await new Promise(resolve => setTimeout(resolve, 500));

  const serverCpu0 = cpuSeconds(server.pid);
  const clientCpu0 = children.reduce((sum, child) => sum + cpuSeconds(child.pid), 0);
  server.send({ type: "count" });
  const before = await server.next("counted");
  const busy0 = machineBusySeconds();
  const started = performance.now();
  for (const child of children) child.send({ type: "go" });
  const serverDone = server.next("converged").then(() => performance.now());
  const clientsDone = Promise.all(children.map(child => child.next("converged"))).then(() => performance.now());
  const [serverAt, clientsAt] = await Promise.all([serverDone, clientsDone]);
  const seconds = (Math.max(serverAt, clientsAt) - started) / 1000;
  const serverCpu = cpuSeconds(server.pid) - serverCpu0;
  const clientCpu = children.reduce((sum, child) => sum + cpuSeconds(child.pid), 0) - clientCpu0;
  const othersCpu = machineBusySeconds() - busy0 - serverCpu - clientCpu;
  server.send({ type: "count" });
  const after = await server.next("counted");
  clearTimeout(deadline);

  // Convergence: every copy of each document has the same heads (the clients have already
  // checked their notes against the expected ids).
  server.send({ type: "heads" });
  const serverHeads = (await server.next("heads")).heads;
  const changeBytes = [];
  for (const child of children) {
    child.send({ type: "heads" });
    const reply = await child.next("heads");
    changeBytes.push(reply.changeBytes);
    for (const [c, perDoc] of Object.entries(reply.heads)) {
      perDoc.forEach((heads, j) => {
        if (heads !== serverHeads[j]) {
          console.log(JSON.stringify({ side: "automerge-repo", error: `client ${c} and the server differ on document ${j}`, client: heads, server: serverHeads[j] }));
          stopAll(1);
        }
      });
    }
  }
  server.send({ type: "flush" });
  const { flushMs } = await server.next("flushed");
  for (const child of [...children, server]) child.stop();
  await Promise.all([...children, server].map(child => child.exited));
  rmSync(dir, { recursive: true, force: true });

  const total = clients * changes;
  const deliveries = total * (clients - 1);
  const bytes = changeBytes.reduce((a, b) => a + b, 0);
  const figures = {
    side: "automerge-repo",
    versions: versions(),
    edit: opts.edit,
    docs,
    clients,
    changes_per_client: changes,
    changes: total,
    seconds: round(seconds, 4),
    changes_per_second: Math.round(total / seconds),
    deliveries,
    deliveries_per_second: Math.round(deliveries / seconds),
    server_cpu_seconds: round(serverCpu, 3),
    server_cpu_share: round(serverCpu / seconds, 3),
    server_cpu_us_per_change: round((serverCpu / total) * 1e6, 1),
    changes_per_server_cpu_second: Math.round(total / serverCpu),
    client_cpu_share: round(clientCpu / seconds, 3),
    others_cpu_share: round(Math.max(othersCpu, 0) / seconds, 3),
    messages_in: after.messagesIn - before.messagesIn,
    messages_out: after.messagesOut - before.messagesOut,
    bytes_in: after.bytesIn - before.bytesIn,
    bytes_out: after.bytesOut - before.bytesOut,
    disconnects: after.disconnects - before.disconnects,
    change_bytes_mean: round(bytes / total, 1),
    storage_flush_ms_after: round(flushMs, 1),
    pinned: HAVE_TASKSET,
    converged: true,
  };
  console.log(JSON.stringify(figures));
  process.exit(0);
}

function round(x, places) {
  const f = 10 ** places;
  return Math.round(x * f) / f;
}

function versions() {
  const out = {};
  for (const name of ["@automerge/automerge", "@automerge/automerge-repo", "@automerge/automerge-repo-network-websocket", "@automerge/automerge-repo-storage-nodefs", "ws"]) {
    out[name] = JSON.parse(readFileSync(path.join(HERE, "node_modules", name, "package.json"), "utf8")).version;
  }
  out.node = process.version;
  return out;
}

// ---------------------------------------------------------------------------------------
// The sync server.

async function serverRole(opts) {
  const { Repo } = await import("@automerge/automerge-repo");
  const { NodeWSServerAdapter } = await import("@automerge/automerge-repo-network-websocket");
  const { NodeFSStorageAdapter } = await import("@automerge/automerge-repo-storage-nodefs");
  const { WebSocketServer } = await import("ws");
  const A = await import("@automerge/automerge");

  const counts = { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, disconnects: 0 };
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  wss.on("connection", socket => {
    socket.on("close", () => counts.disconnects++);
    socket.on("message", data => {
      counts.messagesIn++;
      counts.bytesIn += data.byteLength;
    });
    const send = socket.send.bind(socket);
    socket.send = (data, ...rest) => {
      counts.messagesOut++;
      counts.bytesOut += data.byteLength;
      return send(data, ...rest);
    };
  });
  await new Promise(resolve => wss.on("listening", resolve));
  const repo = new Repo({
    // The adapter pings each client every 5 s by default and drops one whose pong has not
    // been read by the next ping. Under this load the server's backlog can pass 5 s, so it
    // would drop healthy clients (whose next send then throws "Websocket not ready" inside
    // automerge-repo and leaves the handle unusable); ping every 10 minutes instead.
    network: [new NodeWSServerAdapter(wss, 600_000)],
    storage: new NodeFSStorageAdapter(opts.dir),
    peerId: "sync-server",
    sharePolicy: async () => false,
  });
  let handles = [];
  let edit;
  let want;
  process.on("message", reportErrors(async m => {
    switch (m.type) {
      case "expect": {
        edit = m.edit;
        want = m.want;
        // The first client announces the documents it created; wait until each has arrived
        // here (asking for one before that would find it unavailable).
        const { parseAutomergeUrl } = await import("@automerge/automerge-repo");
        const ids = m.urls.map(url => parseAutomergeUrl(url).documentId);
        while (!ids.every(id => repo.handles[id]?.isReady())) {
          await new Promise(resolve => setTimeout(resolve, 20));
        }
        handles = await Promise.all(m.urls.map(url => repo.find(url)));
        let waiting = 0;
        handles.forEach((handle, j) => {
          const done = () => complete(m.edit, handle.doc(), m.want[j]);
          if (done()) return;
          waiting++;
          const check = () => {
            if (!done()) return;
            handle.off("change", check);
            if (--waiting === 0) process.send({ type: "converged" });
          };
          handle.on("change", check);
        });
        process.send({ type: "has-docs" });
        if (waiting === 0) process.send({ type: "converged" });
        break;
      }
      case "count":
        process.send({ type: "counted", ...counts });
        break;
      case "progress":
        process.send({ type: "progress", progress: { ...counts, notes: handles.reduce((n, h) => n + h.doc().notes.length, 0) } });
        break;
      case "heads":
        process.send({
          type: "heads",
          heads: handles.map((h, j) => {
            verify(edit, h.doc(), want[j], `the server's document ${j}`);
            return A.getHeads(h.doc()).sort().join(",");
          }),
        });
        break;
      case "flush": {
        const t = performance.now();
        await repo.flush();
        process.send({ type: "flushed", flushMs: performance.now() - t });
        break;
      }
    }
  }));
  process.send({ type: "listening", port: wss.address().port });
}

// ---------------------------------------------------------------------------------------
// A process of client repos.

async function clientsRole(opts) {
  const { Repo } = await import("@automerge/automerge-repo");
  const { WebSocketClientAdapter } = await import("@automerge/automerge-repo-network-websocket");
  const A = await import("@automerge/automerge");
  const { docs, clients, changes } = opts;
  const want = expected(docs, clients, changes);
  const mine = Array.from({ length: opts.count }, (_, k) => opts.first + k);
  const repos = new Map();
  for (const c of mine) {
    repos.set(c, new Repo({
      network: [new WebSocketClientAdapter(`ws://127.0.0.1:${opts.port}`)],
      peerId: `client-${c}`,
    }));
  }
  const handles = new Map();
  let changeBytes = 0;
  let made = 0;

  async function stream(c) {
    const own = handles.get(c);
    for (let i = 0; i < changes; i++) {
      const handle = own[docOf(c, i, clients, docs)];
      handle.change(d => {
        if (opts.edit === "note") d.notes.push({ id: `c${c}-${i}`, text: sentence(c, i) });
        else d[`c${c}`] = new A.ImmutableString(sentence(c, i));
      });
      changeBytes += A.getLastLocalChange(handle.doc()).byteLength;
      made++;
      await new Promise(resolve => setImmediate(resolve));
    }
  }

  process.on("message", reportErrors(async m => {
    switch (m.type) {
      case "create": {
        const repo = repos.get(0);
        const created = [];
        for (let j = 0; j < docs; j++) created.push(repo.create({ notes: [] }));
        process.send({ type: "created", urls: created.map(h => h.url) });
        break;
      }
      case "open": {
        for (const [c, repo] of repos) handles.set(c, await Promise.all(m.urls.map(url => repo.find(url))));
        process.send({ type: "ready" });
        break;
      }
      case "go": {
        let waiting = 0;
        const converged = new Promise(resolve => {
          for (const own of handles.values()) {
            own.forEach((handle, j) => {
              if (want[j].ids.length === 0) return;
              waiting++;
              const check = () => {
                if (!complete(opts.edit, handle.doc(), want[j])) return;
                handle.off("change", check);
                if (--waiting === 0) resolve();
              };
              handle.on("change", check);
            });
          }
        });
        await Promise.all(mine.map(stream));
        if (waiting > 0) await converged;
        process.send({ type: "converged" });
        break;
      }
      case "progress": {
        let notes = 0;
        for (const own of handles.values()) for (const h of own) notes += h.doc().notes.length;
        process.send({ type: "progress", progress: { made, notes } });
        break;
      }
      case "heads": {
        const heads = {};
        for (const [c, own] of handles) {
          heads[c] = own.map((handle, j) => {
            verify(opts.edit, handle.doc(), want[j], `client ${c}'s document ${j}`);
            return A.getHeads(handle.doc()).sort().join(",");
          });
        }
        process.send({ type: "heads", heads, changeBytes });
        break;
      }
    }
  }));
}

const opts = parseArgs(process.argv.slice(2));
process.on("SIGTERM", () => process.exit(0));
// A server or client process never outlives its coordinator.
if (opts.role !== "coordinator") process.on("disconnect", () => process.exit(1));
switch (opts.role) {
  case "coordinator": await coordinator(opts); break;
  case "server": await serverRole(opts); break;
  case "clients": await clientsRole(opts); break;
  default: fail(`unknown role ${opts.role}`);
}
