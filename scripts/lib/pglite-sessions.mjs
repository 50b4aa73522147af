// Per-connection sessions for @electric-sql/pglite-socket 0.2.x.
//
// PGlite is ONE PostgreSQL backend. PGLiteSocketServer (with maxConnections > 1)
// multiplexes client connections onto it through a message queue that keeps a
// connection's explicit transaction together. Two things it does not do, and
// which the app and the test suite need:
//
//  1. Keep an extended-protocol batch (Parse/Bind/Describe/Execute … Sync) together
//     outside an explicit transaction: another connection's Parse could replace the
//     unnamed statement between our Parse and Execute.
//  2. Keep session state apart: `SET ROLE sotto_app` on one connection would apply to
//     every connection, and every login is the superuser whatever its user name.
//
// This replaces the queue's scheduler (same structure as the original) so that a
// connection keeps the backend until its batch ends (Sync or simple Query) and its
// transaction ends, and so that each connection runs as its own role: the login user
// of its startup message (`sotto_app` in the app URL, the superuser otherwise), or
// whatever it switched to with SET ROLE / RESET ROLE. Before a message from another
// connection runs, the scheduler applies that connection's role.
//
// Other session state (SET search_path, session-level set_config(…, false), prepared
// statement names, temp tables) is still shared; the app uses none of it. Nor is there
// a real password check: this is a demo/test database bound to 127.0.0.1.

const STARTUP_PROTOCOL = 196608; // 3.0
const BATCH_TYPES = new Set(["P", "B", "D", "E", "C", "H"]);
const ROLE_CHANGE = /\b(?:SET|RESET)\s+(?:SESSION\s+|LOCAL\s+)?(?:ROLE|SESSION\s+AUTHORIZATION)\b/i;

function startupParams(msg) {
  const params = {};
  const parts = Buffer.from(msg.subarray(8)).toString("utf8").split("\0");
  for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i]) params[parts[i]] = parts[i + 1];
  return params;
}

function isStartup(msg) {
  return msg.length >= 8 && Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength).readInt32BE(4) === STARTUP_PROTOCOL;
}

/** The SQL text of a simple Query ('Q') or Parse ('P') message, else null. */
function sqlOf(msg) {
  const type = String.fromCharCode(msg[0]);
  if (type === "Q") return Buffer.from(msg.subarray(5)).toString("utf8");
  if (type === "P") {
    const body = Buffer.from(msg.subarray(5));
    const nameEnd = body.indexOf(0);
    const sqlEnd = body.indexOf(0, nameEnd + 1);
    return body.subarray(nameEnd + 1, sqlEnd).toString("utf8");
  }
  return null;
}

const quoteIdent = (s) => `"${String(s).replaceAll('"', '""')}"`;

/** A backend ErrorResponse message (severity ERROR) with SQLSTATE `code`. */
function errorResponse(code, message) {
  const fields = Buffer.concat([
    ...[
      ["S", "ERROR"],
      ["V", "ERROR"],
      ["C", code],
      ["M", message],
    ].map(([k, v]) => Buffer.concat([Buffer.from(k), Buffer.from(v, "utf8"), Buffer.from([0])])),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(5);
  head.write("E", 0);
  head.writeInt32BE(4 + fields.length, 1);
  return new Uint8Array(Buffer.concat([head, fields]));
}

const READY_IDLE = new Uint8Array(Buffer.from([0x5a, 0, 0, 0, 5, 0x49])); // ReadyForQuery 'I'


/**
 * Installs the session-aware scheduler on a PGLiteSocketServer (before start()).
 * `superuser` is PGlite's login role ("postgres").
 */
export function installSessionScheduler(server, db, { superuser = "postgres", debug = false, waitTimeoutMs = 30_000 } = {}) {
  const queue = server.queryQueue;
  if (!queue || typeof queue.enqueue !== "function" || !Array.isArray(queue.queue)) {
    throw new Error("pglite-socket internals changed: QueryQueueManager not found (pinned to 0.2.17)");
  }
  const wantedRole = new Map(); // handlerId -> role this connection runs as
  const dirty = new Set(); // handlers that may have changed their role
  const inBatch = new Set(); // handlers between an extended-protocol message and its Sync
  let sessionRole = superuser; // the backend's current role
  const knownRoles = new Set([superuser]);
  const say = (...a) => debug && console.log("[pglite-sessions]", ...a);
  const lastSql = new Map(); // handlerId -> last statement text, for the wait-timeout message
  const discarding = new Set(); // handlers whose extended-protocol batch failed: skip to Sync

  async function roleExists(name) {
    if (knownRoles.has(name)) return true;
    const res = await db.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [name]);
    if (res.rows.length) knownRoles.add(name);
    return res.rows.length > 0;
  }

  async function applyRole(handlerId) {
    const wanted = wantedRole.get(handlerId) ?? superuser;
    if (wanted === sessionRole) return;
    if (wanted === superuser) await db.exec("RESET ROLE");
    else if (await roleExists(wanted)) await db.exec(`SET ROLE ${quoteIdent(wanted)}`);
    else {
      // Unknown login (e.g. sotto_app before the migration created it): run as the superuser.
      await db.exec("RESET ROLE");
      say(`role ${wanted} does not exist yet; handler #${handlerId} runs as ${superuser}`);
      sessionRole = superuser;
      return;
    }
    sessionRole = wanted;
  }

  async function refreshRole(handlerId) {
    const res = await db.query("SELECT current_user AS u");
    sessionRole = res.rows[0].u;
    wantedRole.set(handlerId, sessionRole);
    dirty.delete(handlerId);
  }

  const busy = (handlerId) => handlerId != null && (db.isInTransaction() || inBatch.has(handlerId));

  queue.processQueue = async function processQueue() {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        let item;
        if (busy(this.lastHandlerId)) {
          const i = this.queue.findIndex((q) => q.handlerId === this.lastHandlerId);
          if (i === -1) break; // wait for the owner's next message
          item = this.queue.splice(i, 1)[0];
        } else item = this.queue.shift();

        const id = item.handlerId;
        const msg = item.message;
        try {
          if (isStartup(msg)) {
            const user = startupParams(msg).user;
            if (user) wantedRole.set(id, user);
          } else {
            const type = String.fromCharCode(msg[0]);
            if (!busy(this.lastHandlerId)) await applyRole(id);
            const sql = sqlOf(msg);
            if (sql) lastSql.set(id, sql);
            if (sql && ROLE_CHANGE.test(sql)) dirty.add(id);
            if (BATCH_TYPES.has(type)) inBatch.add(id);
            else if (type === "S" || type === "Q") inBatch.delete(id);
          }
          let bytes = 0;
          await db.runExclusive(() =>
            db.execProtocolRawStream(msg, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
          this.lastHandlerId = id;
          if (dirty.has(id) && !busy(id)) await refreshRole(id);
          item.resolve(bytes);
        } catch (error) {
          say(`message from handler #${id} failed`, error);
          this.lastHandlerId = id;
          item.reject(error);
        }
      }
    } finally {
      this.processing = false;
    }
  };

  // After a refused extended-protocol message, PostgreSQL skips the batch up to Sync and
  // answers the Sync with ReadyForQuery; do the same without touching the backend.
  const enqueue = queue.enqueue.bind(queue);
  queue.enqueue = function (handlerId, message, onData) {
    if (!discarding.has(handlerId)) return enqueue(handlerId, message, onData);
    if (String.fromCharCode(message[0]) === "S") {
      discarding.delete(handlerId);
      onData(READY_IDLE);
    }
    return Promise.resolve(0);
  };

  // PGlite runs one transaction at a time: a connection that waits for another one's open
  // transaction would wait forever if that transaction in turn waits for it (code that
  // holds a transaction and queries through a second connection works on PostgreSQL).
  // Refuse such a wait after waitTimeoutMs with an error that says so, instead of hanging.
  if (waitTimeoutMs > 0) {
    const timer = setInterval(() => {
      const owner = queue.lastHandlerId;
      if (queue.processing || !queue.queue.length || !busy(owner)) return;
      const now = Date.now();
      for (const item of [...queue.queue]) {
        if (item.handlerId === owner || now - item.timestamp < waitTimeoutMs) continue;
        queue.queue.splice(queue.queue.indexOf(item), 1);
        const type = String.fromCharCode(item.message[0]);
        const message =
          `embedded PostgreSQL (PGlite) runs one transaction at a time: this connection waited ${Math.round((now - item.timestamp) / 1000)}s ` +
          `for another connection's open transaction (its last statement: ${(lastSql.get(owner) ?? "?").slice(0, 200)}). ` +
          `Does code hold a transaction while querying through a second connection?`;
        console.error(`[embedded-db] ${message}`);
        item.onData(errorResponse("55P03", message));
        if (type === "Q") item.onData(READY_IDLE);
        else if (BATCH_TYPES.has(type)) discarding.add(item.handlerId);
        else if (type === "S") item.onData(READY_IDLE);
        item.resolve(0);
      }
    }, 1000);
    timer.unref();
  }

  // A connection that goes away releases the backend: roll back its transaction,
  // forget its batch and role, and let the others run.
  queue.clearTransactionIfNeeded = async function clearTransactionIfNeeded(handlerId) {
    const owned = this.lastHandlerId === handlerId;
    wantedRole.delete(handlerId);
    dirty.delete(handlerId);
    lastSql.delete(handlerId);
    discarding.delete(handlerId);
    const hadBatch = inBatch.delete(handlerId);
    if (owned && (db.isInTransaction() || hadBatch)) {
      try {
        await db.exec("ROLLBACK");
      } catch (error) {
        say("rollback after disconnect failed", error);
      }
      this.lastHandlerId = null;
    }
    await this.processQueue();
  };
}
