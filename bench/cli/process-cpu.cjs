// Preload (`NODE_OPTIONS="-r bench/cli/process-cpu.cjs"`, bench/cli/first-parts.mjs): at exit, appends
// one JSON line to $KUBELINT_BENCH_CPU_OUT with the process's CPU in ms (user + sys, every thread,
// µs resolution) and the main thread's (/proc/thread-self/schedstat, ns; Linux only, else -1).
// `-r` is a Node option, not a V8 flag: the code caches are taken as without it.
const fs = require('node:fs');

process.on('exit', () => {
  const out = process.env.KUBELINT_BENCH_CPU_OUT;
  if (!out) return;
  const usage = process.cpuUsage();
  let main = -1;
  try {
    main = Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    // not Linux: the main thread's share is unknown
  }
  fs.appendFileSync(out, `${JSON.stringify({ cpu: (usage.user + usage.system) / 1000, main })}\n`);
});
