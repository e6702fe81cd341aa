// The bridge console: polls GET /v1/status every second and renders it. Every string that
// comes from Marathon or Consul goes through textContent, never innerHTML.
(function () {
  'use strict';
  const statusEl = document.getElementById('status');

  function setStatus(kind, text) {
    statusEl.dataset.state = kind;
    statusEl.textContent = text;
  }

  function text(id, value) {
    document.getElementById(id).textContent = (value === null || value === undefined) ? '' : String(value);
  }

  function age(iso) {
    if (!iso) return 'never';
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (seconds < 120) return seconds + ' s ago';
    if (seconds < 7200) return Math.round(seconds / 60) + ' min ago';
    return Math.round(seconds / 3600) + ' h ago';
  }

  function list(id, entries, render) {
    const target = document.getElementById(id);
    target.replaceChildren();
    for (const entry of entries) {
      const item = document.createElement('li');
      render(entry, item);
      target.appendChild(item);
    }
  }

  function span(parent, className, value) {
    const el = document.createElement('span');
    el.className = className;
    el.textContent = value || '';
    parent.appendChild(el);
    return el;
  }

  function render(s) {
    document.body.dataset.role = s.role;
    document.getElementById('setup').hidden = s.missing.length === 0;
    list('missing', s.missing, (m, li) => { li.textContent = m; });
    text('role', s.role);
    text('leader', s.leadership.isLeader ? 'this replica (' + s.leadership.id + ')'
      : (s.leadership.leader || 'unknown') + ' (election: ' + s.leadership.mechanism + ')');
    text('marathon', s.marathon.configured ? (s.marathon.instance || 'not reached yet') + ' — ' + s.marathon.discovery
      : 'not configured');
    text('stream', s.marathon.stream + (s.marathon.streamSource ? ' to ' + s.marathon.streamSource : '')
      + ', last event ' + age(s.marathon.lastEventAt)
      + (s.marathon.streamError && s.marathon.stream !== 'connected' ? ' (' + s.marathon.streamError + ')' : ''));
    text('callback', s.marathon.callbackUrl ? s.marathon.callbackUrl + (s.marathon.callbackSubscribed ? ' (subscribed)' : ' (not subscribed)')
      : (s.marathon.callbackEnabled ? 'not subscribing; POST /events accepted' : 'off (POST /events answers 404)'));
    text('consul', s.consul.configured ? s.consul.address + ', register on ' + s.consul.registerOn
      + (s.consul.fallback ? ' with fallback' : '') + (s.consul.kv ? ', labels in ' + s.consul.kv : '') : 'not configured');
    text('registration', s.registrationId + ' (' + s.mode + ' mode)');
    text('apps', s.counts.apps);
    text('tasks', s.counts.tasks);
    text('registrations', s.counts.registrations);
    text('pending', s.counts.pendingEvents);
    text('clashes', s.clashes.length === 0 ? 'none' : s.clashes.map((c) => c.name + ': ' + c.registered
      + ' registered, ' + c.leftOut.join(', ') + ' left out').join('; '));
    const last = s.sync.last;
    text('sync-outcome', last ? last.outcome + (s.sync.running ? ' (a sync is running)' : '') : (s.sync.running ? 'running' : 'none yet'));
    document.getElementById('sync-outcome').dataset.outcome = last ? last.outcome : '';
    text('sync-when', last ? age(last.startedAt) + ', ' + last.trigger + ', took ' + last.duration : '');
    text('sync-changes', last ? last.registered + ' registered, ' + last.updated + ' updated, ' + last.deregistered
      + ' deregistered, ' + last.kvChanges + ' KV changes' + (last.guardTripped ? ' (guard refused deregistrations)' : '') : '');
    document.getElementById('sync-now').disabled = !s.leadership.isLeader;
    list('events', s.recentEvents, (e, li) => {
      li.dataset.type = e.type;
      span(li, 'type', e.type);
      span(li, 'subject', e.subject || e.appId || '');
      span(li, 'outcome', e.outcome);
      span(li, 'when', age(e.at));
    });
    list('errors', s.recentErrors, (e, li) => {
      span(li, 'type', e.kind);
      span(li, 'outcome', e.message);
      span(li, 'when', age(e.at));
    });
    document.getElementById('no-errors').hidden = s.recentErrors.length > 0;
  }

  async function poll() {
    try {
      const response = await fetch('/v1/status', { headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error('status ' + response.status);
      const s = await response.json();
      render(s);
      setStatus(s.role === 'idle' ? 'idle' : 'live', s.role === 'idle' ? 'idle' : 'live');
    } catch (e) {
      setStatus('error', 'bridge unreachable');
    }
    setTimeout(poll, 1000);
  }

  // The write token (cairn.security.token) is typed by the operator and kept only for this
  // tab (sessionStorage), never in the page's address or in localStorage.
  const tokenInput = document.getElementById('token');
  tokenInput.value = sessionStorage.getItem('cairn.bridge.token') || '';
  tokenInput.addEventListener('change', () => sessionStorage.setItem('cairn.bridge.token', tokenInput.value));

  document.getElementById('sync-now').addEventListener('click', async () => {
    const message = document.getElementById('sync-message');
    message.textContent = 'syncing…';
    const headers = { Accept: 'application/json' };
    if (tokenInput.value) {
      headers.Authorization = 'Bearer ' + tokenInput.value;
    }
    try {
      const response = await fetch('/v1/sync', { method: 'POST', headers: headers });
      const body = await response.json();
      if (response.ok) {
        message.textContent = body.outcome;
      } else if (response.status === 401) {
        message.textContent = tokenInput.value ? 'refused: the write token is wrong'
          : 'refused: this bridge needs its write token';
      } else {
        message.textContent = body.detail || ('failed: ' + response.status);
      }
    } catch (e) {
      message.textContent = 'failed';
    }
  });

  poll();
})();
