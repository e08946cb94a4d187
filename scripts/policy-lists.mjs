// The wasm build's form of a rule module: its `violation contains <head> if { <body> }` rules
// rewritten as array comprehensions, `violation_list := [<head> | <body>] ++ ...`, which
// build/policies/main.rego returns. OPA's wasm hashes every member of a set: on insert, and again
// per step when the set is iterated (its JSON dump included), a full pass over each violation's
// message each time; an array is appended to and dumped without hashing (legacy 1,000: the
// evaluation 0.77x). The sources and their tests keep the partial sets; the one difference, a
// violation found twice through different bindings, is reported once by the engine
// (engine/rego-results.ts batchViolations), as the set did.
// Line numbers are kept (an opening line becomes `violation_list_<k> := [<head> |`, its closing
// `}` a `]`): opa records them for its errors. The list itself is appended after the last line.

const OPEN = /^violation contains (.+) if \{$/;
export const LIST_RULE = 'violation_list';

/**
 * The module `source` (opa fmt's layout) with its violation rules as arrays; throws, naming `file`,
 * on any `violation` rule of another form (the wasm would miss it silently otherwise).
 */
export function asLists(source, file) {
  if (new RegExp(`\\b${LIST_RULE}`).test(source)) throw new Error(`${file}: already defines ${LIST_RULE}, the name the wasm build gives the violation rules`);
  const lines = source.split('\n');
  const parts = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i]);
    if (!open) {
      if (/^violation\b/.test(lines[i])) throw new Error(`${file}:${i + 1}: cannot rewrite this violation rule for the wasm build: write it as \`violation contains <head> if {\` ... \`}\``);
      continue;
    }
    const close = lines.indexOf('}', i + 1);
    if (close === -1) throw new Error(`${file}:${i + 1}: the violation rule's body has no closing \`}\` line`);
    parts.push(`${LIST_RULE}_${parts.length + 1}`);
    lines[i] = `${parts.at(-1)} := [${open[1]} |`;
    lines[close] = ']';
    i = close;
  }
  if (parts.length === 0) return source;
  const list = parts.slice(1).reduce((all, part) => `array.concat(${all}, ${part})`, parts[0]);
  return `${lines.join('\n').replace(/\n*$/, '\n')}\n${LIST_RULE} := ${list}\n`;
}
