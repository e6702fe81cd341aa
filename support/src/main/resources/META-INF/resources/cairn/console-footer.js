// Completes a Cairn console's footer from GET /console-info: the app's version, and the
// links to actuator endpoints that live on the management port when it is separate (the
// images, compose and the Helm chart put it on 8081), where a link on the app's own port
// would answer 404. Health stays on the app's port: /readyz is served there too.
(function () {
  'use strict';
  fetch('/console-info', { headers: { Accept: 'application/json' } })
    .then((answer) => (answer.ok ? answer.json() : Promise.reject(new Error('HTTP ' + answer.status))))
    .then((info) => {
      const version = document.getElementById('version');
      if (version && info.version) {
        version.textContent = info.application + ' ' + info.version;
      }
      if (info.managementPort) {
        const base = location.protocol + '//' + location.hostname + ':' + info.managementPort;
        for (const link of document.querySelectorAll('a[data-management]')) {
          link.href = base + link.getAttribute('data-management');
          link.title = 'on the management port ' + info.managementPort;
        }
      }
    })
    .catch(() => { /* the footer keeps its same-port links */ });
})();
