// A `<<` sent every text to the full path, as merge keys need; a shell script's heredoc in a
// ConfigMap (`cat <<EOF`) is text, and such texts take the fast path, read as the full path reads
// them. A `<<` that may be a merge key goes to the full path unless it is a plain block key merging
// aliases or a block map (yaml-anchors.ts, since round 17: `<<: *b` is the fast path's).
import { describe, expect, it } from 'vitest';
import { comparePaths } from './paths-compare.js';

const script = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: init',
  'data:',
  '  init.sh: |',
  '    #!/bin/sh',
  '    cat <<EOF > /etc/app.conf',
  '    listen 8080',
  '    EOF',
  "    cat <<-'END' | sh",
  '    echo hi',
  '    END',
  '',
].join('\n');

describe('heredocs take the fast path', () => {
  it.each([
    ['in a literal block scalar', script],
    ['its CRLF twin', script.replaceAll('\n', '\r\n')],
    ['in a plain value and a flow sequence', 'command: cat <<EOF > x\nargs: ["sh", "-c", "cat <<EOF\\nx\\nEOF"]\nshift: a<<b\n'],
    ['in a container command list', 'spec:\n  containers:\n  - name: a\n    args:\n    - |\n      cat << "EOF"\n      x\n      EOF\n'],
  ])('%s', (_name, text) => {
    expect(comparePaths(text)).toEqual({ fast: true });
  });
});

describe('a `<<` that may be a merge key', () => {
  it('a plain merge key of an alias: the fast path, read as the full path reads it', () => {
    const outcome = comparePaths('base: &b\n  a: 1\nmerged:\n  <<: *b\n  c: 2\n');
    expect(outcome.fast).toBe(true);
    expect(outcome.difference).toBeUndefined();
  });
});

describe('a `<<` that may be a merge key goes to the full path', () => {
  it.each([
    ['a merge key with a space before its colon', 'base: &b\n  a: 1\nmerged:\n  << : *b\n'],
    ['a quoted `<<` key', 'base: &b\n  a: 1\nmerged:\n  "<<": *b\n'],
    ['a merge key in a flow mapping', 'base: &b {a: 1}\nmerged: {<<: *b, c: 2}\n'],
    ['a complex `<<` key', 'base: &b {a: 1}\nmerged:\n  ? <<\n  : *b\n'],
    ['`<<` as a whole value', 'a: <<\n'],
  ])('%s', (_name, text) => {
    const outcome = comparePaths(text);
    expect(outcome.fast).toBe(false);
    expect(outcome.difference).toBeUndefined();
  });
});
