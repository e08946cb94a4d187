#!/usr/bin/env node
// The GitHub Action's report step (action.yml): from kubelint's JSON report it writes
//  - annotations within GitHub's limits (10 errors, 10 warnings and 10 notices per step; more are
//    dropped silently by GitHub), the most severe first, and a notice naming what was left out;
//  - the job summary ($GITHUB_STEP_SUMMARY): counts per rule, the top findings with links, and
//    where the SARIF report is.
// Usage: node scripts/action-report.mjs <report.json>   (environment: see `env` below)
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { escapeData, escapeProperty } from '../dist/report/github.js';

const PER_LEVEL = 10; // GitHub's per-step limit for each of error, warning, notice
const TOP = 30; // findings listed in the summary
const LEVEL = { error: 'error', warning: 'warning', info: 'notice' };
const ORDER = { error: 0, warning: 1, info: 2 };

const env = process.env;
const reportFile = process.argv[2];
const workspace = env.GITHUB_WORKSPACE || process.cwd();
const annotate = env.KUBELINT_ANNOTATIONS !== 'false';
const sarif = env.KUBELINT_SARIF || '';
const uploaded = env.KUBELINT_UPLOAD_SARIF === 'true';
const exitCode = env.KUBELINT_EXIT_CODE ?? '';

/** A finding's file relative to the repository (annotations and links need that), or undefined. */
function repoPath(file) {
  if (!file || /^<.*>$/.test(file)) return undefined;
  const rel = path.relative(workspace, path.resolve(process.cwd(), file));
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
}

function subject(f) {
  const r = f.resource;
  return r ? `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}` : '';
}

function annotation(f) {
  const props = [];
  const file = repoPath(f.file);
  if (file) props.push(`file=${escapeProperty(file)}`);
  if (f.line) props.push(`line=${f.line}`, `col=${f.column}`, `endLine=${f.endLine}`, `endColumn=${f.endColumn}`);
  props.push(`title=${escapeProperty(`kubelint ${f.ruleId}`)}`);
  const where = [subject(f), f.path].filter(Boolean).join(' ');
  return `::${LEVEL[f.severity]} ${props.join(',')}::${escapeData(where ? `${f.message} (${where})` : f.message)}`;
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').slice(0, 300);

function link(f) {
  const file = repoPath(f.file);
  const label = `${f.file ?? '-'}${f.line ? `:${f.line}:${f.column}` : ''}`;
  if (!file || !env.GITHUB_SERVER_URL || !env.GITHUB_REPOSITORY || !env.GITHUB_SHA) return `\`${cell(label)}\``;
  const url = `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}/${file}${f.line ? `#L${f.line}` : ''}`;
  return `[${cell(label)}](${url})`;
}

function sarifLine() {
  if (!sarif) return '';
  if (uploaded && env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) {
    return `SARIF: \`${sarif}\`, uploaded to [code scanning](${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/security/code-scanning?query=tool%3Akubelint).`;
  }
  return `SARIF: \`${sarif}\` (set \`upload-sarif: true\` to send it to code scanning).`;
}

function summary(report, findings, left) {
  const s = report.summary;
  const lines = [`## kubelint: ${s.errors} errors, ${s.warnings} warnings, ${s.infos} infos in ${s.resources} resources`, ''];
  if (exitCode === '2') lines.push('> [!CAUTION]', '> kubelint could not read some input (exit code 2): see the findings marked fatal and the log.', '');
  if (findings.length === 0) {
    lines.push(s.suppressed > 0 ? `No findings (${s.suppressed} suppressed).` : 'No findings.');
  } else {
    const byRule = new Map();
    for (const f of findings) {
      const entry = byRule.get(f.ruleId) ?? { severity: f.severity, count: 0 };
      entry.count += 1;
      byRule.set(f.ruleId, entry);
    }
    lines.push('| Rule | Severity | Findings |', '| --- | --- | ---: |');
    const rules = [...byRule].sort((a, b) => ORDER[a[1].severity] - ORDER[b[1].severity] || b[1].count - a[1].count || a[0].localeCompare(b[0]));
    for (const [rule, { severity, count }] of rules) lines.push(`| \`${rule}\` | ${severity} | ${count} |`);
    lines.push('', `### Top findings${findings.length > TOP ? ` (${TOP} of ${findings.length})` : ''}`, '', '| Severity | Where | Rule | Message |', '| --- | --- | --- | --- |');
    for (const f of findings.slice(0, TOP)) lines.push(`| ${f.severity} | ${link(f)} | \`${f.ruleId}\` | ${cell(f.message)} |`);
    if (left > 0) lines.push('', `${left} findings are not annotated (GitHub shows ${PER_LEVEL} per severity and step): they are all in the log above and in the SARIF report.`);
    if (s.suppressed > 0) lines.push('', `${s.suppressed} suppressed findings are not listed.`);
  }
  const where = sarifLine();
  if (where) lines.push('', where);
  return lines.join('\n') + '\n';
}

function main() {
  if (!reportFile || !existsSync(reportFile)) {
    const text = `## kubelint\n\nkubelint exited with code ${exitCode || 'unknown'} before writing a report (usage or config error): see the log.\n`;
    if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, text);
    console.log(`::error title=kubelint::kubelint exited with code ${exitCode || 'unknown'} before writing a report; see the log`);
    return;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const findings = report.findings
    .filter((f) => !f.suppressed)
    .sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || String(a.file).localeCompare(String(b.file)) || (a.line ?? 0) - (b.line ?? 0));
  let left = 0;
  if (annotate) {
    const used = { error: 0, warning: 0, notice: 0 };
    // One notice slot is kept for saying that annotations were left out.
    const cap = (level) => (level === 'notice' ? PER_LEVEL - 1 : PER_LEVEL);
    for (const f of findings) {
      const level = LEVEL[f.severity];
      if (used[level] < cap(level)) {
        used[level] += 1;
        console.log(annotation(f));
      } else left += 1;
    }
    if (left > 0) console.log(`::notice title=kubelint::${left} more findings are not annotated (GitHub's limit is ${PER_LEVEL} per severity): see the job summary and the log`);
  }
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, summary(report, findings, left));
}

main();
