// speech.js — read aloud: the open card (at the chosen reading depth) or the list of results, spoken by
// the browser's speech synthesis (Web Speech API) with the system's voices, so offline where the device
// has them. Play, pause, stop and speed in a bar of real buttons (keyboard operable: Tab, Enter/Space,
// Esc stops); the sentence being read is highlighted and kept in view in the text view here, and in
// the canvas through the `read …` command (the UI draws it). Says plainly when there is no voice.
// Runs after app.js; calls into the app only through window.atlasApp.bridge (web/bridge.js).
'use strict';

(function () {
  const { el, t } = window.AtlasPage;
  const $ = (id) => document.getElementById(id);
  const RATES = [0.75, 1, 1.25, 1.5];
  const RATE_KEY = 'mecfs-atlas-speech-rate';
  const synth = window.speechSynthesis || null;

  let script = [];       // [{say, at, part, item, from16, to16}] from the app (bridge.readScript)
  let index = 0;
  let what = null;       // 'card' | 'list' | null
  let paused = false;
  let utterance = null;  // the one being spoken; events of older ones are ignored
  let rate = Number(localStorage.getItem(RATE_KEY)) || 1;
  if (!RATES.includes(rate)) rate = 1;

  // [SECTION] The bar
  // Labelled through data-i18n: app.js says the page's static words in the reader's language.
  const bar = el('div', null, { id: 'reader-bar', role: 'region', 'aria-label': 'Read aloud', 'data-i18n-aria-label': 'speech.region', hidden: '' });
  const toggle = el('button', 'Pause', { type: 'button', id: 'reader-toggle' });
  const stopButton = el('button', 'Stop', { type: 'button', id: 'reader-stop', 'data-i18n': 'speech.stop' });
  const speedLabel = el('label', 'Speed', { for: 'reader-speed', 'data-i18n': 'speech.speed' });
  const speed = el('select', null, { id: 'reader-speed' });
  for (const r of RATES) {
    const option = el('option', r + '×', { value: String(r) });
    option.selected = r === rate;
    speed.append(option);
  }
  const status = el('p', null, { id: 'reader-status', role: 'status', 'aria-live': 'polite' });
  bar.append(toggle, stopButton, speedLabel, speed, status);
  document.body.append(bar);

  const bridge = () => window.atlasApp && window.atlasApp.bridge;
  const command = (text) => { const b = bridge(); return !!b && b.command(text); };

  function englishVoice() {
    const voices = synth ? synth.getVoices() : [];
    const english = voices.filter((v) => /^en([-_]|$)/i.test(v.lang));
    // A voice on the device works offline; prefer it, then the system's default.
    return english.find((v) => v.localService && v.default) || english.find((v) => v.localService) || english.find((v) => v.default) || english[0] || null;
  }
  // Voices arrive asynchronously in some browsers: wait a moment for them before saying there are none.
  function whenVoices() {
    if (!synth) return Promise.resolve(null);
    if (synth.getVoices().length) return Promise.resolve(englishVoice());
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); synth.removeEventListener('voiceschanged', done); resolve(englishVoice()); };
      const timer = setTimeout(done, 1500);
      synth.addEventListener('voiceschanged', done);
    });
  }

  function show(message) {
    bar.hidden = false;
    status.textContent = message;
  }

  // [SECTION] The sentence being read: marked in the text view (a <mark> around its characters) and
  // in the canvas (the `read` command), and kept in view in both.
  function unmark() {
    for (const m of document.querySelectorAll('mark.reading')) {
      const parent = m.parentNode;
      m.replaceWith(document.createTextNode(m.textContent));
      parent.normalize();
    }
    for (const n of document.querySelectorAll('.reading-block')) n.classList.remove('reading-block');
  }
  function target(s) {
    if (s.part === 'list') return s.item >= 0 ? $('mirror-list').children[s.item] || null : null;
    const card = $('mirror-card');
    if (s.part === 'title') return $('mirror-card-title');
    if (s.part === 'badges') return card.querySelector('.badges');
    if (s.part === 'retraction') return card.querySelector('.retraction');
    if (s.part === 'draft') return card.querySelector('.draft-notice');
    const section = card.querySelector('[data-section="' + CSS.escape(s.part) + '"]');
    if (!section) return null;
    if (s.item === -1) return section.querySelector('p');
    if (s.item === -2) return section.querySelector('h3, h4');
    if (s.item === -3) return section.querySelector('h4');
    return section.querySelectorAll('li')[s.item] || null;
  }
  function mark(s) {
    unmark();
    const node = target(s);
    if (!node) return;
    const text = node.textContent;
    // A sentence within one text node (paragraphs and list items hold one): wrap exactly it.
    if (s.to16 > s.from16 && node.childNodes.length === 1 && node.firstChild.nodeType === Node.TEXT_NODE && s.to16 <= text.length &&
        !(s.from16 === 0 && s.to16 === text.length)) {
      const m = el('mark', text.slice(s.from16, s.to16), { class: 'reading' });
      node.replaceChildren(text.slice(0, s.from16), m, text.slice(s.to16));
      m.scrollIntoView({ block: 'nearest' });
    } else {
      node.classList.add('reading-block');
      node.scrollIntoView({ block: 'nearest' });
    }
  }

  // [SECTION] Speaking
  function speak() {
    if (index >= script.length) { stop(t('speech.finished')); return; }
    const s = script[index];
    const u = new SpeechSynthesisUtterance(s.say);
    u.lang = 'en';   // the study text is English, whatever the interface language
    const voice = englishVoice();
    try { if (voice) u.voice = voice; } catch (e) { /* not a voice this browser accepts: its default speaks */ }
    u.rate = rate;
    u.onstart = () => {
      if (u !== utterance) return;
      command('read ' + s.at);
      mark(s);
      status.textContent = t(what === 'list' ? 'speech.reading_list' : 'speech.reading_card', [String(index + 1), String(script.length)]);
    };
    u.onend = () => {
      if (u !== utterance) return;
      index++;
      speak();
    };
    u.onerror = (e) => {
      if (u !== utterance || e.error === 'interrupted' || e.error === 'canceled') return;
      stop(t('speech.error', [e.error]));
    };
    utterance = u;
    synth.speak(u);
  }

  async function start(kind) {
    const b = bridge();
    if (!b) return;
    stop();
    if (!synth || typeof window.SpeechSynthesisUtterance !== 'function') {
      show(t('speech.no_api'));
      toggle.hidden = true;
      return;
    }
    const voice = await whenVoices();
    if (!voice) {
      show(t('speech.no_voice'));
      toggle.hidden = true;
      return;
    }
    try { script = JSON.parse(b.readScript(kind)); } catch (e) { script = []; }
    if (!script.length) { show(t(kind === 'card' ? 'speech.nothing_card' : 'speech.nothing_list')); toggle.hidden = true; return; }
    what = kind;
    index = 0;
    paused = false;
    toggle.hidden = false;
    toggle.textContent = t('speech.pause');
    bar.hidden = false;
    toggle.focus({ preventScroll: true });
    speak();
  }

  function stop(message) {
    const wasReading = what !== null;
    what = null;
    utterance = null;
    paused = false;
    if (synth) synth.cancel();
    unmark();
    if (wasReading) command('read off');
    if (message) show(message);
    else bar.hidden = true;
    toggle.hidden = true;
  }

  function pauseOrResume() {
    if (!what) return;
    paused = !paused;
    if (paused) synth.pause(); else synth.resume();
    toggle.textContent = t(paused ? 'speech.resume' : 'speech.pause');
    status.textContent = t(paused ? 'speech.paused' : 'speech.reading');
  }

  toggle.addEventListener('click', pauseOrResume);
  stopButton.addEventListener('click', () => stop());
  speed.addEventListener('change', () => {
    rate = Number(speed.value) || 1;
    try { localStorage.setItem(RATE_KEY, String(rate)); } catch (e) { /* not remembered */ }
    if (what && !paused) { utterance = null; synth.cancel(); speak(); }   // the sentence again, at the new speed
  });
  bar.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); stop(); } });

  // Started from the canvas (atlas:request from app.js) or the text view's buttons.
  document.addEventListener('atlas:request', (e) => {
    if (e.detail === 'read card' || e.detail === 'read list') start(e.detail.slice(5));
  });
  document.addEventListener('click', (e) => {
    const b = e.target.closest && e.target.closest('[data-read]');
    if (b) start(b.dataset.read);
  });
  // Another card or depth, or a new list, ends the reading: what is read is what is shown.
  document.addEventListener('atlas:view', (e) => {
    if (!what) return;
    const d = e.detail || {};
    if ((what === 'card' && (d.card || d.depth)) || (what === 'list' && d.listed)) stop(t('speech.view_changed'));
  });
  window.addEventListener('pagehide', () => { if (synth) synth.cancel(); });
  window.atlasSpeech = { start, stop, pauseOrResume };
})();
