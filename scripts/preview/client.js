// The preview's side of every page (added by scripts/preview/server.mjs, never
// part of a build): reloads after a good build, and shows the compiler's
// errors over the page after a failed one, in the page's UI language. The
// errors are text from the editor's own files: written with textContent only.

const STRINGS = {
  zh: {
    heading: (n) => `构建失败：${n} 个错误`,
    lead: '下面仍是上一次成功构建的内容。修正这些问题并保存，页面会自动刷新。',
    where: (e) =>
      e.line > 0 ? `${e.file} 第 ${e.line} 行${e.column > 0 ? `，第 ${e.column} 列` : ''}` : e.file,
    fix: '修改方法：',
    terminal: '终端中的原文',
    hide: '隐藏',
  },
  en: {
    heading: (n) => `The build failed: ${n} error${n === 1 ? '' : 's'}`,
    lead: 'The page below is the last good build. Fix these and save: the page reloads by itself.',
    where: (e) =>
      e.line > 0 ? `${e.file}, line ${e.line}${e.column > 0 ? `, column ${e.column}` : ''}` : e.file,
    fix: 'How to fix: ',
    terminal: 'As the terminal shows it',
    hide: 'Hide',
  },
};

const strings = () => (document.documentElement.lang.startsWith('en') ? STRINGS.en : STRINGS.zh);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children.filter((c) => c != null));
  return node;
}

let errors = [];
let hidden = false;

function render() {
  document.getElementById('weekly-preview-errors')?.remove();
  if (!errors.length || hidden) return;
  const t = strings();
  const list = el(
    'ol',
    {},
    ...errors.map((e) =>
      el(
        'li',
        {},
        el('p', { className: 'where' }, t.where(e)),
        el('p', { className: 'what' }, e.message),
        e.help ? el('p', { className: 'fix' }, t.fix, e.help) : null,
        el('details', {}, el('summary', {}, t.terminal), el('pre', { lang: 'en' }, e.text)),
      ),
    ),
  );
  const hide = el('button', { type: 'button', className: 'hide' }, t.hide);
  hide.addEventListener('click', () => {
    hidden = true;
    render();
  });
  const panel = el(
    'section',
    { id: 'weekly-preview-errors', className: 'weekly-preview-errors' },
    el('h2', { id: 'weekly-preview-errors-heading' }, t.heading(errors.length)),
    el('p', {}, t.lead),
    list,
    hide,
  );
  panel.setAttribute('role', 'alert');
  panel.setAttribute('aria-labelledby', 'weekly-preview-errors-heading');
  document.body.append(panel);
}

// The app switches <html lang> with the reader's language: follow it.
new MutationObserver(render).observe(document.documentElement, {
  attributes: true,
  attributeFilter: ['lang'],
});

let seen = null;
const events = new EventSource('/__preview/events');
events.addEventListener('state', (event) => {
  const state = JSON.parse(event.data);
  // A good build after the one this page was loaded with: show it.
  if (seen !== null && state.build !== seen && state.ok) {
    location.reload();
    return;
  }
  seen = state.build;
  errors = state.ok ? [] : state.errors;
  hidden = false;
  render();
});
