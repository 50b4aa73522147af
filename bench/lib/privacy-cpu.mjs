// CPU time of one piece of work, PostgreSQL included, for bench/privacy.mjs.
// On a machine shared with other work wall-clock rates mostly measure the
// neighbours; CPU seconds spent by this process and by the database backends
// serving it (matched by application_name) do not, so rows per CPU-second is
// comparable across runs and machines of the same kind.
import { procCpuMs } from "./proc-cpu.mjs";

/** Samples the backends named `appName` every 250 ms between start() and stop(); a backend born in between counts from zero. */
export function cpuMeter(ownerPool, appName) {
  let seen;
  let timer;
  let node;
  const sample = async (born) => {
    const { rows } = await ownerPool.query(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [appName]);
    for (const { pid } of rows) {
      try {
        const ms = procCpuMs(pid);
        const e = seen.get(pid);
        if (e) e.last = ms;
        else seen.set(pid, { first: born ? 0 : ms, last: ms });
      } catch {
        // the backend exited between the query and the read: its last sample stands
      }
    }
  };
  return {
    async start() {
      seen = new Map();
      await sample(false);
      node = process.cpuUsage();
      timer = setInterval(() => void sample(true).catch(() => undefined), 250);
    },
    async stop() {
      clearInterval(timer);
      const n = process.cpuUsage(node);
      await sample(true);
      let pg = 0;
      for (const e of seen.values()) pg += e.last - e.first;
      const nodeMs = Math.round((n.user + n.system) / 1000);
      return { node_ms: nodeMs, postgres_ms: Math.round(pg), total_ms: nodeMs + Math.round(pg) };
    },
  };
}
