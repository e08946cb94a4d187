// Preload (`NODE_OPTIONS="-r bench/report/cpu-at-exit.cjs"`, bench/report/located-seq.mjs):
// bench/cli/process-cpu.cjs's measurement (one JSON line { cpu, main } in ms appended to
// $KUBELINT_BENCH_CPU_OUT at exit), its 'exit' listener kept the last one, so that what kubelint
// does at exit (the located-ranges store's save) is counted: added first, it runs before kubelint's own.
require('../cli/process-cpu.cjs');

const measure = process.listeners('exit').at(-1);
const on = process.on.bind(process);
// Any 'exit' listener added later goes before the measurement: it is moved to the end each time.
process.on = process.addListener = function (event, listener) {
  on(event, listener);
  if (event === 'exit' && listener !== measure) {
    process.removeListener('exit', measure);
    on('exit', measure);
  }
  return process;
};
