// What this process's run did, for the start-up code (cli/boot.ts): whether a lint loaded the
// engine, so a V8 code cache written by a run that did not (`--version`, `rules`) is replaced by
// one that holds the lint path's compiled functions.
export const runState = { engineLoaded: false };
