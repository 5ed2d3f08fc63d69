/*! Weekly embed snippet: puts the reader in an iframe on a portal's page.
 *
 *   <div data-weekly-embed data-src="https://weekly.example/issues/3"
 *        data-theme="dark" data-lang="en"></div>
 *   <script src="https://weekly.example/embed.js" defer></script>
 *
 * or, from a script: WeeklyEmbed.mount(element, { src, theme, lang, title, sandbox, memory }).
 * data-memory="1" (memory: true) lets the reader in the frame remember what
 * was read there (unread marks, where to continue); without it the frame
 * remembers nothing (the browser partitions its storage per portal anyway).
 *
 * The frame takes the height of its content, the reader's route is kept in
 * the portal's URL hash (#weekly=/issues/3, with replaceState: the portal's
 * history does not grow), and a portal loaded with that hash opens the same
 * route. Messages are taken only from the frame's own window and the
 * reader's origin; see the README for the protocol. No dependencies.
 */
(function () {
  'use strict';
  var VERSION = 1;
  var HASH = '#weekly=';
  var script = document.currentScript;
  // The reader's base URL: where this script was served from.
  var scriptBase = script && script.src ? new URL('./', script.src) : null;
  var hashTaken = false;

  function sitePath(path) {
    return typeof path === 'string' && path.charAt(0) === '/' && path.charAt(1) !== '/' &&
      path.length <= 2048 && !/[\\\s\u0000-\u001f\u007f]/.test(path);
  }

  function hashPath() {
    if (location.hash.indexOf(HASH) !== 0) return null;
    try {
      var path = decodeURIComponent(location.hash.slice(HASH.length));
      return sitePath(path) ? path : null;
    } catch (e) {
      return null;
    }
  }

  // Whether a frame's sandbox has a flag. Its tokens are ASCII
  // case-insensitive (ALLOW-SAME-ORIGIN is allow-same-origin), but a
  // DOMTokenList compares exactly: the frame's own list is read (the
  // browser's split), each token lowercased; without one, the attribute.
  function sandboxHas(frame, flag) {
    var list = frame.sandbox;
    var tokens = [];
    if (list && typeof list.item === 'function') {
      for (var i = 0; i < list.length; i++) tokens.push(list.item(i));
    } else {
      tokens = String(frame.getAttribute('sandbox') || '').split(/[\t\n\f\r ]+/);
    }
    for (var j = 0; j < tokens.length; j++) {
      if (tokens[j].replace(/[A-Z]/g, function (c) { return c.toLowerCase(); }) === flag) return true;
    }
    return false;
  }

  function mount(el, options) {
    options = options || {};
    var src = new URL(options.src || el.getAttribute('data-src') || (scriptBase && scriptBase.href), location.href);
    var base = options.base ? new URL(options.base, src) : (scriptBase && scriptBase.origin === src.origin ? scriptBase : new URL('/', src));
    var basePath = base.pathname.replace(/\/$/, '');
    var origin = src.origin;
    var initial = src.pathname.indexOf(basePath) === 0 ? src.pathname.slice(basePath.length) || '/' : '/';
    // Only the first embed of a page follows the page's hash.
    var followsHash = !hashTaken;
    hashTaken = true;
    var path = (followsHash && hashPath()) || initial + src.search;
    var theme = options.theme || el.getAttribute('data-theme');
    var lang = options.lang || el.getAttribute('data-lang');
    var sandbox = options.sandbox != null ? options.sandbox : el.getAttribute('data-sandbox');
    var memory = options.memory != null ? options.memory : el.getAttribute('data-memory');

    var url = new URL(basePath + path, origin);
    url.searchParams.set('embed', '1');
    if (theme === 'light' || theme === 'dark') url.searchParams.set('theme', theme);
    if (lang === 'zh' || lang === 'en') url.searchParams.set('lang', lang);
    if (memory === true || memory === '1' || memory === 'true') url.searchParams.set('memory', '1');

    var frame = document.createElement('iframe');
    frame.title = options.title || el.getAttribute('data-title') || '云原生生态周报 · Cloud Native Ecosystem Weekly';
    frame.loading = 'lazy';
    if (sandbox != null) frame.setAttribute('sandbox', sandbox);
    frame.style.setProperty('width', '100%');
    frame.style.setProperty('border', '0');
    frame.style.setProperty('display', 'block');
    frame.style.setProperty('height', (options.height || 600) + 'px');
    frame.src = url.href;
    // A frame without allow-same-origin has an opaque origin: its messages come from "null",
    // and messages to it cannot name an origin.
    var opaque = sandbox != null && !sandboxHas(frame, 'allow-same-origin');
    var target = opaque ? '*' : origin;
    var reported = path;

    function post(message) {
      if (frame.contentWindow) frame.contentWindow.postMessage(message, target);
    }

    function onMessage(event) {
      if (event.source !== frame.contentWindow) return;
      if (event.origin !== origin && !(opaque && event.origin === 'null')) return;
      var data = event.data;
      if (!data || typeof data !== 'object' || data.v !== VERSION) return;
      heard = true;
      if (data.type === 'weekly:resize') {
        var height = Number(data.height);
        if (isFinite(height) && height > 0 && height < 1e6) {
          frame.style.setProperty('height', Math.ceil(height) + 'px');
        }
      } else if (data.type === 'weekly:navigate' && sitePath(data.path)) {
        reported = data.path;
        if (!followsHash) return;
        history.replaceState(history.state, '', location.pathname + location.search + HASH + encodeURIComponent(data.path));
      }
    }

    function onHashChange() {
      if (!followsHash) return;
      var wanted = hashPath();
      if (wanted && wanted !== reported) navigate(wanted);
    }

    function navigate(to) {
      if (!sitePath(to)) return false;
      post({ type: 'weekly:navigate', v: VERSION, path: to });
      return true;
    }

    window.addEventListener('message', onMessage);
    window.addEventListener('hashchange', onHashChange);
    // The reader may start listening after the frame's load event: say hello
    // until it answers (it answers with its height and route).
    var heard = false;
    var hellos = 0;
    function hello() {
      if (heard || hellos++ >= 20) return;
      post({ type: 'weekly:hello', v: VERSION });
      setTimeout(hello, 250);
    }
    frame.addEventListener('load', function () {
      heard = false;
      hellos = 0;
      hello();
    });
    el.appendChild(frame);
    return {
      iframe: frame,
      navigate: navigate,
      destroy: function () {
        window.removeEventListener('message', onMessage);
        window.removeEventListener('hashchange', onHashChange);
        frame.remove();
      },
    };
  }

  window.WeeklyEmbed = { mount: mount, version: VERSION };
  function mountAll() {
    var els = document.querySelectorAll('[data-weekly-embed]:not([data-weekly-mounted])');
    for (var i = 0; i < els.length; i++) {
      els[i].setAttribute('data-weekly-mounted', '');
      // The handle (navigate, destroy) stays reachable from the element.
      els[i].weeklyEmbed = mount(els[i]);
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
  else mountAll();
})();
