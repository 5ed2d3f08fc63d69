// What a cold query reads from a published search index: files and bytes
// (brotli, quality 11, as a host serves them), per query, and the index's
// file count and size. `node tests/bench/query-bytes.mjs DATA [QUERY...]`;
// the files come from the app's own choice (crates/core/examples/query_files.rs).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';

const [data, ...asked] = process.argv.slice(2);
if (!data) throw new Error('usage: node tests/bench/query-bytes.mjs DATA [QUERY...]');
const queries = asked.length
  ? asked
  : ['负载均衡', '共享内存', '服务网格', '事件过滤', 'Envoy', 'knative', 'filters', '安全', 'Envoy 负载均衡', '云原生', '云'];
const out = execFileSync('cargo', ['run', '-q', '-p', 'weekly-core', '--example', 'query_files', '--', data, ...queries]);
const brotli = (file) =>
  zlib.brotliCompressSync(fs.readFileSync(path.join(data, file)), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const weigh = (list) => {
  const files = list ? list.split(' ') : [];
  return `${files.length} / ${files.reduce((sum, f) => sum + brotli(f), 0).toLocaleString('en')}`;
};
console.log('| query | first pass: files / bytes | with its words: files / bytes |\n|---|---|---|');
for (const line of out.toString().trim().split('\n')) {
  const [q, first, all] = line.split('\t');
  console.log(`| \`${q}\` | ${weigh(first)} | ${weigh(all)} |`);
}
const dir = path.join(data, 'search');
const names = fs.readdirSync(dir);
const raw = names.reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
console.log(`\n${names.length} index files, ${raw.toLocaleString('en')} bytes of JSON`);
