// Preload (`node -r ./bench/cli/thread-cpu.cjs ...`): at exit, appends one JSON line to
// $THREADS_OUT (default /tmp/kubelint-thread-cpu.log) with the CPU ms (user+sys, from
// /proc/self/task) of the main thread and of every other thread by name. On Node 20 V8's
// workers (TurboFan's concurrent compiles, concurrent GC) are all named "node": how a run's CPU
// splits between its JavaScript and V8 compiling it (BENCHMARKS.md round 6, r6cpu). Linux only.
const fs = require('node:fs');

process.on('exit', () => {
  const byName = {};
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, CLK_TCK 100
      const key = tid === String(process.pid) ? 'main' : name;
      byName[key] = (byName[key] ?? 0) + ms;
    } catch {
      // the thread ended meanwhile
    }
  }
  fs.appendFileSync(process.env.THREADS_OUT ?? '/tmp/kubelint-thread-cpu.log', `${JSON.stringify(byName)}\n`);
});
