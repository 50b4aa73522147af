// CPU time of processes read from /proc (Linux), for the benchmarks: on a
// machine shared with other work, CPU seconds do not depend on the neighbours
// the way wall-clock rates do.
import { execFileSync } from "node:child_process";
import fs from "node:fs";

const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim() || 100);

/** User + system CPU milliseconds used so far by one process. Throws when it is gone. */
export function procCpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) * TICK_MS; // utime + stime
}

/** The same for a process and all its descendants; 0 for a process that is gone. */
export function processTreeCpuMs(pid) {
  try {
    let ms = procCpuMs(pid);
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const kids = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim();
      for (const kid of kids ? kids.split(" ") : []) ms += processTreeCpuMs(Number(kid));
    }
    return ms;
  } catch {
    return 0;
  }
}
