// OrleansSync pages: plain JavaScript, no build step, no third-party code. Everything shown comes
// from the cluster's own HTTP API. One poll at a time, every POLL_MS; when the silo being read
// stops answering, the page says so and reads another silo's API (learnt from /cluster/silos);
// when no silo answers it backs off, doubling the wait up to MAX_BACKOFF_MS.
'use strict';
(function () {
  var POLL_MS = 2000;
  var MAX_BACKOFF_MS = 30000;
  var FETCH_TIMEOUT_MS = 5000;
  var MAX_GRAPH_NODES = 40;

  var state = {
    base: location.origin + '/',
    name: null,
    silos: [],
    failures: 0,
    timer: null,
    polling: false,
    page: 'overview',
    search: '',
    notice: null,
    again: false,
  };

  function $(id) { return document.getElementById(id); }

  function esc(value) {
    return String(value === null || value === undefined ? '' : value)
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  function token() {
    var match = document.cookie.match(/(?:^|;\s*)orleanssync-token=([^;]*)/);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function AuthError(base) { this.message = 'the silo at ' + base + ' refused the token (401)'; this.auth = true; }

  // One GET, bounded by FETCH_TIMEOUT_MS. The token (if any) goes as a Bearer header: the pages
  // may read another silo (another origin), where the cookie of the login form is not sent.
  function get(base, path) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, FETCH_TIMEOUT_MS);
    var headers = { 'Accept': 'application/json' };
    var tk = token();
    if (tk) { headers['Authorization'] = 'Bearer ' + tk; }
    return fetch(new URL(path, base), { headers: headers, signal: controller.signal, cache: 'no-store', credentials: 'omit' })
      .then(function (response) {
        if (response.status === 401) { throw new AuthError(base); }
        if (!response.ok) { throw new Error(path + ' answered HTTP ' + response.status); }
        return response.json();
      })
      .catch(function (error) {
        if (error && error.name === 'AbortError') { throw new Error('no answer within ' + FETCH_TIMEOUT_MS / 1000 + ' s'); }
        throw error;
      })
      .finally(function () { clearTimeout(timer); });
  }

  // What each page needs, all from one silo, so that one silo's answer is one consistent view.
  function load(base) {
    var wanted = { silos: 'cluster/silos' };
    if (state.page === 'overview') {
      wanted.status = 'status'; wanted.history = 'cluster/history'; wanted.locks = 'cluster/locks?limit=0';
    } else if (state.page === 'raft') {
      wanted.status = 'status'; wanted.history = 'cluster/history';
    } else {
      wanted.locks = 'cluster/locks?limit=100&contains=' + encodeURIComponent(state.search); wanted.waitFor = 'cluster/wait-for';
    }
    var keys = Object.keys(wanted);
    return Promise.all(keys.map(function (k) { return get(base, wanted[k]); })).then(function (values) {
      var data = {};
      keys.forEach(function (k, i) { data[k] = values[i]; });
      return data;
    });
  }

  function nameOf(base) {
    var silo = state.silos.find(function (s) { return s.http === base; });
    return silo ? silo.name : base;
  }

  // The silos to try after the current one: active ones first, in membership order.
  function candidates() {
    var others = state.silos
      .filter(function (s) { return s.http && s.http !== state.base && s.status !== 'Dead'; })
      .sort(function (a, b) { return (a.status === 'Active' ? 0 : 1) - (b.status === 'Active' ? 0 : 1); })
      .map(function (s) { return s.http; });
    return [state.base].concat(others.filter(function (b, i) { return others.indexOf(b) === i; }));
  }

  function tryInTurn(bases, index, failures) {
    if (index >= bases.length) { return Promise.reject(failures); }
    return load(bases[index]).then(
      function (data) { return { base: bases[index], data: data, failures: failures }; },
      function (error) {
        if (error && error.auth && index === 0) { return Promise.reject([{ base: bases[index], error: error }]); }
        return tryInTurn(bases, index + 1, failures.concat([{ base: bases[index], error: error }]));
      });
  }

  function poll() {
    // One poll at a time; a poll asked for meanwhile (a new search, another page) runs right after it.
    if (state.polling) { state.again = true; return; }
    state.again = false;
    state.polling = true;
    var previous = state.base;
    var previousName = state.name || nameOf(previous);
    tryInTurn(candidates(), 0, []).then(function (result) {
      state.failures = 0;
      if (result.data.silos && result.data.silos.silos) {
        state.silos = result.data.silos.silos;
      }
      if (result.base !== previous) {
        var failed = result.failures[0];
        state.notice = previousName + ' (' + previous + ') is not answering (' + (failed ? failed.error.message : 'unknown') +
          '); now reading from ' + result.data.silos.silo + ' (' + result.base + ').';
      }
      state.base = result.base;
      state.name = result.data.silos.silo;
      showConnection();
      render(result.data);
      schedule(POLL_MS);
    }, function (failures) {
      state.failures++;
      var wait = Math.min(MAX_BACKOFF_MS, POLL_MS * Math.pow(2, state.failures));
      var auth = failures.some(function (f) { return f.error && f.error.auth; });
      var banner = $('connection');
      banner.className = 'banner bad';
      banner.id = 'connection';
      banner.textContent = auth
        ? 'Not authorized: ' + failures[0].error.message + '. Reload the page to sign in again.'
        : 'No silo is answering (' + failures.map(function (f) { return nameOf(f.base) + ': ' + (f.error && f.error.message); }).join('; ') +
          '). Retrying in ' + Math.round(wait / 1000) + ' s.';
      $('source').textContent = 'no silo answering';
      schedule(wait);
    }).finally(function () {
      state.polling = false;
      if (state.again) { schedule(0); }
    });
  }

  function schedule(ms) {
    clearTimeout(state.timer);
    state.timer = setTimeout(poll, ms);
  }

  function showConnection() {
    $('source').textContent = 'via ' + state.name;
    $('source').dataset.silo = state.name;
    $('source').dataset.base = state.base;
    var banner = $('connection');
    if (state.notice) {
      banner.className = 'banner';
      banner.textContent = state.notice;
    } else {
      banner.className = 'banner hidden';
    }
    // Orleans' dashboard of the silo being read (the silo serving this page may be down).
    $('orleans-dashboard').href = new URL('dashboard/', state.base).toString();
  }

  // ---- rendering -------------------------------------------------------------------------------

  function render(data) {
    if (state.page === 'overview') { renderOverview(data); }
    else if (state.page === 'raft') { renderRaft(data); }
    else { renderLocks(data); }
  }

  function badge(text, cls) { return '<span class="badge ' + esc(cls || text) + '">' + esc(text) + '</span>'; }

  function card(label, value, id) {
    return '<div class="card" id="' + esc(id) + '"><div class="label">' + esc(label) + '</div><div class="value">' + esc(value) + '</div></div>';
  }

  // A small line chart as inline SVG; null values are gaps.
  function chart(title, points, unit) {
    var width = 300, height = 60, pad = 4;
    var values = points.map(function (p) { return p.v; }).filter(function (v) { return v !== null && v !== undefined; });
    var last = values.length ? values[values.length - 1] : null;
    var max = values.length ? Math.max.apply(null, values) : 1;
    var min = values.length ? Math.min.apply(null, values.concat([0])) : 0;
    if (max === min) { max = min + 1; }
    var t0 = points.length ? points[0].t : 0, t1 = points.length ? points[points.length - 1].t : 1;
    var span = Math.max(1, t1 - t0);
    var path = '', pen = false;
    points.forEach(function (p) {
      if (p.v === null || p.v === undefined) { pen = false; return; }
      var x = pad + (width - 2 * pad) * (p.t - t0) / span;
      var y = height - pad - (height - 2 * pad) * (p.v - min) / (max - min);
      path += (pen ? 'L' : 'M') + x.toFixed(1) + ',' + y.toFixed(1);
      pen = true;
    });
    var minutes = Math.round(span / 60000 * 10) / 10;
    return '<div class="chart"><div class="title"><span>' + esc(title) + '</span><span>' + esc(last === null ? '–' : fmt(last) + (unit || '')) + '</span></div>' +
      '<svg viewBox="0 0 ' + width + ' ' + height + '" preserveAspectRatio="none" role="img" aria-label="' + esc(title) + '">' +
      '<path d="' + path + '" fill="none" stroke="#2f5fd0" stroke-width="1.5" vector-effect="non-scaling-stroke"/></svg>' +
      '<div class="title"><span>last ' + esc(minutes) + ' min</span><span>max ' + esc(fmt(max)) + '</span></div></div>';
  }

  function fmt(n) { return typeof n === 'number' ? (Math.abs(n) >= 100 || Number.isInteger(n) ? String(Math.round(n)) : n.toFixed(1)) : String(n); }

  function time(t) { return t ? new Date(t).toLocaleTimeString() : ''; }

  function relative(t) {
    if (!t) { return ''; }
    var seconds = Math.round((new Date(t).getTime() - Date.now()) / 1000);
    return seconds >= 0 ? 'in ' + seconds + ' s' : Math.abs(seconds) + ' s ago';
  }

  // Proposals per second over the samples: growth of the commit indexes (per group or summed).
  function rates(samples, group) {
    var out = [];
    for (var i = 1; i < samples.length; i++) {
      var a = samples[i - 1], b = samples[i];
      var dt = (new Date(b.at) - new Date(a.at)) / 1000;
      var sum = 0, known = true;
      var groups = group === undefined ? b.commitIndexes.map(function (_, g) { return g; }) : [group];
      groups.forEach(function (g) {
        var x = a.commitIndexes[g], y = b.commitIndexes[g];
        if (x === null || y === null || x === undefined || y === undefined || y < x) { known = false; } else { sum += y - x; }
      });
      out.push({ t: new Date(b.at).getTime(), v: known && dt > 0 ? sum / dt : null });
    }
    return out;
  }

  function series(samples, field) {
    return samples.map(function (s) { return { t: new Date(s.at).getTime(), v: s[field] }; });
  }

  function renderOverview(data) {
    var status = data.status, silos = data.silos.silos, samples = data.history.samples;
    var active = silos.filter(function (s) { return s.status === 'Active'; }).length;
    var led = status.groups.filter(function (g) { return g.leaderReplica !== null && g.leaderReplica !== undefined; }).length;
    var proposals = rates(samples);
    var lastRate = proposals.length ? proposals[proposals.length - 1].v : null;
    $('overview-cards').innerHTML =
      card('Silos active', active + ' / ' + silos.length, 'card-silos') +
      card('Raft groups with a leader', led + ' / ' + status.groups.length, 'card-groups') +
      card('Locks held or waited on', data.locks.totalLocks, 'card-locks') +
      card('Open leases', data.locks.totalLeases, 'card-leases') +
      card('Proposals / s', lastRate === null ? '–' : fmt(lastRate), 'card-rate');
    $('overview-charts').innerHTML =
      chart('Active silos', series(samples, 'activeSilos')) +
      chart('Groups with a leader', series(samples, 'groupsWithLeader')) +
      chart('Locks', series(samples, 'locks')) +
      chart('Proposals / s (all groups)', proposals, '/s');
    var replicas = {}, leads = {};
    status.groups.forEach(function (g) {
      g.replicas.forEach(function (r) { if (r.status) { replicas[r.status.silo] = (replicas[r.status.silo] || 0) + 1; } });
      if (g.leaderSilo) { leads[g.leaderSilo] = (leads[g.leaderSilo] || 0) + 1; }
    });
    $('silos').tBodies[0].innerHTML = silos.map(function (s) {
      var live = s.status === 'Active';
      return '<tr data-silo="' + esc(s.name) + '" data-status="' + esc(s.status) + '"><td>' + esc(s.name) + (s.http === state.base ? ' <span class="sub">(answering)</span>' : '') +
        '</td><td class="mono">' + esc(s.address) + '</td><td>' + badge(s.status) + '</td><td class="num">' + esc(live ? replicas[s.name] || 0 : '') +
        '</td><td class="num">' + esc(live ? leads[s.name] || 0 : '') + '</td><td>' +
        (s.http && live ? '<a href="' + esc(new URL('ui/', s.http)) + '">' + esc(s.http) + '</a>' : '') + '</td></tr>';
    }).join('');
    $('overview-groups').tBodies[0].innerHTML = status.groups.map(function (g) {
      var up = g.replicas.filter(function (r) { return r.status; }).length;
      return '<tr data-group="' + g.group + '" data-leader-silo="' + esc(g.leaderSilo || '') + '" data-term="' + g.term + '"><td>' + g.group + '</td><td>' +
        (g.leaderReplica === null || g.leaderReplica === undefined ? badge('none', 'bad') : esc(g.leaderReplica)) + '</td><td>' + esc(g.leaderSilo || '') +
        '</td><td class="num">' + g.term + '</td><td class="num">' + g.commitIndex + '</td><td class="num">' + g.appliedIndex + '</td><td class="num">' + up + ' / ' + g.replicas.length + '</td></tr>';
    }).join('');
  }

  // How a replica stands: its role, or why it is out; replicas of a group that is replacing one are marked.
  function replicaState(r, group) {
    var replacing = group.replicas.some(function (x) { return x.status && x.status.role === 'Learner'; });
    if (!r.status) { return { text: replacing ? 'unreachable, being replaced' : 'unreachable', cls: 'Unreachable' }; }
    var role = r.status.role;
    if (role === 'Removed' || role === 'Lost') { return { text: role === 'Removed' ? 'removed (replaced)' : 'lost its log, being replaced', cls: role }; }
    if (role === 'Learner') { return { text: 'learner (replacement catching up)', cls: role }; }
    return { text: role, cls: role };
  }

  function renderRaft(data) {
    var status = data.status, samples = data.history.samples;
    $('raft-groups').innerHTML = status.groups.map(function (g) {
      var leader = g.replicas.find(function (r) { return r.status && r.status.role === 'Leader' && r.status.term === g.term; });
      var proposals = rates(samples, g.group);
      var rate = proposals.length ? proposals[proposals.length - 1].v : null;
      var rows = g.replicas.map(function (r) {
        var s = replicaState(r, g);
        var lag = r.status && leader ? Math.max(0, leader.status.commitIndex - r.status.appliedIndex) : '';
        return '<tr data-replica="' + r.replica + '" data-role="' + esc(r.status ? r.status.role : 'Unreachable') + '"><td>' + r.replica + '</td><td>' + badge(s.text, s.cls) +
          '</td><td>' + esc(r.status ? r.status.silo : '') + '</td><td class="num">' + esc(r.status ? r.status.term : '') + '</td><td class="num">' +
          esc(r.status ? r.status.commitIndex : '') + '</td><td class="num">' + esc(r.status ? r.status.appliedIndex : '') + '</td><td class="num">' + esc(lag) +
          '</td><td class="sub">' + esc(r.error || (r.status ? 'voters ' + r.status.voters.join(',') + (r.status.learners.length ? '; learners ' + r.status.learners.join(',') : '') : '')) + '</td></tr>';
      }).join('');
      return '<div class="group" data-group="' + g.group + '" data-leader-silo="' + esc(g.leaderSilo || '') + '" data-leader-replica="' + esc(g.leaderReplica === null || g.leaderReplica === undefined ? '' : g.leaderReplica) + '" data-term="' + g.term + '"><h3>Group ' + g.group + '</h3>' +
        '<div class="facts">leader <b class="leader">' + esc(g.leaderSilo ? 'replica ' + g.leaderReplica + ' on ' + g.leaderSilo : 'none') + '</b> · term <b class="term">' + g.term +
        '</b> · commit <b>' + g.commitIndex + '</b> · applied <b>' + g.appliedIndex + '</b> · proposals/s <b>' + esc(rate === null ? '–' : fmt(rate)) +
        '</b> · commit latency <b>not measured</b></div>' +
        '<table><thead><tr><th>Replica</th><th>State</th><th>Silo</th><th class="num">Term</th><th class="num">Commit</th><th class="num">Applied</th><th class="num">Lag</th><th>Configuration / error</th></tr></thead><tbody>' +
        rows + '</tbody></table>' + chart('Proposals / s, group ' + g.group, proposals, '/s') + '</div>';
    }).join('');
    $('elections').tBodies[0].innerHTML = data.history.elections.map(function (e) {
      return '<tr data-group="' + e.group + '" data-term="' + e.term + '"><td>' + esc(time(e.seenAt)) + '</td><td>' + e.group + '</td><td class="num">' + e.term + '</td><td>' +
        esc(e.leaderSilo ? 'replica ' + e.leaderReplica + ' on ' + e.leaderSilo : '') + '</td><td>' + esc(e.previousLeaderSilo || '–') + '</td></tr>';
    }).join('');
  }

  function renderLocks(data) {
    var list = data.locks;
    var unanswered = list.groups.filter(function (g) { return g.error; });
    $('lock-totals').textContent = list.totalLocks + ' locks, ' + list.totalLeases + ' leases in ' + list.groups.length + ' groups' +
      (unanswered.length ? '; groups not answering: ' + unanswered.map(function (g) { return g.group; }).join(', ') : '') +
      (list.truncated ? '; showing the first ' + list.locks.length : '');
    $('locks').innerHTML = list.locks.length === 0
      ? '<p class="note" id="no-locks">No lock ' + (list.contains ? 'whose name contains “' + esc(list.contains) + '” ' : '') + 'is held or waited on.</p>'
      : list.locks.map(renderLock).join('');
    renderGraph(data.waitFor.edges);
    var d = data.waitFor.detector;
    $('detector').innerHTML = d
      ? '<div class="cards">' + card('Detection rounds', d.rounds, 'detector-rounds') + card('Waits aborted', d.aborts, 'detector-aborts') + '</div>' +
        (d.lastCycle ? '<p class="note">Last cycle broken: <span class="mono">' + esc(d.lastCycle) + '</span></p>' : '')
      : '<p class="note">The deadlock detector did not answer: ' + esc(data.waitFor.detectorError) + '</p>';
    $('deadlocks').tBodies[0].innerHTML = (d && d.recent ? d.recent : []).map(function (r) {
      return '<tr><td>' + esc(time(r.at)) + '</td><td>' + r.group + '</td><td class="mono">' + esc(r.lock) + '</td><td class="mono">' + esc(r.victimOwner) + ' (lease ' + r.victimLeaseId +
        ')</td><td class="num">' + r.waitId + '</td><td class="mono">' + esc(r.cycle) + '</td><td>' + esc(r.outcome) + '</td></tr>';
    }).join('');
  }

  function renderLock(l) {
    var holders = l.holders.map(function (h) {
      return '<tr class="holder" data-lease="' + h.leaseId + '" data-token="' + h.fencingToken + '"><td class="num">' + h.leaseId + '</td><td class="mono">' + esc(h.owner || '') + '</td><td>' +
        badge(h.mode) + '</td><td class="num">' + h.holdCount + '</td><td class="num token">' + h.fencingToken + '</td><td>' + esc(time(h.leaseExpiresAt)) +
        ' <span class="sub">(' + esc(relative(h.leaseExpiresAt)) + ')</span></td></tr>';
    }).join('');
    var waiters = l.waiters.map(function (w) {
      return '<tr class="waiter" data-position="' + w.position + '" data-lease="' + w.leaseId + '"><td class="num">' + w.position + '</td><td class="num">' + w.leaseId + '</td><td class="mono">' +
        esc(w.owner || '') + '</td><td>' + badge(w.mode) + (w.isUpgrade ? ' ' + badge('upgrade', 'warn') : '') + '</td><td>' + esc(time(w.waitingSince)) + '</td><td>' + esc(time(w.deadline)) +
        ' <span class="sub">(' + esc(relative(w.deadline)) + ')</span></td></tr>';
    }).join('');
    return '<div class="lock" data-lock="' + esc(l.name) + '"><h3>' + esc(l.name) + '</h3><div class="sub">group ' + l.group + ' · last fencing token ' + l.lastFencingToken + '</div>' +
      '<table class="holders"><thead><tr><th class="num">Lease</th><th>Holder (owner)</th><th>Mode</th><th class="num">Holds</th><th class="num">Fencing token</th><th>Lease expires</th></tr></thead><tbody>' +
      (holders || '<tr><td colspan="6" class="sub">no holder</td></tr>') + '</tbody></table>' +
      (l.waiters.length ? '<table class="waiters"><thead><tr><th class="num">#</th><th class="num">Lease</th><th>Waiter (owner)</th><th>Mode</th><th>Waiting since</th><th>Gives up at</th></tr></thead><tbody>' +
        waiters + '</tbody></table>' : '<div class="sub">no waiters</div>') + '</div>';
  }

  // Owners on a circle, an arrow per wait-for edge; edges on a cycle are red.
  function renderGraph(edges) {
    var owners = [];
    edges.forEach(function (e) {
      [e.waiter, e.blocker].forEach(function (o) { if (owners.indexOf(o) < 0) { owners.push(o); } });
    });
    if (edges.length === 0) { $('wait-for').innerHTML = '<p class="note" id="no-edges">Nobody waits for anybody.</p>'; return; }
    var shown = owners.slice(0, MAX_GRAPH_NODES);
    var onCycle = cycleEdges(edges);
    var width = 900, height = Math.max(260, Math.min(600, 60 * shown.length)), cx = width / 2, cy = height / 2, radius = Math.min(cx, cy) - 60;
    var at = {};
    shown.forEach(function (o, i) {
      var angle = 2 * Math.PI * i / shown.length - Math.PI / 2;
      at[o] = { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) };
    });
    var lines = edges.filter(function (e) { return at[e.waiter] && at[e.blocker]; }).map(function (e, i) {
      var a = at[e.waiter], b = at[e.blocker];
      var dx = b.x - a.x, dy = b.y - a.y, len = Math.max(1, Math.sqrt(dx * dx + dy * dy));
      var x2 = b.x - dx / len * 16, y2 = b.y - dy / len * 16;
      var red = onCycle[i];
      return '<g class="edge' + (red ? ' cycle' : '') + '"><line x1="' + a.x.toFixed(1) + '" y1="' + a.y.toFixed(1) + '" x2="' + x2.toFixed(1) + '" y2="' + y2.toFixed(1) +
        '" stroke="' + (red ? '#c53030' : '#7b8494') + '" stroke-width="1.6" marker-end="url(#' + (red ? 'arrow-red' : 'arrow') + ')"/>' +
        '<text x="' + ((a.x + b.x) / 2).toFixed(1) + '" y="' + ((a.y + b.y) / 2 - 4).toFixed(1) + '" font-size="11" text-anchor="middle" fill="#5d6675">' + esc(e.lock) + '</text></g>';
    }).join('');
    var nodes = shown.map(function (o) {
      var p = at[o];
      var label = o.length > 34 ? o.slice(0, 16) + '…' + o.slice(-16) : o;
      return '<g class="node" data-owner="' + esc(o) + '"><circle cx="' + p.x.toFixed(1) + '" cy="' + p.y.toFixed(1) + '" r="12" fill="#2f5fd0"/><text x="' + p.x.toFixed(1) + '" y="' +
        (p.y + 26).toFixed(1) + '" font-size="11" text-anchor="middle"><title>' + esc(o) + '</title>' + esc(label) + '</text></g>';
    }).join('');
    var marker = function (id, color) {
      return '<marker id="' + id + '" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="' + color + '"/></marker>';
    };
    $('wait-for').innerHTML = '<svg viewBox="0 0 ' + width + ' ' + height + '" role="img" aria-label="wait-for graph"><defs>' + marker('arrow', '#7b8494') + marker('arrow-red', '#c53030') +
      '</defs>' + lines + nodes + '</svg>' + (owners.length > shown.length ? '<p class="note">' + (owners.length - shown.length) + ' more owners not drawn.</p>' : '');
  }

  // Which edges lie on a cycle: an edge a→b is on one when a can be reached back from b.
  function cycleEdges(edges) {
    var out = {};
    edges.forEach(function (e) { (out[e.waiter] = out[e.waiter] || []).push(e.blocker); });
    function reaches(from, to) {
      var seen = {}, stack = [from];
      while (stack.length) {
        var o = stack.pop();
        if (o === to) { return true; }
        if (seen[o]) { continue; }
        seen[o] = true;
        (out[o] || []).forEach(function (n) { stack.push(n); });
      }
      return false;
    }
    return edges.map(function (e) { return reaches(e.blocker, e.waiter); });
  }

  // ---- navigation ------------------------------------------------------------------------------

  function show() {
    var page = (location.hash || '#overview').slice(1).split('?')[0];
    state.page = ['overview', 'raft', 'locks'].indexOf(page) >= 0 ? page : 'overview';
    document.querySelectorAll('.page').forEach(function (p) { p.classList.toggle('hidden', p.id !== 'page-' + state.page); });
    document.querySelectorAll('nav a[data-page]').forEach(function (a) { a.classList.toggle('active', a.dataset.page === state.page); });
    schedule(0);
  }

  $('lock-search-form').addEventListener('submit', function (e) {
    e.preventDefault();
    state.search = $('lock-search').value;
    schedule(0);
  });
  window.addEventListener('hashchange', show);
  show();
})();
