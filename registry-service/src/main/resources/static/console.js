// The registry console: follows the REST API's watches (blocking queries) so that it
// refreshes as soon as something changes, and recomputes heartbeat ages every second.
// Every client-supplied string goes through textContent, never innerHTML.
(function () {
  'use strict';
  const state = { instances: [], events: [], offsetMs: 0, ttlSeconds: 60, instancesIndex: 0, eventsIndex: 0, generation: 0 };
  const statusEl = document.getElementById('status');

  function setStatus(kind, text) {
    statusEl.dataset.state = kind;
    statusEl.textContent = text;
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function endpoint(i) {
    return (i.host.indexOf(':') >= 0 ? '[' + i.host + ']' : i.host) + ':' + i.port;
  }

  function age(iso) {
    const seconds = Math.max(0, Math.round((Date.now() + state.offsetMs - Date.parse(iso)) / 1000));
    if (seconds < 120) return seconds + ' s ago';
    if (seconds < 7200) return Math.round(seconds / 60) + ' min ago';
    return Math.round(seconds / 3600) + ' h ago';
  }

  function renderInstances() {
    const body = document.querySelector('#instances tbody');
    body.replaceChildren();
    for (const i of state.instances) {
      const row = document.createElement('tr');
      row.className = i.alive ? 'alive' : 'expired';
      row.dataset.service = i.name;
      cell(row, i.name, 'service');
      cell(row, endpoint(i), 'endpoint');
      cell(row, age(i.lastSeen), 'age').dataset.lastSeen = i.lastSeen;
      cell(row, i.alive ? 'alive' : 'expired', i.alive ? 'state-alive' : 'state-expired');
      cell(row, i.version || '');
      cell(row, (i.tags || []).join(', '));
      body.appendChild(row);
    }
    const services = new Set(state.instances.filter((i) => i.alive).map((i) => i.name));
    const alive = state.instances.filter((i) => i.alive).length;
    document.getElementById('summary').textContent = services.size + ' services, ' + alive + ' live instances';
    document.getElementById('empty').hidden = state.instances.length > 0;
  }

  function renderEvents() {
    const list = document.getElementById('events');
    list.replaceChildren();
    for (const e of state.events) {
      const item = document.createElement('li');
      const type = document.createElement('span');
      type.className = 'type';
      type.textContent = e.type;
      item.appendChild(type);
      let text = e.name + ' ' + endpoint(e);
      if (e.previousName) text += ' (was ' + e.previousName + ')';
      item.appendChild(document.createTextNode(text + ' · ' + age(e.at)));
      list.appendChild(item);
    }
  }

  function query() {
    const pattern = document.getElementById('filter').value.trim();
    const params = new URLSearchParams();
    params.set('pattern', pattern || '*');
    if (document.getElementById('show-expired').checked) params.set('all', 'true');
    return params;
  }

  async function fetchJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    const date = response.headers.get('Date');
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (ignored) { /* not JSON */ }
      throw new Error(detail);
    }
    return response.json();
  }

  async function followInstances(generation) {
    while (generation === state.generation) {
      try {
        const params = query();
        if (state.instancesIndex > 0) {
          params.set('index', state.instancesIndex);
          params.set('wait', '30s');
        }
        const answer = await fetchJson('/v1/instances?' + params);
        if (generation !== state.generation) return;
        state.instances = answer.instances;
        state.instancesIndex = answer.index;
        renderInstances();
        setStatus('live', 'live · index ' + answer.index + ' · TTL ' + state.ttlSeconds + ' s');
      } catch (error) {
        if (generation !== state.generation) return;
        setStatus('error', 'retrying: ' + error.message);
        state.instancesIndex = 0;
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  }

  async function followEvents() {
    for (;;) {
      try {
        const params = new URLSearchParams({ limit: '25' });
        if (state.eventsIndex > 0) {
          params.set('index', state.eventsIndex);
          params.set('wait', '30s');
        }
        const answer = await fetchJson('/v1/events?' + params);
        if (state.eventsIndex > 0) {
          state.events = answer.events.concat(state.events).slice(0, 25);
        } else {
          state.events = answer.events;
        }
        state.eventsIndex = answer.index;
        renderEvents();
      } catch (error) {
        state.eventsIndex = 0;
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  }

  function restart() {
    state.generation++;
    state.instancesIndex = 0;
    followInstances(state.generation);
  }

  async function start() {
    try {
      const info = await fetchJson('/v1/info');
      state.ttlSeconds = info.ttlSeconds;
      state.offsetMs = Date.parse(info.serverTime) - Date.now();
    } catch (error) {
      setStatus('error', 'registry unreachable: ' + error.message);
    }
    let timer;
    document.getElementById('filter').addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(restart, 300);
    });
    document.getElementById('show-expired').addEventListener('change', restart);
    setInterval(() => {
      document.querySelectorAll('#instances td.age').forEach((td) => { td.textContent = age(td.dataset.lastSeen); });
    }, 1000);
    restart();
    followEvents();
  }

  start();
})();
