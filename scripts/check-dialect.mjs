// The views' size dialect (README, "Choices made where the spec is
// silent"): a reactive part of a view is `{dynamic(move || …)}` and an
// effect is `effect(move || …)` (src/state/mod.rs), so the framework's code
// for each is compiled once per output type instead of once per closure.
// This check fails on a bare reactive closure as a view's child
// (`{move || …}`) or an `Effect::new` anywhere in src/, unless the line
// before says why (`// dialect: <reason>`). Run by scripts/test.sh.
//   node scripts/check-dialect.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RULES = [
  { name: 'a bare reactive closure in a view (write `{dynamic(move || …)}`)', re: /\{\s*move\s*\|\|/ },
  { name: '`Effect::new` (write `state::effect`)', re: /\bEffect::new\b/ },
];
// The one place each rule's real thing lives.
const HOME = { '`Effect::new` (write `state::effect`)': 'src/state/mod.rs' };

function* rustFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* rustFiles(file);
    else if (entry.name.endsWith('.rs')) yield file;
  }
}

const found = [];
let exceptions = 0;
for (const file of rustFiles(path.join(ROOT, 'src'))) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    for (const rule of RULES) {
      if (!rule.re.test(code) || HOME[rule.name] === rel) continue;
      const reason = (lines[i - 1] ?? '').match(/\/\/\s*dialect:\s*(\S.*)$/);
      if (reason) exceptions++;
      else found.push(`${rel}:${i + 1}: ${rule.name}\n    ${line.trim()}`);
    }
  });
}
if (found.length) {
  console.error(`check-dialect: ${found.length} line(s) outside the views' dialect (add \`// dialect: <why>\` on the line before a reasoned exception):\n${found.join('\n')}`);
  process.exit(1);
}
console.log(`check-dialect: every reactive part and effect in src/ follows the dialect (${exceptions} reasoned exception(s))`);
